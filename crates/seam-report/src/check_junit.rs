//! `seam check --format junit`: one JUnit test case per rule, for CI systems that show test
//! reports (GitLab, Jenkins, Azure Pipelines).

use crate::check_common::{location, plural};
use crate::escape::{visible, xml};
use seam_rules::{CheckReport, Finding, RuleId, Severity};
use std::fmt::Write;

/// Renders a JUnit XML document: a `seam check` suite with one test case per rule of
/// [`RuleId::ALL`]. A rule with failing findings fails with one `<failure>` listing them; a
/// disabled rule without any is skipped; new warnings go to the case's `<system-out>`. All text
/// and attributes are XML-escaped.
pub fn check_junit(report: &CheckReport) -> String {
    let cases: Vec<String> = RuleId::ALL
        .into_iter()
        .map(|rule| testcase(report, rule))
        .collect();
    let tests = RuleId::ALL.len();
    let failures = RuleId::ALL
        .into_iter()
        .filter(|&rule| report.failing().any(|f| f.rule == rule))
        .count();
    let skipped = RuleId::ALL
        .into_iter()
        .filter(|&rule| skipped(report, rule))
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"seam check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"seam check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">"
    );
    for case in cases {
        out.push_str(&case);
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Whether `rule` is reported as skipped: disabled in seam.toml and failing nothing.
fn skipped(report: &CheckReport, rule: RuleId) -> bool {
    let disabled = report.rules.iter().any(|r| r.id == rule && !r.enabled);
    disabled && !report.failing().any(|f| f.rule == rule)
}

/// The test case of one rule.
fn testcase(report: &CheckReport, rule: RuleId) -> String {
    let name = xml(rule.name());
    let failing: Vec<&Finding> = report.failing().filter(|f| f.rule == rule).collect();
    let warnings: Vec<&Finding> = report
        .shown()
        .filter(|f| f.rule == rule && f.severity == Severity::Warning)
        .collect();
    let mut body = String::new();
    if !failing.is_empty() {
        let _ = writeln!(
            body,
            "      <failure message=\"{}\" type=\"{name}\">{}</failure>",
            xml(&failure_message(rule, failing.len())),
            xml(&lines(&failing))
        );
    } else if skipped(report, rule) {
        body.push_str("      <skipped/>\n");
    }
    if !warnings.is_empty() {
        let _ = writeln!(
            body,
            "      <system-out>{}</system-out>",
            xml(&lines(&warnings))
        );
    }
    let open = format!("    <testcase name=\"{name}\" classname=\"seam.rules\"");
    if body.is_empty() {
        format!("{open}/>\n")
    } else {
        format!("{open}>\n{body}    </testcase>\n")
    }
}

/// What a failing case says: what fails for this rule (`2 new violations`, `1 stale baseline
/// entry`, `1 unreadable file`).
fn failure_message(rule: RuleId, n: usize) -> String {
    match rule {
        RuleId::StaleBaseline => plural(n, "stale baseline entry"),
        RuleId::ExpiredBaseline => plural(n, "expired baseline entry"),
        RuleId::Unreadable => plural(n, "unreadable or worse-parsed file"),
        RuleId::InvalidSuppression => plural(n, "invalid suppression"),
        RuleId::UnusedSuppression => plural(n, "unused suppression"),
        RuleId::Uncovered if n == 1 => "1 uncovered package or script".to_string(),
        RuleId::Uncovered => format!(
            "{} uncovered packages or scripts",
            crate::numbers::thousands(n as u64)
        ),
        _ => plural(n, "new violation"),
    }
}

/// `file:line: message (fix: ...)`, one finding per line.
fn lines(findings: &[&Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{}: {} (fix: {})",
                visible(&location(&f.file, f.line)),
                visible(&f.message),
                visible(&f.fix)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
