"""What the benchmark scripts share: the dev-corpus roots and the release binaries they time."""

import os
import subprocess

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(HERE, "..", "shared")


def corpus_roots(roots):
    """`roots` if any were given, else the dev corpus (installed if needed)."""
    return roots or subprocess.run(
        [os.path.join(SHARED, "corpus", "install-dev-corpus.sh"), "--roots"],
        capture_output=True, text=True, check=True).stdout.split()


def build(example):
    """Builds the seam binary and the seam crate's `example`; returns both paths."""
    # two builds: naming an --example limits a build to it, and the seam binary must be current
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "seam-cli"], cwd=HERE, check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "seam", "--example", example],
                   cwd=HERE, check=True)
    release = os.path.join(os.environ.get("CARGO_TARGET_DIR") or os.path.join(HERE, "target"), "release")
    return os.path.join(release, "seam"), os.path.join(release, "examples", example)
