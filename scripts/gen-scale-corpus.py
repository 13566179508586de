#!/usr/bin/env python3
"""Synthetic monoliths for the scale benchmarks (issue 19), written outside the repository.

Two kinds:

  monolith  copies of the dev-corpus applications until a line count is reached; each copy renames
            the namespace roots the applications declare (`Foo::Bar` -> `Foo_c3::Bar` in copy 3,
            and the directories of the same name), and every 200th file of a copy gets a `use` of
            a package of the copy before it (cross-copy references). Deterministic.

  packages  a tree of small generated packages: names of depth 3 (`P12::Q3::R45`), power-law
            fan-in (preferential attachment: popular packages get used more), `--refs` references
            per package on average (all to earlier packages: a DAG), plus a back-reference
            (to a later package: cycles) from a `--tangle` share of the packages.

  gen-scale-corpus.py monolith --lines 10000000 --out /tmp/seam-scale/m10
  gen-scale-corpus.py packages --packages 50000 --tangle 0.25 --out /tmp/seam-scale/p50t
"""

import argparse
import os
import random
import re
import shutil
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(HERE, "scripts"))

APPS = [
    "/root/.cache/seam-dev-corpus/sympa",
    "/root/.cache/seam-dev-corpus/ledgersmb",
    "/usr/share/lintian",
    "/usr/share/perl5",
    "/usr/share/perl/5.36.0",
]
PERL = (".pm", ".pl", ".cgi", ".t")
PACKAGE = re.compile(rb"^\s*package\s+([A-Za-z_][\w:]*)", re.M)


def perl_files(root):
    """Relative paths of the Perl files under `root`, sorted (no symlinks followed)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if name.endswith(PERL) and os.path.isfile(path) and not os.path.islink(path):
                found.append(os.path.relpath(path, root))
    return found


def read(path):
    with open(path, "rb") as f:
        return f.read()


def load_apps():
    """Each application: (name, [(relative path, bytes, lines)], set of namespace roots)."""
    apps = []
    for root in APPS:
        files = []
        roots = set()
        for rel in perl_files(root):
            data = read(os.path.join(root, rel))
            for m in PACKAGE.finditer(data):
                first = m.group(1).split(b"::")[0]
                # pragmas and main are never renamed
                if first[:1].isupper() and first not in (b"CORE", b"SUPER"):
                    roots.add(first)
            files.append((rel, data, data.count(b"\n")))
        apps.append((os.path.basename(root.rstrip("/")), files, roots))
    return apps


def renamer(roots, suffix):
    """A function renaming the namespace roots in source text, and one for paths."""
    if not roots:
        return (lambda b: b), (lambda p: p)
    alternatives = b"|".join(re.escape(r) for r in sorted(roots, key=len, reverse=True))
    # a root as a whole word, not inside a longer name or after `::` / a sigil
    pattern = re.compile(rb"(?<![\w:$@%&])(" + alternatives + rb")(?=::|\b)")
    suffix_b = suffix.encode()

    def text(data):
        return pattern.sub(lambda m: m.group(1) + suffix_b, data)

    root_names = {r.decode("latin-1") for r in roots}

    def path(rel):
        parts = rel.split("/")
        out = []
        for part in parts:
            stem, dot, ext = part.partition(".")
            if stem in root_names:
                part = stem + suffix + dot + ext
            out.append(part)
        return "/".join(out)

    return text, path


def monolith(args):
    apps = load_apps()
    out = args.out
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    all_roots = set().union(*(roots for _, _, roots in apps))
    total = 0
    copy = 0
    previous_packages = []  # packages of the copy before (for cross-copy references)
    rng = random.Random(19)
    while total < args.lines:
        suffix = f"_c{copy}"
        text, path = renamer(all_roots, suffix)
        packages = []
        n = 0
        for name, files, _ in apps:
            for rel, data, lines in files:
                if total >= args.lines:
                    break
                renamed = text(data)
                m = PACKAGE.search(renamed)
                if m:
                    packages.append(m.group(1))
                n += 1
                if previous_packages and n % 200 == 0 and m:
                    target = rng.choice(previous_packages)
                    line_end = renamed.find(b"\n", m.end())
                    if line_end >= 0:
                        renamed = (renamed[: line_end + 1] + b"use " + target + b" ();\n"
                                   + renamed[line_end + 1:])
                dest = os.path.join(out, f"copy{copy}", name, path(rel))
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                with open(dest, "wb") as f:
                    f.write(renamed)
                total += lines
        previous_packages = packages
        copy += 1
    print(f"{out}: {total} lines in {copy} copies", file=sys.stderr)


def packages(args):
    rng = random.Random(args.seed)
    n = args.packages
    out = args.out
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    # depth-3 names: fan-out per level ~ cube root of n
    side = max(2, round(n ** (1 / 3)) + 1)
    names = []
    for i in range(n):
        a, rest = divmod(i, side * side)
        b, c = divmod(rest, side)
        names.append(f"P{a}::Q{b}::R{c}")
    # preferential attachment: a package is picked with probability ~ (uses so far + 1)
    pool = []  # each package once, plus once per use: sampling from it is preferential
    uses = [[] for _ in range(n)]
    for i in range(n):
        if i > 0:
            k = min(i, max(0, int(rng.expovariate(1 / args.refs) + 0.5)))
            chosen = set()
            for _ in range(k * 3):
                if len(chosen) >= k:
                    break
                chosen.add(rng.choice(pool))
            for j in sorted(chosen):
                uses[i].append(j)
                pool.append(j)
        pool.append(i)
    back = 0
    for i in range(n - 1):
        if rng.random() < args.tangle:
            uses[i].append(rng.randrange(i + 1, n))
            back += 1
    edges = 0
    for i, name in enumerate(names):
        dest = os.path.join(out, "lib", *name.split("::")) + ".pm"
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        body = [f"package {name};", "use strict;", "use warnings;"]
        for j in uses[i]:
            body.append(f"use {names[j]} ();")
        body.append("sub new { my ($class, %args) = @_; return bless {%args}, $class }")
        for j in uses[i][:2]:
            body.append(f"sub call_{j} {{ return {names[j]}->new(x => 1) }}")
        body.append("1;")
        edges += len(uses[i])
        with open(dest, "w") as f:
            f.write("\n".join(body) + "\n")
    print(f"{out}: {n} packages, {edges} references, {back} back-references", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="kind", required=True)
    m = sub.add_parser("monolith", help="copies of the dev corpus up to --lines")
    m.add_argument("--lines", type=int, required=True)
    m.add_argument("--out", required=True)
    k = sub.add_parser("packages", help="a generated package tree")
    k.add_argument("--packages", type=int, required=True)
    k.add_argument("--refs", type=float, default=5.0, help="mean references per package")
    k.add_argument("--tangle", type=float, default=0.0, help="share of packages with a back-reference")
    k.add_argument("--seed", type=int, default=19)
    k.add_argument("--out", required=True)
    args = p.parse_args()
    if os.path.abspath(args.out).startswith(HERE):
        sys.exit("write the corpus outside the repository (e.g. under /tmp)")
    {"monolith": monolith, "packages": packages}[args.kind](args)


if __name__ == "__main__":
    main()
