#!/usr/bin/env python3
"""Scale benchmark (issue 19): every stage of seam on large synthetic codebases, a new build next
to a reference build in the same run (alternating, so machine noise hits both alike).

    scripts/bench-scale.py --ref OLD_SEAM [--new NEW_SEAM] [--runs N] [--stages S,...] CORPUS ...

CORPUS: directories made by scripts/gen-scale-corpus.py (monolith or packages). Each is made a
git repository on first use (committed, with a seam.toml from `seam init` and a baseline from
`seam baseline`, both written by the new build). Each build has its own cache directory under
--cache-root (kept between invocations: the 10 M-line fill is a full parse). Before the timed
stages each build runs `seam analyze` once (`fill`: parses and writes the cache when it is empty
or from another build, else a warm-up; printed, not in the table). Stages:
  cold      `seam analyze --no-cache --format json` (parses everything)
  analyze   warm `seam analyze --format json`
  suggest   warm `seam suggest --format json`
  baseline  warm `seam baseline` (rewrites the same baseline)
  check     warm `seam check`
  base      warm `seam check --base HEAD` with one file edited in the working tree
  report    warm `seam report -o FILE` (html)

Each process is timed by /usr/bin/time (wall seconds, user + system CPU seconds and peak RSS,
`%e %U %S %M`: the peak of the seam process itself, not of this script; on a loaded machine the
CPU time is the fairer figure). --runs rounds (default 3), each running every stage for the
reference and then the new build; a stage whose first round took over --once seconds (default
60) for a build is not repeated for it. The table gives medians (wall and CPU time) and maxima
(RSS), one column group per corpus (stages × sizes, as in the issue), then the new build's growth
exponent per stage (least-squares slope of log time over log lines, over the corpora given: 1 is
linear), for wall and CPU time.

Default new build: $CARGO_TARGET_DIR/release/seam (build it first: cargo build --release -p seam-cli).
A reference build of main: `git worktree add /tmp/seam-main main && CARGO_TARGET_DIR=/tmp/t cargo
build --release -p seam-cli --manifest-path /tmp/seam-main/Cargo.toml`, or a copy of an earlier
release binary.
"""
import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile

from benchlib import release_dir

STAGES = ["cold", "analyze", "suggest", "baseline", "check", "base", "report"]
CHECK_OK = (0, 1)
BUILDS = ("ref", "new")


