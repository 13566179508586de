//! `seam suggest` through the binary: formats, the draft seam.toml, errors.

mod common;

use common::{seam, succeed, workspace, EXAMPLE};

#[test]
fn text_and_markdown_show_the_proposal() {
    let text = seam().args(["suggest", "-q", EXAMPLE]).output().unwrap();
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    for part in [
        "stable granularities",
        "Proposed modules",
        "cut: used by",
        "Namespaces merged into a module named after another",
        "Relocations: packages pulled away from their namespace siblings",
        "Extraction order",
        "MoJoFM",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
    let markdown = seam()
        .args(["suggest", "-q", EXAMPLE, "--format", "md"])
        .output()
        .unwrap();
    let markdown = String::from_utf8_lossy(&markdown.stdout);
    assert!(
        markdown.contains("| module | role | packages |"),
        "{markdown}"
    );
    assert!(markdown.contains("ARI across seeds"), "{markdown}");
    assert!(markdown.contains("## Extraction order"));
}

#[test]
fn write_drafts_a_seam_toml_the_gate_accepts_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("seam.toml");
    succeed(&["suggest", "-q", EXAMPLE, "--write", draft.to_str().unwrap()]);
    let text = std::fs::read_to_string(&draft).unwrap();
    assert!(text.contains("[[module]]"));
    assert!(
        text.contains("\"LibSys::API\", \"LibSys::API::**\""),
        "{text}"
    );
    // the draft is a valid config for `seam check`, rooted at the example
    let config = format!("root = \"{}\"\n{text}", workspace().join(EXAMPLE).display());
    std::fs::write(&draft, config).unwrap();
    let check = seam()
        .args(["check", "-q", "--no-cache", "--config"])
        .arg(&draft)
        .output()
        .unwrap();
    assert_ne!(
        check.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    let again = seam()
        .args(["suggest", "-q", EXAMPLE, "--write"])
        .arg(&draft)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
}

#[test]
fn bad_constraints_and_flags_are_errors_with_a_message() {
    for (args, message) in [
        (
            vec!["--together", "LibSys::Nope,LibSys::DB"],
            "no package named LibSys::Nope",
        ),
        (vec!["--keep-whole", "Nope"], "--keep-whole Nope"),
        (vec!["--weight", "cal=2"], "unknown kind"),
        (vec!["--apart", "justone"], "two package names"),
        (vec!["--granularity", "9"], "granularity 9 does not exist"),
        (vec!["--seeds", "100000"], "--seeds"),
        (vec!["--resolution", "nan"], "not a resolution"),
        (vec!["--max-share", "0"], "not a share"),
        (vec!["--max-share", "1.5"], "not a share"),
        (vec!["--seed", "x"], "--seed"),
        (vec!["--weight", "call=1e308"], "not a weight"),
        (
            vec![
                "--together",
                "LibSys::DB,LibSys::Log",
                "--apart",
                "LibSys::DB,LibSys::Log",
            ],
            "LibSys::DB and LibSys::Log must be in different modules",
        ),
    ] {
        let output = seam()
            .args(["suggest", "-q", EXAMPLE])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn holding_the_declared_modules_keeps_them_whole() {
    let output = succeed(&["suggest", "-q", EXAMPLE, "--hold", "--format", "json"]);
    let suggestion: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // every declared module stays in one proposed module, so nothing moves between them
    let comparison = &suggestion["proposal"]["comparison"];
    assert!(
        suggestion["proposal"]["moves"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{comparison}"
    );
}

#[test]
fn setting_shared_packages_apart_is_honoured_and_limits_that_cannot_be_met_are_said() {
    let output = succeed(&[
        "suggest",
        "-q",
        EXAMPLE,
        "--format",
        "json",
        "--apart",
        "LibSys::DB,LibSys::Log",
        "--max-size",
        "1",
    ]);
    let suggestion: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let module_of = |package: &str| {
        suggestion["proposal"]["modules"]
            .as_array()
            .unwrap()
            .iter()
            .position(|m| {
                m["packages"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|p| p == package)
            })
    };
    assert_ne!(module_of("LibSys::DB"), module_of("LibSys::Log"));
    let notes = suggestion["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n
            .as_str()
            .unwrap()
            .contains("--max-size 1 could not be met")),
        "{notes:?}"
    );
}

#[test]
fn the_history_clusters_what_changes_together_and_judges_the_proposal_on_held_out_commits() {
    // eight packages the code does not connect; the history changes them in two groups of four
    let files: Vec<(String, String)> = (1..=8)
        .map(|i| {
            (
                format!("lib/Pkg{i}.pm"),
                format!("package Pkg{i};\nsub f {{ 1 }}\n1;\n"),
            )
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    common::git_init(dir.path());
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    common::commit(dir.path(), &borrowed, "Ann");
    for round in 0..20 {
        for group in [1..=4, 5..=8] {
            let changed: Vec<(String, String)> = group
                .map(|i| {
                    let text = format!("package Pkg{i};\nsub f {{ {round} }}\n1;\n");
                    (format!("lib/Pkg{i}.pm"), text)
                })
                .collect();
            let changed: Vec<(&str, &str)> = changed
                .iter()
                .map(|(p, t)| (p.as_str(), t.as_str()))
                .collect();
            common::commit(dir.path(), &changed, "Bob");
        }
    }
    let root = dir.path().to_str().unwrap();
    // two groups of half the packages each: no share limit
    let suggestion = common::seam_json(&[
        "suggest",
        "-q",
        root,
        "--format",
        "json",
        "--max-share",
        "1",
    ]);
    let history = &suggestion["proposal"]["comparison"]["history"];
    assert_eq!(history["history_layer"], true);
    // the newest fifth of the 41 commits, each changing one group of four: 6 pairs each
    assert_eq!(history["commits"], 8);
    assert_eq!(history["pairs"], 48);
    assert_eq!(history["proposal"]["containment"], 1.0, "{history}");
    assert_eq!(history["proposal"]["locality"], 1.0);
    let cut = history["namespace_cut"]["containment"].as_f64().unwrap();
    assert!(cut < 1.0, "{history}");
    let text = seam().args(["suggest", "-q", root]).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("vs history (newest fifth: 8 commits"),
        "{text}"
    );

    let without = common::seam_json(&["suggest", "-q", root, "--format", "json", "--no-history"]);
    assert!(without["proposal"]["comparison"]["history"].is_null());
}
