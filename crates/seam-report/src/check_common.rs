//! Wording and paths shared by the `seam check` renderers, so every format says the same thing.

use crate::numbers::thousands;
use seam_rules::{CheckMode, CheckReport, CheckSummary, Finding, RuleId, Severity};

/// `error` or `warning`.
pub fn severity_name(severity: Severity) -> &'static str {
    severity.into()
}

/// `1 violation`, `2 violations`.
pub fn plural(n: usize, noun: &str) -> String {
    let count = thousands(n as u64);
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("{count} {noun}"),
        (_, Some(stem)) => format!("{count} {stem}ies"),
        (_, None) => format!("{count} {noun}s"),
    }
}

/// `file:line`, or just `file` when there is no line.
pub fn location(file: &str, line: u32) -> String {
    if line == 0 {
        file.to_string()
    } else {
        format!("{file}:{line}")
    }
}

/// The findings of `rule` a person should see (new errors and warnings), in report order.
pub fn shown_of(report: &CheckReport, rule: RuleId) -> impl Iterator<Item = &Finding> {
    report.shown().filter(move |f| f.rule == rule)
}

/// "2 new, 5 fixed, 118 baselined", then the suppressed, warnings and uncovered counts that are
/// not zero.
pub fn summary_line(summary: &CheckSummary) -> String {
    let mut line = format!(
        "{} new, {} fixed, {} baselined",
        thousands(summary.new as u64),
        thousands(summary.fixed as u64),
        thousands(summary.baselined as u64)
    );
    if summary.suppressed > 0 {
        line.push_str(&format!(
            ", {} suppressed",
            thousands(summary.suppressed as u64)
        ));
    }
    if summary.warnings > 0 {
        line.push_str(&format!(", {}", plural(summary.warnings, "warning")));
    }
    if summary.uncovered > 0 {
        line.push_str(&format!(
            ", {} uncovered",
            thousands(summary.uncovered as u64)
        ));
    }
    line
}

/// `check passed` or `check failed: 2 new violations`, with the base revision when compared with
/// one.
pub fn verdict_line(report: &CheckReport) -> String {
    let mut line = if report.passed {
        "check passed".to_string()
    } else {
        let summary = &report.summary;
        let reasons: Vec<String> = [
            (summary.new, "new violation"),
            (
                failing_of(report, RuleId::StaleBaseline),
                "stale baseline entry",
            ),
            (summary.expired, "expired baseline entry"),
        ]
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, what)| plural(count, what))
        .collect();
        format!("check failed: {}", reasons.join(", "))
    };
    if let Some(base) = comparison(&report.mode) {
        line.push_str(", ");
        line.push_str(&base);
    }
    line
}

/// Failing findings of one rule.
fn failing_of(report: &CheckReport, rule: RuleId) -> usize {
    report.failing().filter(|f| f.rule == rule).count()
}

/// `compared with origin/main (0c589db)` in `--base` mode.
pub fn comparison(mode: &CheckMode) -> Option<String> {
    match mode {
        CheckMode::Base { rev, commit } => {
            let short: String = commit.chars().take(7).collect();
            if short.is_empty() || short == *rev {
                Some(format!("compared with {rev}"))
            } else {
                Some(format!("compared with {rev} ({short})"))
            }
        }
        CheckMode::Baseline { .. } => None,
    }
}

/// `file` under `prefix` with `/` separators and no leading `./` (`prefix` "" means none), as
/// CI systems expect paths relative to the repository root.
pub fn prefixed_path(prefix: &str, file: &str) -> String {
    let prefix = clean_path(prefix);
    let file = clean_path(file);
    let prefix = prefix.trim_end_matches('/');
    if prefix.is_empty() {
        file
    } else if file.is_empty() {
        prefix.to_string()
    } else {
        format!("{prefix}/{}", file.trim_start_matches('/'))
    }
}

/// `path` with `/` separators and without leading `./` segments.
fn clean_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut rest = path.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped.trim_start_matches('/');
    }
    if rest == "." {
        rest = "";
    }
    rest.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_joined_with_slashes_and_no_dot_segments() {
        assert_eq!(prefixed_path("", "lib/A.pm"), "lib/A.pm");
        assert_eq!(prefixed_path("", "./lib/A.pm"), "lib/A.pm");
        assert_eq!(prefixed_path("./app/", ".//lib\\A.pm"), "app/lib/A.pm");
        assert_eq!(prefixed_path(".", "lib/A.pm"), "lib/A.pm");
        assert_eq!(prefixed_path("app", ""), "app");
    }

    #[test]
    fn counts_are_pluralised() {
        assert_eq!(plural(1, "new violation"), "1 new violation");
        assert_eq!(plural(1200, "warning"), "1,200 warnings");
    }

    #[test]
    fn short_commits_never_panic_on_short_or_multibyte_input() {
        let mode = CheckMode::Base {
            rev: "main".into(),
            commit: "éé".into(),
        };
        assert_eq!(
            comparison(&mode).as_deref(),
            Some("compared with main (éé)")
        );
    }
}
