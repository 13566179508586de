#!/usr/bin/env python3
"""Times reading the git history in `seam analyze`, against the same analysis without it.

    scripts/bench-history.py REPO [--runs N]

REPO is a git work tree with full history (e.g. a clone of github:ledgersmb/LedgerSMB). Facts are
warm (one run first); each history run starts without a history cache (its file is removed), then
a last series reads it from the cache. Prints medians and the ratio to the run without history,
measured in the same session (the machine is shared: compare ratios, not seconds).
"""

import argparse
import glob
import os
import statistics
import subprocess
import tempfile
import time

from benchlib import HERE


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("repo")
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "seam-cli"], cwd=HERE, check=True)
    seam = os.path.join(HERE, "target", "release", "seam")
    cache = tempfile.mkdtemp(prefix="seam-bench-history-")
    env = dict(os.environ, SEAM_CACHE_DIR=cache)

    def run(args, cold_history):
        if cold_history:
            for f in glob.glob(os.path.join(cache, "history-*")):
                os.remove(f)
        start = time.perf_counter()
        subprocess.run([seam, "analyze", "-q", a.repo, "--format", "json"] + args, env=env,
                       check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    run(["--no-history"], False)  # facts warm from here on
    count = subprocess.run(["git", "-C", a.repo, "rev-list", "--count", "HEAD"], capture_output=True,
                           text=True, check=True).stdout.strip()
    first = subprocess.run(["git", "-C", a.repo, "rev-list", "--first-parent", "--count", "HEAD"],
                           capture_output=True, text=True, check=True).stdout.strip()
    print(f"{a.repo}: {count} commits, {first} on the first-parent line; median of {a.runs} runs")
    rows = [
        ("no history", ["--no-history"], False),
        ("first-parent, cold history", [], True),
        ("first-parent, cold, --line-counts", ["--line-counts"], True),
        ("all parents, cold history", ["--all-parents"], True),
        ("first-parent, cached history", [], False),
    ]
    base = None
    for name, args, cold in rows:
        times = []
        for _ in range(a.runs):
            times.append(run(args, cold))
        median = statistics.median(times)
        base = base or median
        print(f"  {name:<30} {median:6.2f} s   x{median / base:5.2f}")


if __name__ == "__main__":
    main()
