//! Templates and components through the binary: a small web application (a Mason component
//! root with an autohandler, a dhandler and `<& &>` calls, Template Toolkit templates with
//! INCLUDE/USE/PERL, a controller that renders them) shows in facts, analyze, graph and check.

mod common;

use common::{seam, seam_json, tree};
use serde_json::Value;

const LIB: &str = "package Shop::Cart;\nsub new { bless {}, shift }\nsub total { 1 }\n1;\n";
const PRICE: &str = "package Shop::Price;\nsub format { $_[1] }\n1;\n";
const CONTROLLER: &str = "package Shop::Web;\nuse Template;\nsub page {\n    my $tt = Template->new;\n    $tt->process('cart.tt', {});\n}\n1;\n";
const AUTOHANDLER: &str =
    "<html><body>\n<& /Elements/Header &>\n% $m->call_next;\n</body></html>\n";
const HEADER: &str = "<%init>\nmy $cart = Shop::Cart->new;\n</%init>\n<p><% $cart->total %></p>\n";
const INDEX: &str =
    "<& /Elements/Header, title => 'Shop' &>\n<%init>\nmy $p = Shop::Price->format(1);\n</%init>\n";
const DHANDLER: &str =
    "<%flags>\ninherit => undef\n</%flags>\n<%init>\n$m->comp('/index.html');\n</%init>\n";
const CART_TT: &str = "[% USE date %]\n[% INCLUDE header.tt %]\n[% PERL %]\nprint Shop::Cart->new->total;\n[% END %]\n";
const HEADER_TT: &str = "<h1>[% title %]</h1>\n";

fn shop() -> tempfile::TempDir {
    tree(&[
        ("lib/Shop/Cart.pm", LIB),
        ("lib/Shop/Price.pm", PRICE),
        ("lib/Shop/Web.pm", CONTROLLER),
        ("html/autohandler", AUTOHANDLER),
        ("html/Elements/Header", HEADER),
        ("html/index.html", INDEX),
        ("html/dhandler", DHANDLER),
        ("templates/cart.tt", CART_TT),
        ("templates/header.tt", HEADER_TT),
        ("templates/plain.html", "<p>no template syntax here</p>\n"),
    ])
}

fn edges(graph: &Value) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| {
            let kinds: Vec<String> = e["kinds"].as_object().unwrap().keys().cloned().collect();
            let from = e["from"].as_str().unwrap().to_string();
            let to = e["to"].as_str().unwrap().to_string();
            kinds
                .into_iter()
                .map(move |k| (from.clone(), to.clone(), k))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn facts_report_templates_with_their_references() {
    let dir = shop();
    let root = dir.path().to_str().unwrap();
    let output = seam().args(["facts", root]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let facts: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let templates: Vec<(&str, &str)> = facts
        .iter()
        .filter_map(|f| Some((f["path"].as_str()?, f["template"]["syntax"].as_str()?)))
        .collect();
    assert_eq!(
        templates,
        [
            ("html/Elements/Header", "mason"),
            ("html/autohandler", "mason"),
            ("html/dhandler", "mason"),
            ("html/index.html", "mason"),
            ("templates/cart.tt", "template_toolkit"),
            ("templates/header.tt", "template_toolkit"),
        ]
    );
    let header = facts
        .iter()
        .find(|f| f["path"] == "html/Elements/Header")
        .unwrap();
    let reference = &header["refs"][0];
    assert_eq!(reference["target"], "Shop::Cart");
    assert_eq!(reference["line"], 2);
}

#[test]
fn the_graph_holds_template_nodes_and_edges() {
    let dir = shop();
    let root = dir.path().to_str().unwrap();
    let graph = seam_json(&["graph", "-q", root, "--format", "json"]);
    let kinds: Vec<(String, String)> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "template")
        .map(|n| {
            (
                n["name"].as_str().unwrap().to_string(),
                n["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(kinds.len(), 6, "{kinds:?}");
    let edges = edges(&graph);
    for expected in [
        ("html/Elements/Header", "Shop::Cart", "class_method"),
        ("html/autohandler", "html/Elements/Header", "template"),
        ("html/index.html", "html/Elements/Header", "template"),
        ("html/index.html", "Shop::Price", "class_method"),
        ("html/dhandler", "html/index.html", "template"),
        ("Shop::Web", "templates/cart.tt", "template"),
        ("templates/cart.tt", "templates/header.tt", "template"),
        ("templates/cart.tt", "Template::Plugin::Date", "use"),
        ("templates/cart.tt", "Shop::Cart", "class_method"),
    ] {
        let expected = (
            expected.0.to_string(),
            expected.1.to_string(),
            expected.2.to_string(),
        );
        assert!(
            edges.contains(&expected),
            "missing {expected:?} in {edges:#?}"
        );
    }
    // the dhandler calls index.html: a part of its page, which the autohandler does not wrap
    assert!(!edges
        .iter()
        .any(|(f, t, _)| f == "html/index.html" && t == "html/autohandler"));
    // `inherit => undef`: the dhandler has no autohandler edge
    assert!(!edges
        .iter()
        .any(|(f, t, _)| f == "html/dhandler" && t == "html/autohandler"));
}

#[test]
fn analyze_and_check_count_templates_in_their_modules() {
    let dir = shop();
    let root = dir.path().to_str().unwrap();
    let analysis = seam_json(&["analyze", "-q", "--no-history", root, "--format", "json"]);
    assert_eq!(analysis["summary"]["templates"], 6);
    let modules: Vec<&str> = analysis["modules"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["name"].as_str())
        .collect();
    assert!(modules.contains(&"html/Elements/"), "{modules:?}");
    assert!(modules.contains(&"templates/"), "{modules:?}");
    // a seam.toml's `templates` globs claim them; the web module may not use Price
    common::write(
        dir.path(),
        "seam.toml",
        "[[module]]\nname = \"web\"\ntemplates = [\"html/**\", \"templates/**\"]\ndepends_on = [\"shop\"]\n\n[[module]]\nname = \"shop\"\npackages = [\"Shop::**\"]\n",
    );
    let check = seam()
        .args(["check", root, "--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(
        report["summary"]["uncovered"], 0,
        "templates are claimed: {report}"
    );
    // the controller renders a template of the web module that uses the shop: a cycle, found
    // through the template edge
    let text = report.to_string();
    assert!(text.contains("templates/cart.tt"), "{text}");
    common::write(
        dir.path(),
        "seam.toml",
        "[[module]]\nname = \"web\"\ntemplates = [\"html/**\"]\ndepends_on = []\n\n[[module]]\nname = \"shop\"\npackages = [\"Shop::**\"]\npaths = [\"templates/**\"]\n",
    );
    let check = seam()
        .args(["check", root, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    let text = String::from_utf8(check.stdout).unwrap();
    assert!(text.contains("html/index.html"), "{text}");
}
