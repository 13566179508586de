//! The `seam check` renderers on hand-built reports: what a developer, a CI system and a code
//! scanning service each rely on.

use seam_graph::EdgeKind;
use seam_report::{
    check_github, check_json, check_junit, check_markdown, check_sarif, check_text,
    GITHUB_ANNOTATION_CAP,
};
use seam_rules::{
    CheckMode, CheckReport, CheckSummary, Finding, Fixed, Ratchet, RuleId, RuleInfo, Severity,
    Status, CHECK_SCHEMA_VERSION,
};
use serde_json::Value;

/// A new `depends_on` error at `line` of Invoice.pm, pointing at the `use`d package.
fn depends_on(line: u32) -> Finding {
    Finding {
        rule: RuleId::DependsOn,
        severity: Severity::Error,
        status: Status::New,
        from_module: "billing".into(),
        from: "LibSys::Billing::Invoice".into(),
        to_module: "catalog".into(),
        to: "LibSys::Catalog::Item".into(),
        symbol: None,
        kind: Some(EdgeKind::Use),
        file: "lib/LibSys/Billing/Invoice.pm".into(),
        line,
        source: Some("use LibSys::Catalog::Item;".into()),
        column: Some(5),
        message: "LibSys::Billing::Invoice (billing) uses LibSys::Catalog::Item (catalog), which billing does not declare in depends_on".into(),
        fix: "add \"catalog\" to depends_on of module \"billing\" in seam.toml, or remove the use".into(),
        ratchet: None,
        tolerated: None,
    }
}

/// A finding that is not a reference (suppressions, baseline entries, coverage), with the rule's
/// general help as its fix.
fn plain(rule: RuleId, severity: Severity, file: &str, line: u32, message: &str) -> Finding {
    Finding::at(
        rule,
        severity,
        file,
        line,
        message.into(),
        rule.help().into(),
    )
}

fn rules(disabled: &[RuleId]) -> Vec<RuleInfo> {
    RuleId::ALL
        .into_iter()
        .map(|id| RuleInfo {
            id,
            enabled: !disabled.contains(&id),
            summary: id.summary().into(),
            help: id.help().into(),
        })
        .collect()
}

fn report(mode: CheckMode, findings: Vec<Finding>, fixed: Vec<Fixed>) -> CheckReport {
    let count = |status: Status, severity: Severity| {
        findings
            .iter()
            .filter(|f| f.status == status && f.severity == severity)
            .count()
    };
    let of_rule = |rule: RuleId| findings.iter().filter(|f| f.rule == rule).count();
    let summary = CheckSummary {
        new: count(Status::New, Severity::Error)
            - of_rule(RuleId::StaleBaseline)
            - of_rule(RuleId::ExpiredBaseline),
        stale: of_rule(RuleId::StaleBaseline),
        expired: of_rule(RuleId::ExpiredBaseline),
        warnings: count(Status::New, Severity::Warning),
        fixed: fixed.len() + of_rule(RuleId::StaleBaseline),
        baselined: count(Status::Baselined, Severity::Error),
        suppressed: count(Status::Suppressed, Severity::Error),
        uncovered: 0,
        files: 42,
        modules: 5,
    };
    CheckReport {
        schema_version: CHECK_SCHEMA_VERSION,
        root: ".".into(),
        config: "seam.toml".into(),
        mode,
        passed: !findings.iter().any(Finding::fails),
        summary,
        rules: rules(&[RuleId::Forbidden, RuleId::Independent]),
        findings,
        fixed,
        modules: Vec::new(),
        notes: Vec::new(),
    }
}

