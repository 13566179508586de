//! `seam trend` on the example monolith's scripted history (examples/make-history.sh) plus two
//! commits that change its structure: the figures at known samples, the formats, the cache, and
//! the errors (no repository, a shallow clone, nothing to sample, a proposal's modules).

mod common;

use common::{example_with_history, git, seam, seam_json, stdout_of};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Commits everything with a fixed author and date (`day` days after the scripted history).
fn commit(repo: &Path, day: i64, message: &str) {
    git(repo, &["add", "-A"]);
    let date = format!("{} +0000", 1_577_836_800 + (30 + day) * 86_400);
    let out = Command::new("git")
        .current_dir(repo)
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .args([
            "-c",
            "user.name=Eve Edge",
            "-c",
            "user.email=eve@libsys.example",
            "-c",
            "commit.gpgsign=false",
            "commit",
            "-q",
            "-m",
            message,
        ])
        .output()
        .unwrap();
    stdout_of(out, message);
}

/// The example's history, then: billing starts using notify (a new cross-module edge that
/// seam.toml does not allow), then a new package in no module (an uncovered package).
fn changed_history() -> tempfile::TempDir {
    let dir = example_with_history();
    let repo = dir.path().join("repo");
    let invoice = repo.join("lib/LibSys/Billing/Invoice.pm");
    let text = std::fs::read_to_string(&invoice).unwrap().replace(
        "use LibSys::Patron::Member;\n",
        "use LibSys::Patron::Member;\nuse LibSys::Notify::Email;\n",
    );
    std::fs::write(&invoice, text).unwrap();
    commit(&repo, 1, "billing notifies directly");
    std::fs::create_dir_all(repo.join("lib/LibSys/Audit")).unwrap();
    std::fs::write(
        repo.join("lib/LibSys/Audit/Trail.pm"),
        "package LibSys::Audit::Trail;\nuse LibSys::DB;\nsub record { LibSys::DB::dbh() }\n1;\n",
    )
    .unwrap();
    commit(&repo, 2, "an audit trail");
    dir
}

/// The text `field` of each point.
fn texts<'a>(trend: &'a Value, field: &str) -> Vec<&'a str> {
    trend["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[field].as_str().unwrap())
        .collect()
}

