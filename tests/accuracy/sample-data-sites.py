#!/usr/bin/env python3
"""Draw candidate lines for the hand-labelled data-coupling reference set.

This script only *draws* candidates; every row in data-sites.jsonl was then
written by a human reading +-15 lines of source around the candidate.

Roots:
  ledgersmb = /root/.cache/seam-dev-corpus/ledgersmb
  sympa     = /root/.cache/seam-dev-corpus/sympa
  perl5     = /usr/share/perl5

Perl files: *.pm *.pl *.cgi *.t *.psgi *.fcgi, or any file whose first line is a
perl shebang.  POD blocks (=pod ... =cut) and everything after __END__/__DATA__
are skipped: SQL and open() examples in documentation are not code.

Candidate classes (generous on purpose; false candidates are labelled "none"):
  sql   a line containing an SQL verb (SELECT, INSERT INTO, UPDATE .. SET,
        DELETE FROM, REPLACE INTO, MERGE INTO, CREATE/ALTER/DROP TABLE|INDEX|VIEW,
        TRUNCATE, WITH x AS) and either a quote/q{}/qq{}/heredoc opener on the
        same line or an opener at the end of the previous non-blank line.
  orm   ->table(, table =>, sub Table, ->Table(, datasource =>
  file  open(, sysopen, tie %h, dbmopen, store/nstore/retrieve, read_file,
        write_file, ->slurp/spew/append, LoadFile/DumpFile

Sampling: per (root, class) the candidate list is sorted, then shuffled with
random.Random(20261130); labelling walked each shuffled list from the top.
A second "hard" stratum (heredocs, q{}/qq{}, lower-case SQL, CTEs, subqueries,
UPDATE..FROM, INSERT..SELECT, SQL built with '.') is the subset of the sql
candidates matching HARD_RE, shuffled with the same seed, and walked from the
top as well, so that constructs a naive extractor misses are represented.
A "lit" stratum for the file class (--lit) keeps the file candidates whose
line holds a quoted string with literal path text (something left after
removing an open-mode prefix and interpolated variables), shuffled with the
same seed: in a plain random walk most open() calls take a bare variable path,
which the definitions say not to label, so positives would be too rare.
A narrower "lit2" stratum (--lit2) applies the same test only to the text of
the file operation itself (from the open/tie/store/... keyword up to the first
or/and/||/&&/if/unless/die/croak/warn), so log and die messages drop out.

What was walked (indices into the shuffled lists printed by this script; a
candidate that fell inside a statement already labelled was skipped):
  ledgersmb sql  #0-#121, --hard #0-#69      ledgersmb orm #0-#11, file #0-#36
  sympa sql      #0-#154                     sympa orm #0-#10
  sympa file     #0-#104, --lit2 #0-#64
  perl5 sql      #0-#75, --hard #0-#55       perl5 orm #0-#7
  perl5 file     #0-#49, --lit #0-#47, --lit2 #0-#128
Every walked candidate got either real rows or one kind "none" row.  The
sites in HAND_ADDED were added on purpose (rare constructs, or a neighbour of
a candidate); they are labelled the same way.

Usage: sample-data-sites.py [root] [class] [--hard] [--lit] [--lit2] [--skip K] [--n N] [--context]
"""
import os
import random
import re
import sys

SEED = 20261130
ROOTS = {
    "ledgersmb": "/root/.cache/seam-dev-corpus/ledgersmb",
    "sympa": "/root/.cache/seam-dev-corpus/sympa",
    "perl5": "/usr/share/perl5",
}
PERL_EXT = (".pm", ".pl", ".cgi", ".t", ".psgi", ".fcgi")

