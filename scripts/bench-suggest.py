#!/usr/bin/env python3
"""`seam suggest` on the dev corpus: agreement with the namespace split, next to chance and the
split itself, and what it costs beyond `seam analyze`.

    scripts/bench-suggest.py [--runs N] [ROOT ...]

Default roots: the dev corpus (../shared/corpus/install-dev-corpus.sh --roots), plus the whole
corpus as one codebase when scripts/bench-check.py has built it (/tmp/seam-bench-check/corpus).
For each root (facts cache warm, so both commands measure their own work):
  - MoJoFM and ARI of the proposal against the namespace split at depth 2 and 3, next to random
    partitions with the proposal's size profile (chance), and the decomposition metrics of the
    proposal next to those of the namespace split itself;
  - wall time of `seam suggest --format json` and `seam analyze --format json` (medians), and the
    time of the suggestion alone (`--example suggest_timing`: clustering sweep, stability seeds,
    proposal, comparisons) — plus that example on a synthetic 5,000-package graph.
"""
import argparse
import json
import os
import statistics
import subprocess
import time

from benchlib import build, corpus_roots


def timed(cmd):
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, check=True).stdout
    return time.perf_counter() - start, out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("roots", nargs="*")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    roots = corpus_roots(a.roots)
    if not a.roots and os.path.isdir("/tmp/seam-bench-check/corpus"):
        roots.append("/tmp/seam-bench-check/corpus")
    seam, timing = build("suggest_timing")
    for root in roots:
        subprocess.run([seam, "facts", "-q", root], capture_output=True, check=True)  # warm the cache
        suggest_runs, analyze_runs = [], []
        for _ in range(a.runs):
            seconds, out = timed([seam, "suggest", "-q", root, "--format", "json"])
            suggest_runs.append(seconds)
            analyze_runs.append(timed([seam, "analyze", "-q", root, "--format", "json"])[0])
        s = json.loads(out)
        p = s["proposal"]
        alone = subprocess.run([timing, root, str(a.runs)], capture_output=True, text=True, check=True).stdout.strip()
        print("== %s" % root)
        print("  %d packages (%d omnipresent, %d isolated); granularities %s; detailed: %d modules at resolution %s, largest %.0f%%" % (
            s["graph"]["packages"], len(s["graph"]["omnipresent"]), s["graph"]["isolated"],
            "/".join(str(g["modules"]) for g in s["granularities"]), len(p["modules"]), p["resolution"],
            100 * p["largest_share"]))
        for split in p["comparison"]["namespaces"]:
            if split["depth"] not in (2, 3):
                continue
            m, n = p["metrics"], split["metrics"]
            print("  vs namespaces depth %d (%d modules): proposal MoJoFM %.1f%% ARI %.3f | chance MoJoFM %.1f%% ARI %.3f"
                  " | TurboMQ %.1f vs split %.1f, ICP %.3f vs %.3f, SM %.3f vs %.3f" % (
                      split["depth"], split["modules"], split["proposal"]["mojo_fm"], split["proposal"]["ari"],
                      split["random"]["mojo_fm"], split["random"]["ari"], m["turbo_mq"], n["turbo_mq"],
                      m["icp"], n["icp"], m["structural_modularity"], n["structural_modularity"]))
        print("  seam suggest %.2f s, seam analyze %.2f s (medians of %d, warm); %s" % (
            statistics.median(suggest_runs), statistics.median(analyze_runs), a.runs, alone))
    synthetic = subprocess.run([timing, "--synthetic", "5000", str(a.runs)], capture_output=True, text=True,
                               check=True).stdout.strip()
    print("== synthetic graph: %s" % synthetic)


if __name__ == "__main__":
    main()
