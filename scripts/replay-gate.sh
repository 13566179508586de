#!/usr/bin/env bash
# Replays the last N first-parent commits of a git repository through `seam check --base`, with the
# seam.toml that `seam init` writes at the oldest of them, unchanged.
#
#   scripts/replay-gate.sh REPO N [SEAM]
#
# REPO: a git repository (bare or not, a path or URL git can clone); N: how many commits;
# SEAM: the seam binary (default: target/release/seam, or $CARGO_TARGET_DIR/release/seam).
#
# For every commit C it runs `seam check --base C^1` (C^1 is its own merge base with C) twice —
# the first run fills the facts cache with C's files, the second is the warm time reported — and
# checks every new finding against `git diff -U0 C^1 C`: a finding on a line the commit did not add
# or change is counted as "untouched" (there must be none). Prints one line per commit, then every
# finding with its commit and diff verdict, then the totals and the median warm time.
# The clone, the cache and the outputs live in a temporary directory (kept with KEEP=1).
# FORBID_CYCLES=1 turns the cycle rule on when `seam init` wrote it off (a tangle), to measure
# how cycle findings land; the configuration is then no longer init's unchanged.
set -euo pipefail

repo=${1:?usage: replay-gate.sh REPO N [SEAM]}
count=${2:?usage: replay-gate.sh REPO N [SEAM]}
here=$(cd "$(dirname "$0")/.." && pwd)
seam=${3:-${CARGO_TARGET_DIR:-$here/target}/release/seam}
[[ -x $seam ]] || { echo "no seam binary at $seam (cargo build --release -p seam-cli)" >&2; exit 2; }
seam=$(cd "$(dirname "$seam")" && pwd)/$(basename "$seam")

work=$(mktemp -d)
[[ ${KEEP:-} == 1 ]] || trap 'rm -rf "$work"' EXIT
export SEAM_CACHE_DIR=$work/cache
git clone --quiet --no-checkout "$repo" "$work/repo"
cd "$work/repo"
mapfile -t commits < <(git rev-list --first-parent -n "$count" HEAD | tac)
oldest=${commits[0]}
git checkout --quiet --detach "$oldest^1"
"$seam" init -q . >/dev/null 2>"$work/init.err" || { cat "$work/init.err" >&2; exit 2; }
if [[ ${FORBID_CYCLES:-} == 1 ]]; then
  sed -i 's/^forbid = false/forbid = true/' seam.toml
fi
cp seam.toml "$work/seam.toml"
echo "seam init at $(git rev-parse --short HEAD): $(grep -c '^\[\[module\]\]' seam.toml) modules" \
  "(seam.toml kept in $work/seam.toml; untracked, so every checkout keeps it)"

failed=0 findings=0 untouched=0 errors=0
: >"$work/times" ; : >"$work/findings"
for commit in "${commits[@]}"; do
  git checkout --quiet --detach "$commit"
  cp "$work/seam.toml" seam.toml
  short=$(git rev-parse --short "$commit")
  # cold for this commit's files, then warm
  "$seam" check -q --base "$commit^1" --format json >/dev/null 2>&1 || true
  start=$(date +%s.%N)
  set +e
  "$seam" check -q --base "$commit^1" --format json >"$work/out.json" 2>"$work/err"
  code=$?
  set -e
  end=$(date +%s.%N)
  echo "$end - $start" | bc >>"$work/times"
  if [[ $code -eq 2 ]]; then
    errors=$((errors + 1))
    echo "$short exit 2: $(head -c 300 "$work/err")"
    continue
  fi
  [[ $code -eq 1 ]] && failed=$((failed + 1))
  git diff -U0 --no-color --no-ext-diff -M "$commit^1" "$commit" >"$work/diff"
  verdicts=$(python3 - "$work/out.json" "$work/diff" "$short" <<'PY'
import json, re, sys
report = json.load(open(sys.argv[1]))
added, path = {}, None
for line in open(sys.argv[2], errors="replace"):
    if line.startswith("+++ "):
        name = line[4:].rstrip("\n")
        path = name[2:] if name.startswith("b/") else None
    elif line.startswith("@@ ") and path:
        m = re.search(r"\+(\d+)(?:,(\d+))?", line)
        first, n = int(m.group(1)), int(m.group(2) or 1)
        added.setdefault(path, set()).update(range(first, first + n))
for f in report["findings"]:
    if f["status"] != "new" or f["severity"] != "error":
        continue
    line = f["line"]
    on_diff = line in added.get(f["file"], ()) or (line == 0 and f["rule"] in ("stale_baseline", "unreadable"))
    where = "added-line" if on_diff else "UNTOUCHED"
    print(f"{sys.argv[3]} {where} {f['rule']} {f['file']}:{line} {f['message'][:160]}")
PY
)
  n=0 u=0
  if [[ -n $verdicts ]]; then
    n=$(grep -c . <<<"$verdicts")
    u=$(grep -c ' UNTOUCHED ' <<<"$verdicts" || true)
    echo "$verdicts" >>"$work/findings"
  fi
  findings=$((findings + n)) untouched=$((untouched + u))
  echo "$short exit $code: $n new findings ($u on untouched lines) $(git log -1 --format=%s "$commit" | cut -c1-60)"
done

echo
echo "findings:"
cat "$work/findings"
median=$(sort -n "$work/times" | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}')
echo
echo "commits: ${#commits[@]}, failed (exit 1): $failed, errors (exit 2): $errors"
echo "new findings: $findings, on untouched lines: $untouched"
echo "warm --base median: ${median}s"
