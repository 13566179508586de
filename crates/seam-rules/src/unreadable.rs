//! The `unreadable` rule: files (and directories) seam could not see, and files that parse worse
//! than at the base revision. See `rules/unreadable.rs` for what it flags.

use crate::config::{Config, Level};
use crate::report::{Finding, RuleId, Severity};
use seam_perl::{DiagnosticKind, FileFacts};
use std::collections::HashMap;

/// Findings for every file in `facts` seam could not read, and with `base` (the facts at the base
/// revision) every file that parses worse than there; `from` is the file, so each has its own key.
pub fn unreadable(
    config: &Config,
    facts: &[FileFacts],
    base: Option<&[FileFacts]>,
) -> Vec<Finding> {
    let severity = match config.check().unreadable {
        Level::Ignore => return Vec::new(),
        Level::Warn => Severity::Warning,
        Level::Error => Severity::Error,
    };
    let before: HashMap<&str, &FileFacts> = base
        .unwrap_or_default()
        .iter()
        .map(|f| (f.path.as_str(), f))
        .collect();
    let mut findings = Vec::new();
    for file in facts {
        let unseen = file.diagnostics.iter().find(|d| {
            matches!(
                d.kind,
                DiagnosticKind::ReadError
                    | DiagnosticKind::SkippedBinary
                    | DiagnosticKind::SkippedTooLarge
            )
        });
        if let Some(diagnostic) = unseen {
            findings.push(Finding {
                from: file.path.clone(),
                ..Finding::at(
                RuleId::Unreadable,
                severity,
                &file.path,
                diagnostic.line.unwrap_or(0),
                format!("seam could not read {}: {}", file.path, diagnostic.message),
                "fix the file or its permissions, raise --max-file-size, or add it to `exclude` in \
                 seam.toml; the check does not pass on code it did not see"
                    .into(),
            )
            });
            continue;
        }
        if base.is_none() {
            continue;
        }
        let now = Parse::of(file);
        let then = before
            .get(file.path.as_str())
            .map_or(Parse::default(), |f| Parse::of(f));
        if now.worse_than(&then) {
            findings.push(Finding {
                from: file.path.clone(),
                ..Finding::at(
                RuleId::Unreadable,
                severity,
                &file.path,
                now.first_error.unwrap_or(0),
                format!(
                    "{} parses worse than at the base revision ({} parse-error region(s){}, {} \
                     before): references in the broken part are invisible to the rules",
                    file.path,
                    now.regions,
                    if now.line_scan { ", line-scanned" } else { "" },
                    then.regions
                ),
                "fix the syntax error this change introduced (`perl -c` names it); seam judges \
                 what it can parse"
                    .into(),
            )
            });
        }
    }
    findings
}

/// How well a file parsed.
#[derive(Debug, Default)]
struct Parse {
    /// Parse-error regions.
    regions: u32,
    /// Line of the first one.
    first_error: Option<u32>,
    /// Mostly unparsed or timed out: facts from a line scan.
    line_scan: bool,
}

impl Parse {
    fn of(file: &FileFacts) -> Parse {
        let mut parse = Parse::default();
        for diagnostic in &file.diagnostics {
            match diagnostic.kind {
                DiagnosticKind::ParseErrors => {
                    // "N parse-error region(s) ..."; a message without the count is one region
                    parse.regions = diagnostic
                        .message
                        .split(' ')
                        .next()
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(1)
                        .max(1);
                    parse.first_error = diagnostic.line;
                }
                DiagnosticKind::LineScanFallback | DiagnosticKind::ParseTimeout => {
                    parse.line_scan = true;
                }
                _ => {}
            }
        }
        parse
    }

    fn worse_than(&self, before: &Parse) -> bool {
        (self.line_scan && !before.line_scan) || self.regions > before.regions
    }
}