/// Baseline mode: two new errors of different rules with source, a baselined and a suppressed
/// violation, a warning, a ratchet, and a stale baseline entry without a line.
fn representative() -> CheckReport {
    let mut widening = depends_on(12);
    widening.ratchet = Some(Ratchet {
        baselined_symbols: 3,
    });
    let baselined = Finding {
        status: Status::Baselined,
        to: "LibSys::Catalog::Price".into(),
        source: Some("use LibSys::Catalog::Price;".into()),
        message: "LibSys::Billing::Invoice (billing) uses LibSys::Catalog::Price (catalog), which billing does not declare in depends_on".into(),
        ..depends_on(20)
    };
    let private = Finding {
        rule: RuleId::Private,
        from_module: "orders".into(),
        from: "LibSys::Orders::Checkout".into(),
        to_module: "billing".into(),
        to: "LibSys::Billing::Internal::Tax".into(),
        symbol: Some("compute".into()),
        kind: Some(EdgeKind::Call),
        file: "lib/LibSys/Orders/Checkout.pm".into(),
        line: 140,
        source: Some("\tmy $tax = LibSys::Billing::Internal::Tax::compute($order);".into()),
        column: Some(12),
        message: "LibSys::Orders::Checkout (orders) uses LibSys::Billing::Internal::Tax::compute, which billing keeps private".into(),
        fix: "use billing's public interface (LibSys::Billing), or make LibSys::Billing::Internal::Tax public in seam.toml".into(),
        ..depends_on(0)
    };
    let suppressed = Finding {
        rule: RuleId::Layers,
        status: Status::Suppressed,
        from_module: "catalog".into(),
        from: "LibSys::Catalog::Item".into(),
        to_module: "web".into(),
        to: "LibSys::Web::Session".into(),
        file: "lib/LibSys/Catalog/Item.pm".into(),
        line: 8,
        source: Some("use LibSys::Web::Session; # seam: allow(layers) legacy session lookup".into()),
        message: "LibSys::Catalog::Item (catalog, layer domain) uses LibSys::Web::Session (web, layer ui), a layer above it".into(),
        fix: "invert the dependency or move the code to the layer it belongs to".into(),
        ..depends_on(0)
    };
    let unused = plain(
        RuleId::UnusedSuppression,
        Severity::Warning,
        "lib/LibSys/Orders/Checkout.pm",
        7,
        "# seam: allow(cycle) suppresses nothing on this line or the next",
    );
    let stale = Finding {
        from: "LibSys::Billing::Invoice".into(),
        to: "LibSys::Catalog::Stock".into(),
        ..plain(
            RuleId::StaleBaseline,
            Severity::Error,
            "lib/LibSys/Billing/Invoice.pm",
            0,
            "baseline entry depends_on LibSys::Billing::Invoice -> LibSys::Catalog::Stock no longer matches a violation",
        )
    };
    report(
        CheckMode::Baseline {
            file: Some("seam-baseline.toml".into()),
        },
        vec![widening, baselined, private, suppressed, unused, stale],
        vec![],
    )
}

/// `--base` mode, passing, with violations this change removed.
fn base_mode() -> CheckReport {
    let mut baselined = depends_on(12);
    baselined.status = Status::Baselined;
    let fixed = |to: &str, line: u32| Fixed {
        key: Finding {
            to: to.into(),
            ..depends_on(line)
        }
        .key(),
        count: 1,
        file: "lib/LibSys/Billing/Invoice.pm".into(),
        line,
        message: format!("LibSys::Billing::Invoice uses {to}"),
    };
    report(
        CheckMode::Base {
            rev: "origin/main".into(),
            commit: "0c589db1e2f3a4b5c6d7e8f90123456789abcdef".into(),
        },
        vec![baselined],
        vec![
            fixed("LibSys::Catalog::Price", 20),
            fixed("LibSys::Catalog::Stock", 31),
        ],
    )
}

/// A report whose only new finding has `message` and `file`.
fn hostile(message: &str, file: &str, to: &str) -> CheckReport {
    let finding = Finding {
        message: message.into(),
        file: file.into(),
        to: to.into(),
        ..depends_on(3)
    };
    report(CheckMode::Baseline { file: None }, vec![finding], vec![])
}

fn sarif_json(report: &CheckReport, prefix: &str) -> Value {
    serde_json::from_str(&check_sarif(report, "0.1.0", prefix)).expect("SARIF is JSON")
}

fn results(sarif: &Value) -> &Vec<Value> {
    sarif["runs"][0]["results"]
        .as_array()
        .expect("a results array")
}

