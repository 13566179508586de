//! Template Toolkit templates.
//!
//! Directives are read between `[%` and `%]`, or a processing-instruction tag style such as
//! LedgerSMB's `<?lsmb ... ?>` (a literal `START_TAG`/`END_TAG` of that shape, found in the file
//! itself). `INCLUDE`/`PROCESS`/`WRAPPER`/`INSERT` name templates (`+` joins several; a `$var`
//! or interpolated name is a blind spot; a `BLOCK` defined in the same file is not a file);
//! `USE Plugin` names `Template::Plugin::Plugin` (Template Toolkit's standard plugin names
//! mapped as it maps them); `alias.method(...)` on a plugin the file `USE`s is a class method of
//! the plugin; `CALL x.y` on anything else is a blind spot; `[% PERL %]`/`[% RAWPERL %]` blocks
//! are Perl.

use crate::perl_lines::LineCounter;
use crate::{Found, Scan};
use seam_perl::{Confidence, RefKind};
use std::collections::BTreeMap;

/// Template Toolkit's standard plugins (`Template::Plugins`' `STD_PLUGINS`), by lowercased name.
const STD_PLUGINS: &[(&str, &str)] = &[
    ("assert", "Template::Plugin::Assert"),
    ("autoformat", "Template::Plugin::Autoformat"),
    ("cgi", "Template::Plugin::CGI"),
    ("datafile", "Template::Plugin::Datafile"),
    ("date", "Template::Plugin::Date"),
    ("debug", "Template::Plugin::Debug"),
    ("directory", "Template::Plugin::Directory"),
    ("dbi", "Template::Plugin::DBI"),
    ("dumper", "Template::Plugin::Dumper"),
    ("file", "Template::Plugin::File"),
    ("format", "Template::Plugin::Format"),
    ("html", "Template::Plugin::HTML"),
    ("image", "Template::Plugin::Image"),
    ("iterator", "Template::Plugin::Iterator"),
    ("latex", "Template::Plugin::Latex"),
    ("pod", "Template::Plugin::Pod"),
    ("scalar", "Template::Plugin::Scalar"),
    ("table", "Template::Plugin::Table"),
    ("url", "Template::Plugin::URL"),
    ("view", "Template::Plugin::View"),
    ("wrap", "Template::Plugin::Wrap"),
    ("xml", "Template::Plugin::XML"),
    ("xmlstyle", "Template::Plugin::XML::Style"),
];

/// Directives that name templates.
const INCLUDES: &[&str] = &["INCLUDE", "PROCESS", "WRAPPER", "INSERT"];

/// The tag pairs a template uses: `[% %]`, and a `<?name ... ?>` style when the file has one.
fn tags(text: &str) -> Vec<(String, String)> {
    let mut tags = vec![("[%".to_string(), "%]".to_string())];
    if let Some(name) = processing_tag(text) {
        tags.push((format!("<?{name}"), "?>".to_string()));
    }
    tags
}

/// The name of a `<?name` tag style (`lsmb`), when the file uses one that is not XML's or PHP's.
pub(crate) fn processing_tag(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(at) = rest.find("<?") {
        let after = &rest[at + 2..];
        let len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        let name = &after[..len];
        let spaced = after
            .as_bytes()
            .get(len)
            .is_some_and(|b| b.is_ascii_whitespace());
        if len > 0
            && spaced
            && !name.eq_ignore_ascii_case("xml")
            && !name.eq_ignore_ascii_case("php")
        {
            return Some(name);
        }
        rest = after;
    }
    None
}

/// A token of a directive.
#[derive(Debug, Clone, PartialEq)]
enum Token<'t> {
    /// A word or path: `INCLUDE`, `header.tt`, `foo/bar.html`, `$var`, `x.y`.
    Word(&'t str),
    /// A quoted string, with its quote.
    Quoted(char, &'t str),
    /// Anything else, one character: `=`, `+`, `(`, `;`, `|`...
    Punct(char),
}

fn tokens(directive: &str) -> Vec<(usize, Token<'_>)> {
    let bytes = directive.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
        } else if b == b'#' {
            // a comment to the end of the line
            i = directive[i..].find('\n').map_or(bytes.len(), |n| i + n);
        } else if b == b'\'' || b == b'"' {
            let quote = b as char;
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != b {
                if bytes[j] == b'\\' {
                    j += 1;
                }
                j += 1;
            }
            let end = j.min(bytes.len());
            out.push((i, Token::Quoted(quote, &directive[i + 1..end])));
            i = (end + 1).min(bytes.len());
        } else if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'/' | b'.') || b >= 0x80 {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || matches!(bytes[i], b'_' | b'$' | b'/' | b'.' | b'-' | b':')
                    || bytes[i] >= 0x80)
            {
                i += 1;
            }
            // `${x}` inside a name
            out.push((start, Token::Word(&directive[start..i])));
        } else {
            out.push((i, Token::Punct(b as char)));
            i += 1;
        }
    }
    out
}

