//! `seam check --format github`: GitHub Actions workflow commands that annotate the pull request.

use crate::check_common::{prefixed_path, severity_name, summary_line};
use crate::escape::visible;
use seam_rules::{CheckReport, Finding};
use std::fmt::Write;

/// How many findings are annotated; GitHub shows only the first few per step anyway.
pub const GITHUB_ANNOTATION_CAP: usize = 50;

/// Renders one `::error`/`::warning` workflow command per new finding (at most
/// [`GITHUB_ANNOTATION_CAP`], then one warning saying how many were left out), located at
/// `path_prefix` joined with the finding's file, and ends with the summary line. Values are escaped
/// as the workflow-command syntax requires, so no message can forge or break a command.
pub fn check_github(report: &CheckReport, path_prefix: &str) -> String {
    let mut out = String::new();
    let shown: Vec<&Finding> = report.shown().collect();
    for finding in shown.iter().take(GITHUB_ANNOTATION_CAP) {
        annotation(&mut out, finding, path_prefix);
    }
    if shown.len() > GITHUB_ANNOTATION_CAP {
        let _ = writeln!(
            out,
            "::warning title=seam::{} more findings not annotated; see the job summary or run seam check locally",
            shown.len() - GITHUB_ANNOTATION_CAP
        );
    }
    let _ = writeln!(out, "{}", summary_line(&report.summary));
    out
}

/// `::error file=...,line=...,col=...,title=seam RULE::MESSAGE Fix: FIX`.
fn annotation(out: &mut String, finding: &Finding, path_prefix: &str) {
    let mut properties = Vec::new();
    // a path with control or bidirectional characters cannot be matched safely: it is shown
    // visibly (the annotation then stays on the run rather than the file)
    let file = prefixed_path(path_prefix, &finding.file);
    if !file.is_empty() {
        properties.push(format!("file={}", property(&visible(&file))));
    }
    if finding.line > 0 {
        properties.push(format!("line={}", finding.line));
        if let Some(column) = finding.column.filter(|&c| c > 0) {
            properties.push(format!("col={column}"));
        }
    }
    properties.push(format!(
        "title={}",
        property(&format!("seam {}", finding.rule.name()))
    ));
    // the message is read in the log and on the pull request: its names are made visible
    let message = format!(
        "{} Fix: {}",
        visible(&finding.message),
        visible(&finding.fix)
    );
    let _ = writeln!(
        out,
        "::{} {}::{}",
        severity_name(finding.severity),
        properties.join(","),
        data(&message)
    );
}

/// Escapes a workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_values_are_escaped() {
        assert_eq!(data("50% a\r\nb::c"), "50%25 a%0D%0Ab::c");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
