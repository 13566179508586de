//! The data model through the binary: tables and data files in `seam analyze`, on the example
//! (its planted shared write, cron-appended flat file, schema drift, table names in variables,
//! and its two ORMs: a DBIx::Class result set and a DBIx::SearchBuilder record) and on small
//! trees (ORM calls through a mapper, tests left out).

mod common;

use common::{seam_json, tree, EXAMPLE};
use serde_json::Value;

fn item<'a>(data: &'a Value, name: &str) -> &'a Value {
    data["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("no data item {name}"))
}

/// (module, reads, writes) of each module touching an item.
fn touched(item: &Value) -> Vec<(String, u64, u64)> {
    item["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["module"].as_str().unwrap().to_string(),
                m["reads"].as_u64().unwrap(),
                m["writes"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_example_shows_its_planted_data_coupling() {
    let analysis = seam_json(&["analyze", "-q", "--no-history", EXAMPLE, "--format", "json"]);
    let data = &analysis["data"];
    let summary = &data["summary"];
    assert_eq!(summary["tables"], 22);
    assert_eq!(summary["schema_tables"], 21);
    assert_eq!(summary["data_files"], 1);
    // fines (planted) and patron_cards (the kiosk stamps cards itself, below)
    assert_eq!(summary["shared_writes"], 2);
    assert_eq!(summary["blind_spots"], 4);

    // the planted shared write: billing and circulation both write fines
    let fines = item(data, "fines");
    assert_eq!(fines["shared_write"], true);
    assert_eq!(
        touched(fines),
        [
            ("billing".into(), 0, 1),
            ("circulation".into(), 4, 4),
            ("reports".into(), 2, 0)
        ]
    );
    assert_eq!(fines["owner"]["module"], "circulation");
    assert_eq!(fines["owner"]["reason"], "writes 4 of 5");
    assert_eq!(
        fines["owner"]["evidence"][0],
        serde_json::json!({"file": "lib/LibSys/Circulation/Fines.pm", "line": 34})
    );
    assert_eq!(
        fines["defined_at"][0],
        serde_json::json!({"file": "schema.sql", "line": 34})
    );

    // the cron script appends the log the CGI reads: one normalised path
    let log = item(data, "{datadir}/fines.log");
    assert_eq!(log["kind"], "data_file");
    assert_eq!(log["writers"], 1);

    // schema drift both ways
    assert_eq!(data["unknown_tables"], serde_json::json!(["sessions"]));
    assert_eq!(data["unused_tables"], serde_json::json!(["reservations"]));

    // footprints: billing owns its invoices and shares fines
    let billing = data["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["module"] == "billing")
        .unwrap();
    assert_eq!(
        billing["owns"],
        serde_json::json!(["invoice_lines", "invoices", "payments"])
    );
    assert_eq!(billing["shares"], serde_json::json!(["fines"]));
}

#[test]
fn the_text_overview_names_shared_writes_and_drift() {
    let output = common::succeed(&["analyze", "-q", "--no-history", EXAMPLE]);
    let text = String::from_utf8(output.stdout).unwrap();
    for expected in [
        "written by several modules (extracting one needs a data sync):",
        "fines                        billing W, circulation RW, reports R",
        "owner: circulation (writes 4 of 5, e.g. lib/LibSys/Circulation/Fines.pm:34)",
        "used in code, in no schema file: sessions",
        "in a schema file, used by no code: reservations",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    let md = common::succeed(&["analyze", "-q", "--no-history", EXAMPLE, "--format", "md"]);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("| **fines** (shared write) | billing W, circulation RW, reports R |"));
}

#[test]
fn orm_calls_are_table_uses_of_the_caller_and_tests_are_left_out() {
    let dir = tree(&[
        (
            "lib/App/Schema/Result/Fine.pm",
            "package App::Schema::Result::Fine;\nuse base 'DBIx::Class::Core';\n__PACKAGE__->table('fines');\n1;\n",
        ),
        (
            "lib/App/Billing.pm",
            "package App::Billing;\nuse App::Schema::Result::Fine;\nsub open_fines { App::Schema::Result::Fine->search({ paid => 0 }) }\nsub add { App::Schema::Result::Fine->create({}) }\nsub build { App::Schema::Result::Fine->new }\n1;\n",
        ),
        (
            "t/fines.t",
            "use App::Schema::Result::Fine;\nApp::Schema::Result::Fine->delete;\n",
        ),
    ]);
    let root = dir.path().to_str().unwrap();
    let analysis = seam_json(&["analyze", "-q", "--no-history", root, "--format", "json"]);
    let fines = item(&analysis["data"], "fines");
    let counts: Vec<(&str, u64, u64, u64)> = fines["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let n = |k: &str| m[k].as_u64().unwrap();
            (
                m["module"].as_str().unwrap(),
                n("reads"),
                n("writes"),
                n("maps"),
            )
        })
        .collect();
    // search reads, create writes, new does neither; the test's delete is not counted
    assert_eq!(
        counts,
        [("App::Billing", 1, 1, 0), ("App::Schema", 0, 0, 1)]
    );
    assert_eq!(fines["owner"]["reason"], "writes 1 of 1");
    // no schema file: nothing is "unknown"
    assert_eq!(analysis["data"]["unknown_tables"], serde_json::json!([]));
}

/// The example's ORM code, read by `seam facts`: where each call is, what it reaches it through.
#[test]
fn the_examples_orm_calls_are_facts_to_resolve() {
    let output = common::succeed(&["facts", "-q", EXAMPLE]);
    let mut found = Vec::new();
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let facts: Value = serde_json::from_str(line).unwrap();
        for data in facts["data"].as_array().into_iter().flatten() {
            if data["via"] == "orm" {
                let field = |k: &str| data[k].as_str().unwrap().to_string();
                found.push(format!(
                    "{}:{} {} {} {} {}",
                    field_path(&facts),
                    data["line"],
                    field("kind"),
                    field("target"),
                    field("access"),
                    field("confidence"),
                ));
            }
        }
    }
    let kiosk = "lib/LibSys/Circulation/Kiosk.pm";
    let ill = "lib/LibSys/Circulation/Interlibrary.pm";
    for expected in [
        "lib/LibSys/Schema.pm:13 result_namespace LibSys::Schema::Result map exact".to_string(),
        "lib/LibSys/Schema/Result/IllRequest.pm:8 table ill_requests map exact".to_string(),
        "lib/LibSys/Patron/Card.pm:10 table patron_cards map exact".to_string(),
        format!("{ill}:14 result_source IllRequest write inferred"),
        format!("{ill}:25 result_source IllRequest read inferred"),
        // through variables: `my $requests = ...->resultset(...)`, `my $request = $requests->find`
        format!("{ill}:34 result_source IllRequest read inferred"),
        format!("{ill}:36 result_source IllRequest write inferred"),
        // `my $card = LibSys::Patron::Card->new($handle)`
        format!("{kiosk}:14 orm_class LibSys::Patron::Card read inferred"),
        format!("{kiosk}:16 orm_class LibSys::Patron::Card write inferred"),
    ] {
        assert!(found.contains(&expected), "{expected}\n{found:#?}");
    }
    // accessors (`$card->Lost`, `$card->PatronId`) are not table uses
    assert!(!found.iter().any(|f| f.starts_with(&format!("{kiosk}:15"))));
    assert!(!found.iter().any(|f| f.starts_with(&format!("{kiosk}:17"))));
}

fn field_path(facts: &Value) -> &str {
    facts["path"].as_str().unwrap()
}

/// The ORM calls as table uses: analyze's data section (owners), graph --with-data, the report.
#[test]
fn the_examples_orm_tables_have_users_and_owners() {
    let analysis = seam_json(&["analyze", "-q", "--no-history", EXAMPLE, "--format", "json"]);
    let data = &analysis["data"];
    // the SearchBuilder record: Patron maps and writes its cards, the kiosk stamps them too
    let cards = item(data, "patron_cards");
    assert_eq!(
        touched(cards),
        [("circulation".into(), 1, 1), ("patron".into(), 2, 3)]
    );
    assert_eq!(cards["shared_write"], true);
    assert_eq!(cards["owner"]["module"], "patron");
    assert_eq!(cards["owner"]["reason"], "writes 3 of 4");
    // the DBIx::Class result class (in Shared, with the schema) maps; Circulation uses it
    let ill = item(data, "ill_requests");
    assert_eq!(
        touched(ill),
        [("circulation".into(), 2, 2), ("shared".into(), 0, 0)]
    );
    assert_eq!(ill["owner"]["module"], "circulation");
    assert_eq!(ill["owner"]["reason"], "writes 2 of 2");
    assert_eq!(
        ill["owner"]["evidence"][0],
        serde_json::json!({"file": "lib/LibSys/Circulation/Interlibrary.pm", "line": 14})
    );
    // both are in schema.sql and used: no drift from them
    assert_eq!(data["unused_tables"], serde_json::json!(["reservations"]));

    let graph = seam_json(&["graph", "-q", EXAMPLE, "--with-data", "--format", "json"]);
    let edges: Vec<(String, u64, u64)> = graph["data_edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["to"] == "patron_cards" || e["to"] == "ill_requests")
        .map(|e| {
            (
                format!(
                    "{} {}",
                    e["from"].as_str().unwrap(),
                    e["to"].as_str().unwrap()
                ),
                e["reads"].as_u64().unwrap(),
                e["writes"].as_u64().unwrap(),
            )
        })
        .collect();
    for expected in [
        (
            "LibSys::Circulation::Interlibrary ill_requests".to_string(),
            2,
            2,
        ),
        ("LibSys::Circulation::Kiosk patron_cards".to_string(), 1, 1),
        ("LibSys::Patron::Card patron_cards".to_string(), 2, 3),
    ] {
        assert!(edges.contains(&expected), "{expected:?} in {edges:?}");
    }

    let dir = tempfile::tempdir().unwrap();
    let html = common::report(EXAMPLE, &dir.path().join("report.html"));
    assert!(html.contains(
        "<tr class=\"shared\"><th scope=\"row\">patron_cards <span class=\"tag\">shared write</span></th>"
    ));
}

/// Patron declares its cards table: the kiosk's write is a `table_write` finding.
#[test]
fn check_flags_the_kiosks_write_to_the_cards_patron_owns() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("example");
    let status = std::process::Command::new("cp")
        .arg("-R")
        .arg(common::workspace().join(EXAMPLE))
        .arg(&root)
        .status()
        .unwrap();
    assert!(status.success());
    let config = std::fs::read_to_string(root.join("seam.toml")).unwrap();
    let patron = "name = \"patron\"\npackages = [\"LibSys::Patron::**\"]\n";
    assert!(config.contains(patron));
    let config = config.replace(patron, &format!("{patron}tables = [\"patron_cards\"]\n"));
    std::fs::write(root.join("seam.toml"), config).unwrap();

    let check = run(&root, &["check", "--format", "json"]);
    assert_eq!(check.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    let new: Vec<(String, String, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "new")
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        new,
        [(
            "table_write".into(),
            "lib/LibSys/Circulation/Kiosk.pm".into(),
            16
        )]
    );
    let text = String::from_utf8(run(&root, &["check"]).stdout).unwrap();
    assert!(
        text.contains(
            "LibSys::Circulation::Kiosk (circulation) writes table patron_cards, which patron owns"
        ),
        "{text}"
    );
}

/// Billing writes its invoices; catalog writes them too (the planted shared write).
const SHARED_WRITE: &[(&str, &str)] = &[
    (
        "lib/App/Billing/Invoice.pm",
        "package App::Billing::Invoice;\nsub add { $dbh->do('INSERT INTO invoices (id) VALUES (?)', undef, 1) }\nsub fix { $dbh->do('UPDATE invoices SET total = 0') }\n1;\n",
    ),
    (
        "lib/App/Catalog/Item.pm",
        "package App::Catalog::Item;\nsub bill { $dbh->do('UPDATE invoices SET total = 1') }\n1;\n",
    ),
];

fn run(root: &std::path::Path, args: &[&str]) -> std::process::Output {
    common::seam().args(args).arg(root).output().unwrap()
}

#[test]
fn init_proposes_owners_and_check_holds_the_line_on_writes() {
    let dir = tree(SHARED_WRITE);
    let root = dir.path();
    let init = run(root, &["init", "-q"]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let draft = std::fs::read_to_string(root.join("seam.toml")).unwrap();
    assert!(draft.contains("table_read = \"ignore\""), "{draft}");
    let billing = draft
        .split("\n[[module]]\n")
        .find(|m| m.contains("\"App::Billing\""))
        .unwrap();
    assert!(billing.contains("tables = [\"invoices\"]"), "{billing}");

    // the existing shared write fails the check until it is recorded as debt
    let check = run(root, &["check"]);
    assert_eq!(check.status.code(), Some(1));
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        text.contains(
            "App::Catalog::Item (App::Catalog) writes table invoices, which App::Billing owns"
        ),
        "{text}"
    );
    assert!(text.contains("lib/App/Catalog/Item.pm:2"), "{text}");
    assert!(run(root, &["baseline"]).status.success());
    assert_eq!(run(root, &["check"]).status.code(), Some(0));

    // a new write from another module is new
    common::write(
        root,
        "lib/App/Catalog/Stock.pm",
        "package App::Catalog::Stock;\nsub clear { $dbh->do('DELETE FROM invoices') }\n1;\n",
    );
    let check = run(root, &["check", "--format", "json"]);
    assert_eq!(check.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    let new: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "new")
        .collect();
    assert_eq!(new.len(), 1, "{report}");
    assert_eq!(new[0]["rule"], "table_write");
    assert_eq!(new[0]["from"], "App::Catalog::Stock");
}

#[test]
fn an_invalid_tables_glob_is_a_config_error() {
    let dir = tree(SHARED_WRITE);
    common::write(
        dir.path(),
        "seam.toml",
        "[[module]]\nname = \"billing\"\npackages = [\"App::**\"]\ntables = [\"invoice[\"]\n",
    );
    let check = run(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains("seam.toml:4: \"invoice[\" is not a valid glob"),
        "{stderr}"
    );
}

#[test]
fn graph_with_data_draws_tables_and_files_at_every_level() {
    let json = seam_json(&[
        "graph",
        "-q",
        EXAMPLE,
        "--level",
        "module",
        "--with-data",
        "--format",
        "json",
    ]);
    let fines: Vec<(String, u64, u64)> = json["data_edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["to"] == "fines")
        .map(|e| {
            (
                e["from"].as_str().unwrap().to_string(),
                e["reads"].as_u64().unwrap(),
                e["writes"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fines,
        [
            ("billing".into(), 0, 1),
            ("circulation".into(), 4, 4),
            ("reports".into(), 2, 0)
        ]
    );
    assert!(json["data_nodes"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!({"name": "{datadir}/fines.log", "kind": "data_file"})));
    let dot = common::succeed(&["graph", "-q", EXAMPLE, "--with-data", "--format", "dot"]);
    let dot = String::from_utf8(dot.stdout).unwrap();
    assert!(dot.contains("[label=\"fines\", shape=cylinder];"), "{dot}");
    assert!(dot.contains("style=dotted, color=red3"));
    // without the flag, no data
    let plain = seam_json(&[
        "graph", "-q", EXAMPLE, "--level", "module", "--format", "json",
    ]);
    assert!(plain.get("data_nodes").is_none());
}

#[test]
fn the_report_has_a_data_section() {
    let dir = tempfile::tempdir().unwrap();
    let html = common::report(EXAMPLE, &dir.path().join("report.html"));
    assert!(html.contains("<a href=\"#data\">Data</a>"));
    assert!(html.contains("<section id=\"data\">"));
    assert!(html.contains(
        "<tr class=\"shared\"><th scope=\"row\">fines <span class=\"tag\">shared write</span></th>"
    ));
    assert!(html.contains("In a schema file, used by no code: reservations"));
}

/// Two packages that always change together and write the same table are coupled through the
/// data: not hidden coupling. Two that share nothing are.
#[test]
fn a_shared_table_is_not_hidden_coupling() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::git_init(root);
    for round in 0..4 {
        common::commit(
            root,
            &[
                (
                    "lib/App/Orders.pm",
                    &format!("package App::Orders;\nsub add {{ $dbh->do('INSERT INTO orders (id) VALUES ({round})') }}\n1;\n"),
                ),
                (
                    "lib/App/Stock.pm",
                    &format!("package App::Stock;\nsub fix {{ $dbh->do('UPDATE orders SET n = {round}') }}\n1;\n"),
                ),
                (
                    "lib/App/Mail.pm",
                    &format!("package App::Mail;\nsub send {{ {round} }}\n1;\n"),
                ),
                (
                    "lib/App/Format.pm",
                    &format!("package App::Format;\nsub line {{ {round} }}\n1;\n"),
                ),
            ],
            "Ann",
        );
    }
    let analysis = seam_json(&[
        "analyze",
        "-q",
        root.to_str().unwrap(),
        "--format",
        "json",
        "--min-revs",
        "2",
        "--min-shared",
        "2",
    ]);
    let pairs: Vec<(String, String)> = analysis["history"]["hidden"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["a"].as_str().unwrap().into(),
                h["b"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        !pairs.contains(&("App::Orders".into(), "App::Stock".into())),
        "{pairs:?}"
    );
    assert!(
        pairs.contains(&("App::Format".into(), "App::Mail".into())),
        "{pairs:?}"
    );
}
