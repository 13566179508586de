"""What the benchmark scripts share: the dev-corpus roots and the release binaries they time."""

import json
import os
import subprocess

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(HERE, "..", "shared")


def corpus_roots(roots):
    """`roots` if any were given, else the dev corpus (installed if needed)."""
    return roots or subprocess.run(
        [os.path.join(SHARED, "corpus", "install-dev-corpus.sh"), "--roots"],
        capture_output=True, text=True, check=True).stdout.split()


def release_dir():
    """Where cargo puts release builds: $CARGO_TARGET_DIR/release, else target/release."""
    return os.path.join(os.environ.get("CARGO_TARGET_DIR") or os.path.join(HERE, "target"), "release")


def build(example):
    """Builds the seam binary and the seam crate's `example`; returns both paths."""
    # two builds: naming an --example limits a build to it, and the seam binary must be current
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "seam-cli"], cwd=HERE, check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "seam", "--example", example],
                   cwd=HERE, check=True)
    release = release_dir()
    return os.path.join(release, "seam"), os.path.join(release, "examples", example)


def facts_records(seam, root):
    """The `seam facts` records of `root` (one untimed run, no cache)."""
    out = subprocess.run([seam, "facts", "-q", "--no-cache", root], capture_output=True, text=True, check=True)
    return [json.loads(line) for line in out.stdout.splitlines() if line]


def glob_escape(path):
    """An `--exclude` glob that matches exactly `path` (relative, `/`-separated): every glob
    metacharacter in a class of its own, and a class in the pattern in any case (seam reads an
    exclude without `* ? [ /` as a directory name)."""
    escaped = "".join("[%s]" % c if c in "*?[]{}\\!" else c for c in path)
    if not any(c in escaped for c in "*?[/"):
        escaped = "[%s]%s" % (escaped[0], escaped[1:])
    return escaped


def template_excludes(records):
    """`--exclude=GLOB` arguments for the files seam read as templates."""
    return ["--exclude=" + glob_escape(r["path"]) for r in records if r.get("template")]
