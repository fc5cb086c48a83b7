#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""check-layout.py [TOP] - hold the folder rules of nsbench's source tree.

Every `#include "..."` in common/, probes/, suites/, reports/ and harness/
is resolved to a file of the tree; the folder of the including file and the
folder of the included file form an edge, which must be allowed here:

  common/          includes nothing of the project (libc, kernel uapi, libmnl only)
  probes/          common/ only (a probe never depends on the harness)
  suites/          common/ only (the judge, the rules, the hooks' API)
  harness/bench/   common/ only
  harness/env/     common/ only
  harness/engine/  common/, suites/ (the engine runs the judge; never the environment check)
  reports/         common/, and the result/finding types only: suites/result.h,
                   suites/suite.h, suites/obs.h, harness/bench/result.h,
                   harness/env/findings.h (never the engine)
  harness/         anything but probes/ (the command line ties the parts together)

and the folder graph must have no cycle. Headers the build generates into
$(O)/gen (GENERATED, from scripts/) are not files of the tree and form no edge. Prints one line per violation and
exits 1; exits 0 when the tree keeps the rules.
"""
import os
import re
import sys

ALLOWED = {
    'common': set(),
    'probes': {'common'},
    'suites': {'common'},
    'harness/bench': {'common'},
    'harness/env': {'common'},
    'harness/engine': {'common', 'suites'},
    'reports': {'common', 'suites', 'harness/bench', 'harness/env'},
    'harness': {'common', 'suites', 'reports', 'harness/bench', 'harness/env', 'harness/engine'},
}
# reports/ may reach into these folders only for these headers (types, never code).
REPORTS_ONLY = {
    'suites': {'suites/result.h', 'suites/suite.h', 'suites/obs.h'},
    'harness/bench': {'harness/bench/result.h'},
    'harness/env': {'harness/env/findings.h'},
}
# Made by the build into $(O)/gen: header -> the script that writes it.
GENERATED = {'uapi-names.h': 'scripts/uapi-names.sh', 'tp-build.h': 'Makefile'}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources(top):
    for folder in ALLOWED:
        d = os.path.join(top, folder)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith(('.c', '.h')):
                yield folder, os.path.join(folder, name)


def resolve(top, folder, inc):
    for cand in (os.path.normpath(os.path.join(folder, inc)), os.path.normpath(inc)):
        if os.path.isfile(os.path.join(top, cand)):
            return cand
    return None


def check(top):
    errors, edges = [], {}
    for folder, path in sources(top):
        text = open(os.path.join(top, path), encoding='utf-8', errors='replace').read()
        for inc in INCLUDE.findall(text):
            target = resolve(top, folder, inc)
            if target is None and inc in GENERATED and os.path.isfile(os.path.join(top, GENERATED[inc])):
                continue
            if target is None:
                errors.append('%s: includes "%s", which is not a file of the tree' % (path, inc))
                continue
            tfolder = os.path.dirname(target)
            if tfolder == folder:
                continue
            edges.setdefault(folder, set()).add(tfolder)
            if tfolder not in ALLOWED.get(folder, set()):
                errors.append('%s: %s/ may not include %s (%s)' % (path, folder, target, tfolder + '/'))
            elif folder == 'reports' and tfolder in REPORTS_ONLY and target not in REPORTS_ONLY[tfolder]:
                errors.append('%s: reports/ may include only result and finding types from %s/, not %s'
                              % (path, tfolder, target))
    # no cycle between folders (depth-first search for a back edge)
    state = {}

    def visit(n, stack):
        state[n] = 1
        for m in sorted(edges.get(n, ())):
            if state.get(m) == 1:
                cyc = stack[stack.index(m):] + [m] if m in stack else [n, m]
                errors.append('folder cycle: ' + ' -> '.join(cyc))
            elif not state.get(m):
                visit(m, stack + [m])
        state[n] = 2

    for n in sorted(edges):
        if not state.get(n):
            visit(n, [n])
    return errors


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
    errors = check(top)
    for e in errors:
        print('check-layout: ' + e)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
