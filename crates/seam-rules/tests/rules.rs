//! Each rule on a small codebase: what it flags, what it lets through, and with which severity.

use seam_perl::{Extractor, FileFacts};
use seam_rules::{Config, Finding, RuleId, Severity, Status};
use std::path::Path;

/// Four modules: web (scripts and App::Web), billing, catalog, db.
const FILES: &[(&str, &str)] = &[
    (
        "cgi-bin/invoice.pl",
        "use App::Web::Page;\nuse App::Billing::Invoice;\nmy $db = App::DB::handle();\n",
    ),
    ("lib/App/Web/Page.pm", "package App::Web::Page;\n1;\n"),
    (
        "lib/App/Billing/Invoice.pm",
        "package App::Billing::Invoice;\nuse App::DB;\nuse App::Catalog::Item;\nsub total { App::Catalog::Item::price() + App::Catalog::Item::_cost() }\nsub lazy { require App::Catalog::Item; eval \"use App::Catalog::Stock\"; }\n1;\n",
    ),
    (
        "lib/App/Catalog/Item.pm",
        "package App::Catalog::Item;\nuse DBI;\nsub price { 1 }\nsub _cost { 2 }\n1;\n",
    ),
    ("lib/App/Catalog/Stock.pm", "package App::Catalog::Stock;\n1;\n"),
    ("lib/App/DB.pm", "package App::DB;\nuse DBI;\nsub handle { DBI->connect }\n1;\n"),
    ("lib/Legacy/Thing.pm", "package Legacy::Thing;\n1;\n"),
];

const MODULES: &str = r#"
[[module]]
name = "web"
packages = ["App::Web::**"]
paths = ["cgi-bin/*"]

[[module]]
name = "billing"
packages = ["App::Billing::**"]

[[module]]
name = "catalog"
packages = ["App::Catalog::**"]

[[module]]
name = "db"
packages = ["App::DB", "DBI"]
"#;

fn facts() -> Vec<FileFacts> {
    let mut extractor = Extractor::new(Default::default());
    FILES
        .iter()
        .map(|(path, source)| extractor.extract(path, source.as_bytes()))
        .collect()
}

/// How seam's workspace resolves a codebase with this seam.toml (and no flags).
fn resolve_options(config: &Config) -> seam_graph::ResolveOptions {
    seam_graph::ResolveOptions {
        include_tests: config.include_tests,
        lib_roots: config.lib.clone(),
        keep_references: true,
        template_roots: config.template_roots.clone(),
    }
}

/// The findings of `config` on `facts`.
fn findings_of(config: &Config, facts: &[FileFacts]) -> Vec<Finding> {
    let options = resolve_options(config);
    let (graph, _) = seam_graph::resolve(facts, &options);
    let data = seam_graph::resolve_data(facts, &graph, &options, &Default::default());
    let map = seam_rules::ModuleMap::new(config, &graph);
    seam_rules::findings(config, &graph, &data, &map, facts)
}

/// The findings of the full config `text` on `facts`.
fn judge(text: &str, facts: &[FileFacts]) -> Vec<Finding> {
    let config = Config::parse(Path::new("seam.toml"), text).unwrap_or_else(|e| panic!("{e}"));
    findings_of(&config, facts)
}

/// Replaces billing's (or catalog's) module table header with `extra` keys appended.
fn with_module_keys(module: &str, extra: &str) -> String {
    let header = format!(
        "name = \"{module}\"\npackages = [\"App::{}::**\"]",
        capitalised(module)
    );
    MODULES.replace(&header, &format!("{header}\n{extra}"))
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn check(config: &str) -> Vec<Finding> {
    let config = Config::parse(Path::new("seam.toml"), &format!("{config}\n{MODULES}"))
        .unwrap_or_else(|e| panic!("{e}"));
    findings_of(&config, &facts())
}

/// `rule from -> to kind` of every finding of `rule`.
fn of(findings: &[Finding], rule: RuleId) -> Vec<String> {
    findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| {
            let symbol = f
                .symbol
                .as_deref()
                .map(|s| format!("::{s}"))
                .unwrap_or_default();
            let kind = f.kind.map_or("", |k| k.name());
            format!("{} -> {}{symbol} {kind}", f.from, f.to)
        })
        .collect()
}

