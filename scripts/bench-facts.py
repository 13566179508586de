#!/usr/bin/env python3
"""Benchmark `seam facts` against its floor (a parse-only pass) and against the PPI oracle.

    scripts/bench-facts.py [--runs N] [--ppi-root ROOT] [--before BIN] [ROOT ...]

Default roots: the dev corpus (../shared/corpus/install-dev-corpus.sh --roots). Side by side, in
one run, alternating so machine noise hits both equally:
  - parse-only: every Perl file read and parsed with the same grammar, discovery and threads
    (`cargo run --release -p seam --example parse_only`), nothing extracted;
  - seam facts: the full extractor, JSON written to /dev/null;
  - seam analyze: extraction plus the graph and every analysis, JSON written to /dev/null;
  (both with --no-cache: every run parses every file, as the first run on a codebase does)
  - with --before BIN: BIN's `seam facts` too (an older build), in the same alternation, so a
    change's before and after ratios come from the same run
  - PPI: ../shared/tools/ppi-oracle.pl on one root (default: the largest), one core, as Perl
    tools do it today; timed once (it is slow), against seam facts' median on the same root.
Prints medians, the ratios the performance budget is stated in, and peak memory (max RSS).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from benchlib import SHARED, build, corpus_roots


CPU = {}


def run(cmd, key=None):
    """Runs cmd with stdout discarded; returns (seconds, max RSS in MB). CPU seconds (user +
    system) are accumulated per tool name in CPU."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit("failed: %s" % " ".join(cmd))
    key = key or os.path.basename(cmd[0]) + ("" if len(cmd) < 2 or cmd[1].startswith("/") else " " + cmd[1])
    CPU.setdefault(key, []).append(usage.ru_utime + usage.ru_stime)
    return elapsed, usage.ru_maxrss / 1024


def corpus_bytes(seam, roots):
    total = 0
    for root in roots:
        out = subprocess.run([seam, "facts", "-q", root], capture_output=True, text=True, check=True)
        total += sum(json.loads(line)["bytes"] for line in out.stdout.splitlines() if line)
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("roots", nargs="*")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--ppi-root", help="root for the PPI comparison (default: the largest root, so that start-up costs do not dominate)")
    ap.add_argument("--no-ppi", action="store_true")
    ap.add_argument("--before", help="an older seam binary whose `seam facts` is timed alongside")
    a = ap.parse_args()
    roots = corpus_roots(a.roots)
    seam, parse_only = build("parse_only")
    size = corpus_bytes(seam, roots)
    print("corpus: %d roots, %.1f MB of Perl, %d cores" % (len(roots), size / 1e6, os.cpu_count()))

    def each_root(tool, key=None):
        total, peak = 0.0, 0.0
        for root in roots:
            seconds, rss = run(tool(root), key)
            total, peak = total + seconds, max(peak, rss)
        return total, peak

    parse_times, facts_times, analyze_times, before_times = [], [], [], []
    parse_peak = facts_peak = analyze_peak = 0.0
    for _ in range(a.runs):
        seconds, rss = each_root(lambda r: [parse_only, r])
        parse_times.append(seconds)
        parse_peak = max(parse_peak, rss)
        seconds, rss = each_root(lambda r: [seam, "facts", "-q", "--no-cache", r])
        facts_times.append(seconds)
        facts_peak = max(facts_peak, rss)
        if a.before:
            before_times.append(each_root(lambda r: [a.before, "facts", "-q", "--no-cache", r], "before")[0])
        seconds, rss = each_root(lambda r: [seam, "analyze", "-q", "--no-cache", "--format", "json", r])
        analyze_times.append(seconds)
        analyze_peak = max(analyze_peak, rss)
    parse_median, facts_median = statistics.median(parse_times), statistics.median(facts_times)
    analyze_median = statistics.median(analyze_times)
    print("parse-only  median %.2f s (%.1f MB/s)  peak RSS %.0f MB  runs %s" % (
        parse_median, size / 1e6 / parse_median, parse_peak, " ".join("%.2f" % t for t in parse_times)))
    print("seam facts  median %.2f s (%.1f MB/s)  peak RSS %.0f MB  runs %s" % (
        facts_median, size / 1e6 / facts_median, facts_peak, " ".join("%.2f" % t for t in facts_times)))
    print("seam analyze median %.2f s (%.1f MB/s)  peak RSS %.0f MB  runs %s" % (
        analyze_median, size / 1e6 / analyze_median, analyze_peak, " ".join("%.2f" % t for t in analyze_times)))
    if a.before:
        before_median = statistics.median(before_times)
        print("before facts median %.2f s  runs %s" % (before_median, " ".join("%.2f" % t for t in before_times)))
        print("ratio before facts / parse-only: %.3f (CPU %.3f)" % (
            before_median / parse_median, sum(CPU["before"]) / sum(CPU["parse_only"])))
    print("ratio seam facts / parse-only: %.3f  (budget: <= 1.25)" % (facts_median / parse_median))
    print("ratio seam analyze / parse-only: %.3f  (budget: <= 1.25)" % (analyze_median / parse_median))
    # CPU time (user + system, summed over roots and runs) is less sensitive to other load than
    # wall time on a shared machine
    cpu = {k: sum(v) for k, v in CPU.items()}
    parse_cpu = cpu["parse_only"]
    print("CPU-time ratios: seam facts / parse-only %.3f, seam analyze / parse-only %.3f" % (
        cpu["seam facts"] / parse_cpu, cpu["seam analyze"] / parse_cpu))

    if a.no_ppi:
        return
    ppi_root = a.ppi_root or max(roots, key=lambda r: sum(
        os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(r) for f in fs if not os.path.islink(os.path.join(d, f))))
    ppi_bytes = corpus_bytes(seam, [ppi_root])
    CPU.clear()
    seam_times = [run([seam, "facts", "-q", "--no-cache", ppi_root])[0] for _ in range(a.runs)]
    ppi_seconds, ppi_rss = run(["perl", os.path.join(SHARED, "tools", "ppi-oracle.pl"), ppi_root])
    seam_median = statistics.median(seam_times)
    print("PPI oracle on %s (%.1f MB): %.1f s (%.2f MB/s, 1 core), peak RSS %.0f MB" % (
        ppi_root, ppi_bytes / 1e6, ppi_seconds, ppi_bytes / 1e6 / ppi_seconds, ppi_rss))
    print("seam facts on the same files: median %.2f s (%.1f MB/s)" % (seam_median, ppi_bytes / 1e6 / seam_median))
    print("ratio PPI / seam facts: %.1fx  (budget: >= 40x)" % (ppi_seconds / seam_median))


if __name__ == "__main__":
    main()
