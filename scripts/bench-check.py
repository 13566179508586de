#!/usr/bin/env python3
"""Benchmark `seam check` on the dev corpus as one codebase in a git repository.

    scripts/bench-check.py [--runs N] [--work DIR] [ROOT ...]

Default roots: the dev corpus (../shared/corpus/install-dev-corpus.sh --roots). The roots are
copied into one git repository (DIR/corpus, default /tmp/seam-bench-check), given a seam.toml by
`seam init` (today's module dependencies declared, cycles forbidden) and a baseline by
`seam baseline`, so the check does realistic work: every cross-module reference judged, the
existing debt matched against the baseline. Then, alternating so machine noise hits all alike:
  - parse-only: every Perl file read and parsed, nothing extracted (the floor);
  - cold check: `seam check --no-cache` (the first run on a codebase);
  - warm check: `seam check` with the facts cache filled by the previous run;
  - --base, one-file change: one file edited in the working tree (a new cross-module call),
    `seam check --base HEAD` (warm cache: only the changed file is parsed, twice: now and at HEAD).
Prints medians and the ratios against parse-only.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

from benchlib import build, corpus_roots


def timed(cmd, cwd, ok=(0,), env=None):
    """Seconds cmd took (stdout discarded); exits when its status is not in ok."""
    start = time.perf_counter()
    status = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if status.returncode not in ok:
        sys.exit("failed (%d): %s\n%s" % (status.returncode, " ".join(cmd), status.stderr.decode()))
    return elapsed


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args],
                   cwd=repo, check=True, stdout=subprocess.DEVNULL)


def prepare(seam, roots, work):
    """The corpus as one git repository with a seam.toml and a baseline; returns its path and the
    file the one-file change edits."""
    repo = os.path.join(work, "corpus")
    if os.path.exists(repo):
        shutil.rmtree(repo)
    os.makedirs(repo)
    for root in roots:
        name = root.strip("/").replace("/", "_")
        shutil.copytree(root, os.path.join(repo, name), symlinks=True)
    git(repo, "init", "-q")
    subprocess.run([seam, "init", "-q", "."], cwd=repo, check=True)
    subprocess.run([seam, "baseline", "-q", "."], cwd=repo, check=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "corpus")
    changed = os.path.join(repo, "usr_share_perl5", "Moose.pm")
    if not os.path.exists(changed):
        changed = next(os.path.join(d, f) for d, _, fs in os.walk(repo) for f in fs if f.endswith(".pm"))
    return repo, changed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("roots", nargs="*")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default="/tmp/seam-bench-check")
    a = ap.parse_args()
    roots = corpus_roots(a.roots)
    seam, parse_only = build("parse_only")
    env = dict(os.environ, SEAM_CACHE_DIR=os.path.join(a.work, "cache"))
    os.makedirs(a.work, exist_ok=True)
    repo, changed = prepare(seam, roots, a.work)
    original = open(changed, "rb").read()
    edit = original + b"\nsub seam_bench_probe { return Test::More::ok(1) + DBIx::Class::Schema->connect }\n"
    print("corpus: %d roots in %s; one-file change: %s" % (len(roots), repo, os.path.relpath(changed, repo)))

    times = {"parse-only": [], "check cold": [], "check warm": [], "check --base (1 file)": []}
    violations = (0, 1)
    for _ in range(a.runs):
        times["parse-only"].append(timed([parse_only, "."], repo))
        times["check cold"].append(timed([seam, "check", "-q", "--no-cache", "."], repo, violations, env))
        timed([seam, "check", "-q", "."], repo, violations, env)  # fill the cache
        times["check warm"].append(timed([seam, "check", "-q", "."], repo, violations, env))
        open(changed, "wb").write(edit)
        timed([seam, "check", "-q", "."], repo, violations, env)  # the edited file enters the cache
        times["check --base (1 file)"].append(
            timed([seam, "check", "-q", "--base", "HEAD", "."], repo, violations, env))
        open(changed, "wb").write(original)
    floor = statistics.median(times["parse-only"])
    for name, runs in times.items():
        median = statistics.median(runs)
        print("%-22s median %6.3f s  (%.2fx parse-only)  runs %s" % (
            name, median, median / floor, " ".join("%.3f" % t for t in runs)))


if __name__ == "__main__":
    main()
