#!/usr/bin/env bash
# `nsbench list properties [--json]`: every property id once, with the tests
# that cover it (which exist in `list tests`) or the reason none does; the
# text and JSON forms agree; bad arguments exit 2 with one line.
. "$(dirname "$0")/lib.sh"

"$NSB" list properties > "$T/p.txt" || fail "list properties exited $?"
"$NSB" list properties --json > "$T/p.json" || fail "list properties --json exited $?"
"$NSB" list tests | awk '{print $1}' > "$T/tests"
"$PY" - "$T/p.txt" "$T/p.json" "$T/tests" "$TOP" <<'PYEOF' || fail "list properties is inconsistent"
import json, os, sys
top = sys.argv[4]
text = [l.split(None, 1) for l in open(sys.argv[1]).read().splitlines()]
props = json.load(open(sys.argv[2]))
tests = set(open(sys.argv[3]).read().split())
ids = [p['id'] for p in props]
assert len(ids) == len(set(ids)), 'an id is listed twice'
assert [t[0] for t in text] == ids, 'text and JSON list different ids'
for p in props:
    assert set(p) == {'id', 'title', 'tests', 'reason'}, p
    if p['tests']:
        assert p['reason'] is None, p
        suite_tests = {t for t in p['tests'] if not t.startswith('selftest:')}
        assert suite_tests <= tests, (p['id'], suite_tests - tests)
        # A harness property is claimed by nsbench's own tests: the scripts must exist.
        for t in set(p['tests']) - suite_tests:
            assert os.path.isfile(os.path.join(top, t[len('selftest:'):])), (p['id'], t)
    else:
        assert isinstance(p['reason'], str) and p['reason'], p
PYEOF
n=$(json "$T/p.json" "len(d)")
covered=$(json "$T/p.json" "sum(1 for p in d if p['tests'])")
# Every id a test names is listed with that test.
"$NSB" list tests | awk '{for(i=1;i<=NF;i++) if ($i ~ /^properties=/) print $1, substr($i, 12)}' |
while read -r test ids; do
	[ "$ids" = - ] && continue
	for id in ${ids//,/ }; do
		json "$T/p.json" "'$test' in next(p['tests'] for p in d if p['id']=='$id')" | grep -qx True ||
			fail "$test names $id but list properties does not show it"
	done
done || exit 1
"$NSB" list properties --yaml > "$T/out" 2> "$T/err"
[ $? = 2 ] && [ ! -s "$T/out" ] && [ "$(wc -l < "$T/err")" -le 2 ] || fail "list properties --yaml: not a usage error"
selftested=$(json "$T/p.json" "sum(1 for p in d if p['tests'] and all(t.startswith('selftest:') for t in p['tests']))")
note "list properties: $n ids, $covered covered ($selftested of them harness properties checked by nsbench's own tests), the rest with a reason"