/// The module a `USE name` loads.
fn plugin_module(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    STD_PLUGINS
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|(_, module)| module.to_string())
        .unwrap_or_else(|| format!("Template::Plugin::{}", name.replace('.', "::")))
}

/// A directive's text without its chomp flags (`-`, `+`, `~`, `=`).
fn unchomped(directive: &str) -> &str {
    let d = directive
        .strip_prefix(['-', '+', '~', '='])
        .unwrap_or(directive);
    d.strip_suffix(['-', '+', '~', '=']).unwrap_or(d)
}

/// Scans a Template Toolkit template.
pub(crate) fn scan(text: &str) -> Scan {
    let mut scan = Scan::new(text);
    let mut lines = LineCounter::new(text);
    let tags = tags(text);
    let mut directives = Vec::new();
    let mut i = 0;
    // where each tag style next opens, searched again only once the scan has passed it (a
    // style that never occurs would otherwise cost a search to the end per directive)
    let mut opens: Vec<Option<usize>> = tags
        .iter()
        .map(|(start, _)| text.find(start.as_str()))
        .collect();
    // every directive: (offset of its text, text)
    while i < text.len() {
        for ((start, _), open) in tags.iter().zip(opens.iter_mut()) {
            if open.is_some_and(|at| at < i) {
                *open = text[i..].find(start.as_str()).map(|at| i + at);
            }
        }
        let next = tags
            .iter()
            .zip(&opens)
            .filter_map(|((start, end), open)| open.map(|at| (at, start, end)))
            .min_by_key(|(at, _, _)| *at);
        let Some((at, start, end)) = next else { break };
        let body = at + start.len();
        let close = text[body..]
            .find(end.as_str())
            .map_or(text.len(), |n| body + n);
        directives.push((body, &text[body..close]));
        i = (close + end.len()).min(text.len());
    }
    let mut plugins: BTreeMap<String, String> = BTreeMap::new();
    let mut perl_from: Option<usize> = None;
    let mut found = Vec::new();
    let mut close_of = vec![0usize; directives.len()];
    for (index, (body, raw)) in directives.iter().enumerate() {
        close_of[index] = body + raw.len();
    }
    for (index, &(body, raw)) in directives.iter().enumerate() {
        let directive = unchomped(raw);
        if directive.trim_start().starts_with('#') {
            continue;
        }
        let offset = body + (directive.as_ptr() as usize - raw.as_ptr() as usize);
        let toks = tokens(directive);
        let words: Vec<&str> = toks
            .iter()
            .filter_map(|(_, t)| match t {
                Token::Word(w) => Some(*w),
                _ => None,
            })
            .collect();
        // inside `[% PERL %] ... [% END %]`: the text between the tags is Perl
        if let Some(from) = perl_from {
            if words.first() == Some(&"END") {
                scan.perl.push(
                    lines.line(from),
                    &text[from..body.saturating_sub(tag_len(&tags, text, body))],
                );
                scan.perl.push(lines.line(body), ";");
                perl_from = None;
            }
            continue;
        }
        if matches!(words.as_slice(), ["PERL"] | ["RAWPERL"]) {
            let end_tag_len = tags
                .iter()
                .find(|(_, end)| text[close_of[index]..].starts_with(end.as_str()))
                .map_or(0, |(_, end)| end.len());
            perl_from = Some((close_of[index] + end_tag_len).min(text.len()));
            continue;
        }
        directive_refs(
            &toks,
            offset,
            &mut lines,
            &mut scan,
            &mut plugins,
            &mut found,
        );
    }
    // names of `BLOCK`s defined here are not files
    for found_ref in found {
        let local = found_ref.kind == RefKind::Template && scan.defines.contains(&found_ref.target);
        if !local {
            scan.found.push(found_ref);
        }
    }
    scan
}

