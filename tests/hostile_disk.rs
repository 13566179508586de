//! A full disk under the cache (issue 19): seam still answers, without the cache, and says so.
//!
//! The full disk is real: a 64 KB tmpfs mounted in a user and mount namespace of its own
//! (`unshare --user --map-root-user --mount`, util-linux; no privileges needed where the kernel
//! allows unprivileged user namespaces, as Debian's does), so writes fail with ENOSPC exactly as
//! on a full volume. Where no namespace can be made (some containers forbid them) the test says
//! so and passes, unless `SEAM_REQUIRE_USERNS=1` (set by `.ci/run`) makes that a failure.

#![cfg(target_os = "linux")]

mod common;

use std::path::Path;
use std::process::Command;

/// Whether `unshare` can make the namespaces this test needs here.
fn namespaces_available() -> bool {
    let ok = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "true"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let required = std::env::var_os("SEAM_REQUIRE_USERNS").is_some_and(|v| v == "1");
        assert!(
            !required,
            "SEAM_REQUIRE_USERNS=1 but `unshare --user --map-root-user --mount` fails here"
        );
        eprintln!("skipped: no user and mount namespace can be made here (unshare failed)");
    }
    ok
}

/// Runs `script` (sh) in a new user and mount namespace where `mount` is a fresh tmpfs of
/// `size`, filled with `fill_kb` KB first; `$SEAM` is the binary. Returns the script's exit code.
fn in_full_tmpfs(mount: &Path, size: &str, fill_kb: usize, script: &str) -> i32 {
    let full = format!(
        "set -e; mount -t tmpfs -o size={size} tmpfs \"$MNT\"; \
         if [ {fill_kb} -gt 0 ]; then dd if=/dev/zero of=\"$MNT/fill\" bs=1k count={fill_kb} 2>/dev/null || true; fi; \
         set +e; {script}"
    );
    Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &full])
        .env("MNT", mount)
        .env("SEAM", env!("CARGO_BIN_EXE_seam"))
        .status()
        .unwrap()
        .code()
        .unwrap_or(-1)
}

#[test]
fn a_full_cache_disk_still_answers_and_says_so() {
    if !namespaces_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("code");
    // enough files that the pack is larger than the tmpfs: the write fails part-way
    for i in 0..200 {
        common::write(
            &root,
            &format!("lib/App/M{i}.pm"),
            &format!(
                "package App::M{i};\nuse App::M{};\nsub run {{ App::M{}->new->go(\"{}\") }}\n1;\n",
                (i + 1) % 200,
                (i + 7) % 200,
                "x".repeat(200)
            ),
        );
    }
    let mount = dir.path().join("cache");
    std::fs::create_dir(&mount).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let fresh = Command::new(env!("CARGO_BIN_EXE_seam"))
        .args(["analyze", "--no-cache", "--format", "json"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(fresh.status.success());
    // a disk with no space at all, then one with a little (the pack's write starts and fails)
    for (case, fill_kb) in [("full", 64), ("nearly full", 40)] {
        let script = format!(
            "\"$SEAM\" analyze --cache-dir \"$MNT\" --format json '{root}' >'{out}/stdout' 2>'{out}/stderr'; \
             echo $? >'{out}/code'; \"$SEAM\" analyze --cache-dir \"$MNT\" --format json '{root}' >'{out}/stdout2' 2>'{out}/stderr2'; \
             echo $? >'{out}/code2'; ls -A \"$MNT\" >'{out}/listing'",
            root = root.display(),
            out = out.display()
        );
        let status = in_full_tmpfs(&mount, "64k", fill_kb, &script);
        assert_eq!(status, 0, "{case}: the namespace script failed");
        let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
        for (code, stdout, stderr) in [
            ("code", "stdout", "stderr"),
            ("code2", "stdout2", "stderr2"),
        ] {
            assert_eq!(read(code).trim(), "0", "{case}: {}", read(stderr));
            assert_eq!(
                read(stdout).as_bytes(),
                fresh.stdout.as_slice(),
                "{case}: the answer differs from a run without a cache"
            );
            let stderr = read(stderr);
            assert!(
                stderr.contains("note:")
                    && stderr.contains("cache")
                    && stderr.contains("No space left"),
                "{case}: {stderr}"
            );
        }
        // no half-written pack or temporary file is left on the full disk: what is there is a
        // file seam renamed into place whole (a small stat index can fit where the pack did not;
        // the second run above, reading it, still gave the full answer)
        let listing = read("listing");
        let left: Vec<&str> = listing
            .lines()
            .filter(|name| *name != "fill")
            .filter(|name| !(name.starts_with("stat-") && name.ends_with(".index")))
            .collect();
        assert!(left.is_empty(), "{case}: left on the full disk: {left:?}");
    }
}
