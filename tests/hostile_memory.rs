//! Memory per file (issue 19: `seam facts` on 1,000,000 tiny files once took 2 GB, about 2 KB a
//! file): its peak memory on tiny files grows by less than that per file.

use std::path::Path;

/// `n` one-line packages in directories of 1,000, each using another.
fn tiny_files(root: &Path, n: usize) {
    for i in 0..n {
        let dir = root.join(format!("lib/D{}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&dir).unwrap();
        }
        std::fs::write(
            dir.join(format!("P{i}.pm")),
            format!("package P{i};\nuse P{};\n1;\n", (i * 7 + 1) % n),
        )
        .unwrap();
    }
}

/// The peak resident set (KB) of `seam ARGS` run in `root` (output discarded), from `wait4`.
#[cfg(target_os = "linux")]
// the child is waited for by `wait4`, which std's `Child` cannot see
#[allow(clippy::zombie_processes)]
fn peak_of(root: &Path, args: &[&str]) -> i64 {
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("seam"))
        .current_dir(root)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 writes only the status and the struct it is given; the child is ours and
    // not waited for elsewhere
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{args:?}: status {status}"
    );
    usage.ru_maxrss
}

#[cfg(target_os = "linux")]
#[test]
fn memory_per_tiny_file_stays_small() {
    // the 1,000,000 files, scaled down; measured in the release build: 1.2 KB a file
    let (small, large) = (5_000, 45_000);
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("small"), dir.path().join("large"));
    tiny_files(&a, small);
    tiny_files(&b, large);
    let args = ["facts", "-q", "--no-cache", "--format", "jsonl", "."];
    let before = peak_of(&a, &args);
    let after = peak_of(&b, &args);
    let per_file = (after - before) as f64 * 1024.0 / (large - small) as f64;
    assert!(
        per_file < 2048.0,
        "{per_file:.0} bytes a file (peak {before} KB for {small} files, {after} KB for {large})"
    );
}
