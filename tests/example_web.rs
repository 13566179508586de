//! The example monolith's web layer through the binary: the staff desk's Mason components
//! (`html/`, a component root in seam.toml) and the public catalogue's Template Toolkit templates
//! (`templates/`, rendered by `cgi-bin/opac.cgi`) in facts, graph, analyze, suggest, check and
//! report.

mod common;

use common::{seam, seam_json, succeed, EXAMPLE};
use serde_json::Value;
use std::collections::BTreeSet;

/// (from, to, kind) for every edge of `seam graph --format json`.
fn edges(graph: &Value) -> BTreeSet<(String, String, String)> {
    graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| {
            let from = e["from"].as_str().unwrap().to_string();
            let to = e["to"].as_str().unwrap().to_string();
            e["kinds"]
                .as_object()
                .unwrap()
                .keys()
                .map(move |k| (from.clone(), to.clone(), k.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn edge(from: &str, to: &str, kind: &str) -> (String, String, String) {
    (from.to_string(), to.to_string(), kind.to_string())
}

#[test]
fn facts_hold_every_component_and_template_with_true_lines() {
    let output = succeed(&["facts", "--template-root", "html", EXAMPLE]);
    let facts: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let syntax = |wanted: &str| {
        facts
            .iter()
            .filter(|f| f["template"]["syntax"] == wanted)
            .count()
    };
    assert_eq!(syntax("mason"), 11);
    assert_eq!(syntax("template_toolkit"), 7);
    let refs = |path: &str| -> Vec<(String, String, u64)> {
        let file = facts.iter().find(|f| f["path"] == path).unwrap();
        file["refs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["kind"].as_str().unwrap().to_string(),
                    r["target"].as_str().unwrap().to_string(),
                    r["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    // the <%init> line of the refund page, the <& &> call and the relative one, the PERL block
    let has = |path: &str, kind: &str, target: &str, line: u64| {
        assert!(
            refs(path).contains(&(kind.to_string(), target.to_string(), line)),
            "{path}: {kind} {target} at {line} in {:?}",
            refs(path)
        )
    };
    has(
        "html/Patron/Refund.html",
        "class_method",
        "LibSys::Billing::Refund",
        16,
    );
    has("html/autohandler", "template", "/Elements/Header", 10);
    has("html/Elements/LoanList", "template", "ShowBook", 8);
    has("html/dhandler", "template", "/Elements/ShowBook", 16);
    has(
        "templates/notices/overdue.tt",
        "class_method",
        "LibSys::Circulation::Fines",
        9,
    );
    has("templates/footer.tt", "use", "Template::Plugin::Date", 1);
    // the CGI renders one template by name and one by a computed name: a blind spot
    has("cgi-bin/opac.cgi", "template", "book/show.tt", 33);
    assert!(refs("cgi-bin/opac.cgi")
        .iter()
        .any(|(kind, target, line)| kind == "dynamic_unresolved"
            && target.contains("notices/$kind.tt")
            && *line == 29));
}

#[test]
fn components_are_nodes_named_by_component_path_with_their_edges() {
    let graph = seam_json(&["graph", "-q", EXAMPLE, "--format", "json"]);
    let templates: Vec<(&str, &str)> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "template")
        .map(|n| (n["name"].as_str().unwrap(), n["files"][0].as_str().unwrap()))
        .collect();
    assert_eq!(templates.len(), 18, "{templates:?}");
    assert!(templates.contains(&("/Elements/ShowBook", "html/Elements/ShowBook")));
    assert!(templates.contains(&("templates/book/show.tt", "templates/book/show.tt")));
    let edges = edges(&graph);
    for expected in [
        edge("/Elements/LoanList", "/Elements/ShowBook", "template"),
        edge("/Patron/Display.html", "/Elements/Box", "template"),
        edge("/Patron/Display.html", "/Elements/LoanList", "template"),
        edge(
            "/Patron/Display.html",
            "LibSys::Patron::Member",
            "class_method",
        ),
        edge("/index.html", "/autohandler", "template"),
        edge("/autohandler", "/Elements/Header", "template"),
        edge("/Elements/Footer", "LibSys::Config", "variable"),
        edge("cgi-bin/opac.cgi", "templates/book/show.tt", "template"),
        edge("templates/book/show.tt", "templates/wrapper.tt", "template"),
        edge(
            "templates/wrapper.tt",
            "templates/search_box.tt",
            "template",
        ),
        edge(
            "templates/notices/overdue.tt",
            "LibSys::Circulation::Fines",
            "class_method",
        ),
    ] {
        assert!(edges.contains(&expected), "missing {expected:?}");
    }
    // the autohandler wraps pages, not the parts it calls itself; the dhandler opts out
    assert!(!edges.contains(&edge("/Elements/Header", "/autohandler", "template")));
    assert!(!edges
        .iter()
        .any(|(f, t, _)| f == "/dhandler" && t == "/autohandler"));
    let opac = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == "cgi-bin/opac.cgi")
        .unwrap();
    assert_eq!(opac["blind_spots"], 1, "the computed template name");
}

#[test]
fn analyze_counts_the_web_module_and_what_it_needs() {
    let analysis = seam_json(&["analyze", "-q", "--no-history", EXAMPLE, "--format", "json"]);
    assert_eq!(analysis["summary"]["templates"], 18);
    let web = analysis["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "web")
        .unwrap();
    assert_eq!(web["members"].as_array().unwrap().len(), 18);
    let needs: BTreeSet<&str> = web["needs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        needs,
        BTreeSet::from(["billing", "catalog", "circulation", "patron", "shared"])
    );
    // without seam.toml's modules, components group by directory
    let namespaces = seam_json(&[
        "analyze",
        "-q",
        "--no-history",
        "--modules",
        "namespace",
        EXAMPLE,
        "--format",
        "json",
    ]);
    let names: Vec<&str> = namespaces["modules"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["name"].as_str())
        .collect();
    assert!(names.contains(&"/Elements/"), "{names:?}");
    assert!(names.contains(&"templates/notices/"), "{names:?}");
}

#[test]
fn suggest_places_a_component_with_the_code_it_calls() {
    let suggestion = seam_json(&["suggest", "-q", EXAMPLE, "--format", "json"]);
    let modules = suggestion["proposal"]["modules"].as_array().unwrap();
    // the module a template is placed with
    let module_of = |template: &str| {
        modules
            .iter()
            .find(|m| {
                m["templates"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|t| t == template))
            })
            .unwrap_or_else(|| panic!("{template} placed nowhere"))
    };
    let home = |template: &str| module_of(template)["packages"].as_array().unwrap().clone();
    let name = |template: &str| module_of(template)["name"].as_str().unwrap().to_string();
    // the loan list calls Loan only; the overdue notice calls Fines only
    assert!(home("/Elements/LoanList")
        .iter()
        .any(|p| p == "LibSys::Circulation::Loan"));
    assert!(home("templates/notices/overdue.tt")
        .iter()
        .any(|p| p == "LibSys::Circulation::Fines"));
    // the text and Markdown proposals say where each template went, as the JSON does
    let text = common::stdout_of(
        seam().args(["suggest", "-q", EXAMPLE]).output().unwrap(),
        "suggest",
    );
    let block = text
        .split("\n  ")
        .skip_while(|line| !line.starts_with(&name("/Elements/LoanList")))
        .take_while(|line| !line.starts_with("cut:") && !line.contains("    cut:"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        block.contains("templates: ") && block.contains("/Elements/LoanList"),
        "{text}"
    );
    let markdown = common::stdout_of(
        seam()
            .args(["suggest", "-q", EXAMPLE, "--format", "md"])
            .output()
            .unwrap(),
        "suggest --format md",
    );
    let row = markdown
        .lines()
        .find(|l| l.starts_with(&format!("| {} |", name("templates/notices/overdue.tt"))))
        .unwrap();
    assert!(row.contains("templates/notices/overdue.tt"), "{row}");
}

#[test]
fn check_claims_templates_by_glob_and_finds_the_component_reaching_a_private_package() {
    let output = seam()
        .args(["check", EXAMPLE, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "the baseline holds it");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["uncovered"], 0, "{}", report["summary"]);
    let findings = report["findings"].as_array().unwrap();
    let refund = findings
        .iter()
        .find(|f| f["rule"] == "private" && f["from"] == "/Patron/Refund.html")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(refund["to"], "LibSys::Billing::Refund");
    assert_eq!(refund["file"], "html/Patron/Refund.html");
    assert_eq!(refund["line"], 16);
    assert_eq!(refund["from_module"], "web");
}

#[test]
fn the_report_shows_template_nodes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    succeed(&[
        "report",
        "-q",
        "--no-history",
        EXAMPLE,
        "-o",
        out.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("/Elements/ShowBook"));
    assert!(html.contains("templates/notices/overdue.tt"));
}

#[test]
fn facts_read_the_component_roots_of_seam_toml() {
    // the example's seam.toml says `template_roots = ["html"]`: `seam facts` reads it like the
    // other commands, so the flag changes nothing
    let with_flag = succeed(&["facts", "-q", "--template-root", "html", EXAMPLE]).stdout;
    let without = succeed(&["facts", "-q", EXAMPLE]).stdout;
    assert!(
        with_flag == without,
        "seam facts ignores seam.toml's template_roots"
    );
}

/// Copies the tree at `from` into `to` (files and directories only).
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn init_finds_the_component_root_and_drafts_what_the_components_use() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("library");
    copy_tree(&common::workspace().join(EXAMPLE), &root);
    std::fs::remove_file(root.join("seam.toml")).unwrap();
    std::fs::remove_file(root.join("seam-baseline.toml")).unwrap();
    let root = root.to_str().unwrap();
    succeed(&["init", "-q", root]);
    let config = std::fs::read_to_string(dir.path().join("library/seam.toml")).unwrap();
    assert!(
        config.contains("\ntemplate_roots = [\"html\"]\n"),
        "the top-most autohandler's directory is the root:\n{config}"
    );
    // read with that root, the footer (only `<% %>` lines) is a component, and the draft lists
    // what it uses: no component breaks the drafted depends_on
    let output = seam()
        .args(["check", "-q", "--format", "json", root])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let broken: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "depends_on")
        .collect();
    assert!(broken.is_empty(), "{broken:#?}");
}
