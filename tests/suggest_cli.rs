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
        "Packages placed outside their reference module",
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
    assert!(markdown.contains("| module | packages |"), "{markdown}");
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
