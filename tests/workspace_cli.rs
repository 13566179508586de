//! Every command sees the same codebase and speaks the same modules: with a seam.toml, `analyze`,
//! `graph --level module`, `check`, `suggest --hold` and every section of `report` name exactly
//! its modules, and its `lib`, `exclude` and `include_tests` change every command's input alike.

mod common;

use common::{report, seam_json as json, tree, workspace, EXAMPLE};
use serde_json::Value;
use std::collections::BTreeSet;

/// The module names the example's seam.toml declares, read from the file itself.
fn declared_modules() -> BTreeSet<String> {
    let text = std::fs::read_to_string(workspace().join(EXAMPLE).join("seam.toml")).unwrap();
    let table: toml::Table = text.parse().unwrap();
    table["module"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_string())
        .collect()
}

fn strings<'a>(values: impl IntoIterator<Item = &'a Value>) -> BTreeSet<String> {
    values
        .into_iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// The set of `field` over the objects of the array `array`.
fn field_set(array: &Value, field: &str) -> BTreeSet<String> {
    strings(array.as_array().unwrap().iter().map(|item| &item[field]))
}

/// The part of the HTML report inside `<section id="ID">`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..].find("</section>").unwrap() + start;
    &html[start..end]
}

/// Every text between `open` and the next `<`.
fn texts_after(html: &str, open: &str) -> BTreeSet<String> {
    html.split(open)
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap().to_string())
        .collect()
}

#[test]
fn every_command_names_the_seam_toml_modules() {
    let declared = declared_modules();
    assert_eq!(declared.len(), 13);

    let analysis = json(&["analyze", "-q", EXAMPLE, "--format", "json"]);
    assert_eq!(field_set(&analysis["modules"], "name"), declared, "analyze");
    assert_eq!(
        field_set(&analysis["packages"], "module"),
        declared,
        "analyze: the module of each package"
    );

    let graph = json(&[
        "graph", "-q", EXAMPLE, "--level", "module", "--format", "json",
    ]);
    let nodes = graph["nodes"].as_array().unwrap();
    let graphed = strings(
        nodes
            .iter()
            .filter(|n| n["kind"] == "module")
            .map(|n| &n["name"]),
    );
    assert_eq!(graphed, declared, "graph --level module");

    let check = json(&["check", "-q", EXAMPLE, "--format", "json"]);
    let findings = check["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    let checked = strings(
        findings
            .iter()
            .flat_map(|f| [&f["from_module"], &f["to_module"]])
            .filter(|m| !m.is_null()),
    );
    assert!(checked.is_subset(&declared), "check: {checked:?}");

    let suggestion = json(&[
        "suggest", "-q", EXAMPLE, "--hold", "--seeds", "1", "--format", "json",
    ]);
    assert_eq!(suggestion["reference"], "seam.toml");
    let held = field_set(&suggestion["proposal"]["modules"], "name");
    // scripts and templates are not clustered (templates are placed afterwards); every other
    // declared module is held as it is
    let without_scripts: BTreeSet<String> = declared
        .iter()
        .filter(|m| *m != "scripts" && *m != "web")
        .cloned()
        .collect();
    assert_eq!(held, without_scripts, "suggest --hold");

    let dir = tempfile::tempdir().unwrap();
    let html = report(EXAMPLE, &dir.path().join("report.html"));
    // the map draws every module: a node linking to its card, or a member of a tangle's map
    let map = section(&html, "map");
    for name in &declared {
        assert!(
            map.contains(&format!("href=\"#module-{name}\"")),
            "map: {name} is not drawn"
        );
    }
    assert!(!map.contains("LibSys::"), "map shows namespaces");
    let matrix = section(&html, "dsm");
    // each row header links to the module's card, labelled `N. name`
    let rows: BTreeSet<String> = texts_after(matrix, "<a href=\"#module-")
        .into_iter()
        .filter_map(|t| Some(t.rsplit_once('>')?.1.split_once(". ")?.1.to_string()))
        .collect();
    assert_eq!(rows, declared, "matrix rows");
    let modules = texts_after(section(&html, "modules"), "<summary><b>");
    assert_eq!(modules, declared, "modules section");
    let rules = section(&html, "rules");
    assert!(rules.contains("baselined"), "rules section");

    // the namespaces are one flag away
    let namespaces = analyze_example("namespace");
    assert_eq!(namespaces["summary"]["module_source"], "namespaces");
    assert!(namespaces["modules"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["name"] == "LibSys::Billing"));
}

