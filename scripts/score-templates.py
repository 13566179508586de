#!/usr/bin/env python3
"""Precision and recall of seam's template facts against hand-labelled sites (issue 16).

Usage:
    scripts/score-templates.py [SEAM_BINARY] [--min 0.95] [--labels FILE] [--sample FILE]

SEAM_BINARY defaults to target/release/seam. The labels
(docs/accuracy/templates-labels.jsonl) are one site per line:
    {"file": "...", "line": N, "kind": "include|component|plugin|package|block", "target": "..."}
labelled by reading the files, not from seam's output. `block` marks a PROCESS/INCLUDE of a
BLOCK that another template defines: not a template file, so not a site; a reported include
there is a false positive of the class "BLOCK of another template taken for a file".
docs/accuracy/templates-sample.txt lists every sampled file, also those without a site (their
reported references are all false positives).

Files are named relative to their corpus by a prefix (see ROOTS): the dev corpus
(`sympa/...`, `ledgersmb/...` under /root/.cache/seam-dev-corpus), Debian's installed files
(`usr/...` under /), HTML::Mason's git repository (`html-mason/...`, read with `git show` from
the mirror in $SEAM_MASON_GIT, default /work/.mirror/houseabsolute+HTML-Mason/repo), the
Bricolage CMS's Mason components (`bricolage/...`, from $SEAM_BRICOLAGE_GIT, default
/work/.mirror/bricoleurs+bricolage/repo), both at the commits pinned in ROOTS, and this
repository's example monolith (`seam-example/...`). The sampled files are copied into one
temporary tree, `seam facts --format jsonl` runs once on it (with `seam-example/html` as the
Mason component root), and every reference is mapped to (file, line, kind, target):

- `template` refs: `component` in a Mason file, `include` in any other template;
- `use` of `Template::Plugin::*` in a Template Toolkit file: `plugin`;
- `use`, `no`, `require`, `class_method`, `call`, `variable`, `parent`, `role`, `indirect`,
  `dynamic_load`: `package` (the target package);
- `self_call`, `super_call`, `dynamic_unresolved`, `require_file`, `do_file`: not scored.

Prints per kind the labelled sites, the sites seam found, true positives, precision and recall,
then every miss and false positive with the likely class. Exits 0, or 1 with `--min X` when a
kind with labelled sites is below X in precision or recall; 2 when the run itself fails.
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MASON_GIT = os.environ.get("SEAM_MASON_GIT", "/work/.mirror/houseabsolute+HTML-Mason/repo")
BRICOLAGE_GIT = os.environ.get("SEAM_BRICOLAGE_GIT", "/work/.mirror/bricoleurs+bricolage/repo")
DEV_CORPUS = os.environ.get("SEAM_DEV_CORPUS", "/root/.cache/seam-dev-corpus")

# label prefix -> (how to read, base); "dir" keeps the prefix under base, "sub" drops it,
# "git" reads (repository, commit) with `git show`
ROOTS = [
    ("sympa/", "dir", DEV_CORPUS),
    ("ledgersmb/", "dir", DEV_CORPUS),
    ("usr/", "dir", "/"),
    ("html-mason/", "git", (MASON_GIT, "a60efe61984d7d9c9086f64c450dedbccc8b623a")),  # v1.60
    ("bricolage/", "git", (BRICOLAGE_GIT, "9c2b330d3d7a5a1256c85919c4c26009cb1bdfc4")),
    ("seam-example/", "sub", os.path.join(REPO, "examples", "library-monolith")),
]
COMPONENT_ROOTS = ["seam-example/html"]
KINDS = ["include", "component", "plugin", "package"]
PACKAGE_KINDS = {
    "use", "no", "require", "class_method", "call", "variable", "parent", "role",
    "indirect", "dynamic_load",
}


def source_text(path):
    """The bytes of a labelled file, or None when its corpus is not installed."""
    for prefix, how, base in ROOTS:
        if not path.startswith(prefix):
            continue
        rest = path[len(prefix):]
        if how == "git":
            try:
                return subprocess.run(
                    ["git", "--git-dir", base[0], "show", f"{base[1]}:{rest}"],
                    check=True, capture_output=True).stdout
            except (OSError, subprocess.CalledProcessError):
                return None
        full = os.path.join(base, path if how == "dir" else rest)
        try:
            with open(full, "rb") as f:
                return f.read()
        except OSError:
            return None
    sys.exit(f"error: {path}: no corpus root for this prefix; "
             f"known prefixes: {', '.join(p for p, _, _ in ROOTS)}")


def load_labels(path):
    labels = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                o = json.loads(line)
                labels.append((o["file"], int(o["line"]), o["kind"], o["target"]))
            except (ValueError, KeyError) as e:
                print(f"error: {path}:{n}: not a label ({e}); expected "
                      '{"file", "line", "kind", "target"}', file=sys.stderr)
                sys.exit(2)
    return labels


def seam_sites(binary, tree):
    """Runs seam facts on the tree and maps its references to scored sites."""
    cmd = [binary, "facts", tree, "--format", "jsonl", "--no-cache", "--no-default-excludes"]
    for root in COMPONENT_ROOTS:
        if os.path.isdir(os.path.join(tree, root)):
            cmd += ["--template-root", root]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        print(f"error: {' '.join(cmd)} exited {run.returncode}:\n{run.stderr}", file=sys.stderr)
        sys.exit(2)
    sites = set()
    syntax = {}
    for line in run.stdout.splitlines():
        o = json.loads(line)
        tpl = o.get("template")
        syntax[o["path"]] = tpl["syntax"] if tpl else "perl"
        for r in o.get("refs", []):
            k, t = r["kind"], r["target"]
            if k == "template":
                kind = "component" if syntax[o["path"]] == "mason" else "include"
            elif (k == "use" and t.startswith("Template::Plugin::")
                  and syntax[o["path"]] == "template_toolkit"):
                kind = "plugin"
            elif k in PACKAGE_KINDS:
                kind = "package"
            else:
                continue
            sites.add((o["path"], r["line"], kind, t))
    return sites, syntax


def classify_fp(site, labels_by_line, block_labels):
    f, line, kind, target = site
    if (f, line, "block", target) in block_labels:
        return "BLOCK of another template taken for a file"
    if kind == "package" and target.islower() and "::" not in target:
        return "lowercase bareword invocant (a helper call such as Mojolicious' app->) taken for a class"
    same_line = [l for l in labels_by_line.get((f, line), []) if l[2] == kind]
    if same_line:
        return "wrong name (labelled " + ", ".join(l[3] for l in same_line) + ")"
    return "not a site"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary", nargs="?", default=os.path.join(REPO, "target/release/seam"))
    ap.add_argument("--min", type=float, default=None,
                    help="exit 1 when a kind's precision or recall is below this")
    ap.add_argument("--labels", default=os.path.join(REPO, "docs/accuracy/templates-labels.jsonl"))
    ap.add_argument("--sample", default=os.path.join(REPO, "docs/accuracy/templates-sample.txt"))
    args = ap.parse_args()

    labels = load_labels(args.labels)
    with open(args.sample) as f:
        sample = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    unknown = sorted({l[0] for l in labels} - set(sample))
    if unknown:
        print(f"error: labelled files missing from {args.sample}: {', '.join(unknown)}",
              file=sys.stderr)
        sys.exit(2)

    tree = tempfile.mkdtemp(prefix="seam-score-templates-")
    try:
        present = set()
        for path in sample:
            data = source_text(path)
            if data is None:
                print(f"note: {path} not installed; its labels are skipped")
                continue
            dest = os.path.join(tree, path)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "wb") as f:
                f.write(data)
            present.add(path)
        found, syntax = seam_sites(args.binary, tree)
    finally:
        shutil.rmtree(tree, ignore_errors=True)

    not_template = sorted(p for p in present if syntax.get(p, "none") in ("perl", "none"))
    for p in not_template:
        print(f"note: {p} was not read as a template ({syntax.get(p, 'not reported')})")

    labels = [l for l in labels if l[0] in present]
    block_labels = {l for l in labels if l[2] == "block"}
    expected = {l for l in labels if l[2] in KINDS}
    found = {s for s in found if s[0] in present}
    labels_by_line = collections.defaultdict(list)
    for l in expected:
        labels_by_line[(l[0], l[1])].append(l)

    print(f"{len(present)} files, {len(expected)} labelled sites "
          f"(+{len(block_labels)} calls of another template's BLOCK, not sites)\n")
    print(f"{'kind':<26} {'labelled':>8} {'found':>6} {'tp':>5} {'precision':>9} {'recall':>7}")
    failed = False

    def row(name, exp, got):
        nonlocal failed
        tp = len(exp & got)
        p = tp / len(got) if got else 1.0
        r = tp / len(exp) if exp else 1.0
        print(f"{name:<26} {len(exp):>8} {len(got):>6} {tp:>5} {p:>9.3f} {r:>7.3f}")
        if args.min is not None and exp and (p < args.min or r < args.min):
            failed = True

    for kind in KINDS:
        row(kind, {s for s in expected if s[2] == kind}, {s for s in found if s[2] == kind})
    row("plugin+package", {s for s in expected if s[2] in ("plugin", "package")},
        {s for s in found if s[2] in ("plugin", "package")})
    row("all", expected, found)
    print("\nby corpus:")
    for kind in KINDS:
        for prefix, _, _ in ROOTS:
            e = {s for s in expected if s[2] == kind and s[0].startswith(prefix)}
            g = {s for s in found if s[2] == kind and s[0].startswith(prefix)}
            if e or g:
                row(f"  {kind} {prefix.rstrip('/')}", e, g)
    inc_exp = {s for s in expected if s[2] == "include"}
    inc_got = {s for s in found if s[2] == "include"}
    if block_labels:
        as_block = {s for s in inc_got if (s[0], s[1], "block", s[3]) in block_labels}
        print(f"  (were a call of another template's BLOCK an include, precision would be "
              f"{len((inc_got & inc_exp) | as_block) / max(len(inc_got), 1):.3f})")

    misses = sorted(expected - found)
    fps = sorted(found - expected)
    print(f"\nmisses ({len(misses)}):")
    for f, line, kind, target in misses:
        near = [s for s in found if s[0] == f and s[2] == kind and s[3] == target]
        why = ("wrong line (reported at " + ", ".join(str(s[1]) for s in sorted(near)) + ")"
               if near else "not reported")
        print(f"  {f}:{line}: expected {kind} {target}; {why}")
    print(f"\nfalse positives ({len(fps)}):")
    by_class = collections.Counter()
    for site in fps:
        cls = classify_fp(site, labels_by_line, block_labels)
        by_class[cls.split(" (")[0]] += 1
        f, line, kind, target = site
        print(f"  {f}:{line}: got {kind} {target}; {cls}")
    if by_class:
        print("\nfalse positives by class: "
              + ", ".join(f"{c} {n}" for c, n in sorted(by_class.items())))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
