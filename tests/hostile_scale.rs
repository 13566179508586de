//! Hostile inputs at scale (issue 19), scaled down to run in a test: each gives a clear message
//! and the documented exit code, never a hang. The cache's own hostile cases (truncation, bit
//! flips, concurrent writers in-process, an unwritable directory) are unit tests in
//! crates/seam/src/cache.rs; concurrent `seam check` runs sharing a cache are in check_cli.rs.

mod common;

use assert_cmd::Command;
use std::path::Path;
use std::time::{Duration, Instant};

/// `seam ARGS` in `root` with its own cache directory under `cache`.
fn run(root: &Path, cache: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("seam")
        .unwrap()
        .current_dir(root)
        .env("SEAM_CACHE_DIR", cache)
        .args(args)
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap()
}

fn code(output: &std::process::Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// 20,000 tiny files in one directory (the 200,000 and 1,000,000, scaled down): one
/// streamed record each, and a warm analyze of them answers.
// Found by this test: `seam analyze` overflowed the main thread's stack on a 20,000-package
// cycle (debug build): petgraph's `tarjan_scc` recursed once per member (now seam-graph's scc.rs).
#[test]
fn many_tiny_files_in_one_directory() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("code/lib");
    std::fs::create_dir_all(&lib).unwrap();
    let n = 20_000;
    for i in 0..n {
        let next = (i + 1) % n;
        std::fs::write(
            lib.join(format!("P{i}.pm")),
            format!("package P{i};\nuse P{next};\n1;\n"),
        )
        .unwrap();
    }
    let root = dir.path().join("code");
    let cache = dir.path().join("cache");
    let output = run(&root, &cache, &["facts", "-q", "--format", "jsonl", "."]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout).lines().count(), n);
    for _ in 0..2 {
        // cold (fills the cache), then warm
        let output = run(&root, &cache, &["analyze", "-q", "--format", "json", "."]);
        assert_eq!(code(&output), 0, "{}", text(&output.stderr));
        let analysis: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        // one cycle through every package
        assert_eq!(analysis["package_cycles"].as_array().map(Vec::len), Some(1));
    }
}

