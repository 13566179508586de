#!/usr/bin/env python3
"""Template recognition on real trees: of the files that are templates (by extension: .tt .tt2
.ep .mas .mhtml .mc .mi .tmpl, autohandler/dhandler; and .html/.htm files holding a `[%`
directive or a `<?lsmb` tag), how many `seam facts` recognises as templates, and how many of
those it reads without a parse-error diagnostic.

usage: scripts/template-recognition.py SEAM_BINARY ROOT...
"""
import json
import os
import re
import subprocess
import sys

EXT = (".tt", ".tt2", ".ep", ".mas", ".mhtml", ".mc", ".mi", ".tmpl")
MARK = re.compile(rb"\[%|<\?lsmb\s")
VENDORED = {"local", "blib", "extlib", "inc", "fatlib", "vendor", "_build", "node_modules"}


def expected(root):
    found = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in VENDORED and not d.startswith(".")]
        for name in filenames:
            path = os.path.join(dirpath, name)
            if os.path.islink(path):
                continue  # discovery follows no symlinks (the target is counted where it is)
            rel = os.path.relpath(path, root)
            lower = name.lower()
            if lower.endswith(EXT) or lower in ("autohandler", "dhandler"):
                found.add(rel)
            elif lower.endswith((".html", ".htm")):
                with open(path, "rb") as f:
                    if MARK.search(f.read(65536)):
                        found.add(rel)
    return found


def main():
    seam, roots = sys.argv[1], sys.argv[2:]
    total = [0, 0, 0]
    for root in roots:
        want = expected(root)
        out = subprocess.run([seam, "facts", "--no-default-excludes", root], capture_output=True)
        got, clean = set(), set()
        for line in out.stdout.splitlines():
            record = json.loads(line)
            if record.get("template"):
                got.add(record["path"])
                if not any(d["kind"] == "parse_errors" for d in record["diagnostics"]):
                    clean.add(record["path"])
        recognised = len(want & got)
        parsed = len(want & clean)
        extra = len(got - want)
        total[0] += len(want)
        total[1] += recognised
        total[2] += parsed
        ratio = recognised / len(want) if want else 1.0
        print(f"{root}: {len(want)} templates, recognised {recognised} ({ratio:.3f}), "
              f"without parse errors {parsed}, recognised beyond the list {extra}")
        for missed in sorted(want - got)[:5]:
            print(f"  missed: {missed}")
        for bad in sorted((want & got) - clean)[:5]:
            print(f"  parse errors: {bad}")
    if total[0]:
        print(f"all: {total[0]} templates, recognised {total[1] / total[0]:.3f}, "
              f"parsed without error {total[2] / total[0]:.3f}")


if __name__ == "__main__":
    main()
