#!/usr/bin/env python3
"""Scores seam's data facts (tables and data files per site) against the hand-labelled set.

    scripts/data-accuracy.py [--labels tests/accuracy/data-sites.jsonl] [--misses N]

Runs `seam facts` on each labelled root once (ledgersmb and sympa from the dev corpus,
/usr/share/perl5), then compares, at every labelled site (root, file, line), the set of
(kind, table, access) seam reports with the labels. A site labelled `none` contributes its false
positives only. Prints precision and recall per kind and overall, and the misses by site.
"""

import argparse
import collections
import json
import os
import subprocess

from benchlib import HERE

ROOTS = {
    "ledgersmb": os.path.expanduser("~/.cache/seam-dev-corpus/ledgersmb"),
    "sympa": os.path.expanduser("~/.cache/seam-dev-corpus/sympa"),
    "perl5": "/usr/share/perl5",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", default=os.path.join(HERE, "tests", "accuracy", "data-sites.jsonl"))
    ap.add_argument("--misses", type=int, default=40)
    a = ap.parse_args()
    truth = collections.defaultdict(set)
    sites = set()
    for line in open(a.labels):
        row = json.loads(line)
        site = (row["root"], row["file"], row["line"])
        sites.add(site)
        if row["kind"] != "none":
            truth[site].add((row["kind"], row["table"], row["access"]))
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "seam-cli"], cwd=HERE, check=True)
    seam = os.path.join(HERE, "target", "release", "seam")
    found = collections.defaultdict(set)
    wanted_files = {(r, f) for (r, f, _) in sites}
    for root, path in ROOTS.items():
        out = subprocess.run([seam, "facts", "-q", path], capture_output=True, text=True, check=True)
        for line in out.stdout.splitlines():
            facts = json.loads(line)
            if (root, facts["path"]) not in wanted_files:
                continue
            for d in facts.get("data", []):
                site = (root, facts["path"], d["line"])
                if site in sites:
                    found[site].add((d["kind"], d["target"], d["access"]))
    by_kind = collections.defaultdict(lambda: [0, 0, 0])  # hits, reported, true
    misses = []
    for site in sorted(sites):
        t, f = truth.get(site, set()), found.get(site, set())
        for kind in {k for k, _, _ in t | f}:
            tk = {x for x in t if x[0] == kind}
            fk = {x for x in f if x[0] == kind}
            c = by_kind[kind]
            c[0] += len(tk & fk)
            c[1] += len(fk)
            c[2] += len(tk)
        if t != f:
            misses.append((site, sorted(t - f), sorted(f - t)))
    total = [sum(c[i] for c in by_kind.values()) for i in range(3)]
    print("%-10s %8s %8s %8s %8s" % ("kind", "labels", "seam", "precision", "recall"))
    for kind, (hits, reported, true) in sorted(by_kind.items()) + [("all", total)]:
        p = hits / reported if reported else 1.0
        r = hits / true if true else 1.0
        print("%-10s %8d %8d %8.3f %8.3f" % (kind, true, reported, p, r))
    print(f"\n{len(sites)} labelled sites, {len(misses)} differ:")
    for site, missed, extra in misses[: a.misses]:
        print(f"  {site[0]} {site[1]}:{site[2]}  missed {missed}  extra {extra}")


if __name__ == "__main__":
    main()
