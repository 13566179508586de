//! HTML::Mason (1.x) and Mason 2 components.
//!
//! Perl comes from `<%init>`, `<%once>`, `<%shared>`, `<%perl>`, `<%cleanup>`, `<%filter>`,
//! `<%class>` blocks, `<%args>` lines (with their defaults), `%` lines and `<% expr %>`
//! substitutions; component calls from `<& path, args &>` and `<&| path, args &>` (the
//! arguments are Perl too); `<%method>`/`<%def>` names are definitions; `<%flags>`' `inherit`
//! names the parent (`undef`: none). `<%doc>` and `<%text>` are skipped.

use crate::perl_lines::LineCounter;
use crate::{Found, Scan};
use seam_perl::{Confidence, RefKind};

/// Blocks whose body is Perl.
const PERL_BLOCKS: &[&str] = &[
    "init", "once", "shared", "perl", "cleanup", "filter", "class",
];
/// Blocks whose body is skipped.
const SKIPPED_BLOCKS: &[&str] = &["doc", "text", "attr"];
/// Named sub-components whose name is a definition (their bodies are component content).
const NAMED_BLOCKS: &[&str] = &[
    "method", "def", "after", "augment", "around", "before", "override",
];

/// Scans a Mason component.
pub(crate) fn scan(text: &str) -> Scan {
    let mut scan = Scan::new(text);
    let mut lines = LineCounter::new(text);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let at_line_start = i == 0 || bytes[i - 1] == b'\n';
        // `% perl` lines (and Mason 2's `%% class` lines)
        if at_line_start && bytes[i] == b'%' {
            let end = line_end(text, i);
            let code = text[i + 1..end].trim_start_matches('%');
            scan.perl.push(lines.line(i), code);
            i = end;
            continue;
        }
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &text[i..];
        if let Some(after) = rest.strip_prefix("<&") {
            i = component_call(&mut scan, &mut lines, text, i, after);
            continue;
        }
        if rest.starts_with("<%") {
            i = tag(&mut scan, &mut lines, text, i);
            continue;
        }
        i += 1;
    }
    scan
}

/// Byte offset of the end of the line starting at or containing `i` (the `\n`, or the text end).
fn line_end(text: &str, i: usize) -> usize {
    text[i..].find('\n').map_or(text.len(), |n| i + n)
}

/// Case-insensitive find of `needle` (ASCII) in `text` from `from`.
fn find_ci(text: &str, from: usize, needle: &str) -> Option<usize> {
    let hay = text.as_bytes();
    let needle = needle.as_bytes();
    if needle.is_empty() || from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

/// `<%...`: a block tag, a closing tag or a substitution. Returns where scanning goes on.
fn tag(scan: &mut Scan, lines: &mut LineCounter<'_>, text: &str, i: usize) -> usize {
    let rest = &text[i + 2..];
    let word_len = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
    let word = rest[..word_len].to_ascii_lowercase();
    let after_word = rest.as_bytes().get(word_len).copied();
    // `<%init>`, `<%perl>`...: Perl up to the closing tag
    if after_word == Some(b'>') && PERL_BLOCKS.contains(&word.as_str()) {
        let body = i + 2 + word_len + 1;
        let close = format!("</%{word}>");
        let end = find_ci(text, body, &close).unwrap_or(text.len());
        scan.perl.push(lines.line(body), &text[body..end]);
        scan.perl.push(lines.line(end), ";");
        return (end + close.len()).min(text.len());
    }
    if after_word == Some(b'>') && SKIPPED_BLOCKS.contains(&word.as_str()) {
        let body = i + 2 + word_len + 1;
        let close = format!("</%{word}>");
        let end = find_ci(text, body, &close).unwrap_or(text.len());
        return (end + close.len()).min(text.len());
    }
    if after_word == Some(b'>') && word == "args" {
        let body = i + 2 + word_len + 1;
        let end = find_ci(text, body, "</%args>").unwrap_or(text.len());
        args(scan, lines, text, body, end);
        return (end + "</%args>".len()).min(text.len());
    }
    if after_word == Some(b'>') && word == "flags" {
        let body = i + 2 + word_len + 1;
        let end = find_ci(text, body, "</%flags>").unwrap_or(text.len());
        flags(scan, lines, text, body, end);
        return (end + "</%flags>".len()).min(text.len());
    }
    // `<%method name>`, `<%def .name>`: a definition; its body is scanned as component content
    if after_word.is_some_and(|b| b.is_ascii_whitespace()) && NAMED_BLOCKS.contains(&word.as_str())
    {
        let from = i + 2 + word_len;
        let close = text[from..].find('>').map_or(text.len(), |n| from + n);
        let name = text[from..close].trim();
        if !name.is_empty() && !name.contains('\n') {
            scan.defines.insert(name.to_string());
        }
        return (close + 1).min(text.len());
    }
    // `<% expr %>` (Mason 1 and 2): anything else that opens with `<%`
    let body = i + 2;
    let Some(close) = text[body..].find("%>").map(|n| body + n) else {
        return text.len();
    };
    let expression = strip_escape_flags(&text[body..close]);
    scan.perl
        .push(lines.line(body), &format!("{};", mason2_sugar(expression)));
    close + 2
}

/// `$.title` (Mason 2's attribute sugar for `$self->title`) as Perl the grammar reads.
fn mason2_sugar(code: &str) -> String {
    if !code.contains("$.") {
        return code.to_string();
    }
    let mut out = String::with_capacity(code.len() + 8);
    let mut rest = code;
    while let Some(at) = rest.find("$.") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        if after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            out.push_str("$self->");
        } else {
            out.push_str("$.");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `$x | h,u` → `$x`: a substitution's escape flags are not Perl.
fn strip_escape_flags(expression: &str) -> &str {
    let bytes = expression.as_bytes();
    if let Some(bar) = expression.rfind('|') {
        let flags = &expression[bar + 1..];
        let single = bar == 0 || bytes[bar - 1] != b'|';
        let next_is_bar = bytes.get(bar + 1) == Some(&b'|');
        if single
            && !next_is_bar
            && !flags.trim().is_empty()
            && flags
                .trim()
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b',' || b == b'_' || b == b' ')
        {
            return &expression[..bar];
        }
    }
    expression
}

/// `<%args>` lines: `$name`, `$name => default` (a default may span lines), comments.
fn args(scan: &mut Scan, lines: &mut LineCounter<'_>, text: &str, body: usize, end: usize) {
    let mut at = body;
    for line in text[body..end].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        let code = if trimmed.starts_with('#') {
            ""
        } else {
            content
        };
        if !code.trim().is_empty() {
            // each declaration starts a statement; a default's continuation lines do not
            let starts = trimmed.starts_with(['$', '@', '%']);
            let piece = if starts {
                format!("; {code}")
            } else {
                code.to_string()
            };
            scan.perl.push(lines.line(at), &piece);
        }
        at += line.len();
    }
    scan.perl.push(lines.line(end), ";");
}

