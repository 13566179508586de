//! What the binary's end-to-end tests share: the `seam` binary run from the workspace root, the
//! example monolith, and JSON output read back.

#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The bundled example monolith, relative to the workspace root.
pub const EXAMPLE: &str = "examples/library-monolith";

/// The workspace root.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `seam` binary, run in the workspace root.
pub fn seam() -> Command {
    let mut command = Command::cargo_bin("seam").unwrap();
    command.current_dir(workspace());
    command
}

/// Runs `seam ARGS` (which must exit 0, or 1 for findings) and parses what it prints as JSON.
pub fn seam_json(args: &[&str]) -> Value {
    let output = seam().args(args).output().unwrap();
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// Runs `seam ARGS`, which must exit 0 (the failure shows its stderr), and returns its output.
pub fn succeed(args: &[&str]) -> std::process::Output {
    let output = seam().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Says on the terminal that a test skipped part of its work and why. Written to stderr directly:
/// the test harness captures `eprintln!` of a passing test, and a skip nobody sees looks like a
/// pass.
pub fn skip(why: &str) {
    use std::io::Write;
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    let _ = writeln!(std::io::stderr(), "skipped {test}: {why}");
}

/// Writes `text` to `path` under `root`, creating directories.
pub fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A temporary codebase holding `files` (path, text).
pub fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

/// Runs `seam report ROOT --no-suggest -o OUTPUT` (which must succeed) and reads the report.
pub fn report(root: &str, output: &Path) -> String {
    seam()
        .args(["report", "-q", root, "--no-suggest", "-o"])
        .arg(output)
        .assert()
        .success();
    std::fs::read_to_string(output).unwrap()
}

/// `git init` in `root`.
pub fn git_init(root: &Path) {
    let status = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(root)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Commits `files` to the git repository at `root` as `author`.
pub fn commit(root: &std::path::Path, files: &[(&str, &str)], author: &str) {
    for (path, text) in files {
        write(root, path, text);
    }
    for args in [
        vec!["add", "-A"],
        vec!["-c", "commit.gpgsign=false", "commit", "-q", "-m", "change"],
    ] {
        let status = std::process::Command::new("git")
            .current_dir(root)
            .args(&args)
            .env("GIT_AUTHOR_NAME", author)
            .env("GIT_AUTHOR_EMAIL", "a@example.org")
            .env("GIT_COMMITTER_NAME", author)
            .env("GIT_COMMITTER_EMAIL", "a@example.org")
            .status()
            .unwrap();
        assert!(status.success());
    }
}

/// The example monolith with its scripted history (examples/make-history.sh) in `repo` under a
/// temporary directory.
pub fn example_with_history() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("bash")
        .arg(workspace().join("examples/make-history.sh"))
        .arg(dir.path().join("repo"))
        .status()
        .unwrap();
    assert!(status.success());
    dir
}

/// The stdout of a finished command, which must have succeeded (the failure shows `what` and
/// its stderr).
pub fn stdout_of(output: std::process::Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Runs git in `repo` (which must succeed) and returns its stdout.
pub fn git(repo: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .current_dir(repo)
        .args(args)
        .output()
        .unwrap();
    stdout_of(output, &format!("git {args:?}"))
}
