//! `seam check --format text`: findings grouped by rule and module pair with counts, each
//! occurrence as a compiler diagnostic (rustc/ruff style), then the fixed violations, notes, the
//! summary and the verdict. Every line fits in [`WIDTH`] columns (a long source line is shown as
//! a window around the name it marks).

use crate::check_common::{location, plural, severity_name, summary_line, verdict_line};
use crate::escape::visible;
use crate::width::{wrapped, WIDTH};
use seam_rules::{CheckReport, Finding, Fixed, RuleId, Severity};
use std::fmt::Write;

/// Display width of a tab in the source excerpt.
const TAB: &str = "    ";

/// Occurrences of a group shown in full without `--verbose`.
const SHOWN_PER_GROUP: usize = 3;

/// Renders the report for a person, at most [`SHOWN_PER_GROUP`] occurrences per group (see
/// [`check_text_with`]).
pub fn check_text(report: &CheckReport) -> String {
    check_text_with(report, false)
}

/// Renders the new findings grouped by rule (in [`RuleId::ALL`] order) and module pair, each
/// group with its count and its fix once, its occurrences with their source line and a caret run
/// under the referenced name (all of them when `verbose`, else the first few and a count), then
/// the violations this change fixed, the notes, the counts and the verdict. No colours;
/// deterministic.
pub fn check_text_with(report: &CheckReport, verbose: bool) -> String {
    let mut out = String::new();
    for rule in RuleId::ALL {
        let shown: Vec<&Finding> = report.shown().filter(|f| f.rule == rule).collect();
        for group in groups(&shown) {
            render_group(&mut out, &group, verbose);
            out.push('\n');
        }
    }
    for fixed in &report.fixed {
        fixed_line(&mut out, fixed);
    }
    if !report.fixed.is_empty() {
        out.push('\n');
    }
    for note in &report.notes {
        wrapped(&mut out, "note: ", "      ", &visible(note));
    }
    let _ = writeln!(out, "{}", summary_line(&report.summary));
    let _ = writeln!(out, "{}", verdict_line(report));
    out
}

/// Findings of one rule grouped by (severity, from module, to module), in order of first
/// appearance.
fn groups<'a>(findings: &[&'a Finding]) -> Vec<Vec<&'a Finding>> {
    let mut order: Vec<(Severity, &str, &str)> = Vec::new();
    let mut groups: Vec<Vec<&Finding>> = Vec::new();
    for &finding in findings {
        let key = (
            finding.severity,
            finding.from_module.as_str(),
            finding.to_module.as_str(),
        );
        match order.iter().position(|k| *k == key) {
            Some(i) => groups[i].push(finding),
            None => {
                order.push(key);
                groups.push(vec![finding]);
            }
        }
    }
    groups
}

/// A group: its headline with the count, its occurrences, its fix.
fn render_group(out: &mut String, group: &[&Finding], verbose: bool) {
    let first = group[0];
    let count = match group.len() {
        1 => String::new(),
        n => format!(" ({n} occurrences)"),
    };
    let headline = if first.from_module.is_empty() || first.to_module.is_empty() {
        if group.len() == 1 {
            visible(&first.message).into_owned()
        } else {
            plural(group.len(), "finding")
        }
    } else {
        format!(
            "{} -> {}{count}",
            visible(&first.from_module),
            visible(&first.to_module)
        )
    };
    let lead = format!("{}[{}]: ", severity_name(first.severity), first.rule.name());
    wrapped(out, &lead, "  ", &headline);
    let shown = if verbose {
        group.len()
    } else {
        group.len().min(SHOWN_PER_GROUP)
    };
    let grouped = !(first.from_module.is_empty() || first.to_module.is_empty()) || group.len() > 1;
    for finding in &group[..shown] {
        occurrence(out, finding, grouped);
    }
    if shown < group.len() {
        let _ = writeln!(
            out,
            "  … and {} more here (`seam check --verbose` lists every one)",
            group.len() - shown
        );
    }
    wrapped(out, "  = fix: ", "    ", &visible(&first.fix));
    if let Some(ratchet) = group.iter().find_map(|f| f.ratchet.as_ref()) {
        wrapped(
            out,
            "  = note: ",
            "    ",
            &format!(
                "widens baselined coupling {} -> {} ({})",
                visible(&first.from_module),
                visible(&first.to_module),
                plural(ratchet.baselined_symbols, "symbol")
            ),
        );
    }
}

