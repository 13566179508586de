#!/usr/bin/env bash
# Every command's output for a set of roots, one file each, so two builds of seam can be
# compared byte for byte (refactors that must not change behaviour):
#
#   scripts/snapshot-outputs.sh BEFORE_BINARY /tmp/before ROOT...
#   scripts/snapshot-outputs.sh target/release/seam /tmp/after ROOT...
#   diff -r /tmp/before /tmp/after
#
# EXTRA_ARGS (environment) are added to analyze, graph, suggest and report (e.g.
# `--modules namespace` for a build that would otherwise read the roots' seam.toml).
# Timestamps in reports are removed before writing.
set -uo pipefail
seam=$(readlink -f "$1"); out=$2; shift 2
mkdir -p "$out"
export SEAM_CACHE_DIR=${SEAM_CACHE_DIR:-/tmp/seam-snapshot-cache}
read -r -a extra <<<"${EXTRA_ARGS:-}"
for root in "$@"; do
    name=$(echo "$root" | tr '/' '_')
    run() { local file=$1; shift; "$seam" "$@" > "$out/$name.$file" 2>"$out/$name.$file.err"; echo "exit $?" >> "$out/$name.$file.err"; }
    run analyze.txt analyze -q "$root" "${extra[@]}"
    run analyze.json analyze -q "$root" --format json "${extra[@]}"
    run analyze.md analyze -q "$root" --format md "${extra[@]}"
    for level in package file module; do
        run "graph-$level.json" graph -q "$root" --level "$level" --format json "${extra[@]}"
        run "graph-$level.graphml" graph -q "$root" --level "$level" --format graphml "${extra[@]}"
    done
    run graph.dot graph -q "$root" "${extra[@]}"
    run suggest.json suggest -q "$root" --format json --seeds 2 "${extra[@]}"
    run suggest.txt suggest -q "$root" --seeds 2 "${extra[@]}"
    if [ -f "$root/seam.toml" ]; then
        run check.json check -q "$root" --format json
        run check.txt check -q "$root"
    fi
    "$seam" report -q "$root" -o "$out/$name.report.md" "${extra[@]}" 2>/dev/null
    "$seam" report -q "$root" -o "$out/$name.report.html" "${extra[@]}" 2>/dev/null
    sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z//g' "$out/$name.report.md" "$out/$name.report.html" 2>/dev/null
done
