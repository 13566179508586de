#!/usr/bin/env bash
# The report screenshots in docs/screenshots/, from the example monolith's report:
#   report-overview.png  summary and module map (the top of the page)
#   report-matrix.png    the dependency structure matrix and hotspots
#   report-proposal.png  the proposed boundaries
# A headless screenshot shows the top of a page, so for the later sections the sections before
# them are cut from a copy of the report first.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p seam-cli
work=$(mktemp -d)
target/release/seam report -q examples/library-monolith -o "$work/report.html" 2>/dev/null
shoot() { # FILE NAME HEIGHT
    local profile; profile=$(mktemp -d)
    chromium --headless=new --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
        --user-data-dir="$profile" --window-size=1300,"$3" --virtual-time-budget=3000 \
        --screenshot="docs/screenshots/$2" "file://$1" >/dev/null 2>&1
    rm -rf "$profile"
}
from_section() { # SECTION: a copy of the report starting at that section
    python3 - "$work/report.html" "$1" "$work/$1.html" <<'PY'
import re, sys
html = open(sys.argv[1]).read()
start = html.index('<main>') + len('<main>')
keep = html.index('<section id="%s">' % sys.argv[2])
open(sys.argv[3], 'w').write(html[:start] + html[keep:])
PY
    echo "$work/$1.html"
}
mkdir -p docs/screenshots
shoot "$work/report.html" report-overview.png 1250
shoot "$(from_section dsm)" report-matrix.png 1050
shoot "$(from_section proposal)" report-proposal.png 1100
rm -rf "$work"
ls -la docs/screenshots
