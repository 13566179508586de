#!/usr/bin/env bash
# Independent truth for `seam suggest`: how much of what changed together in the newest fifth of
# a repository's history each proposal keeps inside one module, against the namespace tree cut
# into as many modules and random partitions of the same sizes, for several history weights; and
# how much the whole pipeline depends on its base seed.
#
#   scripts/evaluate-suggest.sh REPO [WEIGHT...]      (default weights: 0 1 2 3 5)
#   SEEDS=10 scripts/evaluate-suggest.sh REPO         (base seeds 0..9 at the default weight)
#
# REPO is a git work tree (a clone with full history). Prints one row per weight; "margin" is the
# proposal's co-change containment minus the namespace cut's, in points. With SEEDS=N, one row per
# base seed (--seed) and the mean pairwise adjusted Rand index of the N proposals, with the spread
# of their module counts. Extra `seam suggest` flags go in SUGGEST_FLAGS; SEAM=BINARY evaluates
# another build (a previous version) without building this one.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$1; shift
weights=${*:-0 1 2 3 5}
# SEAM=/path/to/seam evaluates that binary (another version) instead of building this one
if [[ -z "${SEAM:-}" ]]; then
  cargo build --release --quiet --manifest-path "$here/Cargo.toml" -p seam-cli
fi
seam="${SEAM:-${CARGO_TARGET_DIR:-$here/target}/release/seam}"
row='
import json, sys
s = json.load(open(sys.argv[2])); p = s["proposal"]; h = p["comparison"]["history"]
pc, nc, rc = h["proposal"], h["namespace_cut"], h["random"]
print("%-8s %7d %8.1f%% %8.1f%% %8.1f%% %+7.1f %8.1f%% %8.1f%% %8.1f%%" % (sys.argv[1], pc["modules"],
  100 * pc["containment"], 100 * nc["containment"], 100 * rc["containment"],
  100 * (pc["containment"] - nc["containment"]), 100 * p["largest_share"],
  100 * pc["locality"], 100 * nc["locality"]))'
header() {
  printf '%-8s %7s %9s %9s %9s %8s %9s %9s %9s\n' "$1" modules proposal namespace random margin largest p-commits n-commits
}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [[ -n "${SEEDS:-}" ]]; then
  header seed
  for ((seed = 0; seed < SEEDS; seed++)); do
    # shellcheck disable=SC2086
    "$seam" suggest -q --history --exact-renames --seed "$seed" ${SUGGEST_FLAGS:-} --format json "$repo" >"$out/$seed.json"
    python3 -c "$row" "$seed" "$out/$seed.json"
  done
  python3 - "$out"/*.json <<'EOF'
import itertools, json, math, sys
from collections import Counter
def labels(path):
    s = json.load(open(path))
    return {p: m for m, module in enumerate(s["proposal"]["modules"]) for p in module["packages"]}
def ari(a, b):
    keys = sorted(set(a) & set(b))
    c2 = lambda n: n * (n - 1) / 2
    index = sum(c2(n) for n in Counter((a[k], b[k]) for k in keys).values())
    sa = sum(c2(n) for n in Counter(a[k] for k in keys).values())
    sb = sum(c2(n) for n in Counter(b[k] for k in keys).values())
    expected = sa * sb / c2(len(keys))
    top = (sa + sb) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)
runs = [labels(p) for p in sys.argv[1:]]
pairs = [ari(a, b) for a, b in itertools.combinations(runs, 2)]
ks = [len(set(r.values())) for r in runs]
mean = sum(ks) / len(ks)
print("seeds %d: mean pairwise ARI %.3f (min %.3f); modules %d-%d (mean %.1f, within %.0f%% of it)" % (
    len(runs), sum(pairs) / len(pairs), min(pairs), min(ks), max(ks), mean,
    100 * max(abs(k - mean) for k in ks) / mean))
EOF
  exit 0
fi
header weight
for w in $weights; do
  # shellcheck disable=SC2086
  "$seam" suggest -q --history --exact-renames --history-weight "$w" ${SUGGEST_FLAGS:-} --format json "$repo" >"$out/$w.json"
  python3 -c "$row" "$w" "$out/$w.json"
done
