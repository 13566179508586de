#!/usr/bin/env bash
# The HTML report for the example monolith and each dev-corpus root, opened in headless Chromium:
# prints each report's size and whether its script ran without errors; keeps the screenshots.
#   scripts/report-check.sh [OUT_DIR]      (default target/report-check)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/report-check}"
mkdir -p "$out"
cargo build --release -q -p seam-cli
roots=(examples/library-monolith $(../shared/corpus/install-dev-corpus.sh --roots))
for root in "${roots[@]}"; do
    name=$(echo "$root" | tr '/.' '__' | sed 's/^_*//')
    report="$PWD/$out/$name.html"
    target/release/seam report -q "$root" -o "$report" --force
    profile=$(mktemp -d)
    dom=$(chromium --headless=new --no-sandbox --disable-gpu --no-first-run --user-data-dir="$profile" \
        --virtual-time-budget=10000 --dump-dom "file://$report" 2>"$out/$name.log")
    chromium --headless=new --no-sandbox --disable-gpu --no-first-run --user-data-dir="$profile" \
        --hide-scrollbars --window-size=1400,2400 --screenshot="$out/$name.png" "file://$report" >/dev/null 2>&1
    rm -rf "$profile"
    tag=$(printf '%s' "$dom" | grep -o '<html[^>]*>' | head -1)
    status="ok"
    case "$tag" in *data-ready=\"true\"*) ;; *) status="SCRIPT DID NOT RUN" ;; esac
    case "$tag" in *data-js-errors*) status="JS ERRORS: $tag" ;; esac
    if grep -qE "Uncaught|Failed to load resource|Refused to" "$out/$name.log"; then status="CONSOLE ERRORS (see $out/$name.log)"; fi
    printf '%-40s %8s KB  %s\n' "$root" "$(( $(stat -c %s "$report") / 1024 ))" "$status"
done