#[test]
fn depends_on_allows_listed_modules_and_restricts_kinds() {
    let findings = check(
        r#"
[cycles]
forbid = false
"#,
    );
    assert!(
        of(&findings, RuleId::DependsOn).is_empty(),
        "no module declares depends_on"
    );

    let findings = judge(
        &with_module_keys(
            "billing",
            "depends_on = [\"db\", { module = \"catalog\", kinds = [\"runtime_load\"] }]",
        ),
        &facts(),
    );
    assert_eq!(
        of(&findings, RuleId::DependsOn),
        [
            "App::Billing::Invoice -> App::Catalog::Item use",
            "App::Billing::Invoice -> App::Catalog::Item::_cost call",
            "App::Billing::Invoice -> App::Catalog::Item::price call",
            "App::Billing::Invoice -> App::Catalog::Stock dynamic_load",
        ],
        "a runtime `require` is allowed, the compile-time `use` and the calls are not"
    );
    let dynamic = findings
        .iter()
        .find(|f| f.kind == Some(seam_graph::EdgeKind::DynamicLoad))
        .unwrap();
    assert_eq!(
        dynamic.severity,
        Severity::Warning,
        "dynamic loads are warnings by default"
    );
}

#[test]
fn private_packages_and_subs() {
    let findings = judge(
        &with_module_keys("catalog", "public_subs = [\"App::Catalog::Item::price\"]"),
        &facts(),
    );
    assert_eq!(
        of(&findings, RuleId::Private),
        [
            "App::Billing::Invoice -> App::Catalog::Item::_cost call",
            "App::Billing::Invoice -> App::Catalog::Stock dynamic_load",
        ],
        "loading a package with public subs and calling them is fine"
    );
}

#[test]
fn layers_open_and_closed() {
    let findings = check(
        r#"
[layers]
order = [
  { name = "ui", modules = ["web"], closed = true },
  { name = "domain", modules = ["billing", "catalog"] },
  { name = "data", modules = ["db"] },
]
"#,
    );
    assert_eq!(
        of(&findings, RuleId::Layers),
        ["cgi-bin/invoice.pl -> App::DB::handle call"],
        "the closed ui layer may not skip domain; domain may use data"
    );
}

#[test]
fn layers_flag_upward_references() {
    let findings = check(
        r#"
[layers]
order = [
  { name = "data", modules = ["db"] },
  { name = "domain", modules = ["billing", "catalog"] },
]
kinds = ["use"]
"#,
    );
    assert_eq!(
        of(&findings, RuleId::Layers),
        ["App::Billing::Invoice -> App::DB use"],
        "only `use` is judged, as configured"
    );
}

#[test]
fn forbidden_pairs_with_kinds_and_independent_groups() {
    let findings = check(
        r#"
[[forbidden]]
from = "billing"
to = "db"
reason = "billing goes through the repository"

[[independent]]
modules = ["billing", "catalog"]
kinds = ["use"]
"#,
    );
    assert_eq!(
        of(&findings, RuleId::Forbidden),
        ["App::Billing::Invoice -> App::DB use"]
    );
    let forbidden = findings
        .iter()
        .find(|f| f.rule == RuleId::Forbidden)
        .unwrap();
    assert!(forbidden
        .message
        .contains("billing goes through the repository"));
    assert_eq!(
        of(&findings, RuleId::Independent),
        ["App::Billing::Invoice -> App::Catalog::Item use"]
    );
}

#[test]
fn externals_count_only_when_listed_and_uncovered_packages_are_reported() {
    let without = check("");
    assert!(
        !without.iter().any(|f| f.to == "DBI"),
        "externals are ignored unless `external` lists them"
    );
    let uncovered = of(&without, RuleId::Uncovered);
    assert_eq!(uncovered, ["Legacy::Thing ->  "]);
    let finding = without
        .iter()
        .find(|f| f.rule == RuleId::Uncovered)
        .unwrap();
    assert_eq!((finding.severity, finding.line), (Severity::Warning, 1));

    let with = check(
        r#"
external = ["DBI"]

[check]
uncovered = "error"

[[forbidden]]
from = "catalog"
to = "db"
"#,
    );
    assert_eq!(
        of(&with, RuleId::Forbidden),
        ["App::Catalog::Item -> DBI use"]
    );
    assert!(with
        .iter()
        .any(|f| f.rule == RuleId::Uncovered && f.severity == Severity::Error));
}