/// A source file over the size cap is skipped without being read (a 3 GB sparse file costs a
/// `stat`), with a diagnostic that says how to raise the cap; with the cap raised it is read.
#[test]
fn files_over_the_size_cap_are_skipped_unread_and_read_with_the_cap_raised() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("code");
    let cache = dir.path().join("cache");
    let mut big = String::from("package Big;\nuse Small;\n");
    while big.len() < 2_000_000 {
        big.push_str("sub f { my $x = shift; return $x + 1 }\n");
    }
    big.push_str("1;\n");
    common::write(&root, "lib/Big.pm", &big);
    common::write(&root, "lib/Small.pm", "package Small;\n1;\n");
    // sparse: 3 GB long, nothing on disk
    let huge = std::fs::File::create(root.join("lib/Huge.pm")).unwrap();
    huge.set_len(3 << 30).unwrap();
    drop(huge);
    let facts = |cap: &str| {
        let started = Instant::now();
        let output = run(
            &root,
            &cache,
            &[
                "facts",
                "-q",
                "--format",
                "json",
                "--max-file-size",
                cap,
                ".",
            ],
        );
        assert_eq!(code(&output), 0, "{}", text(&output.stderr));
        // never read: a 3 GB read would take far longer than this on any machine
        assert!(started.elapsed() < Duration::from_secs(120));
        let records: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
        records
    };
    let record = |records: &[serde_json::Value], path: &str| {
        records
            .iter()
            .find(|r| r["path"] == path)
            .unwrap_or_else(|| panic!("no record for {path}"))
            .clone()
    };
    let capped = facts("1000000");
    let big_facts = record(&capped, "lib/Big.pm");
    let message = big_facts["diagnostics"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("over the size cap of 1000000 bytes")
            && message.contains("--max-file-size"),
        "{message}"
    );
    assert_eq!(big_facts["hash"], "");
    let huge_facts = record(&capped, "lib/Huge.pm");
    assert!(huge_facts["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("3221225472 bytes is over the size cap"));
    let raised = facts("3000000");
    let big_facts = record(&raised, "lib/Big.pm");
    assert_eq!(big_facts["packages"][0]["name"], "Big", "{big_facts}");
    assert!(record(&raised, "lib/Huge.pm")["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("over the size cap"));
}

/// A FIFO named like a Perl file is never opened (a read would block forever).
#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_perl_file_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("code");
    common::write(&root, "lib/A.pm", "package A;\nuse B;\n1;\n");
    let fifo = root.join("lib/x.pm");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let output = run(
        &root,
        &dir.path().join("cache"),
        &["facts", "-q", "--format", "jsonl", "."],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert!(out.contains("\"lib/A.pm\""), "{out}");
    // left out by the walk, or a record that says it could not be read
    if let Some(line) = out.lines().find(|l| l.contains("\"lib/x.pm\"")) {
        assert!(line.contains("not a regular file"), "{line}");
    }
}

/// A seam.toml with 10,000 modules loads and checks quickly (one glob set for all modules).
#[test]
fn a_config_with_ten_thousand_modules() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("code");
    let mut config = String::from("[check]\nuncovered = \"error\"\n");
    for i in 0..10_000 {
        config.push_str(&format!(
            "\n[[module]]\nname = \"m{i}\"\npackages = [\"M{i}::**\"]\ndepends_on = [\"m{}\"]\n",
            (i + 1) % 10_000
        ));
    }
    common::write(&root, "seam.toml", &config);
    for i in 0..200 {
        common::write(
            &root,
            &format!("lib/M{i}/A.pm"),
            &format!("package M{i}::A;\nuse M{}::A;\n1;\n", (i + 1) % 200),
        );
    }
    let started = Instant::now();
    let output = run(
        &root,
        &dir.path().join("cache"),
        &["check", "-q", "--format", "json", "."],
    );
    let elapsed = started.elapsed();
    // m199 -> m0 is not allowed (m199 may only use m200), and the 200 modules form a cycle
    assert_eq!(code(&output), 1, "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let depends_on: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule"] == "depends_on")
        .collect();
    assert_eq!(depends_on.len(), 1, "{depends_on:?}");
    assert_eq!(depends_on[0]["file"], "lib/M199/A.pm");
    assert_eq!(depends_on[0]["line"], 2);
    assert_eq!(depends_on[0]["to"], "M0::A");
    assert!(elapsed < Duration::from_secs(120), "{elapsed:?}");
}

/// A baseline of 100,000 entries (the 1,000,000, scaled down) that match nothing: read
/// in linear time, every entry reported stale at its line, exit 1.
#[test]
fn a_baseline_with_a_hundred_thousand_stale_entries() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("code");
    common::write(
        &root,
        "seam.toml",
        "[check]\nstale_baseline = \"error\"\n\n[[module]]\nname = \"a\"\npackages = [\"A::**\"]\n",
    );
    common::write(&root, "lib/A/X.pm", "package A::X;\n1;\n");
    let n = 100_000;
    let mut baseline = String::from("version = 2\nentries = [\n");
    for i in 0..n {
        baseline.push_str(&format!(
            "  {{ rule = \"depends_on\", from = \"A::P{i}\", to = \"B::Q\", kind = \"call\", count = 1 }},\n"
        ));
    }
    baseline.push_str("]\n");
    common::write(&root, "seam-baseline.toml", &baseline);
    let started = Instant::now();
    let output = run(
        &root,
        &dir.path().join("cache"),
        &["check", "-q", "--format", "json", "."],
    );
    let elapsed = started.elapsed();
    assert_eq!(code(&output), 1, "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let stale: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule"] == "stale_baseline")
        .collect();
    assert_eq!(stale.len(), n, "{}", findings[0]);
    // each names its baseline line in the fix
    let last = format!("(baseline line {})", n + 2);
    assert!(
        stale
            .iter()
            .any(|f| f["fix"].as_str().unwrap().contains(&last)),
        "{}",
        stale[n - 1]
    );
    assert!(elapsed < Duration::from_secs(120), "{elapsed:?}");
}

/// A cache directory that cannot be used (here a regular file where the directory should be)
/// still gives the full answer, and a note says the cache was not used.
#[test]
fn an_unusable_cache_directory_still_answers_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("code");
    common::write(&root, "lib/A.pm", "package A;\nuse B;\n1;\n");
    common::write(&root, "lib/B.pm", "package B;\n1;\n");
    let not_a_dir = dir.path().join("cache");
    std::fs::write(&not_a_dir, "").unwrap();
    let args = ["analyze", "--format", "json", "."];
    let output = run(&root, &not_a_dir, &args);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("note:") && stderr.contains("cache"),
        "{stderr}"
    );
    let fresh = run(&root, &dir.path().join("fresh"), &args);
    assert_eq!(output.stdout, fresh.stdout);
}

