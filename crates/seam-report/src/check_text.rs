//! `seam check --format text`: findings as compiler diagnostics (rustc/ruff style), then the
//! summary and the verdict.

use crate::check_common::{location, plural, severity_name, shown_of, summary_line, verdict_line};
use crate::escape::visible;
use seam_rules::{CheckReport, Finding, Fixed, RuleId};
use std::fmt::Write;

/// Display width of a tab in the source excerpt.
const TAB: &str = "    ";

/// Renders the new findings (errors and warnings, grouped by rule in [`RuleId::ALL`] order) with
/// their source line and a caret run under the referenced name, the violations this change fixed,
/// the counts and the verdict. No colours; deterministic.
pub fn check_text(report: &CheckReport) -> String {
    let mut out = String::new();
    for rule in RuleId::ALL {
        for finding in shown_of(report, rule) {
            diagnostic(&mut out, finding);
            out.push('\n');
        }
    }
    for fixed in &report.fixed {
        fixed_line(&mut out, fixed);
    }
    if !report.fixed.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{}", summary_line(&report.summary));
    let _ = writeln!(out, "{}", verdict_line(report));
    out
}

/// One finding: headline, location, source excerpt, fix and ratchet note.
fn diagnostic(out: &mut String, finding: &Finding) {
    let line = (finding.line > 0).then(|| finding.line.to_string());
    let gutter = " ".repeat(line.as_ref().map_or(1, String::len));
    let _ = writeln!(
        out,
        "{}[{}]: {}",
        severity_name(finding.severity),
        finding.rule.name(),
        one_line(&finding.message)
    );
    let column = match (finding.line, finding.column) {
        (0, _) | (_, None) => String::new(),
        (_, Some(column)) => format!(":{column}"),
    };
    let _ = writeln!(
        out,
        "{gutter}--> {}{column}",
        visible(&location(&finding.file, finding.line))
    );
    if let (Some(line), Some(source)) = (&line, &finding.source) {
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{line} | {}", display(source));
        if let Some(column) = finding.column {
            let (pad, len) = marker(source, column, &names(finding));
            let _ = writeln!(out, "{gutter} | {}{}", " ".repeat(pad), "^".repeat(len));
        }
    }
    let _ = writeln!(out, "{gutter} = fix: {}", one_line(&finding.fix));
    if let Some(ratchet) = &finding.ratchet {
        let _ = writeln!(
            out,
            "{gutter} = note: widens baselined coupling {} -> {} ({})",
            visible(&finding.from_module),
            visible(&finding.to_module),
            plural(ratchet.baselined_symbols, "symbol")
        );
    }
}

/// `fixed: depends_on A -> B (lib/A.pm)`.
fn fixed_line(out: &mut String, fixed: &Fixed) {
    let key = &fixed.key;
    let target = match (key.to.is_empty(), key.symbol.is_empty()) {
        (true, _) => String::new(),
        (false, true) => format!(" -> {}", visible(&key.to)),
        (false, false) => format!(" -> {}::{}", visible(&key.to), visible(&key.symbol)),
    };
    let kind = if key.kind.is_empty() {
        String::new()
    } else {
        format!(" [{}]", visible(&key.kind))
    };
    let _ = writeln!(
        out,
        "fixed: {} {}{target}{kind} ({})",
        key.rule.name(),
        visible(&key.from),
        visible(&key.file)
    );
}

/// `text` on one line, every control character visible (a message never spans lines in a
/// diagnostic, and names in it come from the code).
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    visible(text)
}

/// The source line as shown: tabs expanded, no line terminator, and every other control or
/// bidirectional character replaced by U+FFFD (one character each, so the caret run below stays
/// under the name it marks).
fn display(source: &str) -> String {
    source
        .trim_end_matches(['\r', '\n'])
        .chars()
        .map(|c| match c {
            '\t' => TAB.to_string(),
            c if crate::escape::hidden(c) => '\u{fffd}'.to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// How wide `text` is once [`display`]ed.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| if c == '\t' { TAB.len() } else { 1 })
        .sum()
}

/// The names the referenced thing may be written as at the finding's column (which points past
/// a variable's sigil): the package, the symbol, both qualified (`Pkg::sub`), or their last `::`
/// segment.
fn names(finding: &Finding) -> Vec<String> {
    let to = finding.to.as_str();
    let symbol = finding
        .symbol
        .as_deref()
        .unwrap_or_default()
        .trim_start_matches(['$', '@', '%', '&']);
    let mut names = vec![
        to.to_string(),
        symbol.to_string(),
        last_segment(to),
        last_segment(symbol),
    ];
    if !to.is_empty() && !symbol.is_empty() {
        names.push(format!("{to}::{symbol}"));
    }
    names.retain(|n| !n.is_empty());
    names
}

/// What follows the last `::` of `name`.
fn last_segment(name: &str) -> String {
    name.rsplit("::").next().unwrap_or_default().to_string()
}

/// Where the caret run under `source` starts (in display columns) and how long it is: the longest
/// of `names` written at 1-based `column` (read as a character column, or else as a byte
/// column), or a single caret.
fn marker(source: &str, column: u32, names: &[String]) -> (usize, usize) {
    let column = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
    let by_char = source.char_indices().nth(column).map(|(i, _)| i);
    let by_byte = source.is_char_boundary(column).then_some(column);
    for start in [by_char, by_byte].into_iter().flatten() {
        let rest = &source[start..];
        let longest = names
            .iter()
            .filter(|n| rest.starts_with(n.as_str()))
            .map(|n| width(n))
            .max();
        if let Some(len) = longest {
            return (width(&source[..start]), len);
        }
    }
    let start = by_char.unwrap_or(source.len());
    (width(&source[..start]), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_of(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn caret_covers_the_longest_name_at_the_column() {
        let names = names_of(&["LibSys::Item", "Item", "LibSys::Item::price"]);
        assert_eq!(marker("my $p = LibSys::Item::price();", 9, &names), (8, 19));
        assert_eq!(marker("\tLibSys::Item->new", 2, &names), (4, 12));
    }

    #[test]
    fn caret_falls_back_to_one_and_never_panics() {
        let names = names_of(&["Nope"]);
        assert_eq!(marker("abc", 2, &names), (1, 1));
        assert_eq!(marker("abc", 99, &names), (3, 1));
        assert_eq!(marker("", 0, &names), (0, 1));
        assert_eq!(marker("é Nope", 4, &names), (2, 4));
    }
}