/// (date, cross-module edges, module cycles, violations, packages) of each point.
fn figures(trend: &Value) -> Vec<(String, u64, u64, u64, u64)> {
    trend["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["date"].as_str().unwrap().to_string(),
                p["cross_module_edges"].as_u64().unwrap(),
                p["module_cycles"].as_u64().unwrap(),
                p["violations"].as_u64().unwrap(),
                p["packages"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_figures_at_known_samples() {
    let dir = changed_history();
    let repo = dir.path().join("repo");
    let root = repo.to_str().unwrap();
    let cache = dir.path().join("cache");
    let run = |extra: &[&str]| {
        let mut args = vec!["trend", "-q", root];
        args.extend(extra);
        let out = seam()
            .env("SEAM_CACHE_DIR", &cache)
            .args(&args)
            .output()
            .unwrap();
        stdout_of(out, &format!("{args:?}"))
    };
    // 22 commits; 4 samples: the import, commits 7 and 14, and HEAD
    let json = run(&["--samples", "4", "--format", "json"]);
    let trend: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(trend["schema_version"], 1);
    let schema =
        std::fs::read_to_string(common::workspace().join("docs/trend-schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&schema).unwrap();
    let errors: Vec<String> = jsonschema::validator_for(&schema)
        .unwrap()
        .iter_errors(&trend)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "docs/trend-schema.json: {errors:?}");
    let ids: Vec<String> = git(&repo, &["log", "--first-parent", "--format=%H"])
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(
        texts(&trend, "commit"),
        [&ids[21], &ids[14], &ids[7], &ids[0]]
    );
    assert_eq!(
        figures(&trend),
        [
            // the scripted history only adds comments: the structure stands still
            ("2020-01-02".to_string(), 249, 3, 81, 43),
            ("2020-01-09".to_string(), 249, 3, 81, 43),
            ("2020-01-16".to_string(), 249, 3, 81, 43),
            // billing -> notify: a cross-module edge and a violation; the audit trail: a
            // package in no module (an edge from it, an uncovered package)
            ("2020-02-02".to_string(), 251, 3, 83, 44),
        ]
    );
    assert_eq!(trend["points"][0]["propagation_cost"], 0.168);
    assert_eq!(trend["points"][3]["propagation_cost"], 0.164);
    // HEAD's violations are what `seam check` counts as errors, baselined or new
    let check = seam_json(&["check", "-q", root, "--format", "json"]);
    let errors =
        check["summary"]["new"].as_u64().unwrap() + check["summary"]["baselined"].as_u64().unwrap();
    assert_eq!(trend["points"][3]["violations"], errors);
    // HEAD's point is what `seam analyze` says of the working tree
    let analysis = seam_json(&["analyze", "-q", "--no-history", root, "--format", "json"]);
    let head = &trend["points"][3];
    for figure in [
        "files",
        "packages",
        "code_lines",
        "modules",
        "cross_module_edges",
        "propagation_cost",
        "module_cycles",
        "packages_in_cycles",
    ] {
        assert_eq!(head[figure], analysis["summary"][figure], "{figure}");
    }

    // a second run reads the trend cache and says the same, in every format
    assert_eq!(run(&["--samples", "4", "--format", "json"]), json);
    let csv = run(&["--samples", "4", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].starts_with("date,commit,files,packages,"));
    assert!(lines[4].starts_with(&format!("2020-02-02,{},", ids[0])));
    let text = run(&["--samples", "4"]);
    assert!(
        text.contains("since 2020-01-02: cross-module edges +"),
        "{text}"
    );

    // every 10 days back from HEAD: HEAD, then the newest commits at or before each step
    let every = run(&["--every", "10d", "--format", "json"]);
    let every: Value = serde_json::from_str(&every).unwrap();
    assert_eq!(
        texts(&every, "date"),
        ["2020-01-11", "2020-01-21", "2020-02-02"]
    );
    // --since keeps the range: the two structural commits only
    let since = run(&["--since", "2020-01-31", "--format", "json"]);
    let since: Value = serde_json::from_str(&since).unwrap();
    assert_eq!(since["points"].as_array().unwrap().len(), 2);
}

#[test]
fn errors_are_clear_and_exit_2() {
    let fails = |root: &Path, extra: &[&str], expected: &str| {
        let mut args = vec!["trend", "-q", "--no-cache", root.to_str().unwrap()];
        args.extend(extra);
        let out = seam().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    };
    let dir = example_with_history();
    let repo = dir.path().join("repo");
    // no repository
    let plain = dir.path().join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    std::fs::write(plain.join("A.pm"), "package A;\n1;\n").unwrap();
    fails(&plain, &[], "is not in a git repository");
    // a repository without commits
    git(&plain, &["init", "-q"]);
    fails(&plain, &[], "has no commits yet");
    // a shallow clone
    let shallow = dir.path().join("shallow");
    let url = format!("file://{}", repo.display());
    git(
        dir.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "3",
            &url,
            shallow.to_str().unwrap(),
        ],
    );
    fails(&shallow, &[], "shallow clone");
    // nothing in the range
    fails(&repo, &["--since", "2030-01-01"], "no commit to sample");
    // a proposal is not today's modules
    fails(&repo, &["--modules", "proposal"], "not a proposal");
    // usage
    fails(&repo, &["--every", "monthly"], "not a period");
    fails(
        &repo,
        &["--samples", "3", "--every", "30d"],
        "cannot be used with",
    );
}

#[test]
fn without_a_seam_toml_there_are_no_violations_and_namespaces_are_the_modules() {
    let dir = example_with_history();
    let repo = dir.path().join("repo");
    std::fs::remove_file(repo.join("seam.toml")).unwrap();
    commit(&repo, 1, "no module map");
    let trend = seam_json(&[
        "trend",
        "-q",
        "--no-cache",
        repo.to_str().unwrap(),
        "--samples",
        "2",
        "--format",
        "json",
    ]);
    let points = trend["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert!(points.iter().all(|p| p["violations"].is_null()));
    assert!(
        trend["modules_from"]
            .as_str()
            .unwrap()
            .contains("namespace"),
        "{trend}"
    );
}
