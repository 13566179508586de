#!/usr/bin/env python3
"""Checks `seam suggest --format json` outputs (files given) against issue 15's naming and moves rules.

    seam suggest -q --history --exact-renames --format json REPO > s.json; scripts/check-suggest-names.py s.json

Prints per file: modules named "A + B", "P::*", numbered; names whose prefix covers half or less of
the module (a "+ …" mix is reported here by design), names that are a package of another module;
relocations that duplicate a merge and relocations without a pulling edge."""
import json, sys
for path in sys.argv[1:]:
    s = json.load(open(path)); p = s['proposal']
    owner = {q: m['name'] for m in p['modules'] for q in m['packages']}
    bad = []; mixes = 0; starred = 0; numbered = 0
    for m in p['modules']:
        name = m['name']; pk = m['packages']
        if name in ('(tests)', '(vendored)'): continue
        if name.endswith(')') and '(' in name:
            numbered += 1
            base = name[:name.rindex(' (')]
        else:
            base = name
        if base.endswith('::*'):
            starred += 1; base = base[:-3]
        if ' + ' in base:
            mixes += 1
            parts = [x for x in base.split(' + ') if x != '…']
            cov = sum(1 for q in pk if any(q == x or q.startswith(x + '::') for x in parts))
            if 2 * cov < len(pk): bad.append(('mix covers less than half', name, cov, len(pk)))
        else:
            cov = sum(1 for q in pk if q == base or q.startswith(base + '::'))
            if 2 * cov <= len(pk) and m['role'] != 'shared_kernel': bad.append(('prefix not dominant', name, cov, len(pk)))
            if base in owner and owner[base] != name and not name.endswith('::*'): bad.append(('package outside', name, owner[base]))
        if base.strip().isdigit(): bad.append(('bare ordinal', name))
    merges = {(g['namespace'], g['into']) for g in p['merges']}
    rel_bad = [mv['package'] for mv in p['moves'] if (mv['from'], mv['to']) in merges]
    no_pull = [mv['package'] for mv in p['moves'] if not mv['pulled_by']]
    print('%s: %d modules (%d "A + B", %d "P::*", %d numbered); %d merges, %d relocations (%d without a pulling edge); problems: %s; relocations duplicating a merge: %s' % (
        path.rsplit('/', 1)[-1], len(p['modules']), mixes, starred, numbered, len(p['merges']), len(p['moves']), len(no_pull), bad or 'none', rel_bad or 'none'))
    if numbered: print('   numbered:', [m['name'] for m in p['modules'] if m['name'].endswith(')')])
    if no_pull: print('   without pull:', no_pull[:10])
