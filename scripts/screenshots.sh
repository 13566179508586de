#!/usr/bin/env bash
# The report screenshots in docs/screenshots/, taken by the browser walkthrough
# (tests/browser/report.mjs: it also checks the page) from two reports:
#   example-{overview,map,dsm,card}.png   the example monolith (examples/library-monolith)
#   large-{overview,map,dsm,card}.png     a large root: the first argument (e.g. a clone of
#                                         LedgerSMB), else the dev corpus's LedgerSMB
#                                         ($SEAM_DEV_CORPUS, see ../shared/corpus), when present
# Usage: scripts/screenshots.sh [LARGE_ROOT]
# Needs Chromium, Node.js and `npm ci --prefix tests/browser`. Prints each report's size and load time.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p seam-cli
[ -d tests/browser/node_modules ] || npm ci --prefix tests/browser --no-audit --no-fund --silent
work=$(mktemp -d)
shots() { # ROOT NAME [seam report options...]
    local root=$1 name=$2; shift 2
    target/release/seam report -q "$root" -o "$work/$name.html" "$@"
    node tests/browser/report.mjs "$work/$name.html" "$work/$name" ${QUICK_AXE:+--quick-axe} >"$work/$name.json"
    NAME=$name python3 -c 'import json, os, sys
r = json.load(open(sys.argv[1]))
print("%s: %s bytes, load event after %s ms, axe: %s" % (os.environ["NAME"], format(r["bytes"], ","), r["load_ms"], r["axe_violations"] or "no violations"))' "$work/$name.json"
    for view in overview map dsm card; do
        cp "$work/$name/$view.png" "docs/screenshots/$name-$view.png"
    done
}
mkdir -p docs/screenshots
shots examples/library-monolith example
large=${1:-${SEAM_DEV_CORPUS:-$HOME/.cache/seam-dev-corpus}/ledgersmb}
if [ -d "$large" ]; then
    QUICK_AXE=1 shots "$large" large --no-history
else
    echo "no large root at $large: the large-root screenshots were not taken" >&2
fi
rm -rf "$work"
ls -la docs/screenshots