#[test]
fn every_edge_of_a_module_cycle_is_reported_keyed_by_its_module_pair_with_the_path() {
    let mut facts = facts();
    let mut extractor = Extractor::new(Default::default());
    facts.push(extractor.extract(
        "lib/App/Catalog/Price.pm",
        b"package App::Catalog::Price;\nuse App::Billing::Invoice;\n1;\n",
    ));
    let findings = judge(MODULES, &facts);
    let cycle: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == RuleId::Cycle)
        .collect();
    let pairs: std::collections::BTreeSet<(String, String)> =
        cycle.iter().map(|f| (f.key().from, f.key().to)).collect();
    assert_eq!(
        pairs,
        [
            ("billing".to_string(), "catalog".to_string()),
            ("catalog".to_string(), "billing".to_string())
        ]
        .into(),
        "both edges of the cycle are its debt, keyed by module pair"
    );
    assert!(cycle
        .iter()
        .all(|f| f.key().symbol.is_empty() && f.key().kind.is_empty()));
    assert!(
        cycle
            .iter()
            .any(|f| f.message.contains("catalog -> billing -> catalog")),
        "{cycle:?}"
    );
    assert!(findings.iter().all(|f| f.status == Status::New));
}

#[test]
fn first_matching_module_wins() {
    let config = format!(
        "{MODULES}\n[[module]]\nname = \"everything\"\npackages = [\"**\"]\npaths = [\"**\"]\n"
    );
    let config = Config::parse(Path::new("seam.toml"), &config).unwrap();
    let facts = facts();
    let (graph, _) = seam_graph::resolve(&facts, &resolve_options(&config));
    let map = seam_rules::ModuleMap::new(&config, &graph);
    let module_of = |name: &str| {
        let node = graph.index_of(name).unwrap();
        map.module_of(node).map(|m| map.name(m))
    };
    assert_eq!(module_of("App::Billing::Invoice"), Some("billing"));
    assert_eq!(module_of("Legacy::Thing"), Some("everything"));
    assert!(map.uncovered.is_empty());
}

/// Billing owns `invoices`; catalog writes it and reads it; a suppressed write; an appended file.
#[test]
fn table_writes_by_other_modules_and_opt_in_reads() {
    let mut extractor = Extractor::new(Default::default());
    let facts: Vec<FileFacts> = [
        (
            "lib/App/Billing/Invoice.pm",
            "package App::Billing::Invoice;\nsub add { $dbh->do('INSERT INTO invoices (id) VALUES (?)') }\n1;\n",
        ),
        (
            "lib/App/Catalog/Item.pm",
            "package App::Catalog::Item;\nsub bill {\n  $dbh->do('UPDATE invoices SET total = 0');\n  $dbh->selectall_arrayref('SELECT * FROM invoices');\n  $dbh->do('DELETE FROM Invoices'); # seam: allow(table_write) one-off cleanup, ticket 12\n  $dbh->do('INSERT INTO items (id) VALUES (1)');\n  open(my $log, '>>', \"$datadir/billing.log\");\n}\n1;\n",
        ),
    ]
    .iter()
    .map(|(path, source)| extractor.extract(path, source.as_bytes()))
    .collect();
    let owners = with_module_keys(
        "billing",
        "tables = [\"invoice*\"]\ndata_files = [\"{datadir}/*.log\"]",
    );
    let findings = judge(&owners, &facts);
    let shown = |rule| {
        findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| format!("{}:{} {:?} {}", f.file, f.line, f.status, f.message))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        shown(RuleId::TableWrite),
        [
            "lib/App/Catalog/Item.pm:3 New App::Catalog::Item (catalog) writes table invoices, which billing owns",
            "lib/App/Catalog/Item.pm:5 Suppressed App::Catalog::Item (catalog) writes table invoices, which billing owns",
            "lib/App/Catalog/Item.pm:7 New App::Catalog::Item (catalog) writes data file {datadir}/billing.log, which billing owns",
        ]
    );
    assert!(shown(RuleId::TableRead).is_empty(), "reads are opt-in");
    let strict = format!("[check]\ntable_read = \"warn\"\n{owners}");
    let findings = judge(&strict, &facts);
    let reads: Vec<_> = findings
        .iter()
        .filter(|f| f.rule == RuleId::TableRead)
        .collect();
    assert_eq!(reads.len(), 1);
    assert_eq!((reads[0].line, reads[0].severity), (4, Severity::Warning));
    // no owners declared: no data findings at all
    assert!(judge(MODULES, &facts)
        .iter()
        .all(|f| !matches!(f.rule, RuleId::TableWrite | RuleId::TableRead)));
}

