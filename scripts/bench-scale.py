#!/usr/bin/env python3
"""Scale benchmark (issue 19): every stage of seam on large synthetic codebases, a new build next
to a reference build in the same run (alternating, so machine noise hits both alike).

    scripts/bench-scale.py --ref OLD_SEAM [--new NEW_SEAM] [--runs N] [--stages S,...] CORPUS ...

CORPUS: directories made by scripts/gen-scale-corpus.py (monolith or packages). Each is made a
git repository on first use (committed, with a seam.toml from `seam init` and a baseline from
`seam baseline`, both written by the new build). For each corpus and build, with the build's own
cache directory:
  cold      `seam analyze --no-cache --format json` (parses everything)
  fill      `seam analyze --format json` with an empty cache (parses, writes the cache; not timed
            in the table but its time is printed)
  analyze   warm `seam analyze --format json`
  suggest   warm `seam suggest --format json`
  baseline  warm `seam baseline` (rewrites the same baseline)
  check     warm `seam check`
  base      warm `seam check --base HEAD` with one file edited in the working tree
  report    warm `seam report -o FILE` (html)
Wall time and peak RSS (from wait4) of each process; medians over --runs. Prints one table per
corpus: stage, reference, new, ratio new/reference.

Default new build: $CARGO_TARGET_DIR/release/seam (build it first: cargo build --release -p seam-cli).
A reference build of main: `git worktree add /tmp/seam-main main && CARGO_TARGET_DIR=/tmp/t cargo
build --release -p seam-cli --manifest-path /tmp/seam-main/Cargo.toml`, or a copy of an earlier
release binary.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import release_dir

STAGES = ["cold", "analyze", "suggest", "baseline", "check", "base", "report"]
CHECK_OK = (0, 1)


def run_rss(cmd, cwd, env, ok=(0,), timeout=None):
    """(seconds, peak RSS in MB) of cmd, output discarded, from wait4; (None, None) when it fails
    or times out."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(cwd)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.execve(cmd[0], cmd, env)
        finally:
            os._exit(127)
    deadline = None if timeout is None else start + timeout
    while True:
        waited, status, usage = os.wait4(pid, os.WNOHANG)
        if waited:
            break
        if deadline and time.perf_counter() > deadline:
            os.kill(pid, 9)
            os.wait4(pid, 0)
            print("  timeout after %ss: %s" % (timeout, " ".join(cmd)), file=sys.stderr)
            return None, None
        time.sleep(0.01)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        print("  failed (%d): %s" % (code, " ".join(cmd)), file=sys.stderr)
        return None, None
    return elapsed, usage.ru_maxrss / 1024


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid",
                    "-c", "gc.auto=0", *args], cwd=repo, check=True, stdout=subprocess.DEVNULL)


def prepare(seam, corpus, env):
    """Makes the corpus a committed git repository with seam.toml and a baseline (once); returns
    the file the one-file change edits."""
    if not os.path.isdir(os.path.join(corpus, ".git")):
        git(corpus, "init", "-q")
        subprocess.run([seam, "init", "-q", "."], cwd=corpus, check=True, env=env)
        subprocess.run([seam, "baseline", "-q", "."], cwd=corpus, check=True, env=env)
        git(corpus, "add", "-A")
        git(corpus, "commit", "-q", "-m", "corpus")
    for d, dirs, files in os.walk(corpus):
        dirs[:] = sorted(x for x in dirs if x != ".git")
        for f in sorted(files):
            if f.endswith(".pm"):
                return os.path.join(d, f)
    sys.exit("no .pm file in " + corpus)


def stage_cmd(seam, stage, out):
    return {
        "cold": [seam, "analyze", "-q", "--no-cache", "--format", "json", "."],
        "fill": [seam, "analyze", "-q", "--format", "json", "."],
        "analyze": [seam, "analyze", "-q", "--format", "json", "."],
        "suggest": [seam, "suggest", "-q", "--format", "json", "."],
        "baseline": [seam, "baseline", "-q", "."],
        "check": [seam, "check", "-q", "."],
        "base": [seam, "check", "-q", "--base", "HEAD", "."],
        "report": [seam, "report", "-q", "--force", "-o", out, "."],
    }[stage]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--ref", required=True, help="reference seam binary")
    ap.add_argument("--new", default=os.path.join(release_dir(), "seam"))
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--stages", default=",".join(STAGES))
    ap.add_argument("--timeout", type=float, default=900, help="seconds before a stage is abandoned")
    a = ap.parse_args()
    stages = a.stages.split(",")
    builds = {"ref": os.path.abspath(a.ref), "new": os.path.abspath(a.new)}
    work = tempfile.mkdtemp(prefix="seam-bench-scale-")
    try:
        for corpus in a.corpora:
            corpus = os.path.abspath(corpus)
            envs = {b: dict(os.environ, SEAM_CACHE_DIR=os.path.join(work, b, "cache")) for b in builds}
            changed = prepare(builds["new"], corpus, envs["new"])
            original = open(changed, "rb").read()
            edit = original + b"\nsub seam_bench_probe { return Seam::Bench::Probe::x() }\n"
            lines = int(subprocess.run("git ls-files -z | xargs -0 cat | wc -l", shell=True, cwd=corpus,
                                       capture_output=True, text=True).stdout or 0)
            size = int(subprocess.run("git ls-files -z | xargs -0 cat | wc -c", shell=True, cwd=corpus,
                                      capture_output=True, text=True).stdout or 0)
            print("\n## %s: %d lines, %.0f MB" % (corpus, lines, size / 1e6), flush=True)
            results = {(b, s): [] for b in builds for s in stages}
            for r in range(a.runs):
                for b, seam in builds.items():
                    env = envs[b]
                    shutil.rmtree(env["SEAM_CACHE_DIR"], ignore_errors=True)
                    out = os.path.join(work, b, "report.html")
                    os.makedirs(os.path.dirname(out), exist_ok=True)
                    t, m = run_rss(stage_cmd(seam, "fill", out), corpus, env, timeout=a.timeout)
                    print("  %s run %d: fill cache %s s" % (b, r + 1, "-" if t is None else "%.1f" % t),
                          flush=True)
                    for s in stages:
                        ok = CHECK_OK if s in ("check", "base") else (0,)
                        if s == "base":
                            open(changed, "wb").write(edit)
                            run_rss(stage_cmd(seam, "check", out), corpus, env, CHECK_OK, a.timeout)
                        try:
                            t, m = run_rss(stage_cmd(seam, s, out), corpus, env, ok, a.timeout)
                        finally:
                            if s == "base":
                                open(changed, "wb").write(original)
                        results[(b, s)].append((t, m))
                        print("  %s %-8s %s" % (b, s, "failed" if t is None else "%.2f s %.0f MB" % (t, m)),
                              flush=True)
            print("\n| stage | reference | new | new/ref |\n|---|---|---|---|")
            for s in stages:
                cells = []
                medians = {}
                for b in builds:
                    ok = [x for x in results[(b, s)] if x[0] is not None]
                    if ok:
                        t = statistics.median(x[0] for x in ok)
                        m = max(x[1] for x in ok)
                        medians[b] = t
                        cells.append("%.2f s, %.0f MB" % (t, m))
                    else:
                        cells.append("failed or > %.0f s" % a.timeout)
                ratio = "%.2f" % (medians["new"] / medians["ref"]) if len(medians) == 2 else "-"
                print("| %s | %s | %s | %s |" % (s, cells[0], cells[1], ratio), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