HAND_ADDED = [
    ("ledgersmb", "usr/share/ledgersmb/old/lib/LedgerSMB/IS.pm", 1837, "only CTE in the corpora"),
    ("ledgersmb", "usr/share/ledgersmb/lib/LedgerSMB/Upgrade_Tests.pm", 711, "two UPDATEs in one literal"),
    ("ledgersmb", "usr/share/ledgersmb/lib/LedgerSMB/Upgrade_Tests.pm", 686, "nested derived tables"),
    ("ledgersmb", "usr/share/ledgersmb/utils/notify_short/listener.pl", 40, "SQL next to a file candidate"),
    ("sympa", "usr/share/sympa/lib/Sympa/Request/Handler/move_list.pm", 266, "UPDATE then separate literal"),
    ("sympa", "usr/share/sympa/lib/Sympa/Request/Handler/move_list.pm", 273, "UPDATE"),
    ("perl5", "DBIx/Class/Storage/DBI/Firebird/Common.pm", 59, "heredoc SQL with -- comments"),
    ("perl5", "DBIx/Class/Storage/DBI/IdentityInsert.pm", 44, "heredoc starting with SET (negative)"),
    ("perl5", "DBIx/Class.pm", 156, "->table() inside POD (negative)"),
    ("perl5", "DBIx/Class/ResultSource.pm", 45, "->table() inside POD (negative)"),
]

SQL_VERB = re.compile(
    r"\b(select\b|insert\s+into\b|update\s+[\w.\"`$]+\s+set\b|update\s*$|"
    r"delete\s+from\b|replace\s+into\b|merge\s+into\b|"
    r"(create|alter|drop)\s+(temp\w*\s+|unique\s+|or\s+replace\s+)?(table|index|view)\b|"
    r"truncate\b|with\s+(recursive\s+)?\w+\s*(\([^)]*\)\s*)?as\s*\()",
    re.I,
)
OPENER_SAME = re.compile(r"""(["'`]|\bqq?\s*[{(\[/|!#]|<<~?\s*["']?\w+)""")
OPENER_EOL = re.compile(r"""(["'`]|\bqq?\s*[{(\[/|!#]|<<~?\s*["']?\w+["']?\s*[;,)]*.*)\s*$""")
HARD_RE = re.compile(
    r"<<|\bqq?\s*[{(\[]|\bwith\s+\w+\s+as\b|\(\s*select\b|\bin\s*\(\s*select|"
    r"update\b.*\bfrom\b|insert\s+into\b.*\bselect\b|\.\s*$|^\s*\.|"
    r"[\"'](select|insert|update|delete)\b",
    re.I,
)
ORM_RE = re.compile(
    r"->\s*table\s*\(|\btable\s*=>|\bsub\s+Table\b|->\s*Table\s*\(|\bdatasource\s*=>"
)
FILE_RE = re.compile(
    r"\b(open|sysopen|dbmopen)\s*\(|\bopen\s+(my\s+)?[\$\w]|\btie\s*\(?\s*[%$]|"
    r"\b(n?store|lock_n?store|retrieve|lock_retrieve)\s*\(|"
    r"\b(read_file|write_file|append_file)\s*\(|->\s*(slurp\w*|spew\w*|append\w*)\b|"
    r"\b(LoadFile|DumpFile)\s*\("
)


QUOTED_RE = re.compile(r"'([^'\\]*(?:\\.[^'\\]*)*)'" + r'|"([^"\\]*(?:\\.[^"\\]*)*)"')
VAR_RE = re.compile(r"\$\{?\w+(?:::\w+)*\}?(?:->)?(?:\{[^}]*\}|\[[^\]]*\])*")


def has_literal_path(line):
    for m in QUOTED_RE.finditer(line):
        text = m.group(1) if m.group(1) is not None else m.group(2)
        rest = re.sub(r"^\s*(\+?[<>]{1,2}|\|)?\s*(:\S+)?\s*", "", text)
        if m.group(2) is not None:
            rest = VAR_RE.sub("", rest)
        if re.search(r"[\w/.]", rest) and not re.fullmatch(r"\s*[<>+|&-]*\s*", text):
            return True
    return False


FILE_CALL_RE = re.compile(
    r"\b(open|sysopen|dbmopen|tie|n?store|lock_n?store|retrieve|lock_retrieve|"
    r"read_file|write_file|append_file|LoadFile|DumpFile|path|slurp\w*|spew\w*|append\w*)\b"
)
CUT_RE = re.compile(r"\b(or|and|if|unless|die|croak|confess|warn)\b|\|\||&&")


