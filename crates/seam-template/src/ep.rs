//! Mojolicious embedded-Perl templates (`.ep`, Mojo::Template syntax).
//!
//! Perl comes from `%` lines (`% code`, `%= expr`, `%== expr`; `%#` is a comment, `%%` a
//! literal `%`) and `<% code %>`, `<%= expr %>`, `<%== expr %>` tags (`<%#` comments, `<%%`
//! literal); `begin`/`end` blocks become `sub {`/`}`. `include`, `layout` and `extends` with a
//! literal name are template references.

use crate::perl_lines::LineCounter;
use crate::{Found, Scan};
use regex::Regex;
use seam_perl::{Confidence, RefKind};
use std::sync::OnceLock;

/// Scans a Mojolicious template.
pub(crate) fn scan(text: &str) -> Scan {
    let mut scan = Scan::new(text);
    let mut lines = LineCounter::new(text);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        let start = offset + (content.len() - trimmed.len());
        if let Some(code) = trimmed.strip_prefix('%') {
            if !code.starts_with(['%', '#']) {
                let (expression, code) =
                    match code.strip_prefix("==").or_else(|| code.strip_prefix('=')) {
                        Some(expression) => (true, expression),
                        None => (false, code),
                    };
                emit(&mut scan, &mut lines, start + 1, code, expression);
            }
        } else {
            inline_tags(&mut scan, &mut lines, text, offset, content);
        }
        offset += line.len();
    }
    scan
}

/// `<% %>` tags on a line of text.
fn inline_tags(
    scan: &mut Scan,
    lines: &mut LineCounter<'_>,
    text: &str,
    offset: usize,
    content: &str,
) {
    let mut from = 0;
    while let Some(at) = content[from..].find("<%") {
        let open = from + at;
        let rest = &content[open + 2..];
        if rest.starts_with('%') {
            from = open + 3;
            continue;
        }
        // a tag may span lines: find its end in the whole text
        let body_start = offset + open + 2;
        let Some(close) = text[body_start..].find("%>").map(|n| body_start + n) else {
            return;
        };
        let mut body = &text[body_start..close];
        body = body.strip_suffix('=').unwrap_or(body);
        if !body.starts_with('#') {
            let (expression, code) =
                match body.strip_prefix("==").or_else(|| body.strip_prefix('=')) {
                    Some(expression) => (true, expression),
                    None => (false, body),
                };
            let code_at = close - body.len() + (body.len() - code.len());
            emit(scan, lines, code_at.min(close), code, expression);
        }
        let end_in_line = close + 2 - offset;
        if end_in_line >= content.len() {
            return;
        }
        from = end_in_line;
    }
}

/// One piece of Perl: `begin` opens a `sub {`, `end` closes it; an expression is a statement.
fn emit(scan: &mut Scan, lines: &mut LineCounter<'_>, at: usize, code: &str, expression: bool) {
    let trimmed = code.trim();
    let line = lines.line(at);
    let perl = if trimmed == "end" {
        "};".to_string()
    } else if let Some(rest) = trimmed
        .strip_prefix("end")
        .filter(|r| !r.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
    {
        format!("}}{rest};")
    } else if let Some(head) = trimmed
        .strip_suffix("begin")
        .filter(|h| h.is_empty() || h.ends_with(|c: char| !c.is_alphanumeric() && c != '_'))
    {
        format!("{head} sub {{")
    } else if expression {
        format!("{code};")
    } else {
        code.to_string()
    };
    references(scan, line, &perl);
    scan.perl.push(line, &perl);
}

/// `include 'x'`, `layout 'x'`, `extends 'x'`: templates by name.
fn references(scan: &mut Scan, line: usize, code: &str) {
    static CALL: OnceLock<Regex> = OnceLock::new();
    let call = CALL.get_or_init(|| {
        Regex::new(r#"\b(include|layout|extends)\b\s*\(?\s*(?:'([^'$@]+)'|"([^"$@]+)")"#)
            .expect("valid regex")
    });
    for capture in call.captures_iter(code) {
        let name = capture
            .get(2)
            .or_else(|| capture.get(3))
            .map_or("", |m| m.as_str());
        let newlines = code[..capture.get(0).map_or(0, |m| m.start())]
            .matches('\n')
            .count();
        scan.found.push(Found {
            kind: RefKind::Template,
            target: name.to_string(),
            symbol: Some(capture[1].to_string()),
            line: (line + newlines) as u32 + 1,
            confidence: Confidence::Exact,
        });
    }
}