/// A cache directory seam may not create (under /proc: refused even to root, which writes through
/// read-only modes) still gives the full answer, and a note says the cache was not used.
#[cfg(target_os = "linux")]
#[test]
fn a_read_only_cache_location_still_answers_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("code");
    common::write(&root, "lib/A.pm", "package A;\nuse B;\n1;\n");
    common::write(&root, "lib/B.pm", "package B;\n1;\n");
    let read_only = Path::new("/proc/seam-cache-that-cannot-exist");
    let args = ["analyze", "--format", "json", "."];
    for _ in 0..2 {
        let output = run(&root, read_only, &args);
        assert_eq!(code(&output), 0, "{}", text(&output.stderr));
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains("note:") && stderr.contains("cache"),
            "{stderr}"
        );
        let fresh = run(&root, &dir.path().join("fresh"), &args);
        assert_eq!(output.stdout, fresh.stdout);
    }
    assert!(!read_only.exists());
}

/// A file listed by the walk and deleted before it is read (made deterministic by a hook of debug
/// builds, `SEAM_TEST_REMOVE_AFTER_WALK`): the run finishes, the file is named as unreadable
/// (a warning for `analyze`, a `read_error` for `facts`, an `unreadable` finding and exit 1 for
/// `check`), the rest is analyzed.
#[test]
fn a_file_deleted_while_seam_runs_is_named_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("code");
    common::write(
        &root,
        "seam.toml",
        "[[module]]\nname = \"a\"\npackages = [\"A\"]\n\n[[module]]\nname = \"b\"\npackages = [\"B\"]\n",
    );
    common::write(&root, "lib/A.pm", "package A;\nuse B;\n1;\n");
    let cache = dir.path().join("cache");
    let run_deleting = |args: &[&str]| {
        common::write(&root, "lib/B.pm", "package B;\n1;\n");
        let output = Command::cargo_bin("seam")
            .unwrap()
            .current_dir(&root)
            .env("SEAM_CACHE_DIR", &cache)
            .env("SEAM_TEST_REMOVE_AFTER_WALK", "lib/B.pm")
            .args(args)
            .timeout(Duration::from_secs(300))
            .output()
            .unwrap();
        // the hook did run: the file is gone
        assert!(!root.join("lib/B.pm").exists());
        output
    };
    let output = run_deleting(&["analyze", "--format", "json", "."]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("could not be read (lib/B.pm)"), "{stderr}");
    let analysis: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        analysis["summary"]["packages"], 1,
        "{}",
        analysis["summary"]
    );

    let output = run_deleting(&["facts", "-q", "--format", "jsonl", "."]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let records: Vec<serde_json::Value> = text(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let gone = records.iter().find(|r| r["path"] == "lib/B.pm").unwrap();
    assert_eq!(gone["diagnostics"][0]["kind"], "read_error", "{gone}");
    assert!(
        gone["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("cannot read"),
        "{gone}"
    );

    let output = run_deleting(&["check", "-q", "--format", "json", "."]);
    assert_eq!(code(&output), 1, "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "unreadable" && f["file"] == "lib/B.pm"),
        "{findings:?}"
    );
}

/// Ten `seam analyze` runs started together on one cold cache (each writes the pack): every one
/// gives the answer of a run without a cache and says nothing of the cache, no temporary file is
/// left, and the pack left behind is whole (a warm run reads it silently and answers the same).
#[test]
fn ten_concurrent_runs_share_one_cache() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("code");
    for i in 0..300 {
        common::write(
            &root,
            &format!("lib/M{}/P{i}.pm", i % 7),
            &format!(
                "package M{}::P{i};\nuse M{}::P{};\nsub f {{ M{}::P{}::f() }}\n1;\n",
                i % 7,
                (i + 1) % 7,
                (i + 1) % 300,
                (i + 3) % 7,
                (i + 3) % 300
            ),
        );
    }
    let cache = dir.path().join("cache");
    let args = ["analyze", "--no-history", "--format", "json", "."];
    let expected = run(
        &root,
        &dir.path().join("none"),
        &[
            "analyze",
            "--no-history",
            "--no-cache",
            "--format",
            "json",
            ".",
        ],
    );
    assert_eq!(code(&expected), 0, "{}", text(&expected.stderr));
    let runs: Vec<std::process::Child> = (0..10)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("seam"))
                .current_dir(&root)
                .env("SEAM_CACHE_DIR", &cache)
                .args(args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        let output = run.wait_with_output().unwrap();
        assert_eq!(code(&output), 0, "{}", text(&output.stderr));
        assert!(
            !text(&output.stderr).contains("cache"),
            "{}",
            text(&output.stderr)
        );
        assert_eq!(output.stdout, expected.stdout);
    }
    let leftovers: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    let warm = run(&root, &cache, &args);
    assert_eq!(code(&warm), 0, "{}", text(&warm.stderr));
    assert!(
        !text(&warm.stderr).contains("cache"),
        "{}",
        text(&warm.stderr)
    );
    assert_eq!(warm.stdout, expected.stdout);
}
