//! `seam facts` through the real binary: what a user or a CI job sees.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

fn seam() -> Command {
    Command::cargo_bin("seam").expect("the seam binary is built")
}

fn write(root: &Path, path: &str, body: &[u8]) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, body).unwrap();
}

fn codebase() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "lib/App/Zeta.pm",
        b"package App::Zeta;\nuse parent 'App::Base';\n1;\n",
    );
    write(
        root,
        "lib/App/Alpha.pm",
        b"package App::Alpha;\nuse App::Zeta;\nApp::Zeta::go();\n1;\n",
    );
    write(root, "bin/app", b"#!/usr/bin/perl\nuse App::Alpha;\n");
    write(root, "local/lib/perl5/Vendored.pm", b"package Vendored;\n");
    write(root, "data/blob.pl", b"\x00\x01binary");
    dir
}

/// Runs `seam facts ARGS ROOT`, which must succeed, and reads its JSON lines.
fn facts(args: &[&str], root: &Path) -> Vec<serde_json::Value> {
    let out = seam().args(args).arg(root).assert().success();
    String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect()
}

/// The `path` of each record.
fn paths(records: &[serde_json::Value]) -> Vec<&str> {
    records
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect()
}

#[test]
fn prints_one_sorted_record_per_perl_file() {
    let dir = codebase();
    let records = facts(&["facts", "--quiet"], dir.path());
    assert_eq!(
        paths(&records),
        [
            "bin/app",
            "data/blob.pl",
            "lib/App/Alpha.pm",
            "lib/App/Zeta.pm"
        ]
    );
    assert!(records.iter().all(|r| r["schema_version"] == 1));

    let alpha = &records[2];
    let refs = alpha["refs"].as_array().unwrap();
    assert!(refs
        .iter()
        .any(|r| r["kind"] == "use" && r["target"] == "App::Zeta"));
    assert!(refs.iter().any(|r| r["kind"] == "call"
        && r["target"] == "App::Zeta"
        && r["symbol"] == "go"
        && r["line"] == 3));
    assert_eq!(records[1]["diagnostics"][0]["kind"], "skipped_binary");
}

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let dir = codebase();
    let one = seam()
        .args(["facts", "-q", "-j", "1"])
        .arg(dir.path())
        .output()
        .unwrap();
    let two = seam()
        .args(["facts", "-q", "-j", "2"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(one.status.success());
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn vendored_directories_are_opt_in() {
    let dir = codebase();
    let records = facts(
        &["facts", "-q", "--no-default-excludes", "--exclude", "data"],
        dir.path(),
    );
    let paths = paths(&records);
    assert!(paths.contains(&"local/lib/perl5/Vendored.pm"));
    assert!(!paths.contains(&"data/blob.pl"));
}

#[test]
fn json_format_is_one_array() {
    let dir = codebase();
    let out = seam()
        .args(["facts", "-q", "--format", "json"])
        .arg(dir.path())
        .assert()
        .success();
    let value: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 4);
}

#[test]
fn a_missing_root_is_an_error_with_exit_code_2() {
    seam()
        .args(["facts", "/definitely/not/here"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("/definitely/not/here"));
}

#[test]
fn a_file_as_root_is_an_error_that_says_what_to_do() {
    let dir = codebase();
    seam()
        .arg("facts")
        .arg(dir.path().join("bin/app"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a directory"));
}

#[test]
fn a_bad_exclude_glob_is_a_usage_error() {
    let dir = codebase();
    seam()
        .args(["facts", "--exclude", "lib/[unclosed"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("lib/[unclosed"));
}

#[test]
fn unknown_flags_exit_2_and_help_teaches() {
    seam().args(["facts", "--bogus"]).assert().code(2);
    seam()
        .args(["facts", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:").and(predicate::str::contains("--exclude")));
}
