#!/usr/bin/env python3
"""Per-occurrence accuracy of `seam facts`: every reference right, not just every file.

    scripts/occurrence-accuracy.py score  [--seam BIN] [--set TSV]   precision/recall per kind
    scripts/occurrence-accuracy.py sanity [--seam BIN] [ROOT ...]     two label-free counts
    scripts/occurrence-accuracy.py show   [--set TSV] [--kind K]      each row with its source line
    scripts/occurrence-accuracy.py sample [--seam BIN] [--seed N]     draws candidate rows (how the
                                                                      set was built; see below)

The reference set (docs/accuracy/occurrences.tsv) holds hand-checked rows
`root  file  line  kind  target  symbol  truth  note`: `root` is a dev-corpus root's name (its
basename), `file` relative to it; `truth` is `yes` (the line holds this reference) or `no` (it
does not: a reference seam reported wrongly). Rows were drawn at random (fixed seed) from seam's
output, stratified by kind, and from source lines matching the constructs seam used to miss (for
recall), then each was checked against its source line (`show` prints them) and the truth written
down — not seam's answer.

Scoring: a row is reported by seam when `seam facts` has a reference of that kind, target and
symbol on that line. `indirect` references (`throw Foo::X(...)`) count as `class_method`, the
reading the graph stage gives them unless `Foo` defines a sub `X`. Precision per kind = reported
and true / reported; recall = reported and true / true.

Sanity (no labels; both should be ~0 on every root):
  - calls whose `target::symbol` is itself a package declared in the same root while `target`
    declares no sub `symbol` (the signature of a misread indirect object, `throw Foo::Bar(...)`
    read as a call to sub `Bar` of `Foo`; `UNIVERSAL::isa(...)` is Perl's own sub, not counted);
  - package names cut short at a digit-led segment: a declared package or a use/no/require/parent
    target whose source line continues the name with `::` and a digit (`App::WS` for
    `App::WS::2::Artist`).
"""
import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SET = os.path.join(HERE, "docs", "accuracy", "occurrences.tsv")
CORPUS = os.path.expanduser(os.environ.get("SEAM_DEV_CORPUS", "~/.cache/seam-dev-corpus"))
ROOTS = ["/usr/share/perl/5.36.0", "/usr/share/perl5", "/usr/share/lintian",
         os.path.join(CORPUS, "sympa"), os.path.join(CORPUS, "ledgersmb")]
KINDS = ["use", "require", "parent", "role", "class_method", "call"]
SCORED_AS = {"indirect": "class_method"}


def root_path(name):
    for root in ROOTS:
        if os.path.basename(root.rstrip("/")) == name:
            return root
    sys.exit("unknown root %s" % name)


def facts(seam, root):
    out = subprocess.run([seam, "facts", root, "--quiet", "--no-cache"], capture_output=True,
                         check=True)
    return [json.loads(line) for line in out.stdout.decode("utf-8", "replace").splitlines() if line]


def source_line(root, path, line, cache={}):
    key = (root, path)
    if key not in cache:
        try:
            with open(os.path.join(root, path), "rb") as f:
                cache[key] = f.read().decode("utf-8", "replace").split("\n")
        except OSError:
            cache[key] = []
    lines = cache[key]
    return lines[line - 1] if 0 < line <= len(lines) else ""


def reported(records):
    """(file, line, kind, target, symbol) of every reference, kinds as scored."""
    out = set()
    for rec in records:
        for r in rec["refs"]:
            kind = SCORED_AS.get(r["kind"], r["kind"])
            out.add((rec["path"], r["line"], kind, r["target"], r.get("symbol") or ""))
    return out


