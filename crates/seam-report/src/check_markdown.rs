//! `seam check --format md`: the check as Markdown for a job summary or a merge-request comment.

use crate::check_common::{comparison, location, plural, shown_of};
use crate::escape::markdown_text as md;
use crate::numbers::thousands;
use seam_rules::{CheckReport, Finding, Fixed, RuleId, Severity};
use std::fmt::Write;

/// Rows of one table before the rest is counted instead of listed.
const ROWS: usize = 100;

/// Renders the verdict, the counts, one table of new findings per rule (at most 100 rows each)
/// and the violations this change fixed. Every value taken from code is escaped, so a package
/// name cannot break a table or inject HTML.
pub fn check_markdown(report: &CheckReport) -> String {
    let mut out = String::new();
    let verdict = if report.passed { "passed" } else { "failed" };
    let _ = writeln!(out, "## seam check: {verdict}\n");
    if let Some(base) = comparison(&report.mode) {
        let _ = writeln!(out, "{}.\n", md(&capitalised(&base)));
    }
    counts(&mut out, report);
    for rule in RuleId::ALL {
        let findings: Vec<&Finding> = shown_of(report, rule).collect();
        if !findings.is_empty() {
            rule_section(&mut out, rule, &findings);
        }
    }
    fixed_section(&mut out, &report.fixed);
    out
}

/// The summary counts as a one-row table.
fn counts(out: &mut String, report: &CheckReport) {
    let s = &report.summary;
    let _ = writeln!(
        out,
        "| new | warnings | fixed | baselined | suppressed | uncovered |\n|---|---|---|---|---|---|"
    );
    let cells: Vec<String> = [
        s.new,
        s.warnings,
        s.fixed,
        s.baselined,
        s.suppressed,
        s.uncovered,
    ]
    .into_iter()
    .map(|n| thousands(n as u64))
    .collect();
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

/// `### rule (2 errors)`, what the rule protects (seam's own Markdown), and a table of its new
/// findings.
fn rule_section(out: &mut String, rule: RuleId, findings: &[&Finding]) {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let counted: Vec<String> = [(errors, "error"), (warnings, "warning")]
        .into_iter()
        .filter(|&(n, _)| n > 0)
        .map(|(n, noun)| plural(n, noun))
        .collect();
    let _ = writeln!(
        out,
        "\n### `{}` ({})\n\n{}\n",
        rule.name(),
        counted.join(", "),
        rule.summary()
    );
    let _ = writeln!(
        out,
        "| location | from → to | symbol | kind | fix |\n|---|---|---|---|---|"
    );
    for finding in findings.iter().take(ROWS) {
        finding_row(out, finding);
    }
    more(out, findings.len());
}

/// One finding as a table row; a finding that is not a reference shows its message instead of
/// `from → to`.
fn finding_row(out: &mut String, finding: &Finding) {
    let what = if finding.to.is_empty() {
        md(&finding.message)
    } else {
        format!("{} → {}", md(&finding.from), md(&finding.to))
    };
    let _ = writeln!(
        out,
        "| {} | {what} | {} | {} | {} |",
        md(&location(&finding.file, finding.line)),
        md(finding.symbol.as_deref().unwrap_or_default()),
        md(finding.kind.map(|k| k.name()).unwrap_or_default()),
        md(&finding.fix)
    );
}

/// The violations at the base revision that this change removed.
fn fixed_section(out: &mut String, fixed: &[Fixed]) {
    if fixed.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n### Fixed ({})\n\n| rule | from → to | was at |\n|---|---|---|",
        thousands(fixed.len() as u64)
    );
    for f in fixed.iter().take(ROWS) {
        let what = if f.key.to.is_empty() {
            md(&f.key.from)
        } else {
            format!("{} → {}", md(&f.key.from), md(&f.key.to))
        };
        let _ = writeln!(
            out,
            "| `{}` | {what} | {} |",
            f.key.rule.name(),
            md(&location(&f.file, f.line))
        );
    }
    more(out, fixed.len());
}

/// `… and N more` under a table cut at [`ROWS`].
fn more(out: &mut String, total: usize) {
    if total > ROWS {
        let _ = writeln!(out, "\n… and {} more", thousands((total - ROWS) as u64));
    }
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
