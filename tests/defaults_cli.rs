//! Vendored and generated code is left out by default in every command, each run says what it
//! skipped, and `--no-default-excludes` reads it.

mod common;

use common::{seam, tree};

/// An application with a CPAN tree bundled under a dot-directory, a local::lib tree and vendor/.
fn app() -> tempfile::TempDir {
    tree(&[
        (
            "lib/App/Core.pm",
            "package App::Core;\nuse App::Util;\nsub run { App::Util::f() }\n1;\n",
        ),
        ("lib/App/Util.pm", "package App::Util;\nsub f { 1 }\n1;\n"),
        (
            ".github/cpm/lib/perl5/Vendored/Thing.pm",
            "package Vendored::Thing;\nuse App::Core;\n1;\n",
        ),
        (
            "extra/lib/perl5/Other/Dist.pm",
            "package Other::Dist;\n1;\n",
        ),
        ("vendor/Bundled.pm", "package Bundled;\n1;\n"),
    ])
}

fn stdout(root: &std::path::Path, args: &[&str]) -> (String, String) {
    let output = seam().args(args).arg(root).output().unwrap();
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const VENDORED: [&str; 3] = ["Vendored::Thing", "Other::Dist", "Bundled"];

#[test]
fn every_command_skips_vendored_trees_by_default_and_reads_them_on_request() {
    let dir = app();
    let root = dir.path();
    for args in [
        &["facts", "--format", "json"][..],
        &["analyze", "--no-history", "--format", "json"],
        &["graph", "--format", "json"],
        &["suggest", "--no-history", "--format", "json"],
    ] {
        let (out, err) = stdout(root, args);
        assert!(out.contains("App::Core"), "{args:?}: {out}");
        for name in VENDORED {
            assert!(!out.contains(name), "{args:?} read {name} by default");
        }
        assert!(
            err.contains(
                "note: skipped .github/, extra/lib/perl5/, vendor/ (vendored; \
                 --no-default-excludes reads them)"
            ),
            "{args:?}: {err}"
        );
        let mut all = args.to_vec();
        all.push("--no-default-excludes");
        let (out, err) = stdout(root, &all);
        for name in VENDORED {
            assert!(out.contains(name), "{all:?} did not read {name}");
        }
        assert!(!err.contains("note: skipped"), "{err}");
    }

    let report = root.join("report.html");
    let html = common::report(root.to_str().unwrap(), &report);
    assert!(!html.contains("Vendored::Thing"));

    // init and check: the draft's modules and the check's files leave the vendored code out too
    let (_, err) = stdout(root, &["init"]);
    assert!(err.contains("wrote"), "{err}");
    let draft = std::fs::read_to_string(root.join("seam.toml")).unwrap();
    assert!(!draft.contains("Vendored"), "{draft}");
    let (out, _) = stdout(root, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["summary"]["files"], 2, "{report}");
    let (_, err) = stdout(root, &["baseline"]);
    assert!(err.contains("note: skipped .github/"), "{err}");
    let baseline = std::fs::read_to_string(root.join("seam-baseline.toml")).unwrap();
    assert!(!baseline.contains("Vendored"), "{baseline}");

    // trend reads the commits, with the same defaults: 2 packages, 5 with the vendored trees
    common::git_init(root);
    common::commit(root, &[], "A");
    for (flag, packages) in [(None, 2), (Some("--no-default-excludes"), 5)] {
        let mut args = vec!["trend", "--samples", "1", "--format", "json"];
        args.extend(flag);
        let (out, _) = stdout(root, &args);
        let trend: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            trend["points"][0]["packages"], packages,
            "{args:?}: {trend}"
        );
    }
}

#[test]
fn quiet_runs_do_not_note_skipped_directories() {
    let dir = app();
    let (_, err) = stdout(dir.path(), &["analyze", "-q", "--no-history"]);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn no_perl_files_is_the_same_error_in_every_command() {
    let dir = tree(&[
        ("README.md", "# not Perl\n"),
        ("vendor/Bundled.pm", "package Bundled;\n1;\n"),
    ]);
    common::git_init(dir.path());
    common::commit(dir.path(), &[], "A");
    let rules = "[[module]]\nname = \"app\"\npackages = [\"App::*\"]\n";
    for command in [
        "analyze", "graph", "facts", "suggest", "report", "init", "trend", "check", "baseline",
    ] {
        if command == "check" {
            // check and baseline need a seam.toml first (init refused to write one)
            common::write(dir.path(), "seam.toml", rules);
        }
        let output = seam()
            .args([command, "-q"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{command}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("no Perl files under"),
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains(
                "1 vendored or hidden directories were skipped: --no-default-excludes reads them"
            ),
            "{command}: {stderr}"
        );
    }
}
