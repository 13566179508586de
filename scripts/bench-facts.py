#!/usr/bin/env python3
"""Benchmark `seam facts` against its floor (a parse-only pass) and against the PPI oracle.

    scripts/bench-facts.py [--runs N] [--no-perl-only] [--seed S] [--ppi-root ROOT] [--no-ppi]
                           [--before BIN] [--threads N] [--no-analyze] [ROOT ...]

Default roots: the dev corpus (../shared/corpus/install-dev-corpus.sh --roots). Side by side, in
one run of N rounds (default 11), each round timing every tool once over every root, in an order
shuffled per round (seeded: --seed) so that machine noise and drift hit all tools alike:
  - parse-only: every Perl file read and parsed with the same grammar, discovery and threads
    (`cargo run --release -p seam --example parse_only`), nothing extracted;
  - seam facts: the full extractor, JSON written to /dev/null;
  - seam analyze: extraction plus the graph and every analysis, JSON written to /dev/null;
  (both with --no-cache: every run parses every file, as the first run on a codebase does)
  - with --before BIN: BIN's `seam facts` too (an older build), in the same rounds, so a
    change's before and after ratios come from the same run.
--threads N runs parse-only and seam with N threads (`-j N`; default: all cores): `--threads 1`
measures CPU cost without the scheduling of the parallel runs. --no-analyze leaves `seam analyze`
out (rounds are then shorter: more of them in the same time).
Perl only (the default; --no-perl-only turns it off): parse-only reads no templates, so the runs
above, parse-only included, exclude the files seam itself reads as templates (those whose
`seam facts` record has a `template` field, found by one untimed run per root; passed as
`--exclude` globs of their exact paths, so discovery does the same work on both sides); and one
more tool, `seam facts` with the templates, is timed in the same rounds: its difference from
the Perl-only `seam facts` is the templates' cost (issue 16), printed on its own.
  - PPI: ../shared/tools/ppi-oracle.pl on one root (default: the largest), one core, as Perl
    tools do it today; timed once (it is slow), against seam facts' median on the same root.
Prints, per tool, the median wall time and median CPU time (user + system) of a round, the
ratios to parse-only that the performance budget is stated in (ratio of the medians, and the
median of the per-round ratios), peak memory (max RSS), and the load average before and after.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time

from benchlib import SHARED, build, corpus_roots, facts_records, template_excludes


def run(cmd):
    """Runs cmd with stdout discarded; returns (wall seconds, CPU seconds (user + system), max
    RSS in MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit("failed: %s" % " ".join(cmd[:6]))
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def median_ratio(tool, base):
    return statistics.median(t / b for t, b in zip(tool, base))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("roots", nargs="*")
    ap.add_argument("--runs", type=int, default=11, help="rounds (default 11)")
    ap.add_argument("--perl-only", action=argparse.BooleanOptionalAction, default=True,
                    help="exclude the template files from the runs the ratios compare (default: on)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the per-round order (default 1)")
    ap.add_argument("--ppi-root", help="root for the PPI comparison (default: the largest root, so that start-up costs do not dominate)")
    ap.add_argument("--no-ppi", action="store_true")
    ap.add_argument("--before", help="an older seam binary whose `seam facts` is timed alongside")
    ap.add_argument("--threads", type=int, default=0, help="threads for parse-only and seam (default 0: all cores)")
    ap.add_argument("--no-analyze", action="store_true", help="do not time `seam analyze`")
    a = ap.parse_args()
    roots = corpus_roots(a.roots)
    seam, parse_only = build("parse_only")
    excludes, perl_bytes, template_bytes, templates = {}, 0, 0, 0
    for root in roots:
        records = facts_records(seam, root)
        excludes[root] = template_excludes(records) if a.perl_only else []
        perl_bytes += sum(r["bytes"] for r in records if not r.get("template"))
        template_bytes += sum(r["bytes"] for r in records if r.get("template"))
        templates += sum(1 for r in records if r.get("template"))
    print("corpus: %d roots, %.1f MB of Perl, %d template files (%.1f MB), %d cores, load average %s" % (
        len(roots), perl_bytes / 1e6, templates, template_bytes / 1e6, os.cpu_count(),
        " ".join("%.2f" % x for x in os.getloadavg())))
    size = perl_bytes if a.perl_only else perl_bytes + template_bytes
    print("the ratios compare %s" % ("the Perl files only (template files excluded on both sides)"
                                     if a.perl_only else "the Perl files (parse-only) with Perl and templates (seam)"))

    jobs = ["-j", str(a.threads)] if a.threads else []
    tools = {
        "parse-only": lambda r: [parse_only, r, str(a.threads)] + excludes[r],
        "seam facts": lambda r: [seam, "facts", "-q", "--no-cache"] + jobs + excludes[r] + [r],
    }
    if not a.no_analyze:
        tools["seam analyze"] = lambda r: [seam, "analyze", "-q", "--no-cache", "--format", "json"] + jobs + excludes[r] + [r]
    if a.perl_only and templates:
        tools["facts + templates"] = lambda r: [seam, "facts", "-q", "--no-cache"] + jobs + [r]
    if a.before:
        tools["before facts"] = lambda r: [a.before, "facts", "-q", "--no-cache"] + jobs + excludes[r] + [r]
    wall = {name: [] for name in tools}
    cpu = {name: [] for name in tools}
    peak = {name: 0.0 for name in tools}
    order = random.Random(a.seed)
    for _ in range(a.runs):
        names = list(tools)
        order.shuffle(names)
        for name in names:
            total_wall = total_cpu = 0.0
            for root in roots:
                seconds, cpu_seconds, rss = run(tools[name](root))
                total_wall, total_cpu = total_wall + seconds, total_cpu + cpu_seconds
                peak[name] = max(peak[name], rss)
            wall[name].append(total_wall)
            cpu[name].append(total_cpu)
    print("load average after: %s" % " ".join("%.2f" % x for x in os.getloadavg()))

    base_wall, base_cpu = statistics.median(wall["parse-only"]), statistics.median(cpu["parse-only"])
    print("%-18s %8s %8s %7s  %s" % ("median of a round", "wall", "CPU", "RSS", "wall of each round"))
    for name in tools:
        print("%-18s %7.2fs %7.2fs %5.0fMB  %s" % (
            name, statistics.median(wall[name]), statistics.median(cpu[name]), peak[name],
            " ".join("%.2f" % t for t in wall[name])))
    print("parse-only: %.1f MB/s" % (size / 1e6 / base_wall))
    print("ratio to parse-only (budget: <= 1.25)   wall: of medians / median per round   CPU: of medians / median per round")
    for name in tools:
        if name == "parse-only" or name == "facts + templates":
            continue
        print("  %-16s %.3f / %.3f   %.3f / %.3f" % (
            name, statistics.median(wall[name]) / base_wall, median_ratio(wall[name], wall["parse-only"]),
            statistics.median(cpu[name]) / base_cpu, median_ratio(cpu[name], cpu["parse-only"])))
    if "facts + templates" in tools:
        # the templates' cost: per round, facts with them minus facts without them
        extra_wall = statistics.median(t - p for t, p in zip(wall["facts + templates"], wall["seam facts"]))
        extra_cpu = statistics.median(t - p for t, p in zip(cpu["facts + templates"], cpu["seam facts"]))
        print("template files (%d, %.1f MB): median per round %.3f s wall, %.3f s CPU = %.3f / %.3f of "
              "parse-only, %.1f%% / %.1f%% of seam facts with them" % (
                  templates, template_bytes / 1e6, extra_wall, extra_cpu, extra_wall / base_wall,
                  extra_cpu / base_cpu, 100 * extra_wall / statistics.median(wall["facts + templates"]),
                  100 * extra_cpu / statistics.median(cpu["facts + templates"])))
        print("  seam facts with the templates / parse-only (Perl only): wall %.3f, CPU %.3f" % (
            statistics.median(wall["facts + templates"]) / base_wall,
            statistics.median(cpu["facts + templates"]) / base_cpu))

    if a.no_ppi:
        return
    ppi_root = a.ppi_root or max(roots, key=lambda r: sum(
        os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(r) for f in fs if not os.path.islink(os.path.join(d, f))))
    ppi_bytes = sum(r["bytes"] for r in facts_records(seam, ppi_root))
    seam_times = [run([seam, "facts", "-q", "--no-cache", ppi_root])[0] for _ in range(a.runs)]
    ppi_seconds, _, ppi_rss = run(["perl", os.path.join(SHARED, "tools", "ppi-oracle.pl"), ppi_root])
    seam_median = statistics.median(seam_times)
    print("PPI oracle on %s (%.1f MB): %.1f s (%.2f MB/s, 1 core), peak RSS %.0f MB" % (
        ppi_root, ppi_bytes / 1e6, ppi_seconds, ppi_bytes / 1e6 / ppi_seconds, ppi_rss))
    print("seam facts on the same files: median %.2f s (%.1f MB/s)" % (seam_median, ppi_bytes / 1e6 / seam_median))
    print("ratio PPI / seam facts: %.1fx  (budget: >= 40x)" % (ppi_seconds / seam_median))


if __name__ == "__main__":
    main()