/// The length of the start tag that ends right before `body`.
fn tag_len(tags: &[(String, String)], text: &str, body: usize) -> usize {
    tags.iter()
        .find(|(start, _)| text[..body].ends_with(start.as_str()))
        .map_or(0, |(start, _)| start.len())
}

/// The references of one directive's tokens.
fn directive_refs(
    toks: &[(usize, Token<'_>)],
    offset: usize,
    lines: &mut LineCounter<'_>,
    scan: &mut Scan,
    plugins: &mut BTreeMap<String, String>,
    found: &mut Vec<Found>,
) {
    let mut k = 0;
    while k < toks.len() {
        let (at, token) = &toks[k];
        let line = |lines: &mut LineCounter<'_>, at: usize| lines.line(offset + at) as u32 + 1;
        match token {
            Token::Word(w) if INCLUDES.contains(w) => {
                let verb = w.to_ascii_lowercase();
                k += 1;
                // names joined by `+`
                while let Some((name_at, name)) = toks.get(k) {
                    let literal = match name {
                        Token::Quoted(quote, value) => {
                            let interpolates = *quote == '"' && value.contains('$');
                            (!interpolates).then(|| value.to_string())
                        }
                        Token::Word(value) if !value.contains('$') => Some(value.to_string()),
                        Token::Word(_) => None,
                        Token::Punct(_) => break,
                    };
                    let line = line(lines, *name_at);
                    match literal {
                        Some(target) if !target.is_empty() => found.push(Found {
                            kind: RefKind::Template,
                            target,
                            symbol: Some(verb.clone()),
                            line,
                            confidence: Confidence::Exact,
                        }),
                        _ => found.push(Found {
                            kind: RefKind::DynamicUnresolved,
                            target: format!("{} {}", verb.to_ascii_uppercase(), token_text(name)),
                            symbol: None,
                            line,
                            confidence: Confidence::Dynamic,
                        }),
                    }
                    k += 1;
                    if matches!(toks.get(k), Some((_, Token::Punct('+')))) {
                        k += 1;
                    } else {
                        break;
                    }
                }
                continue;
            }
            Token::Word("BLOCK") => {
                if let Some((_, Token::Word(name) | Token::Quoted(_, name))) = toks.get(k + 1) {
                    scan.defines.insert(name.to_string());
                }
            }
            Token::Word("USE") => {
                // `USE alias = Plugin(args)` or `USE Plugin(args)`
                let (alias, plugin, plugin_at) =
                    match (toks.get(k + 1), toks.get(k + 2), toks.get(k + 3)) {
                        (
                            Some((_, Token::Word(alias))),
                            Some((_, Token::Punct('='))),
                            Some((at, Token::Word(p))),
                        ) => (*alias, *p, *at),
                        (Some((at, Token::Word(p))), _, _) => (*p, *p, *at),
                        _ => {
                            k += 1;
                            continue;
                        }
                    };
                let module = plugin_module(plugin);
                plugins.insert(alias.to_string(), module.clone());
                found.push(Found {
                    kind: RefKind::Use,
                    target: module,
                    symbol: None,
                    line: line(lines, plugin_at),
                    confidence: Confidence::Exact,
                });
            }
            Token::Word(w) if w.contains('.') => {
                // `alias.method(...)` on a plugin used here
                let mut parts = w.split('.');
                let root = parts.next().unwrap_or_default();
                if let (Some(module), Some(method)) = (plugins.get(root), parts.next()) {
                    if !method.is_empty() {
                        found.push(Found {
                            kind: RefKind::ClassMethod,
                            target: module.clone(),
                            symbol: Some(method.to_string()),
                            line: line(lines, *at),
                            confidence: Confidence::Exact,
                        });
                    }
                } else if k > 0 && matches!(toks[k - 1].1, Token::Word("CALL")) {
                    found.push(Found {
                        kind: RefKind::DynamicUnresolved,
                        target: format!("CALL {w}"),
                        symbol: None,
                        line: line(lines, *at),
                        confidence: Confidence::Dynamic,
                    });
                }
            }
            _ => {}
        }
        k += 1;
    }
}

fn token_text(token: &Token<'_>) -> String {
    match token {
        Token::Word(w) => w.to_string(),
        Token::Quoted(q, v) => format!("{q}{v}{q}"),
        Token::Punct(c) => c.to_string(),
    }
}
