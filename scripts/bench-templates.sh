#!/usr/bin/env bash
# Template extraction cost: `seam facts` on ROOT with and without its template files, alternating,
# RUNS times; prints each pair and the medians. usage: scripts/bench-templates.sh SEAM ROOT [RUNS]
set -euo pipefail
seam=$1 root=$2 runs=${3:-5}
skip=(--exclude '**/*.html' --exclude '**/*.htm' --exclude '**/*.tt2' --exclude '**/*.tt'
      --exclude '**/*.ep' --exclude '**/*.tex' --exclude '**/*.xml' --exclude '**/*.txt'
      --exclude '**/*.csv' --exclude '**/*.tmpl' --exclude '**/*.mas')
all=() perl=()
for _ in $(seq "$runs"); do
  a=$( { /usr/bin/time -f %e "$seam" facts --no-cache "$root" >/dev/null; } 2>&1 | tail -1)
  b=$( { /usr/bin/time -f %e "$seam" facts --no-cache "$root" "${skip[@]}" >/dev/null; } 2>&1 | tail -1)
  echo "with templates ${a}s  Perl only ${b}s"
  all+=("$a") perl+=("$b")
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ma=$(median "${all[@]}") mp=$(median "${perl[@]}")
echo "median: with templates ${ma}s, Perl only ${mp}s, ratio $(awk -v a="$ma" -v p="$mp" 'BEGIN {printf "%.2f", a/p}')"
