#!/usr/bin/env python3
"""Where `seam facts` spends CPU beyond its floor, a parse-only pass, by `perf` samples.

    scripts/perf-facts.py [--runs N] [--seam BIN] [--out DIR] ROOT

Records N runs (default 5) of each of `seam facts -q --no-cache -j 1` and the parse-only example
(`cargo run --release -p seam --example parse_only ROOT 1`) with `perf record -e cpu-clock -F
10000` (a software clock: works where a VM has no hardware counters), Perl files only (the
template files seam reads are excluded on both sides, as scripts/bench-facts.py does), and prints
per symbol the samples of seam minus those of parse-only as a share of parse-only's samples —
the extra the performance budget (<= 1.25x parse-only) is about — then the same by crate or
symbol prefix. Sampling noise is a few tenths of a percent per symbol at 5 runs; compare two
builds by running the script for each in the same minutes.
"""
import argparse
import collections
import os
import subprocess
import tempfile

from benchlib import build, facts_records, template_excludes


def samples(paths):
    """Samples per symbol over the recordings `paths`, and their total."""
    counts, total = collections.Counter(), 0
    for path in paths:
        text = subprocess.run(["perf", "script", "-i", path, "-F", "ip,sym"],
                              capture_output=True, text=True, check=True).stdout
        for line in text.splitlines():
            parts = line.split(None, 1)
            counts[parts[1] if len(parts) > 1 else "?"] += 1
            total += 1
    return counts, total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("root")
    ap.add_argument("--runs", type=int, default=5, help="recordings of each (default 5)")
    ap.add_argument("--seam", help="the seam binary to profile (default: this tree's release build)")
    ap.add_argument("--out", help="directory for the recordings (default: a temporary one)")
    a = ap.parse_args()
    seam, parse_only = build("parse_only")
    seam = a.seam or seam
    excludes = template_excludes(facts_records(seam, a.root))
    out = a.out or tempfile.mkdtemp(prefix="seam-perf-")
    os.makedirs(out, exist_ok=True)
    tools = {
        "seam": [seam, "facts", "-q", "--no-cache", "-j", "1"] + excludes + [a.root],
        "parse-only": [parse_only, a.root, "1"] + excludes,
    }
    for run in range(a.runs):
        for name, cmd in tools.items():
            subprocess.run(["perf", "record", "-q", "-F", "10000", "-e", "cpu-clock", "-o",
                            os.path.join(out, "%s.%d" % (name, run)), "--"] + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    seam_counts, seam_total = samples(os.path.join(out, "seam.%d" % r) for r in range(a.runs))
    base_counts, base_total = samples(os.path.join(out, "parse-only.%d" % r) for r in range(a.runs))
    print("samples: seam facts %d, parse-only %d, ratio %.3f (recordings in %s)" % (
        seam_total, base_total, seam_total / base_total, out))
    rows = sorted(((seam_counts[k] - base_counts[k], seam_counts[k], base_counts[k], k)
                   for k in set(seam_counts) | set(base_counts)), reverse=True)
    print("  extra    seam  parse  extra/parse-only  symbol")
    for extra, s, b, symbol in rows[:50]:
        print("%7d %7d %7d  %6.2f%%  %s" % (extra, s, b, 100 * extra / base_total, symbol[:100]))
    prefixes = collections.Counter()
    for extra, _, _, symbol in rows:
        prefixes[symbol.split("::")[0].lstrip("<").split(" ")[0] if "::" in symbol else symbol] += extra
    print("by crate or symbol prefix:")
    for prefix, extra in prefixes.most_common(30):
        print("%7d  %6.2f%%  %s" % (extra, 100 * extra / base_total, prefix))


if __name__ == "__main__":
    main()