/// One occurrence: location, source excerpt with a caret run, and (in a group) its message.
fn occurrence(out: &mut String, finding: &Finding, with_message: bool) {
    let line = (finding.line > 0).then(|| finding.line.to_string());
    let gutter = " ".repeat(line.as_ref().map_or(1, String::len));
    let column = match (finding.line, finding.column) {
        (0, _) | (_, None) => String::new(),
        (_, Some(column)) => format!(":{column}"),
    };
    if !finding.file.is_empty() {
        let _ = writeln!(
            out,
            "{gutter}--> {}{column}",
            visible(&location(&finding.file, finding.line))
        );
    }
    if let (Some(line), Some(source)) = (&line, &finding.source) {
        let shown = display(source);
        let (pad, len) = match finding.column {
            Some(column) => marker(source, column, &names(finding)),
            None => (0, 0),
        };
        let room = WIDTH.saturating_sub(gutter.len() + 3).max(20);
        let (excerpt, pad) = window(&shown, pad, len, room);
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{line} | {excerpt}");
        if len > 0 {
            let len = len.min(room.saturating_sub(pad)).max(1);
            let _ = writeln!(out, "{gutter} | {}{}", " ".repeat(pad), "^".repeat(len));
        }
    }
    if with_message {
        let lead = format!("{gutter} = ");
        let indent = " ".repeat(lead.len());
        wrapped(out, &lead, &indent, &visible(&finding.message));
    }
}

/// At most `room` columns of `shown` (already [`display`]ed: one column per character) that
/// include the marked columns `pad..pad + len`, with `…` where it was cut; and where the marker
/// starts in it.
fn window(shown: &str, pad: usize, len: usize, room: usize) -> (String, usize) {
    let chars: Vec<char> = shown.chars().collect();
    if chars.len() <= room {
        return (shown.to_string(), pad);
    }
    let start = if pad + len < room {
        0
    } else {
        pad.saturating_sub(room / 4)
            .min(chars.len().saturating_sub(room - 1))
    };
    let mut text = String::new();
    let mut marker_at = pad - start;
    if start > 0 {
        text.push('…');
    }
    let body = room - 1 - usize::from(start > 0);
    let end = (start + body).min(chars.len());
    text.extend(&chars[start..end]);
    if start > 0 {
        marker_at += 1;
    }
    if end < chars.len() {
        text.push('…');
    }
    (text, marker_at)
}

/// `fixed: depends_on A -> B (lib/A.pm:3)`, `×2` when several occurrences went.
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
    let times = match fixed.count {
        1 => String::new(),
        n => format!(" ×{n}"),
    };
    let text = format!(
        "{} {}{target}{kind}{times} (was at {})",
        key.rule.name(),
        visible(&key.from),
        visible(&location(&fixed.file, fixed.line))
    );
    wrapped(out, "fixed: ", "       ", &text);
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
    fn a_long_source_line_is_a_window_around_the_marked_name() {
        let line = format!("{}Target::name(){}", "x".repeat(150), "y".repeat(150));
        let (excerpt, at) = window(&line, 150, 12, 60);
        assert_eq!(excerpt.chars().count(), 60, "{excerpt}");
        assert!(
            excerpt.starts_with('…') && excerpt.ends_with('…'),
            "{excerpt}"
        );
        let shown: String = excerpt.chars().skip(at).take(12).collect();
        assert_eq!(shown, "Target::name");
        assert_eq!(window("short", 1, 2, 60), ("short".to_string(), 1));
        // the marker at the very end, and empty lines, never panic
        let (excerpt, at) = window(&line, line.len() - 1, 1, 20);
        assert!(at < excerpt.chars().count(), "{excerpt} {at}");
        assert_eq!(window("", 0, 1, 20), (String::new(), 0));
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
