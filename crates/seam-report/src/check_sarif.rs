//! `seam check --format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

use crate::check_common::prefixed_path;
use crate::check_json::pretty_json;
use seam_rules::{CheckReport, Finding, RuleId, Severity, Status};
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Suppression, Tool, ToolComponent,
};
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
    let driver = ToolComponent::builder()
        .name("seam")
        .information_uri("https://example.invalid/seam")
        .version(tool_version)
        .rules(rules(report))
        .build();
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
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .build();
    let sarif = Sarif::builder()
        .schema(SARIF_SCHEMA)
        .version("2.1.0")
        .runs(vec![run])
        .build();
    pretty_json(&sarif)
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
            let help = MultiformatMessageString::builder()
                .text(rule.help())
                .markdown(rule.help())
                .build();
            ReportingDescriptor::builder()
                .id(rule.name())
                .short_description(text(rule.summary()))
                .full_description(text(rule.help()))
                .help(help)
                .default_configuration(
                    ReportingConfiguration::builder()
                        .enabled(enabled)
                        .level("error")
                        .build(),
                )
                .build()
        })
        .collect()
}

/// A plain-text multiformat message.
fn text(text: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
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
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
    };
    let rule_index = RuleId::ALL
        .iter()
        .position(|&r| r == finding.rule)
        .and_then(|i| i64::try_from(i).ok())
        .unwrap_or_default();
    let message = format!("{} Fix: {}", finding.message, finding.fix);
    let fingerprints = BTreeMap::from([(
        FINGERPRINT_KEY.to_string(),
        fingerprint(finding, occurrence),
    )]);
    let result = SarifResult::builder()
        .rule_id(finding.rule.name())
        .rule_index(rule_index)
        .level(level)
        .message(Message::builder().text(message).build())
        .locations(vec![location(finding, path)])
        .partial_fingerprints(fingerprints);
    match suppression(finding.status) {
        Some(suppression) => result.suppressions(vec![suppression]).build(),
        None => result.build(),
    }
}

/// Where the finding is: `path`, and its line and column when known.
fn location(finding: &Finding, path: &str) -> Location {
    let uri = uri_escape(path);
    let artifact = ArtifactLocation::builder().uri(uri).build();
    let physical = match region(finding) {
        Some(region) => PhysicalLocation::builder()
            .artifact_location(artifact)
            .region(region)
            .build(),
        None => PhysicalLocation::builder()
            .artifact_location(artifact)
            .build(),
    };
    Location::builder().physical_location(physical).build()
}

/// The finding's line (and column), or none when it has no line.
fn region(finding: &Finding) -> Option<Region> {
    if finding.line == 0 {
        return None;
    }
    let line = i64::from(finding.line);
    Some(match finding.column.filter(|&c| c > 0) {
        Some(column) => Region::builder()
            .start_line(line)
            .start_column(i64::from(column))
            .build(),
        None => Region::builder().start_line(line).build(),
    })
}

/// How a finding that does not fail is tolerated, as a SARIF suppression.
fn suppression(status: Status) -> Option<Suppression> {
    let (kind, justification) = match status {
        Status::New => return None,
        Status::Baselined => ("external", "tolerated by the seam baseline"),
        Status::Suppressed => ("inSource", "suppressed by a `# seam: allow` comment"),
    };
    Some(
        Suppression::builder()
            .kind(kind)
            .justification(justification)
            .build(),
    )
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
