#!/usr/bin/env python3
"""Time one seam command with two builds, alternating so machine noise hits both alike.

    scripts/bench-compare.py BEFORE AFTER [--runs N] -- COMMAND ARGS... ROOT

Runs `BEFORE COMMAND ARGS...` and `AFTER COMMAND ARGS...` N times each (default 7), in turn,
after one warm-up run of each (the facts cache is filled, so this measures everything after
parsing: resolution, analyses, rendering). Each build gets its own cache directory. Prints the
medians and AFTER/BEFORE. Example (is `seam report` faster now that it resolves once?):

    cp target/release/seam /tmp/seam-after
    scripts/bench-compare.py /tmp/seam-before /tmp/seam-after -- report -q -o /tmp/r.html /usr/share/perl5
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    if "--" not in sys.argv:
        sys.exit(__doc__)
    split = sys.argv.index("--")
    parser = argparse.ArgumentParser()
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(sys.argv[1:split])
    command = sys.argv[split + 1:]
    caches = {b: tempfile.mkdtemp(prefix="seam-bench-") for b in (args.before, args.after)}
    times = {args.before: [], args.after: []}

    def run(binary):
        env = dict(os.environ, SEAM_CACHE_DIR=caches[binary])
        start = time.perf_counter()
        done = subprocess.run([binary] + command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            sys.exit(f"{binary} {' '.join(command)} failed: {done.stderr.decode(errors='replace')}")
        return elapsed

    for binary in times:
        run(binary)
    for _ in range(args.runs):
        for binary in times:
            times[binary].append(run(binary))
    before = statistics.median(times[args.before])
    after = statistics.median(times[args.after])
    print(f"{' '.join(command)}")
    print(f"  before {before:.3f} s   after {after:.3f} s   after/before {after / before:.2f}  (medians of {args.runs})")


if __name__ == "__main__":
    main()
