//! `seam analyze` and `seam graph` through the real binary: formats, determinism, errors, and
//! the README's first command.

mod common;

use common::{seam, seam_json, workspace, EXAMPLE};
use predicates::prelude::*;

#[test]
fn the_readme_first_command_runs_and_shows_the_overview() {
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    let command = readme
        .lines()
        .find(|l| l.starts_with("cargo run --release -p seam-cli -- "))
        .expect("README shows how to run seam on the example");
    let args: Vec<&str> = command
        .trim_start_matches("cargo run --release -p seam-cli -- ")
        .split_whitespace()
        .collect();
    assert_eq!(args, ["analyze", EXAMPLE]);
    seam().args(&args).assert().success().stdout(
        predicate::str::contains("Top hotspots")
            .and(predicate::str::contains("Module cycles (3)"))
            .and(predicate::str::contains("LibSys::Util")),
    );
}

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    for format in ["json", "text", "md"] {
        let one = seam()
            .args(["analyze", "-q", "-j", "1", EXAMPLE, "--format", format])
            .output()
            .unwrap();
        let two = seam()
            .args(["analyze", "-q", "-j", "2", EXAMPLE, "--format", format])
            .output()
            .unwrap();
        assert!(one.status.success());
        assert_eq!(one.stdout, two.stdout, "--format {format}");
    }
    for level in ["package", "file", "module"] {
        let one = seam()
            .args([
                "graph", "-q", "-j", "1", EXAMPLE, "--level", level, "--format", "json",
            ])
            .output()
            .unwrap();
        let two = seam()
            .args([
                "graph", "-q", "-j", "2", EXAMPLE, "--level", level, "--format", "json",
            ])
            .output()
            .unwrap();
        assert_eq!(one.stdout, two.stdout, "--level {level}");
    }
}

#[test]
fn json_has_a_schema_version_and_markdown_has_tables() {
    let out = seam()
        .args(["analyze", "-q", EXAMPLE, "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["schema_version"], 1);
    seam()
        .args(["analyze", "-q", EXAMPLE, "--format", "md"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("## Module cycles (3)")
                .and(predicate::str::contains("| module | packages |")),
        );
}

#[test]
fn every_graph_format_renders_each_level() {
    for level in ["package", "file", "module"] {
        for (format, start) in [
            ("dot", "digraph seam {"),
            ("mermaid", "flowchart LR"),
            ("graphml", "<?xml"),
            ("json", "{"),
        ] {
            seam()
                .args([
                    "graph",
                    "-q",
                    EXAMPLE,
                    "--level",
                    level,
                    "--format",
                    format,
                    "--no-external",
                ])
                .assert()
                .success()
                .stdout(predicate::str::starts_with(start));
        }
    }
}

#[test]
fn filters_keep_what_they_promise() {
    let out = seam()
        .args([
            "graph",
            "-q",
            EXAMPLE,
            "--level",
            "module",
            "--no-external",
            "--format",
            "json",
            "--min-weight",
            "5",
        ])
        .output()
        .unwrap();
    let graph: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["kind"] != "external"));
    assert!(graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["references"].as_u64().unwrap() >= 5));
    // the example's seam.toml names the module `billing`; the namespace is one flag away
    for modules in [
        ["--module", "billing", "--modules", "config"],
        ["--module", "LibSys::Billing", "--modules", "namespace"],
    ] {
        let out = seam()
            .args(["graph", "-q", EXAMPLE, "--format", "json"])
            .args(modules)
            .output()
            .unwrap();
        let graph: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let edges = graph["edges"].as_array().unwrap();
        assert!(!edges.is_empty(), "{modules:?}");
        assert!(edges.iter().all(
            |e| e["from"].as_str().unwrap().starts_with("LibSys::Billing")
                || e["to"].as_str().unwrap().starts_with("LibSys::Billing")
        ));
    }
}

#[test]
fn unknown_focus_is_an_error_that_suggests_a_name() {
    seam()
        .args(["graph", "-q", EXAMPLE, "--focus", "LibSys::Utl"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `LibSys::Util`"));
}

#[test]
fn bad_arguments_exit_2() {
    seam()
        .args(["analyze", EXAMPLE, "--depth", "0"])
        .assert()
        .code(2);
    seam()
        .args(["analyze", "does/not/exist"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does/not/exist"));
    seam()
        .args(["graph", EXAMPLE, "--radius", "2"])
        .assert()
        .code(2);
}

#[test]
fn history_is_read_from_git_when_there_is_one_and_a_note_says_when_not() {
    let dir = common::tree(&[
        ("lib/App/A.pm", "package App::A;\nsub f { 1 }\n1;\n"),
        ("lib/App/B.pm", "package App::B;\nsub g { 1 }\n1;\n"),
    ]);
    let root = dir.path().to_str().unwrap();
    // not a repository: a note by default, an error with --history
    let plain = seam().args(["analyze", root]).output().unwrap();
    assert!(plain.status.success());
    assert!(String::from_utf8_lossy(&plain.stderr).contains("not in a git repository"));
    let required = seam()
        .args(["analyze", "-q", "--history", root])
        .output()
        .unwrap();
    assert_eq!(required.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&required.stderr).contains("git init"));

    common::git_init(dir.path());
    common::commit(dir.path(), &[], "Ann");
    for i in 0..5 {
        let a = format!("package App::A;\nsub f {{ {i} }}\n1;\n");
        let b = format!("package App::B;\nsub g {{ {i} }}\n1;\n");
        common::commit(
            dir.path(),
            &[("lib/App/A.pm", &a), ("lib/App/B.pm", &b)],
            "Bob",
        );
    }
    let analysis = seam_json(&["analyze", "-q", root, "--format", "json", "--depth", "2"]);
    let history = &analysis["history"];
    assert_eq!(history["commits"]["read"], 6);
    assert_eq!(history["commits"]["analyzed"], 6);
    let hidden = &history["hidden"][0];
    assert_eq!(
        (hidden["a"].as_str(), hidden["b"].as_str()),
        (Some("App::A"), Some("App::B"))
    );
    assert_eq!(hidden["shared"], 6);
    let text = seam().args(["analyze", "-q", root]).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("hidden coupling"), "{text}");
    assert!(text.contains("App::A ~ App::B  6 shared"), "{text}");
    let without = seam_json(&["analyze", "-q", root, "--format", "json", "--no-history"]);
    assert!(without.get("history").is_none());
}
