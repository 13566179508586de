//! The history section on the example monolith's scripted history (examples/make-history.sh):
//! the planted hidden coupling and hotspot are found, the commits that say nothing are set aside,
//! .mailmap joins an author's addresses, and a second run reads the cache.

mod common;

use common::{example_with_history, seam, seam_json};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// The ids of the commits whose subject starts with `subject`, newest first.
fn commits(repo: &Path, subject: &str) -> Vec<String> {
    let out = Command::new("git")
        .current_dir(repo)
        .args(["log", "--format=%H %s"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(' '))
        .filter(|(_, s)| s.starts_with(subject))
        .map(|(id, _)| id.to_string())
        .collect()
}

#[test]
fn the_planted_hidden_coupling_and_hotspot_are_found() {
    let dir = example_with_history();
    let repo = dir.path().join("repo");
    let cache = dir.path().join("cache");
    let analyze = |extra: &[&str]| -> Value {
        let mut args = vec!["analyze", "-q", repo.to_str().unwrap(), "--format", "json"];
        args.extend(extra);
        let output = seam()
            .env("SEAM_CACHE_DIR", &cache)
            .args(&args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let analysis = analyze(&[]);
    let history = &analysis["history"];
    let counts = &history["commits"];
    // 20 commits: the import and the reformatting touch over 50 files, one touches tests only
    assert_eq!(counts["read"], 20);
    assert_eq!(counts["large"], 2);
    assert_eq!(counts["tests_or_docs_only"], 1);
    assert_eq!(counts["analyzed"], 17);
    // Dana's two addresses are one author
    assert_eq!(counts["authors"], 4);

    let hidden = history["hidden"].as_array().unwrap();
    assert_eq!(hidden.len(), 1, "{hidden:?}");
    assert_eq!(hidden[0]["a"], "LibSys::Billing::Invoice");
    assert_eq!(hidden[0]["b"], "LibSys::Notify::Email");
    assert_eq!(
        (hidden[0]["shared"].as_u64(), hidden[0]["degree"].as_f64()),
        (Some(6), Some(1.0))
    );
    let layout = commits(&repo, "invoice layout");
    assert_eq!(hidden[0]["commits"], serde_json::json!(layout[..3]));

    let churn = &history["churn"][0];
    assert_eq!(churn["name"], "LibSys::FlatFile");
    assert_eq!(churn["revisions"], 8);
    // its complexity at the import, a quarter of the way (before the fixes), half way (after
    // fix 3 added a sub) and three quarters (after fix 8), then today
    let trend: Vec<&Value> = churn["complexity_trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["complexity"])
        .collect();
    assert_eq!(
        trend,
        [58, 58, 60, 62, 62]
            .map(Value::from)
            .iter()
            .collect::<Vec<_>>()
    );
    assert_eq!(churn["complexity_trend"][4]["commit"], "HEAD");
    let flatfile = history["knowledge"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["module"] == "flatfile")
        .unwrap();
    assert_eq!(flatfile["main_author"], "Dana Fix <dana@libsys.example>");
    assert_eq!(flatfile["commits"], 8);
    assert_eq!(
        flatfile["basis"], "commits",
        "lines only with --line-counts"
    );
    assert_eq!(
        history["knowledge_note"],
        "--line-counts measures by lines changed"
    );
    // by lines: eight comment lines and two one-line subs
    let by_lines = analyze(&["--line-counts"]);
    let flatfile = by_lines["history"]["knowledge"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["module"] == "flatfile")
        .unwrap();
    assert_eq!(
        (&flatfile["basis"], &flatfile["lines"]),
        (&Value::from("lines"), &Value::from(10))
    );
    assert_eq!(by_lines["history"]["knowledge_note"], Value::Null);

    // the same answer from the cache, and thresholds still apply to it
    assert_eq!(analyze(&[]), analysis);
    let strict = analyze(&["--min-shared", "7"]);
    assert!(strict["history"]["hidden"].as_array().unwrap().is_empty());
    // --max-files-per-commit 90 lets the import (81 files) and the reformatting count
    let all = analyze(&["--max-files-per-commit", "90"]);
    assert_eq!(all["history"]["commits"]["analyzed"], 19);

    // the co-change graph holds the planted pair only, at package and at module level
    let root = repo.to_str().unwrap();
    let packages = seam_json(&["graph", "-q", root, "--edges", "change", "--format", "json"]);
    let edges = packages["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 1, "{edges:?}");
    assert_eq!(
        (&edges[0]["from"], &edges[0]["to"], &edges[0]["references"]),
        (
            &Value::from("LibSys::Billing::Invoice"),
            &Value::from("LibSys::Notify::Email"),
            &Value::from(6)
        )
    );
    let modules = seam_json(&[
        "graph", "-q", root, "--edges", "change", "--level", "module", "--format", "json",
    ]);
    let edges = modules["edges"].as_array().unwrap();
    assert_eq!(
        (&edges[0]["from"], &edges[0]["to"]),
        (&Value::from("billing"), &Value::from("notify"))
    );
}

#[test]
fn detached_heads_read_their_own_history_and_a_missing_object_is_an_error() {
    let dir = example_with_history();
    let repo = dir.path().join("repo");
    let root = repo.to_str().unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .current_dir(&repo)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    // a detached HEAD five commits back: the history ends there
    let fifth = git(&["rev-parse", "HEAD~5"]);
    git(&["checkout", "-q", "--detach", fifth.trim()]);
    let analysis = seam_json(&["analyze", "-q", "--no-cache", root, "--format", "json"]);
    assert_eq!(analysis["history"]["commits"]["read"], 15);
    assert_eq!(analysis["history"]["head"], fifth.trim());

    // a damaged repository: remove the object of an old blob that rename detection would read
    git(&["checkout", "-q", "main"]);
    git(&["mv", "lib/LibSys/Util.pm", "lib/LibSys/Utility.pm"]);
    std::fs::write(
        repo.join("lib/LibSys/Utility.pm"),
        std::fs::read_to_string(repo.join("lib/LibSys/Utility.pm")).unwrap() + "# renamed\n",
    )
    .unwrap();
    git(&["add", "-A"]);
    git(&[
        "-c",
        "user.name=X",
        "-c",
        "user.email=x@example.org",
        "commit",
        "-q",
        "-m",
        "rename",
    ]);
    let blob = git(&["rev-parse", "HEAD~1:lib/LibSys/Util.pm"]);
    let blob = blob.trim();
    std::fs::remove_file(repo.join(".git/objects").join(&blob[..2]).join(&blob[2..])).unwrap();
    let required = seam()
        .args(["analyze", "-q", "--no-cache", "--history", root])
        .output()
        .unwrap();
    assert_eq!(required.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&required.stderr);
    assert!(
        stderr.contains("lacks objects") && stderr.contains("--exact-renames"),
        "{stderr}"
    );
    // without --history it is a note, and no number is made up
    let noted = seam()
        .args(["analyze", "-q", "--no-cache", root, "--format", "json"])
        .output()
        .unwrap();
    assert!(noted.status.success());
    let analysis: Value = serde_json::from_slice(&noted.stdout).unwrap();
    assert!(analysis.get("history").is_none());
    // exact renames read no blob, so the history is read again
    let exact = seam_json(&[
        "analyze",
        "-q",
        "--no-cache",
        "--exact-renames",
        root,
        "--format",
        "json",
    ]);
    assert_eq!(exact["history"]["commits"]["read"], 21);
}

#[test]
fn churn_is_the_fifth_hotspot_ranking() {
    let dir = example_with_history();
    let root = dir.path().join("repo");
    let analysis = seam_json(&["analyze", "-q", root.to_str().unwrap(), "--format", "json"]);
    let churn: Vec<&Value> = analysis["hotspots"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["kind"] == "churn")
        .collect();
    assert_eq!(churn[0]["name"], "LibSys::FlatFile");
    let complexity = churn[0]["numbers"]["complexity"].as_u64().unwrap();
    assert!(complexity > 0);
    assert_eq!(churn[0]["score"].as_u64(), Some(8 * complexity));
    assert_eq!(churn[0]["relative"], 1.0);
    assert_eq!(churn[0]["numbers"]["revisions"], 8);
    let text = seam().args(["analyze", "-q"]).arg(&root).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("  churn — score: revisions × complexity; complex code the team keeps changing\n    1. LibSys::FlatFile score 496"),
        "{text}"
    );
}