def has_literal_path_in_call(line):
    for m in FILE_CALL_RE.finditer(line):
        rest = line[m.end():]
        cut = CUT_RE.search(rest)
        if has_literal_path(rest[: cut.start()] if cut else rest):
            return True
    return False


def perl_files(root):
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            if f.endswith(PERL_EXT):
                yield p
                continue
            if root == ROOTS["perl5"]:
                continue
            try:
                with open(p, "rb") as fh:
                    first = fh.readline(200)
            except OSError:
                continue
            if first.startswith(b"#!") and b"perl" in first:
                yield p


def code_lines(path):
    """Yield (lineno, text) for code lines (POD and __END__ removed)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().split("\n")
    except OSError:
        return
    in_pod = False
    for i, line in enumerate(lines, 1):
        if in_pod:
            if line.startswith("=cut"):
                in_pod = False
            continue
        if re.match(r"=[a-zA-Z]", line):
            in_pod = True
            continue
        if line.startswith(("__END__", "__DATA__")):
            return
        yield i, line


def candidates(root):
    out = {"sql": [], "orm": [], "file": []}
    base = ROOTS[root]
    for p in perl_files(base):
        rel = os.path.relpath(p, base)
        prev = ""
        for n, line in code_lines(p):
            s = line.lstrip()
            if s.startswith("#"):
                continue
            if SQL_VERB.search(line) and (OPENER_SAME.search(line) or OPENER_EOL.search(prev)):
                out["sql"].append((rel, n))
            if ORM_RE.search(line):
                out["orm"].append((rel, n))
            if FILE_RE.search(line):
                out["file"].append((rel, n))
            if s:
                prev = line
    return out


def shuffled(items):
    items = sorted(items)
    random.Random(SEED).shuffle(items)
    return items


def context(root, rel, n, before=6, after=18):
    with open(os.path.join(ROOTS[root], rel), encoding="utf-8", errors="replace") as fh:
        lines = fh.read().split("\n")
    lo, hi = max(1, n - before), min(len(lines), n + after)
    return "\n".join(
        f"{'>' if i == n else ' '}{i:5d} {lines[i - 1][:170]}" for i in range(lo, hi + 1)
    )


def main(argv):
    roots = [a for a in argv if a in ROOTS] or list(ROOTS)
    classes = [a for a in argv if a in ("sql", "orm", "file")] or ["sql", "orm", "file"]
    hard = "--hard" in argv
    lit = "--lit" in argv
    lit2 = "--lit2" in argv
    show = "--context" in argv
    limit = int(argv[argv.index("--n") + 1]) if "--n" in argv else None
    skip = int(argv[argv.index("--skip") + 1]) if "--skip" in argv else 0
    for root in roots:
        cands = candidates(root)
        for cls in classes:
            items = cands[cls]
            if hard and cls == "sql":
                base = ROOTS[root]
                keep = []
                for rel, n in items:
                    with open(os.path.join(base, rel), encoding="utf-8", errors="replace") as fh:
                        ls = fh.read().split("\n")
                    window = "\n".join(ls[max(0, n - 2): n + 1])
                    if HARD_RE.search(window):
                        keep.append((rel, n))
                items = keep
            if (lit or lit2) and cls == "file":
                base = ROOTS[root]
                keep = []
                for rel, n in items:
                    with open(os.path.join(base, rel), encoding="utf-8", errors="replace") as fh:
                        ls = fh.read().split("\n")
                    test = has_literal_path_in_call if lit2 else has_literal_path
                    if test(ls[n - 1]):
                        keep.append((rel, n))
                items = keep
            items = shuffled(items)
            print(f"# {root} {cls}{' hard' if hard else ''}{' lit' if lit else ''}{' lit2' if lit2 else ''}: {len(items)} candidates", file=sys.stderr)
            sel = items[skip: skip + limit if limit else None]
            for k, (rel, n) in enumerate(sel, skip):
                print(f"#{k} {root} {cls} {rel}:{n}")
                if show:
                    print(context(root, rel, n))
                    print()


if __name__ == "__main__":
    main(sys.argv[1:])
