//! HTML::Template templates: `<TMPL_INCLUDE NAME="file">` (also `<TMPL_INCLUDE file>` and the
//! `<!-- TMPL_INCLUDE ... -->` comment form) names another template. There is no Perl.

use crate::perl_lines::LineCounter;
use crate::{Found, Scan};
use regex::Regex;
use seam_perl::{Confidence, RefKind};
use std::sync::OnceLock;

/// Scans an HTML::Template template.
pub(crate) fn scan(text: &str) -> Scan {
    static INCLUDE: OnceLock<Regex> = OnceLock::new();
    let include = INCLUDE.get_or_init(|| {
        Regex::new(
            r#"(?i)<(?:!--\s*)?TMPL_INCLUDE\s+(?:NAME\s*=\s*)?(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"#,
        )
        .expect("valid regex")
    });
    let mut scan = Scan::new(text);
    let mut lines = LineCounter::new(text);
    for capture in include.captures_iter(text) {
        let Some(name) = capture
            .get(1)
            .or_else(|| capture.get(2))
            .or_else(|| capture.get(3))
        else {
            continue;
        };
        if name.as_str().is_empty() {
            continue;
        }
        scan.found.push(Found {
            kind: RefKind::Template,
            target: name.as_str().to_string(),
            symbol: Some("include".into()),
            line: lines.line(name.start()) as u32 + 1,
            confidence: Confidence::Exact,
        });
    }
    scan
}
