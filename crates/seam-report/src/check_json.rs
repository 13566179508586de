//! `seam check --format json`, and the pretty-JSON helper every JSON renderer shares.

use seam_rules::CheckReport;
use serde::Serialize;

/// The check report as pretty JSON with a trailing newline (`docs/check-schema.json` describes
/// it).
pub fn check_json(report: &CheckReport) -> String {
    pretty_json(report)
}

/// `value` as pretty JSON plus a newline; should serialization fail, a JSON object naming the
/// error instead of a panic.
pub(crate) fn pretty_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut json = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }).to_string());
    json.push('\n');
    crate::escape::json_text(json)
}
