#!/usr/bin/env python3
"""Compare two `seam suggest --format json` outputs of the same tree (e.g. two builds).

    scripts/compare-suggest.py BEFORE.json AFTER.json

Prints, for each: the resolution detailed, Leiden runs there and their agreement (the stability
ARI suggest reports), modules, largest share, the decomposition metrics suggest prints (TurboMQ,
structural modularity, ICP, IFN, NED) and the agreement with the reference (MoJoFM, ARI); then the
adjusted Rand index between the two proposals (package to module, every package in both). The
package-count trees of scripts/gen-scale-corpus.py plant no ground truth (references are drawn
by preferential attachment, not inside groups), so the two are compared with each other and with
the reference modules only.
"""
import json
import sys
from collections import Counter
from math import comb


def membership(doc):
    module_of = {}
    for i, module in enumerate(doc["proposal"]["modules"]):
        for package in module["packages"]:
            module_of[package] = i
    return module_of


def ari(a, b):
    """Adjusted Rand index of two labelings (same length)."""
    n = len(a)
    pairs = Counter(zip(a, b))
    sum_ij = sum(comb(c, 2) for c in pairs.values())
    sum_a = sum(comb(c, 2) for c in Counter(a).values())
    sum_b = sum(comb(c, 2) for c in Counter(b).values())
    expected = sum_a * sum_b / comb(n, 2) if n > 1 else 0.0
    top = (sum_a + sum_b) / 2
    return 1.0 if top == expected else (sum_ij - expected) / (top - expected)


def summary(doc):
    p = doc["proposal"]
    m = p["metrics"]
    s = doc["stability"]
    return {
        "resolution": p["resolution"],
        "runs": s["runs"],
        "stability ARI": s["mean_ari"],
        "modules": len(p["modules"]),
        "largest share": p["largest_share"],
        "TurboMQ": round(m["turbo_mq"], 2),
        "structural modularity": round(m["structural_modularity"], 4),
        "ICP": round(m["icp"], 4),
        "IFN": round(m["ifn"], 2),
        "NED": m["ned"],
        "MoJoFM vs reference": p["comparison"]["mojo_fm"],
        "ARI vs reference": p["comparison"]["ari"],
    }


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    before, after = (json.load(open(path)) for path in sys.argv[1:])
    a, b = summary(before), summary(after)
    print(f"{'':24} {'before':>10} {'after':>10}")
    for key in a:
        print(f"{key:24} {a[key]!s:>10} {b[key]!s:>10}")
    ma, mb = membership(before), membership(after)
    common = sorted(set(ma) & set(mb))
    print(f"{'ARI before/after':24} {ari([ma[p] for p in common], [mb[p] for p in common]):>21.3f}"
          f"  ({len(common)} packages)")


if __name__ == "__main__":
    main()
