#!/usr/bin/env bash
# Clean-build cost of the README's two commands, as a new user pays it.
#
#   scripts/measure-build.sh LABEL [TARGET_BASE] [COMMANDS]
#
# COMMANDS: `run`, `test` or `run test` (the default): which of the two to measure.
# Builds into fresh target directories (TARGET_BASE-LABEL-{run,test}, default /tmp/seam-build),
# so nothing is reused from an earlier build (the crates.io download cache is: downloading is
# not what is measured). Prints wall time, user+sys CPU, the target directory's size and the load
# average before and after each command, so runs on a shared machine can be judged.
set -euo pipefail
label=${1:?label}
base=${2:-/tmp/seam-build}
cd "$(dirname "$0")/.."
measure() {
    local name=$1; shift
    local dir="$base-$label-$name"
    rm -rf "$dir"
    local load_before; load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    local start; start=$(date +%s.%N)
    CARGO_TARGET_DIR="$dir" /usr/bin/time -f '%U %S' -o "$dir.cpu" "$@" >"$dir.log" 2>&1 \
        || { echo "$name failed: see $dir.log"; tail -20 "$dir.log"; }
    local end; end=$(date +%s.%N)
    local load_after; load_after=$(cut -d' ' -f1-3 /proc/loadavg)
    read -r user sys <"$dir.cpu"
    printf '%-5s %-6s wall %6.1f s  cpu %6.1f s  target %s  load %s -> %s\n' \
        "$label" "$name" "$(echo "$end - $start" | bc)" "$(echo "$user + $sys" | bc)" \
        "$(du -sh "$dir" | cut -f1)" "$load_before" "$load_after"
}
commands=${3:-run test}
# the README's first command, then its second
if [[ " $commands " == *" run "* ]]; then
    measure run cargo run --release -p seam-cli -- analyze examples/library-monolith
fi
if [[ " $commands " == *" test "* ]]; then
    measure test cargo test --workspace
fi
