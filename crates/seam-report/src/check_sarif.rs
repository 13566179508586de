//! `seam check --format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

use crate::check_common::prefixed_path;
use crate::check_json::pretty_json;
use seam_rules::{CheckReport, Finding, RuleId, Severity, Status};
use serde::Serialize;
use std::collections::BTreeMap;

/// The SARIF 2.1.0 schema the output declares.
const SARIF_SCHEMA: &str =
    "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json";

/// The key of seam's partial fingerprint; bump the version if [`fingerprint`] ever changes.
const FINGERPRINT_KEY: &str = "seam/v2";

/// Renders the report as one SARIF run of the `seam` tool: every rule of [`RuleId::ALL`] as rule
/// metadata, every finding as a result (baselined ones with an `external` suppression, suppressed
/// ones with an `inSource` suppression, so code scanning shows them as dismissed), located at
/// `path_prefix` joined with the finding's file, and fingerprinted per occurrence (see
/// [`fingerprint`]) so alerts survive code moving inside a file and two occurrences are two
/// alerts.
pub fn check_sarif(report: &CheckReport, tool_version: &str, path_prefix: &str) -> String {
    let driver = Driver {
        information_uri: "https://example.invalid/seam",
        name: "seam",
        rules: rules(report),
        version: tool_version,
    };
    let occurrences = occurrence_indices(&report.findings);
    let results: Vec<SarifResult> = report
        .findings
        .iter()
        .zip(occurrences)
        .map(|(finding, occurrence)| {
            result(
                finding,
                occurrence,
                &artifact_path(report, finding, path_prefix),
            )
        })
        .collect();
    let sarif = Sarif {
        schema: SARIF_SCHEMA,
        runs: vec![Run {
            results,
            tool: Tool { driver },
        }],
        version: "2.1.0",
    };
    pretty_json(&sarif)
}

// The part of SARIF 2.1.0 seam writes (sections 3.13 sarifLog to 3.35 suppression), each
// object's properties in alphabetical order, as code scanning and the snapshot expect them.

/// The log: one run.
#[derive(Serialize)]
struct Sarif<'a> {
    #[serde(rename = "$schema")]
    schema: &'a str,
    runs: Vec<Run<'a>>,
    version: &'a str,
}

/// seam's run: its results and the tool that produced them.
#[derive(Serialize)]
struct Run<'a> {
    results: Vec<SarifResult>,
    tool: Tool<'a>,
}

/// The tool of a run.
#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

/// seam as a tool component, with its rules.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    information_uri: &'a str,
    name: &'a str,
    rules: Vec<ReportingDescriptor>,
    version: &'a str,
}

/// One rule's metadata.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    default_configuration: ReportingConfiguration,
    full_description: Message,
    help: MultiformatMessage,
    id: &'static str,
    short_description: Message,
}

/// Whether a rule is enabled, and at which level.
#[derive(Serialize)]
struct ReportingConfiguration {
    enabled: bool,
    level: &'static str,
}

/// A plain-text message.
#[derive(Serialize)]
struct Message {
    text: String,
}

/// A message in Markdown and plain text.
#[derive(Serialize)]
struct MultiformatMessage {
    markdown: String,
    text: String,
}

/// One finding.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    level: &'static str,
    locations: Vec<Location>,
    message: Message,
    partial_fingerprints: BTreeMap<String, String>,
    rule_id: &'static str,
    rule_index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<Vec<Suppression>>,
}

/// Where a finding is.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

/// A file, and the line (and column) in it when known.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

/// A file, as a relative URI reference.
#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

/// A line, and the column on it when known (both 1-based).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    start_line: u32,
}

/// Why a result does not fail: `kind` external (baseline) or inSource (an allow comment).
#[derive(Serialize)]
struct Suppression {
    justification: &'static str,
    kind: &'static str,
}

/// Each finding's position among the findings with the same key in the same file, in line
/// order (findings come sorted by rule, file and line): 0 for the first occurrence.
fn occurrence_indices(findings: &[Finding]) -> Vec<usize> {
    let mut seen: BTreeMap<(seam_rules::ViolationKey, &str), usize> = BTreeMap::new();
    findings
        .iter()
        .map(|finding| {
            let n = seen
                .entry((finding.key(), finding.file.as_str()))
                .or_default();
            *n += 1;
            *n - 1
        })
        .collect()
}

