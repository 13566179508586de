//! The rule registry is the one place a rule is described: every rule is in it once, and what is
//! written about the rules elsewhere (docs/check.md, the `seam init` draft) follows it.

use seam_perl::Extractor;
use seam_rules::rules::{self, registry};
use seam_rules::{draft_config, Config, RuleId};
use std::collections::BTreeSet;
use std::path::Path;

/// Every `RuleId` variant, as the derived JSON schema spells it (independent of the registry, so a
/// variant added to the enum but not registered is caught).
fn every_variant() -> Vec<String> {
    fn collect(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("const", serde_json::Value::String(name)) => out.push(name.clone()),
                        ("enum", serde_json::Value::Array(names)) => {
                            out.extend(names.iter().filter_map(|n| n.as_str()).map(str::to_string))
                        }
                        _ => collect(value, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let schema = serde_json::to_value(schemars::schema_for!(RuleId)).unwrap();
    let mut out = Vec::new();
    collect(&schema, &mut out);
    out
}

fn names(rules: impl Iterator<Item = RuleId>) -> Vec<&'static str> {
    rules.map(RuleId::name).collect()
}

#[test]
fn every_rule_is_registered_exactly_once_in_rule_order() {
    let registered = names(registry().iter().map(|r| r.id()));
    let unique: BTreeSet<&str> = registered.iter().copied().collect();
    assert_eq!(unique.len(), registered.len(), "a rule is registered twice");
    assert_eq!(registered, every_variant(), "registry and RuleId differ");
    assert_eq!(registered.len(), rules::COUNT);
    assert_eq!(
        registry().iter().map(|r| r.id()).collect::<Vec<_>>(),
        RuleId::ALL
    );
    let mut sorted = RuleId::ALL;
    sorted.sort();
    assert_eq!(sorted, RuleId::ALL, "registry order is RuleId's order");
}

#[test]
fn every_rule_round_trips_through_its_name_and_reads_the_registry() {
    for rule in registry() {
        let id = rule.id();
        assert_eq!(RuleId::from_name(id.name()), Some(id));
        let serialized = serde_json::to_value(id).unwrap();
        assert_eq!(serialized.as_str(), Some(id.name()), "serde name of {id:?}");
        assert_eq!(rules::rule(id).id(), id);
        assert_eq!(id.summary(), rule.summary());
        assert_eq!(id.help(), rule.help());
        for text in [rule.summary(), rule.help()] {
            assert!(
                !text.is_empty() && text.ends_with('.'),
                "{}: {text:?}",
                id.name()
            );
        }
    }
    assert_eq!(RuleId::from_name("depend_on"), None);
}

/// The rules a comment may allow: the boundary rules and coverage.
const SUPPRESSIBLE: [&str; 9] = [
    "depends_on",
    "private",
    "layers",
    "forbidden",
    "independent",
    "table_write",
    "table_read",
    "cycle",
    "uncovered",
];

#[test]
fn comments_may_suppress_the_boundary_rules_and_coverage() {
    assert_eq!(names(rules::suppressible()), SUPPRESSIBLE);
}

fn config(text: &str) -> Config {
    Config::parse(Path::new("seam.toml"), text).unwrap()
}

/// The smallest valid seam.toml: one module (a seam.toml without any is an error).
const ONE_MODULE: &str = "[[module]]\nname = \"m\"\npackages = [\"M\"]\n";

/// Every rule seam.toml can turn on (or set to a level).
const ALL_ON: &str = r#"
[check]
uncovered = "error"
stale_baseline = "error"
unused_suppression = "warn"
unreadable = "error"
table_read = "warn"

[[module]]
name = "a"
packages = ["A::**"]
depends_on = []
public = []
tables = ["a_*"]

[[module]]
name = "b"
packages = ["B::**"]

[layers]
order = [{ name = "top", modules = ["a"] }, { name = "bottom", modules = ["b"] }]

[[forbidden]]
from = "b"
to = "a"

[[independent]]
modules = ["a", "b"]
"#;

/// Every rule seam.toml can turn off, off.
const ALL_OFF: &str = r#"
[check]
uncovered = "ignore"
stale_baseline = "ignore"
unused_suppression = "ignore"
unreadable = "ignore"

[cycles]
forbid = false

[[module]]
name = "m"
packages = ["M"]
"#;

/// The rules seam.toml configures: on with [`ALL_ON`], off with [`ALL_OFF`].
fn configured() -> Vec<RuleId> {
    let (on, off) = (config(ALL_ON), config(ALL_OFF));
    let mut configured = Vec::new();
    for rule in registry() {
        match (rule.enabled(&on), rule.enabled(&off)) {
            (true, false) => configured.push(rule.id()),
            (true, true) => {}
            (on, off) => panic!(
                "{}: enabled {on} when all on, {off} when all off",
                rule.id().name()
            ),
        }
    }
    configured
}

#[test]
fn seam_toml_enables_what_it_configures_and_the_rest_is_always_on() {
    assert_eq!(
        names(configured().into_iter()),
        [
            SUPPRESSIBLE.as_slice(),
            &["unreadable", "unused_suppression", "stale_baseline"]
        ]
        .concat()
    );
    let default = config(ONE_MODULE);
    let on_by_default: Vec<&str> = registry()
        .iter()
        .filter(|r| r.enabled(&default))
        .map(|r| r.id().name())
        .collect();
    assert_eq!(
        on_by_default,
        [
            "cycle",
            "uncovered",
            "unreadable",
            "invalid_suppression",
            "unused_suppression",
            "stale_baseline",
            "expired_baseline",
        ]
    );
}

/// Whether `text` mentions `word` as a word (`cycle` in "cycles" counts, in "bicycle" not).
fn mentions(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        !text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn the_init_draft_explains_every_rule_seam_toml_configures() {
    let files = [
        (
            "lib/App/Billing.pm",
            "package App::Billing;\nuse App::Catalog;\n1;\n",
        ),
        ("lib/App/Catalog.pm", "package App::Catalog;\n1;\n"),
        ("bin/run.pl", "use App::Billing;\n"),
    ];
    let mut extractor = Extractor::new(Default::default());
    let facts: Vec<_> = files
        .iter()
        .map(|(path, source)| extractor.extract(path, source.as_bytes()))
        .collect();
    let analysis = seam_graph::analyze(&facts, &Default::default());
    let draft = draft_config(&analysis, &[], &[]);
    // the levels it writes out are the rules' own defaults
    let (written, defaults) = (config(&draft).check(), config(ONE_MODULE).check());
    assert_eq!(
        (
            written.uncovered,
            written.stale_baseline,
            written.unused_suppression,
            written.unreadable
        ),
        (
            defaults.uncovered,
            defaults.stale_baseline,
            defaults.unused_suppression,
            defaults.unreadable
        )
    );
    for (level, rule) in [
        (defaults.uncovered, RuleId::Uncovered),
        (defaults.stale_baseline, RuleId::StaleBaseline),
        (defaults.unused_suppression, RuleId::UnusedSuppression),
        (defaults.unreadable, RuleId::Unreadable),
    ] {
        assert_eq!(level, rules::rule(rule).default_level(), "{}", rule.name());
    }
    for rule in configured() {
        assert!(
            mentions(&draft, rule.name()),
            "the seam init draft does not mention `{}`",
            rule.name()
        );
    }
}

/// docs/check.md, which documents the rules.
fn check_md() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/check.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `code` spans of `text`.
fn code_spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

#[test]
fn docs_check_md_has_a_row_for_every_rule() {
    let doc = check_md();
    let rows: Vec<&str> = doc
        .lines()
        .skip_while(|l| !l.starts_with("| rule |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|row| {
            let cell = row.split('|').nth(1).unwrap_or("").trim();
            code_spans(cell).first().copied().unwrap_or(cell)
        })
        .collect();
    assert_eq!(
        rows,
        names(RuleId::ALL.into_iter()),
        "docs/check.md's rule table must list every rule once, in registry order"
    );
}

#[test]
fn docs_check_md_names_exactly_the_suppressible_rules() {
    let doc = check_md().replace('\n', " ");
    let Some((_, rest)) = doc.split_once("Suppressible rules:") else {
        panic!("docs/check.md has no \"Suppressible rules:\" sentence");
    };
    let sentence = rest.split_once(". ").map_or(rest, |(s, _)| s);
    assert_eq!(code_spans(sentence), names(rules::suppressible()));
}

#[test]
fn check_help_lists_every_rule_and_what_may_be_allowed() {
    let help = seam_rules::rules::help_table();
    for rule in seam_rules::RuleId::ALL {
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{} ", rule.name())))
            .unwrap_or_else(|| panic!("{} is not in --help:\n{help}", rule.name()));
        assert!(line.contains(rule.summary()), "{line}");
    }
    assert!(help.contains(
        "may allow: depends_on, private, layers, forbidden, independent, table_write, table_read, \
         cycle, uncovered."
    ));
}

#[test]
fn severity_names_are_the_serde_names() {
    for severity in [seam_rules::Severity::Error, seam_rules::Severity::Warning] {
        let name: &'static str = severity.into();
        assert_eq!(serde_json::to_value(severity).unwrap(), name);
    }
}