#[test]
fn config_validation_points_at_lines() {
    let error = |text: &str| {
        Config::parse(Path::new("seam.toml"), text)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        error("[[module]]\nname = \"a\"\npackages = [\"A\"]\n\n[[forbidden]]\nfrom = \"a\"\nto = \"b\"\n"),
        "seam.toml:7: no module is named \"b\""
    );
    assert!(error("[[module]]\nname = \"a\"\n").contains("claims nothing"));
    assert!(error("[[module]]\nname = \"a\"\npackages = [\"A[\"]\n")
        .starts_with("seam.toml:3: \"A[\" is not a valid glob"));
    assert!(error("[cycles]\nkinds = [\"uses\"]\n").contains("did you mean \"use\""));
    assert!(error("[chek]\n").contains("did you mean \"check\""));
    assert!(
        error("[[module]]\nname = \"a\"\npackages = [\"A\"]\ntables = [\"fines[\"]\n")
            .starts_with("seam.toml:4: \"fines[\" is not a valid glob")
    );
    assert!(error("[[module]]\nname = \"a\"\npackages = [\"lib/A/*\"]\n").contains("not a path"));
    assert!(error("[[module]]\nname = \"a\"\npackages = [\"A\"]\n[[module]]\nname = \"a\"\npackages = [\"B\"]\n")
        .starts_with("seam.toml:5: module \"a\" is declared twice"));
}

#[test]
fn suppressions_apply_where_written_and_only_in_comments() {
    let mut extractor = Extractor::new(Default::default());
    let mut facts = facts();
    facts[2] = extractor.extract(
        "lib/App/Billing/Invoice.pm",
        concat!(
            "package App::Billing::Invoice;\n",
            "use App::DB;\n",
            "sub a { App::Catalog::Item::price() } # seam: allow(depends_on) trailing: this line only\n",
            "sub b { App::Catalog::Item::title() }\n",
            "# seam: allow(depends_on) own line: covers the next line\n",
            "sub c { App::Catalog::Item::size() }\n",
            "my $s = \"# seam: allow(depends_on) in a string\"; sub d { App::Catalog::Item::d() }\n",
            "my $h = <<EOT;\n# seam: allow(depends_on) in a heredoc\nEOT\n",
            "sub e { App::Catalog::Item::e() }\n",
            "1;\n",
        )
        .as_bytes(),
    );
    let findings = judge(
        &with_module_keys("billing", "depends_on = [\"db\"]"),
        &facts,
    );
    let status = |symbol: &str| {
        findings
            .iter()
            .find(|f| f.rule == RuleId::DependsOn && f.symbol.as_deref() == Some(symbol))
            .map(|f| f.status)
    };
    assert_eq!(status("price"), Some(Status::Suppressed));
    assert_eq!(
        status("title"),
        Some(Status::New),
        "a trailing comment covers its line only"
    );
    assert_eq!(status("size"), Some(Status::Suppressed));
    assert_eq!(
        status("d"),
        Some(Status::New),
        "text in a string is not a comment"
    );
    assert_eq!(
        status("e"),
        Some(Status::New),
        "text in a heredoc is not a comment"
    );
    assert!(
        !findings.iter().any(|f| f.rule == RuleId::UnusedSuppression),
        "string and heredoc text are not suppressions, so not unused ones: {findings:?}"
    );
}

#[test]
fn an_unrelated_edge_leaves_the_keys_of_existing_cycle_debt_alone() {
    let mut facts = facts();
    let mut extractor = Extractor::new(Default::default());
    facts.push(extractor.extract(
        "lib/App/Catalog/Price.pm",
        b"package App::Catalog::Price;\nuse App::Billing::Invoice;\n1;\n",
    ));
    let config = Config::parse(Path::new("seam.toml"), MODULES).unwrap();
    let keys = |findings: &[Finding]| -> std::collections::BTreeSet<seam_rules::ViolationKey> {
        findings
            .iter()
            .filter(|f| f.rule == RuleId::Cycle)
            .map(Finding::key)
            .collect()
    };
    let before = keys(&findings_of(&config, &facts));
    // four more references on the edge back: the cheapest cut would move, the keys do not
    facts.push(extractor.extract(
        "lib/App/Catalog/More.pm",
        b"package App::Catalog::More;\nsub a { App::Billing::Invoice::total() }\nsub b { App::Billing::Invoice::total() }\nsub c { App::Billing::Invoice::total() }\nsub d { App::Billing::Invoice::total() }\n1;\n",
    ));
    let after = keys(&findings_of(&config, &facts));
    assert_eq!(before, after);
}