#[test]
fn text_points_a_caret_run_at_the_referenced_name() {
    let text = check_text(&representative());
    assert!(text.contains("12 | use LibSys::Catalog::Item;\n   |     ^^^^^^^^^^^^^^^^^^^^^\n"));
    // A tab is shown as four spaces and the caret run covers the qualified sub.
    assert!(text.contains(&format!(
        "140 |     my $tax = LibSys::Billing::Internal::Tax::compute($order);\n    | {}{}\n",
        " ".repeat(14),
        "^".repeat("LibSys::Billing::Internal::Tax::compute".len())
    )));
    assert!(text.contains("  = note: widens baselined coupling billing -> catalog (3 symbols)"));
    assert!(text.contains("\n --> lib/LibSys/Billing/Invoice.pm\n"));
    assert!(
        !text.contains("LibSys::Catalog::Price"),
        "baselined findings are not shown"
    );
    assert!(
        !text.contains("LibSys::Web::Session"),
        "suppressed findings are not shown"
    );
    assert!(text.ends_with(
        "\n2 new, 1 fixed, 1 baselined, 1 suppressed, 1 warning\ncheck failed: 2 new violations, 1 stale baseline entry\n"
    ));
    insta::assert_snapshot!("check_text", text);
}

#[test]
fn text_caret_covers_a_qualified_variable_after_its_sigil() {
    let variable = Finding {
        to: "LibSys::Config".into(),
        symbol: Some("$debug".into()),
        kind: Some(EdgeKind::Variable),
        source: Some("warn 'x' if $LibSys::Config::debug;".into()),
        column: Some(14),
        ..depends_on(7)
    };
    let text = check_text(&report(
        CheckMode::Baseline { file: None },
        vec![variable],
        vec![],
    ));
    assert!(text.contains(&format!(
        "7 | warn 'x' if $LibSys::Config::debug;\n  | {}{}\n",
        " ".repeat(13),
        "^".repeat("LibSys::Config::debug".len())
    )));
}

#[test]
fn text_in_base_mode_names_the_revision_and_what_was_fixed() {
    let text = check_text(&base_mode());
    assert!(text.contains(
        "fixed: depends_on LibSys::Billing::Invoice -> LibSys::Catalog::Price [use] (was at\n       lib/LibSys/Billing/Invoice.pm:20)\n"
    ));
    assert!(text.ends_with("check passed, compared with origin/main (0c589db)\n"));
    insta::assert_snapshot!("check_text_base", text);
}

#[test]
fn json_is_the_versioned_report_its_schema_describes() {
    let schema_text = include_str!("../../../docs/check-schema.json");
    let schema: Value = serde_json::from_str(schema_text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the check schema compiles");
    for report in [representative(), base_mode()] {
        let json: Value = serde_json::from_str(&check_json(&report)).expect("JSON");
        assert_eq!(json["schema_version"], CHECK_SCHEMA_VERSION);
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "JSON does not match its schema: {errors:#?}"
        );
    }
    let json: Value = serde_json::from_str(&check_json(&representative())).expect("JSON");
    assert_eq!(json["mode"], "baseline");
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(6));
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    // The OASIS schema (the copy serde-sarif shipped), with the one fix SARIF 2.1.0 Errata 01 made to
    // it: its `language` pattern had a stray `]` that no ECMA-262 engine in unicode mode compiles
    // (oasis-tcs/sarif-spec#488).
    let schema_text = include_str!("data/sarif-schema-2.1.0.json").replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
    );
    let schema: Value = serde_json::from_str(&schema_text).expect("schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    for report in [
        representative(),
        base_mode(),
        hostile("<x>&\"", "lib/a b:c%.pm", "X"),
    ] {
        let sarif = sarif_json(&report, "./app/");
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");
    }
    // The validator is not vacuous: a level SARIF does not define is rejected.
    let mut broken = sarif_json(&representative(), "");
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!("check_sarif", check_sarif(&representative(), "0.1.0", ""));
}