/// `<%flags> inherit => undef </%flags>` or `inherit => '/base/autohandler'`.
fn flags(scan: &mut Scan, lines: &mut LineCounter<'_>, text: &str, body: usize, end: usize) {
    let block = &text[body..end];
    let Some(at) = block.find("inherit") else {
        return;
    };
    let value = block[at + "inherit".len()..]
        .trim_start()
        .trim_start_matches("=>")
        .trim_start();
    if value.starts_with("undef") {
        scan.no_inherit = true;
    } else if let Some(quote) = value.chars().next().filter(|c| *c == '\'' || *c == '"') {
        if let Some(close) = value[1..].find(quote) {
            scan.found.push(Found {
                kind: RefKind::Template,
                target: value[1..1 + close].to_string(),
                symbol: Some("inherit".into()),
                line: lines.line(body + at) as u32 + 1,
                confidence: Confidence::Exact,
            });
        }
    }
}

/// `<& path, args &>` / `<&| path, args &>`: a component call. Returns where scanning goes on.
fn component_call(
    scan: &mut Scan,
    lines: &mut LineCounter<'_>,
    text: &str,
    i: usize,
    after: &str,
) -> usize {
    let (body, content_start) = match after.strip_prefix('|') {
        Some(_) => (&after[1..], i + 3),
        None => (after, i + 2),
    };
    let Some(close) = body.find("&>") else {
        return text.len();
    };
    let call = &body[..close];
    let end = content_start + close + 2;
    let line = lines.line(content_start);
    let trimmed = call.trim_start();
    let lead = call.len() - trimmed.len();
    let (path, arguments) = match trimmed.find(',') {
        Some(comma) => (&trimmed[..comma], Some(&trimmed[comma + 1..])),
        None => (trimmed, None),
    };
    let path_line = lines.line(content_start + lead) as u32 + 1;
    let literal_path = path.trim();
    let is_literal = literal_path
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '/' || c == '.')
        && !literal_path.contains(char::is_whitespace);
    if is_literal {
        scan.found.push(Found {
            kind: RefKind::Template,
            target: literal_path.to_string(),
            symbol: Some("comp".into()),
            line: path_line,
            confidence: Confidence::Exact,
        });
        if let Some(arguments) = arguments {
            let args_at = content_start + lead + path.len() + 1;
            scan.perl
                .push(lines.line(args_at), &format!("({arguments});"));
        }
    } else {
        // a Perl expression: a quoted literal is still a name, anything else is a blind spot
        match quoted_literal(literal_path) {
            Some(name) => scan.found.push(Found {
                kind: RefKind::Template,
                target: name,
                symbol: Some("comp".into()),
                line: path_line,
                confidence: Confidence::Exact,
            }),
            None => scan.found.push(Found {
                kind: RefKind::DynamicUnresolved,
                target: format!(
                    "<& {} &>",
                    literal_path
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                symbol: None,
                line: path_line,
                confidence: Confidence::Dynamic,
            }),
        }
        scan.perl.push(line, &format!("({call});"));
    }
    end
}

/// The value of `'x'` or `"x"` (without interpolation), else `None`.
pub(crate) fn quoted_literal(text: &str) -> Option<String> {
    let text = text.trim();
    let quote = text.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
    let interpolates = quote == '"' && inner.contains(['$', '@']);
    (!inner.contains(quote) && !interpolates && !inner.is_empty()).then(|| inner.to_string())
}
