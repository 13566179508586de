#!/usr/bin/env bash
# Builds a git history for the example monolith, the same bytes every time (fixed authors and
# dates), with two things planted for `seam analyze`'s history section to find:
#
#   - a hidden coupling: LibSys::Billing::Invoice and LibSys::Notify::Email change together in six
#     commits (the invoice layout is repeated in the reminder e-mail) with no static edge between
#     them;
#   - a churn hotspot: LibSys::FlatFile, already the most complex package, changed in eight commits,
#     two of which add a sub (its complexity grows from 58 to 62).
#
# Plus what the analysis must set aside or merge: a reformatting commit over every Perl file
# (large), a test-only commit, and one author under two e-mail addresses joined by .mailmap.
#
#   examples/make-history.sh TARGET_DIR      (TARGET_DIR must not exist)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=${1:?usage: examples/make-history.sh TARGET_DIR}
[ ! -e "$target" ] || { echo "$target exists; name a new directory" >&2; exit 2; }
cp -R "$here/library-monolith" "$target"
cd "$target"
cat > .mailmap <<'MAP'
Dana Fix <dana@libsys.example> <dana@old-mail.example>
MAP
git init -q -b main
day=0
commit() { # AUTHOR EMAIL MESSAGE
  day=$((day + 1))
  local date="$((1577836800 + day * 86400)) +0000"
  git add -A
  GIT_AUTHOR_NAME=$1 GIT_AUTHOR_EMAIL=$2 GIT_AUTHOR_DATE=$date \
  GIT_COMMITTER_NAME=$1 GIT_COMMITTER_EMAIL=$2 GIT_COMMITTER_DATE=$date \
    git -c commit.gpgsign=false commit -q -m "$3"
}
note() { printf '# %s\n' "$2" >> "$1"; }

commit "Ann Import" ann@libsys.example "import the library system"
for i in 1 2 3 4 5 6; do
  note lib/LibSys/Billing/Invoice.pm "invoice layout v$i"
  note lib/LibSys/Notify/Email.pm "reminder repeats the invoice layout v$i"
  commit "Bob Billing" bob@libsys.example "invoice layout v$i (and the reminder that copies it)"
done
for i in 1 2 3 4 5 6 7 8; do
  note lib/LibSys/FlatFile.pm "locking fix $i"
  # fixes 3 and 6 add a retry rule: the hotspot grows more complex as it is changed
  if [ $((i % 3)) = 0 ]; then
    awk -v i="$i" '/^__END__/ { print "sub lock_retry_" i " { my ($tries) = @_; if ($tries > 3) { return 0 } return 1 }" } { print }' \
      lib/LibSys/FlatFile.pm > lib/LibSys/FlatFile.pm.new
    mv lib/LibSys/FlatFile.pm.new lib/LibSys/FlatFile.pm
  fi
  if [ $((i % 2)) = 1 ]; then email=dana@old-mail.example; else email=dana@libsys.example; fi
  commit "Dana Fix" "$email" "flat file locking fix $i"
done
for i in 1 2 3; do
  note lib/LibSys/Circulation/Loan.pm "fine rule $i"
  note lib/LibSys/Circulation/Fines.pm "fine rule $i"
  commit "Cy Circ" cy@libsys.example "fine rule $i"
done
for f in $(git ls-files '*.pm' '*.pl' '*.cgi' '*.t' bin); do note "$f" "reformatted"; done
commit "Ann Import" ann@libsys.example "reformat everything"
note t/flatfile.t "more locking tests"
commit "Cy Circ" cy@libsys.example "tests only"
