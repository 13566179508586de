#!/usr/bin/env bash
# Independent truth for `seam suggest`: how much of what changed together in the newest fifth of
# a repository's history each proposal keeps inside one module, against the namespace tree cut
# into as many modules and random partitions of the same sizes, for several history weights.
#
#   scripts/evaluate-suggest.sh REPO [WEIGHT...]      (default weights: 0 1 2 3 5)
#
# REPO is a git work tree (a clone with full history). Prints one row per weight; "margin" is the
# proposal's co-change containment minus the namespace cut's, in points.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$1; shift
weights=${*:-0 1 2 3 5}
cargo build --release --quiet --manifest-path "$here/Cargo.toml" -p seam-cli
seam="$here/target/release/seam"
printf '%-8s %7s %9s %9s %9s %8s %9s %9s %9s\n' weight modules proposal namespace random margin largest p-commits n-commits
for w in $weights; do
  "$seam" suggest -q --history --exact-renames --history-weight "$w" --format json "$repo" |
    python3 -c '
import json, sys
s = json.load(sys.stdin); p = s["proposal"]; h = p["comparison"]["history"]
pc, nc, rc = h["proposal"], h["namespace_cut"], h["random"]
print("%-8s %7d %8.1f%% %8.1f%% %8.1f%% %+7.1f %8.1f%% %8.1f%% %8.1f%%" % (sys.argv[1], pc["modules"],
  100 * pc["containment"], 100 * nc["containment"], 100 * rc["containment"],
  100 * (pc["containment"] - nc["containment"]), 100 * p["largest_share"],
  100 * pc["locality"], 100 * nc["locality"]))' "$w"
done