/// One occurrence's identity as 16 hex digits: FNV-1a 64 over the line-free key (rule, from, to,
/// symbol, kind), the file and the occurrence index in it, joined by U+001F. No line: inserting
/// lines elsewhere in the file keeps every fingerprint; two occurrences of one violation are two
/// alerts. Stable across Rust versions and platforms.
fn fingerprint(finding: &Finding, occurrence: usize) -> String {
    let key = finding.key();
    let occurrence = occurrence.to_string();
    let fields = [
        key.rule.name(),
        &key.from,
        &key.to,
        &key.symbol,
        &key.kind,
        &finding.file,
        &occurrence,
    ];
    format!("{:016x}", fnv1a64(fields.join("\u{1f}").as_bytes()))
}

/// The 64-bit FNV-1a hash of `bytes`.
fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

/// One reporting descriptor per rule, in [`RuleId::ALL`] order (results point at them by index).
fn rules(report: &CheckReport) -> Vec<ReportingDescriptor> {
    RuleId::ALL
        .into_iter()
        .map(|rule| {
            let enabled = report
                .rules
                .iter()
                .find(|info| info.id == rule)
                .is_none_or(|info| info.enabled);
            ReportingDescriptor {
                default_configuration: ReportingConfiguration {
                    enabled,
                    level: "error",
                },
                full_description: text(rule.help()),
                help: MultiformatMessage {
                    markdown: rule.help().to_owned(),
                    text: rule.help().to_owned(),
                },
                id: rule.name(),
                short_description: text(rule.summary()),
            }
        })
        .collect()
}

/// A plain-text message.
fn text(text: &str) -> Message {
    Message {
        text: text.to_owned(),
    }
}

/// The file a result is reported in: the finding's under `path_prefix`, or seam.toml for a
/// finding without a file (code scanning rejects results without an artifact).
fn artifact_path(report: &CheckReport, finding: &Finding, path_prefix: &str) -> String {
    if finding.file.is_empty() {
        prefixed_path("", &report.config)
    } else {
        prefixed_path(path_prefix, &finding.file)
    }
}

/// One result, located in `path`.
fn result(finding: &Finding, occurrence: usize, path: &str) -> SarifResult {
    let level = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let rule_index = RuleId::ALL
        .iter()
        .position(|&r| r == finding.rule)
        .unwrap_or_default();
    let fingerprints = BTreeMap::from([(
        FINGERPRINT_KEY.to_string(),
        fingerprint(finding, occurrence),
    )]);
    SarifResult {
        level,
        locations: vec![location(finding, path)],
        message: text(&format!("{} Fix: {}", finding.message, finding.fix)),
        partial_fingerprints: fingerprints,
        rule_id: finding.rule.name(),
        rule_index,
        suppressions: suppression(finding.status).map(|s| vec![s]),
    }
}

/// Where the finding is: `path`, and its line and column when known.
fn location(finding: &Finding, path: &str) -> Location {
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri_escape(path),
            },
            region: region(finding),
        },
    }
}

/// The finding's line (and column), or none when it has no line.
fn region(finding: &Finding) -> Option<Region> {
    (finding.line > 0).then(|| Region {
        start_column: finding.column.filter(|&c| c > 0),
        start_line: finding.line,
    })
}

/// How a finding that does not fail is tolerated, as a SARIF suppression.
fn suppression(status: Status) -> Option<Suppression> {
    let (kind, justification) = match status {
        Status::New => return None,
        Status::Baselined => ("external", "tolerated by the seam baseline"),
        Status::Suppressed => ("inSource", "suppressed by a `# seam: allow` comment"),
    };
    Some(Suppression {
        justification,
        kind,
    })
}

/// `path` as a relative URI reference: every byte outside RFC 3986's unreserved characters,
/// sub-delimiters, `@` and `/` percent-encoded (`:` too, so no segment reads as a scheme).
fn uri_escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &byte in path.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri_escape("lib/My Pkg%.pm"), "lib/My%20Pkg%25.pm");
        assert_eq!(uri_escape("bin/é"), "bin/%C3%A9");
        assert_eq!(uri_escape("c:x.pl"), "c%3Ax.pl");
    }
}