def run_rss(cmd, cwd, env, ok=(0,), timeout=None):
    """(wall seconds, CPU seconds (user + system), peak RSS in MB) of cmd, output discarded,
    measured by /usr/bin/time; (None, None, None) when it fails or times out."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        try:
            p = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", out.name, *cmd], cwd=cwd, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
        except subprocess.TimeoutExpired:
            print("  timeout after %ss: %s" % (timeout, " ".join(cmd)), file=sys.stderr)
            return None, None, None
        fields = out.read().split()
    # /usr/bin/time prints "Command exited with non-zero status N" first when N != 0
    if p.returncode not in ok or len(fields) < 4:
        print("  failed (%d): %s" % (p.returncode, " ".join(cmd)), file=sys.stderr)
        return None, None, None
    return float(fields[-4]), float(fields[-3]) + float(fields[-2]), int(fields[-1]) / 1024


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


def count(corpus, what):
    return int(subprocess.run("git ls-files -z | xargs -0 cat | wc -" + what, shell=True, cwd=corpus,
                              capture_output=True, text=True).stdout or 0)


def bench(corpus, a, builds, work):
    """{(build, stage): [(seconds, MB)]} for one corpus, and its line count."""
    envs = {b: dict(os.environ, SEAM_CACHE_DIR=os.path.join(a.cache_root, b)) for b in builds}
    changed = prepare(builds["new"], corpus, envs["new"])
    original = open(changed, "rb").read()
    edit = original + b"\nsub seam_bench_probe { return Seam::Bench::Probe::x() }\n"
    lines = count(corpus, "l")
    print("\n## %s: %d lines, %.0f MB" % (corpus, lines, count(corpus, "c") / 1e6), flush=True)
    out = os.path.join(work, "report.html")
    for b, seam in builds.items():
        t, c, m = run_rss(stage_cmd(seam, "fill", out), corpus, envs[b], timeout=a.timeout)
        print("  %s fill/warm-up %s" % (b, "failed" if t is None else "%.1f s (CPU %.1f s) %.0f MB" % (t, c, m)),
              flush=True)
    results = {(b, s): [] for b in builds for s in a.stages}
    for r in range(a.runs):
        for s in a.stages:
            for b, seam in builds.items():
                done = results[(b, s)]
                if done and (done[0][0] is None or done[0][0] > a.once):
                    continue
                ok = CHECK_OK if s in ("check", "base") else (0,)
                if s == "base":
                    open(changed, "wb").write(edit)
                    run_rss(stage_cmd(seam, "check", out), corpus, envs[b], CHECK_OK, a.timeout)
                try:
                    t, c, m = run_rss(stage_cmd(seam, s, out), corpus, envs[b], ok, a.timeout)
                finally:
                    if s == "base":
                        open(changed, "wb").write(original)
                done.append((t, c, m))
                print("  run %d %s %-8s %s" % (r + 1, b, s, "failed" if t is None else
                                              "%.2f s (CPU %.2f s) %.0f MB" % (t, c, m)),
                      flush=True)
    return results, lines


def summary(results, stage, build):
    ok = [x for x in results[(build, stage)] if x[0] is not None]
    if not ok:
        return None
    return (statistics.median(x[0] for x in ok), statistics.median(x[1] for x in ok), max(x[2] for x in ok),
            len(ok))


def slope(points):
    """Least-squares slope of log y over log x."""
    if len(points) < 2:
        return None
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(max(y, 0.01)) for _, y in points]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return None if den == 0 else sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den


def table(all_results, stages, timeout):
    names = [os.path.basename(c) + " (%.1fM lines)" % (n / 1e6) for c, (_, n) in all_results.items()]
    print("\nmedian wall time / median CPU time (user + system) (runs), peak RSS; new/ref = ratio of the "
          "medians, wall and CPU\n")
    print("| stage | " + " | ".join("%s ref | new | new/ref" % n for n in names) + " | growth new (wall, CPU) |")
    print("|---|" + "---|---|---|" * len(names) + "---|")
    for s in stages:
        cells, growth, growth_cpu = [], [], []
        for results, lines in all_results.values():
            got = {b: summary(results, s, b) for b in BUILDS}
            for b in BUILDS:
                x = got[b]
                cells.append("failed or > %.0f s" % timeout if x is None else
                             "%.2f s / %.2f s CPU, %.0f MB (%d runs)" % x)
            cells.append("%.2f / %.2f" % (got["new"][0] / got["ref"][0], got["new"][1] / max(got["ref"][1], 0.01))
                         if got["new"] and got["ref"] else "-")
            if got["new"]:
                growth.append((lines, got["new"][0]))
                growth_cpu.append((lines, got["new"][1]))
        k, kc = slope(growth), slope(growth_cpu)
        print("| %s | %s | %s |" % (s, " | ".join(cells), "-" if k is None else "n^%.2f, n^%.2f" % (k, kc)),
              flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--ref", required=True, help="reference seam binary")
    ap.add_argument("--new", default=os.path.join(release_dir(), "seam"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--once", type=float, default=60, help="a stage slower than this runs once")
    ap.add_argument("--stages", default=",".join(STAGES))
    ap.add_argument("--cache-root", default=os.path.join(tempfile.gettempdir(), "seam-bench-scale-cache"))
    ap.add_argument("--timeout", type=float, default=900, help="seconds before a stage is abandoned")
    a = ap.parse_args()
    a.stages = a.stages.split(",")
    builds = {"ref": os.path.abspath(a.ref), "new": os.path.abspath(a.new)}
    all_results = {}
    with tempfile.TemporaryDirectory(prefix="seam-bench-scale-") as work:
        for corpus in a.corpora:
            corpus = os.path.abspath(corpus)
            all_results[corpus] = bench(corpus, a, builds, work)
    table(all_results, a.stages, a.timeout)


if __name__ == "__main__":
    main()
