#!/usr/bin/env python3
"""Times `seam trend --samples N` on a repository with a long history.

    scripts/bench-trend.py [REPO] [--samples 20] [--runs 3]

REPO (default /tmp/lsmb, a clone of github:ledgersmb/LedgerSMB: `git clone -q
/work/.mirror/ledgersmb+LedgerSMB/repo /tmp/lsmb`) is a git work tree with full history. Three
series, each the median of --runs: cold (no cache at all: today's files and every sample's files
parsed), warm facts with the trend cache removed (today's facts cached; the samples' files read
from git and parsed, each distinct file once), and warm (both caches: nothing parsed). The machine
is shared: state the load with the figures.
"""

import argparse
import glob
import os
import shutil
import statistics
import subprocess
import tempfile
import time

from benchlib import HERE, release_dir


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("repo", nargs="?", default="/tmp/lsmb")
    ap.add_argument("--samples", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "seam-cli"], cwd=HERE, check=True)
    seam = os.path.join(release_dir(), "seam")
    cache = tempfile.mkdtemp(prefix="seam-bench-trend-")
    env = dict(os.environ, SEAM_CACHE_DIR=cache)

    def run(remove):
        for pattern in remove:
            for f in glob.glob(os.path.join(cache, pattern)):
                os.remove(f)
        start = time.perf_counter()
        subprocess.run([seam, "trend", "-q", a.repo, "--samples", str(a.samples), "--format", "csv"],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    first = subprocess.run(["git", "-C", a.repo, "rev-list", "--first-parent", "--count", "HEAD"],
                           capture_output=True, text=True, check=True).stdout.strip()
    print(f"{a.repo}: {first} first-parent commits; seam trend --samples {a.samples}; "
          f"median of {a.runs}; load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    rows = [
        ("cold (no cache)", ["*"]),
        ("warm facts, no trend cache", ["trend-*"]),
        ("warm", []),
    ]
    for name, remove in rows:
        times = [run(remove) for _ in range(a.runs)]
        print(f"  {name:<28} {statistics.median(times):6.2f} s   (runs: "
              + ", ".join(f"{t:.2f}" for t in times) + ")")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
