#!/usr/bin/env bash
# sanitizer: yes
# `nsbench compare`: regressions by id (exit 1), identical reports (exit 0),
# and malformed or foreign JSON a clear one-line error with exit 2.
. "$(dirname "$0")/lib.sh"

"$NSB" run isolation --ns pid,uts --report "$T/a.json" > /dev/null || fail "run failed"
"$NSB" compare "$T/a.json" "$T/a.json" > "$T/out" || fail "identical reports: exit $?"
grep -q '^results: 0 regressions' "$T/out" || fail "identical reports: no summary line"

# Turn one pass into a fail, one into nothing (gone) and add an error (new).
"$PY" - "$T/a.json" "$T/b.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
d['results'][0]['verdict'] = 'fail'; d['results'][0]['reason'] = 'made up'
gone = d['results'].pop()
d['results'].append(dict(gone, id='isolation.new-test.none', verdict='error', reason='x'))
json.dump(d, open(sys.argv[2], 'w'))
PYEOF
"$NSB" compare "$T/a.json" "$T/b.json" > "$T/out"
[ $? = 1 ] || fail "a regression did not exit 1"
grep -q "^REGRESS $(json "$T/a.json" "d['results'][0]['id']"): pass -> fail: made up" "$T/out" || fail "regression not named"
grep -q '^results: 2 regressions, 0 fixed, 0 other changes, 1 new, 1 gone' "$T/out" || { cat "$T/out"; fail "counts"; }
"$NSB" compare "$T/b.json" "$T/a.json" > "$T/out"
[ $? = 0 ] && grep -q '^fixed ' "$T/out" || fail "the reverse direction is a fix, exit 0"

# Benchmarks: a slower median with non-overlapping CIs is a regression; overlap is noise.
bench() { printf '{"schema_version":1,"results":[],"benchmarks":[{"op":"clone","combo":["net"],"stats":{"median":%s,"ci95_low":%s,"ci95_high":%s}}]}' "$@"; }
bench 100 95 105 > "$T/b1.json"; bench 150 140 160 > "$T/b2.json"; bench 112 104 120 > "$T/b3.json"
"$NSB" compare "$T/b1.json" "$T/b2.json" > "$T/out"; [ $? = 1 ] && grep -q '^SLOWER  clone\[net\]' "$T/out" || fail "slower benchmark"
"$NSB" compare "$T/b1.json" "$T/b3.json" > "$T/out"; [ $? = 0 ] || fail "overlapping CIs must count as noise"
"$NSB" compare "$T/b2.json" "$T/b1.json" > "$T/out"; [ $? = 0 ] && grep -q '^faster' "$T/out" || fail "faster benchmark"

bad() {
	printf '%s' "$2" > "$T/bad.json"
	"$NSB" compare "$T/a.json" "$T/bad.json" > "$T/out" 2> "$T/err"
	[ $? = 2 ] || fail "$1: exit not 2"
	[ "$(wc -l < "$T/err")" = 1 ] && grep -q "$3" "$T/err" || { cat "$T/err"; fail "$1: message"; }
}
bad "truncated" '{"schema_version": 1, "results": [' "invalid JSON"
bad "trailing comma" '{"schema_version": 1, "results": [],}' "invalid JSON"
bad "garbage after" '{"schema_version": 1, "results": []} xx' "invalid JSON"
bad "NaN" '{"schema_version": 1, "results": [], "x": NaN}' "invalid JSON\|not an nsbench"
bad "empty file" '' "invalid JSON"
bad "array" '[1,2]' "not an nsbench report"
bad "no results" '{"schema_version": 1}' "no results array"
bad "future schema" '{"schema_version": 9, "results": []}' "schema_version 9 is not supported"
bad "result without id" '{"schema_version": 1, "results": [{"verdict":"pass"}]}' "lacks id"
"$NSB" compare "$T/a.json" "$T/missing.json" > /dev/null 2> "$T/err"; [ $? = 2 ] && grep -q 'No such file' "$T/err" || fail "missing file"
"$NSB" compare "$T/a.json" > /dev/null 2>&1; [ $? = 2 ] || fail "one argument"
note "compare: regressions, fixes, benchmark CI rule and malformed input all behave"
