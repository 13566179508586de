#!/usr/bin/env bash
# Scores `seam facts` against the PPI reference oracle on the dev corpus.
#
#   scripts/accuracy.sh [OUT_DIR]      (default: target/accuracy)
#
# Installs the corpus if needed (../shared/corpus/install-dev-corpus.sh, needs root for apt),
# runs the oracle once per root (cached in OUT_DIR; delete it to rerun), runs seam, and prints
# ../shared/tools/score-facts.py's table for each root and for all roots together.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared="$here/../shared"
out=${1:-$here/target/accuracy}
mkdir -p "$out"
roots=$("$shared/corpus/install-dev-corpus.sh")
cargo build --release --quiet --manifest-path "$here/Cargo.toml" -p seam-cli
# cargo builds into $CARGO_TARGET_DIR when it is set: run that binary, not a stale one
seam="${CARGO_TARGET_DIR:-$here/target}/release/seam"
: > "$out/all.oracle.jsonl"
: > "$out/all.seam.jsonl"
for root in $roots; do
  name=$(basename "$root")
  [ -s "$out/$name.oracle.jsonl" ] || perl "$shared/tools/ppi-oracle.pl" "$root" > "$out/$name.oracle.jsonl"
  "$seam" facts "$root" --quiet --no-cache > "$out/$name.seam.jsonl"
  # prefix paths with the root name so files from different roots never collide
  sed "s|\"file\":\"|\"file\":\"$name/|" "$out/$name.oracle.jsonl" >> "$out/all.oracle.jsonl"
  sed "s|\"path\":\"|\"path\":\"$name/|" "$out/$name.seam.jsonl" >> "$out/all.seam.jsonl"
  echo "== $root"
  python3 "$shared/tools/score-facts.py" "$out/$name.oracle.jsonl" "$out/$name.seam.jsonl" --worst 0
done
echo "== all roots"
python3 "$shared/tools/score-facts.py" "$out/all.oracle.jsonl" "$out/all.seam.jsonl" --worst 5