/// `seam analyze` of the example, as JSON, with its modules taken from `modules`.
fn analyze_example(modules: &str) -> serde_json::Value {
    json(&[
        "analyze",
        "-q",
        EXAMPLE,
        "--format",
        "json",
        "--modules",
        modules,
    ])
}

/// A codebase whose seam.toml excludes `old/`, keeps tests and adds a library root `tools/`
/// (where `require "helper.pl"` is found).
fn configured_codebase() -> tempfile::TempDir {
    tree(&[
        (
            "lib/App/A.pm",
            "package App::A;\nuse App::B;\nrequire \"helper.pl\";\nsub f { App::B::g(); helped() }\n1;\n",
        ),
        ("lib/App/B.pm", "package App::B;\nsub g { 1 }\n1;\n"),
        ("tools/helper.pl", "sub helped { 1 }\n1;\n"),
        ("old/Legacy.pm", "package Legacy;\nuse App::A;\n1;\n"),
        ("t/a.t", "use App::A;\nApp::A::f();\n"),
        (
            "seam.toml",
            "exclude = [\"old/**\"]\ninclude_tests = true\nlib = [\"tools\"]\n\n[[module]]\nname = \"app\"\npackages = [\"App::**\"]\n\n[[module]]\nname = \"rest\"\npaths = [\"**\"]\n",
        ),
    ])
}

#[test]
fn seam_toml_inputs_change_every_command_alike() {
    let dir = configured_codebase();
    let root = dir.path().to_str().unwrap();
    let analysis = json(&["analyze", "-q", root, "--format", "json"]);
    let files = analysis["summary"]["files"].as_u64().unwrap();
    let names = field_set(&analysis["packages"], "name");
    // old/ is excluded, the test is in, and tools/helper.pl is reached through `lib`
    assert_eq!(files, 4, "{names:?}");
    assert!(
        names.contains("t/a.t") && !names.contains("Legacy"),
        "{names:?}"
    );

    let graph = json(&["graph", "-q", root, "--format", "json"]);
    let graphed = strings(
        graph["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| &n["name"]),
    );
    assert!(
        graphed.contains("t/a.t") && !graphed.contains("Legacy"),
        "{graphed:?}"
    );
    let reaches_helper = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["from"] == "App::A" && e["to"] == "tools/helper.pl");
    assert!(
        reaches_helper,
        "lib = [\"tools\"] resolves require \"helper.pl\""
    );

    let check = json(&["check", "-q", root, "--format", "json"]);
    assert_eq!(check["summary"]["files"].as_u64().unwrap(), files, "check");

    let markdown = report(root, &dir.path().join("report.md"));
    assert!(markdown.contains("t/a.t"), "report");
    assert!(!markdown.contains("Legacy"), "report");
}

#[test]
fn the_proposal_is_one_flag_away_in_every_view() {
    let suggestion = json(&["suggest", "-q", EXAMPLE, "--format", "json"]);
    let proposed = field_set(&suggestion["proposal"]["modules"], "name");
    let analysis = analyze_example("proposal");
    assert_eq!(analysis["summary"]["module_source"], "proposal");
    let analyzed = field_set(&analysis["modules"], "name");
    // scripts are not clustered: they keep their directories
    let scripts: BTreeSet<String> = analyzed.difference(&proposed).cloned().collect();
    assert!(scripts.iter().all(|m| m.ends_with('/')), "{scripts:?}");
    assert_eq!(
        analyzed.intersection(&proposed).count(),
        proposed.len(),
        "every proposed module is analyzed"
    );
    let graph = json(&[
        "graph",
        "-q",
        EXAMPLE,
        "--level",
        "module",
        "--format",
        "json",
        "--modules",
        "proposal",
    ]);
    let graphed: BTreeSet<String> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "module")
        .map(|n| n["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(graphed, analyzed);
}