#[test]
fn sarif_describes_every_rule_and_marks_tolerated_findings_as_suppressed() {
    let sarif = sarif_json(&representative(), "app");
    assert_eq!(sarif["version"], "2.1.0");
    let driver = &sarif["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "seam");
    assert_eq!(driver["version"], "0.1.0");
    let ids: Vec<&str> = driver["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    let names: Vec<&str> = RuleId::ALL.iter().map(|r| r.name()).collect();
    assert_eq!(ids, names);

    let results = results(&sarif);
    assert_eq!(results.len(), 6);
    let first = &results[0];
    assert_eq!(first["ruleId"], "depends_on");
    assert_eq!(first["ruleIndex"], 0);
    assert_eq!(first["level"], "error");
    let physical = &first["locations"][0]["physicalLocation"];
    assert_eq!(
        physical["artifactLocation"]["uri"],
        "app/lib/LibSys/Billing/Invoice.pm"
    );
    assert_eq!(physical["region"]["startLine"], 12);
    assert_eq!(physical["region"]["startColumn"], 5);
    assert!(first["message"]["text"]
        .as_str()
        .is_some_and(|m| m.contains(" Fix: add \"catalog\"")));
    assert!(first.get("suppressions").is_none());

    let kinds: Vec<&str> = results
        .iter()
        .filter_map(|r| r["suppressions"][0]["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["external", "inSource"]);
    let stale = results
        .iter()
        .find(|r| r["ruleId"] == "stale_baseline")
        .expect("the stale entry");
    assert!(stale["locations"][0]["physicalLocation"]
        .get("region")
        .is_none());
}

#[test]
fn sarif_anchors_findings_without_a_file_at_the_config() {
    let report = hostile("no module claims it", "", "");
    let sarif = sarif_json(&report, "app");
    let location = &results(&sarif)[0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "seam.toml");
}

#[test]
fn sarif_fingerprints_are_per_occurrence_and_survive_unrelated_insertions() {
    let prints = |lines: &[u32]| -> Vec<String> {
        let mut with_symbol = depends_on(90);
        with_symbol.symbol = Some("price".into());
        let mut findings: Vec<Finding> = lines.iter().map(|&l| depends_on(l)).collect();
        findings.push(with_symbol);
        let report = report(CheckMode::Baseline { file: None }, findings, vec![]);
        let sarif = sarif_json(&report, "");
        results(&sarif)
            .iter()
            .map(|r| {
                r["partialFingerprints"]["seam/v2"]
                    .as_str()
                    .expect("print")
                    .to_string()
            })
            .collect()
    };
    let before = prints(&[12, 48]);
    assert_eq!(before[0].len(), 16);
    assert!(before[0].chars().all(|c| c.is_ascii_hexdigit()));
    assert_ne!(before[0], before[1], "two occurrences are two alerts");
    assert_ne!(before[0], before[2], "another symbol is another alert");
    // ten lines inserted above both occurrences: every fingerprint stays
    assert_eq!(
        prints(&[22, 58]),
        before,
        "unrelated insertions keep the fingerprints"
    );
}

#[test]
fn github_annotations_are_escaped() {
    let report = hostile("100% broken\nsecond line", "lib/a:b,c.pm", "X");
    let out = check_github(&report, "");
    let first = out.lines().next().expect("an annotation");
    assert_eq!(
        first,
        "::error file=lib/a%3Ab%2Cc.pm,line=3,col=5,title=seam depends_on::100%25 broken\\nsecond line Fix: add \"catalog\" to depends_on of module \"billing\" in seam.toml, or remove the use"
    );
    assert_eq!(out.lines().count(), 2, "one command and the summary line");
}

#[test]
fn github_stops_annotating_at_the_cap() {
    let findings: Vec<Finding> = (1..=60).map(depends_on).collect();
    let report = report(CheckMode::Baseline { file: None }, findings, vec![]);
    let out = check_github(&report, "app");
    let lines: Vec<&str> = out.lines().collect();
    let errors = lines.iter().filter(|l| l.starts_with("::error ")).count();
    assert_eq!(errors, GITHUB_ANNOTATION_CAP);
    assert!(lines[0].starts_with("::error file=app/lib/LibSys/Billing/Invoice.pm,line=1,"));
    assert_eq!(
        lines[GITHUB_ANNOTATION_CAP],
        "::warning title=seam::10 more findings not annotated; see the job summary or run seam check locally"
    );
    assert_eq!(lines.last(), Some(&"60 new, 0 fixed, 0 baselined"));
    assert_eq!(lines.len(), GITHUB_ANNOTATION_CAP + 2);
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!("check_github", check_github(&representative(), ""));
}

/// Checks that `xml` is a sequence of balanced elements (after the declaration) and that every
/// `&` starts an entity: enough to catch broken escaping without an XML parser.
fn assert_well_formed(xml: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("XML declaration");
    let mut open: Vec<&str> = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find('<') {
        let text = &rest[..start];
        assert!(!text.contains('>'), "raw > in text: {text}");
        let end = rest[start..].find('>').expect("unclosed tag") + start;
        let tag = &rest[start + 1..end];
        assert!(!tag.contains('<'), "raw < in tag: {tag}");
        let name = tag
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap_or_default();
        if tag.starts_with('/') {
            assert_eq!(open.pop(), Some(name), "mismatched </{name}>");
        } else if !tag.ends_with('/') {
            open.push(name);
        }
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
        rest = &rest[end + 1..];
    }
    assert!(open.is_empty(), "unclosed elements: {open:?}");
    for (i, _) in xml.match_indices('&') {
        let entity = &xml[i..xml[i..].find(';').map_or(xml.len(), |e| i + e + 1)];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains(&entity),
            "bad entity {entity}"
        );
    }
}

#[test]
fn junit_has_one_case_per_rule_and_fails_the_rules_with_new_errors() {
    let xml = check_junit(&representative());
    assert_well_formed(&xml);
    assert_eq!(xml.matches("<testcase ").count(), RuleId::ALL.len());
    assert!(xml.contains(
        "<testsuites name=\"seam check\" tests=\"14\" failures=\"3\" errors=\"0\" skipped=\"2\">"
    ));
    assert_eq!(xml.matches("<failure ").count(), 3);
    assert!(xml.contains(
        "<failure message=\"1 new violation\" type=\"private\">lib/LibSys/Orders/Checkout.pm:140: "
    ));
    assert!(
        xml.contains("<failure message=\"1 stale baseline entry\" type=\"stale_baseline\">"),
        "a stale entry is not a new violation: {xml}"
    );
    assert_eq!(xml.matches("<skipped/>").count(), 2);
    assert!(xml.contains("<system-out>lib/LibSys/Orders/Checkout.pm:7: # seam: allow(cycle)"));
    insta::assert_snapshot!("check_junit", xml);
}

#[test]
fn junit_escapes_hostile_text() {
    let xml = check_junit(&hostile("<x>&\"\u{1}", "lib/<a>.pm", "X"));
    assert_well_formed(&xml);
    // control characters are shown, not dropped: `\x01`
    assert!(xml.contains("lib/&lt;a&gt;.pm:3: &lt;x&gt;&amp;&quot;\\x01 (fix: "));
}

#[test]
fn markdown_tables_survive_hostile_names() {
    let md = check_markdown(&hostile(
        "uses it",
        "lib/x.pm",
        "Evil|Pkg<script>alert(1)</script>",
    ));
    assert!(md.contains("Evil\\|Pkg&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!md.contains("<script>"));
    let row = md
        .lines()
        .find(|l| l.starts_with("| lib/x.pm:3 |"))
        .expect("the finding's row");
    let unescaped_pipes = row.matches('|').count() - row.matches("\\|").count();
    assert_eq!(unescaped_pipes, 6, "five cells: {row}");
}

#[test]
fn markdown_summarises_the_check() {
    let md = check_markdown(&representative());
    assert!(md.starts_with("## seam check: failed\n"));
    assert!(md.contains("\n### `depends_on` (1 error)\n"));
    assert!(
        !md.contains("### layers"),
        "suppressed findings are not listed"
    );
    insta::assert_snapshot!("check_markdown", md);

    let base = check_markdown(&base_mode());
    assert!(base.starts_with("## seam check: passed\n\nCompared with origin/main (0c589db).\n"));
    assert!(base.contains("\n### Fixed (2)\n"));
}

#[test]
fn markdown_caps_each_table() {
    let findings: Vec<Finding> = (1..=130).map(depends_on).collect();
    let md = check_markdown(&report(
        CheckMode::Baseline { file: None },
        findings,
        vec![],
    ));
    assert_eq!(md.matches("| lib/LibSys/Billing/Invoice.pm:").count(), 100);
    assert!(md.contains("\n… and 30 more\n"));
}

#[test]
fn renderers_accept_an_empty_report() {
    let empty = report(CheckMode::Baseline { file: None }, vec![], vec![]);
    assert_eq!(
        check_text(&empty),
        "0 new, 0 fixed, 0 baselined\ncheck passed\n"
    );
    assert_eq!(check_github(&empty, ""), "0 new, 0 fixed, 0 baselined\n");
    assert_well_formed(&check_junit(&empty));
    assert!(check_markdown(&empty).starts_with("## seam check: passed\n"));
    assert_eq!(results(&sarif_json(&empty, "")).len(), 0);
}