def read_set(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 7:
                sys.exit("%s:%d: expected 7+ tab-separated fields" % (path, n))
            root, file, ln, kind, target, symbol, truth = parts[:7]
            if truth not in ("yes", "no"):
                sys.exit("%s:%d: truth must be yes or no" % (path, n))
            rows.append(dict(root=root, file=file, line=int(ln), kind=kind, target=target,
                             symbol=symbol, truth=truth == "yes",
                             note=parts[7] if len(parts) > 7 else ""))
    return rows


def score(args):
    rows = read_set(args.set)
    by_root = collections.defaultdict(list)
    for row in rows:
        by_root[row["root"]].append(row)
    stats = collections.defaultdict(lambda: collections.Counter())
    misses = []
    for name, group in sorted(by_root.items()):
        seen = reported(facts(args.seam, root_path(name)))
        for row in group:
            got = (row["file"], row["line"], row["kind"], row["target"], row["symbol"]) in seen
            s = stats[row["kind"]]
            if got and row["truth"]:
                s["tp"] += 1
            elif got:
                s["fp"] += 1
                misses.append(("false positive", row))
            elif row["truth"]:
                s["fn"] += 1
                misses.append(("missed", row))
            else:
                s["tn"] += 1
    print("| kind | rows | precision | recall |")
    print("|---|---|---|---|")
    for kind in sorted(stats, key=lambda k: (KINDS.index(k) if k in KINDS else 99, k)):
        s = stats[kind]
        p = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 1.0
        r = s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else 1.0
        print("| %s | %d | %.4f | %.4f |" % (kind, sum(s.values()), p, r))
    for what, row in misses:
        print("%s: %s/%s:%d %s %s %s  %s" % (what, row["root"], row["file"], row["line"],
                                           row["kind"], row["target"], row["symbol"], row["note"]))


def sanity(args):
    roots = args.roots or ROOTS
    print("| root | files | calls to a declared package | names cut at a digit segment |")
    print("|---|---|---|---|")
    for root in roots:
        records = facts(args.seam, root)
        declared = {p["name"] for rec in records for p in rec["packages"]}
        subs = {(sub["package"], sub["name"]) for rec in records for sub in rec["subs"]}
        calls = []
        cut = []
        for rec in records:
            for r in rec["refs"]:
                symbol = r.get("symbol") or ""
                # `UNIVERSAL::isa($x, ...)` calls Perl's own sub even where a UNIVERSAL::isa
                # package exists; a sub the target defines is a call too
                if r["kind"] == "call" and "%s::%s" % (r["target"], symbol) in declared \
                        and r["target"] != "UNIVERSAL" and (r["target"], symbol) not in subs:
                    calls.append((rec["path"], r["line"], r["target"], r.get("symbol")))
            names = [(p["name"], p["line"]) for p in rec["packages"]]
            names += [(r["target"], r["line"]) for r in rec["refs"]
                      if r["kind"] in ("use", "no", "require", "parent")]
            for name, line in names:
                text = source_line(root, rec["path"], line)
                if re.search(r"(?<![\w:])%s::\d" % re.escape(name), text):
                    cut.append((rec["path"], line, name))
        print("| %s | %d | %d | %d |" % (root, len(records), len(calls), len(cut)))
        for c in (calls + cut)[: args.examples]:
            print("    e.g. %s" % (c,), file=sys.stderr)


def show(args):
    for row in read_set(args.set):
        if args.kind and row["kind"] != args.kind:
            continue
        text = source_line(root_path(row["root"]), row["file"], row["line"]).strip()
        print("%s %s/%s:%d %s %s %s\n    %s" % ("yes" if row["truth"] else "NO ", row["root"],
              row["file"], row["line"], row["kind"], row["target"], row["symbol"], text[:160]))


# Source patterns for recall: constructs a reader can miss, with the reference each names.
RECALL_PATTERNS = [
    ("class_method", re.compile(r"(?:^|[=(,!]\s*|return\s+|\bor\s+|\|\|\s*)new\s+([A-Z]\w*(?:::\w+)+)\b")),
    ("class_method", re.compile(r"""(?:^|[\s=(,])(?:'([A-Z]\w*(?:::\w+)+)'|"([A-Z]\w*(?:::\w+)+)")\s*->\s*(\w+)""")),
    ("class_method", re.compile(r"\b(throw|catch|record)\s+([A-Z]\w*(?:::\w+)+)\b")),
    ("call", re.compile(r"^(?!\s*(?:use|no|require|package)\b)(?:[^#'\"]*?[^\w:$@%&>'\"])?([A-Z]\w*(?:::\w+)*)::([A-Z][A-Z0-9_]+)\b(?!\s*(?:->|::|\(|=>|;))")),
    ("use", re.compile(r"^\s*use\s+([A-Za-z]\w*(?:::\w+)*::\d\w*(?:::\w+)*)")),
    ("use", re.compile(r"^\s*use\s+([A-Z]\w*(?:::\w+)*)")),
    ("require", re.compile(r"\brequire\s+([A-Z]\w*(?:::\w+)*)\s*;")),
    ("parent", re.compile(r"^\s*use\s+(?:parent|base)\s+(?:-norequire\s*,\s*)?(?:qw\s*[({/]\s*|['\"])([A-Z]\w*(?:::\w+)*)")),
    ("role", re.compile(r"^\s*with\s*\(?\s*(?:qw\s*[({/]\s*|['\"])([A-Z]\w*(?:::\w+)*)")),
]


def statement(root, path, line):
    """The source from `line` to the end of its statement (the first `;`, at most 15 lines)."""
    text = []
    for n in range(line, line + 15):
        part = source_line(root, path, n)
        text.append(part)
        if ";" in part or "{" in part and n > line:
            break
    return "\n".join(text)


def name_re(name):
    """A whole package name, allowing the old `'` separator."""
    return r"(?<![\w:$@%%&])%s(?![\w])" % re.escape(name).replace(r"::", r"(?:::|')")


def proposed_truth(kind, target, symbol, text):
    """A reading of the statement made without seam: yes, no, or ? (a person decides)."""
    t, s = name_re(target), re.escape(symbol)
    rules = {
        "use": [r"\b(?:use|no)\s+%s" % t, r"\buse\s+(?:if|aliased)\b.*['\"]%s['\"]" % re.escape(target)],
        "require": [r"\brequire\s+%s" % t, r"\brequire\s*\(?\s*['\"]%s\.pm['\"]" % re.escape(target.replace("::", "/"))],
        "parent": [r"(?:\buse\s+(?:parent|base|Mojo::Base)\b|\bISA\b|\bextends\b)[\s\S]*%s" % t],
        "role": [r"\bwith\b[\s\S]*%s" % t],
        "class_method": [r"%s(?:::)?['\"]?\s*->\s*(?:UNIVERSAL::)?%s\b" % (t, s), r"\b%s\s+%s" % (s, t),
                         r"\bq[qw]?\s*[{(\[/|]\s*%s\s*[})\]/|]\s*->\s*%s\b" % (re.escape(target), s)],
        "call": [r"(?<![\w:'$@%%])%s(?:::|')%s\b" % (re.escape(target).replace(r"::", r"(?:::|')"), s)],
    }
    code = "\n".join(l.split(" #")[0] for l in text.split("\n"))
    return "yes" if any(re.search(r, code) for r in rules.get(kind, [])) else "?"


def sample(args):
    """Candidate rows: seam's references stratified by kind, plus recall patterns; printed as
    TSV with truth `?` for a person to check line by line."""
    rng = random.Random(args.seed)
    by_kind = collections.defaultdict(list)
    recall = collections.defaultdict(list)
    for root in ROOTS:
        name = os.path.basename(root.rstrip("/"))
        for rec in facts(args.seam, root):
            if re.search(r"(^|/)(t|xt)/|\.t$", rec["path"]):
                continue
            for r in rec["refs"]:
                kind = SCORED_AS.get(r["kind"], r["kind"])
                if kind in KINDS and r.get("confidence") == "exact":
                    by_kind[kind].append((name, rec["path"], r["line"], kind, r["target"],
                                          r.get("symbol") or ""))
            try:
                with open(os.path.join(root, rec["path"]), "rb") as f:
                    lines = f.read().decode("utf-8", "replace").split("\n")
            except OSError:
                continue
            in_pod = False
            for n, text in enumerate(lines, 1):
                if text.startswith("="):
                    in_pod = not text.startswith("=cut")
                    continue
                if text.startswith(("__END__", "__DATA__")):
                    break
                if in_pod or text.lstrip().startswith("#"):
                    continue
                for i, (kind, pattern) in enumerate(RECALL_PATTERNS):
                    if pattern.search(text):
                        recall[i].append((name, rec["path"], n, kind))
    for kind in KINDS:
        rows = sorted(set(by_kind[kind]))
        for row in rng.sample(rows, min(args.per_kind, len(rows))):
            name, path, line, kind, target, symbol = row
            truth = proposed_truth(kind, target, symbol, statement(root_path(name), path, line))
            print("\t".join(map(str, row)) + "\t%s\tseam" % truth)
    for i in sorted(recall):
        rows = sorted(set(recall[i]))
        for name, path, line, kind in rng.sample(rows, min(args.per_pattern, len(rows))):
            text = source_line(root_path(name), path, line)
            for target, symbol in pattern_references(i, text):
                print("\t".join(map(str, (name, path, line, kind, target, symbol)))
                      + "\t?\tpattern %d" % i)


def pattern_references(i, text):
    """The (target, symbol) pairs a recall pattern's match names."""
    out = []
    for m in RECALL_PATTERNS[i][1].finditer(text):
        if i == 0:
            out.append((m.group(1), "new"))
        elif i == 1:
            out.append((m.group(1) or m.group(2), m.group(3)))
        elif i == 2:
            out.append((m.group(2), m.group(1)))
        elif i == 3:
            out.append((m.group(1), m.group(2)))
        else:
            out.append((m.group(1), ""))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["score", "sanity", "show", "sample"])
    parser.add_argument("roots", nargs="*")
    parser.add_argument("--seam", default=os.path.join(HERE, "target", "release", "seam"))
    parser.add_argument("--set", default=SET)
    parser.add_argument("--kind")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--per-kind", type=int, default=70)
    parser.add_argument("--per-pattern", type=int, default=20)
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args()
    {"score": score, "sanity": sanity, "show": show, "sample": sample}[args.command](args)


if __name__ == "__main__":
    main()
