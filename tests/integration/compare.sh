#!/usr/bin/env bash
# sanitizer: yes
# `nsbench compare`, the CI gate: A/A exits 0; a flipped verdict names the
# test; a NEW side that tested nothing, fewer tests, vanished tests, more
# skips, lost or errored benchmarks exit 1 with the reason (the flags allow
# the allowable ones); benchmark rows decided from per-run medians (~ when
# nothing can be concluded); invalid input exits 2 with one line naming the
# problem; escapes from a report never reach the output; 16,000 benchmarks
# compared in under a second; gobench export.
. "$(dirname "$0")/lib.sh"

"$NSB" run isolation --ns pid,uts --report "$T/a.json" > /dev/null || fail "run failed"
"$NSB" compare "$T/a.json" "$T/a.json" > "$T/out" || { cat "$T/out"; fail "A/A: a report with itself: exit $?"; }
grep -q '^results: 0 regressions' "$T/out" && grep -q '^gate: ok' "$T/out" || fail "A/A: no summary line"
"$NSB" compare "$T/a.json" "$T/a.json" -- "$T/a.json" > "$T/out" || fail "A/A with two base reports: exit $?"

# Turn one pass into a fail, one into nothing (gone) and add an error (new).
"$PY" - "$T/a.json" "$T/b.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
d['results'][0]['verdict'] = 'fail'; d['results'][0]['reason'] = 'made up'
gone = d['results'].pop()
d['results'].append(dict(gone, id='isolation.new-test.none', verdict='error', reason='x'))
json.dump(d, open(sys.argv[2], 'w'))
PYEOF
first=$(json "$T/a.json" "d['results'][0]['id']")
"$NSB" compare "$T/a.json" "$T/b.json" > "$T/out"
[ $? = 1 ] || fail "a regression did not exit 1"
grep -q "^REGRESS $first: pass -> fail: made up" "$T/out" || { cat "$T/out"; fail "regression not named"; }
grep -q '^results: 2 regressions, 0 fixed, 0 other changes, 1 new, 1 gone' "$T/out" || { cat "$T/out"; fail "counts"; }
grep -q '^FAIL: 1 tests of the base are missing from NEW' "$T/out" || { cat "$T/out"; fail "a vanished test is not reported"; }
"$NSB" compare --allow-fewer "$T/b.json" "$T/a.json" > "$T/out"
[ $? = 0 ] && grep -q '^fixed ' "$T/out" || { cat "$T/out"; fail "the reverse direction is a fix, exit 0"; }

# Fail closed: fewer tests, more skips, nothing tested. Each names its reason.
gate() {	# gate NAME EXPECTED-EXIT PATTERN [compare args...]
	local name=$1 want=$2 pat=$3
	shift 3
	"$NSB" compare "$@" > "$T/out" 2> "$T/err"
	local rc=$?
	[ $rc = "$want" ] || { cat "$T/out" "$T/err"; fail "$name: exit $rc, not $want"; }
	[ -z "$pat" ] || grep -q -- "$pat" "$T/out" || { cat "$T/out"; fail "$name: no '$pat'"; }
}
mutate() {	# mutate OUT PYTHON-STATEMENTS (d is the report)
	"$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); $2; json.dump(d, open(sys.argv[2],'w'))" "$T/a.json" "$1"
}
mutate "$T/fewer.json" "d['results'] = d['results'][:-3]"
gate "fewer tests" 1 "has $(( $(json "$T/a.json" "len(d['results'])") - 3 )) results, the base" "$T/a.json" "$T/fewer.json"
gate "fewer tests allowed" 0 "allowed by --allow-fewer" --allow-fewer "$T/a.json" "$T/fewer.json"
mutate "$T/skips.json" "d['results'][1]['verdict'] = 'skip'; d['results'][1]['reason'] = 'unshare: EPERM'"
gate "skips rose" 1 "skipped 1 tests, the base 0" "$T/a.json" "$T/skips.json"
grep -q "^changed .*: pass -> skip: unshare: EPERM" "$T/out" || fail "the newly skipped test is not named"
gate "skips allowed" 0 "" --allow-skips "$T/a.json" "$T/skips.json"
mutate "$T/empty.json" "d['results'] = []; d['benchmarks'] = []"
gate "empty NEW" 1 "tested nothing: no results and no benchmark measured" --allow-fewer "$T/a.json" "$T/empty.json"
mutate "$T/allskip.json" "[r.update(verdict='skip', reason='no lab: x') for r in d['results']]"
gate "all-skipped NEW" 1 "tested nothing: every one of its" --allow-skips "$T/a.json" "$T/allskip.json"
mutate "$T/ctx.json" "d['tool']['version'] = '9.9'; d['host']['kernel_release'] = '1.2.3'"
gate "context" 0 "context: tool.version differs: base .*, 9.9 in" "$T/a.json" "$T/ctx.json"
grep -q "context: host.kernel_release differs" "$T/out" || fail "kernel difference not reported"

# Benchmarks: synthetic reports with per-run medians.
bench() {	# bench FILE STATUS SCALE NRUNS [ID]
	"$PY" - "$@" <<'PYEOF'
import json, sys
f, status, scale, n = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
ids = sys.argv[5:] or ['clone.net']
bs = []
for i in ids:
    med = [(100000 + 997 * k) * scale for k in range(n)]
    bs.append({'id': i, 'op': i.split('.')[0], 'status': status, 'reason': 'worker died: SIGSEGV' if status == 'error' else '',
               'unit': 'ns', 'stats': {'median': sorted(med)[n // 2]} if n else None,
               'runs': {'count': n, 'medians': med}})
json.dump({'schema_version': 1, 'results': [], 'benchmarks': bs}, open(f, 'w'))
PYEOF
}
bench "$T/b1.json" ok 1 8 clone.net clone.uts; bench "$T/b2.json" ok 1.25 8 clone.net clone.uts
gate "A/A benchmarks" 0 "^clone.net .* ~$" "$T/b1.json" "$T/b1.json"
gate "slower" 1 "^FAIL: benchmark clone.net is slower: +25.0%" "$T/b1.json" "$T/b2.json"
gate "faster" 0 "faster$" "$T/b2.json" "$T/b1.json"
bench "$T/b3.json" ok 1 3 clone.net clone.uts; bench "$T/b4.json" ok 2 3 clone.net clone.uts
gate "3 v 3 cannot conclude" 0 "^clone.net .* 3 v 3 .* ~$" "$T/b3.json" "$T/b4.json"
gate "2 reports a side: one value per report, 2 v 2" 0 "^clone.net .* 2 v 2 .* ~$" "$T/b3.json" "$T/b3.json" -- "$T/b4.json" "$T/b4.json"
gate "5 reports a side: 5 v 5 can" 1 "^clone.net .* 5 v 5 .* SLOWER$" "$T/b3.json" "$T/b3.json" "$T/b3.json" "$T/b3.json" "$T/b3.json" \
	-- "$T/b4.json" "$T/b4.json" "$T/b4.json" "$T/b4.json" "$T/b4.json"
grep -q '^runs: one value per report' "$T/out" || fail "per-report runs not said"
# One report per side: a shift of every row (the machine, not the code) is not a regression; one row beyond it is.
"$PY" - "$T" <<'PYEOF'
import json, sys
t = sys.argv[1]
def doc(scales):
    return {'schema_version': 1, 'results': [], 'benchmarks': [
        {'id': 'unshare.r%d' % i, 'status': 'ok', 'runs': {'medians': [(1000 + 7 * k) * sc for k in range(8)]}}
        for i, sc in enumerate(scales)]}
json.dump(doc([1.0] * 10), open(t + '/s0.json', 'w'))
json.dump(doc([1.3] * 10), open(t + '/s1.json', 'w'))
json.dump(doc([1.0] * 9 + [1.6]), open(t + '/s2.json', 'w'))
PYEOF
gate "common shift" 0 "^unshare.r0 .* ~ (common shift)$" "$T/s0.json" "$T/s1.json"
grep -q "all rows moved by +30.0%" "$T/out" || fail "common shift not said"
gate "one row beyond the common shift" 1 "^FAIL: benchmark unshare.r9 is slower: +60.0%" "$T/s0.json" "$T/s2.json"
bench "$T/lost.json" ok 1 8 clone.uts
gate "lost benchmark" 1 "benchmark clone.net was measured in the base, missing in NEW" "$T/b1.json" "$T/lost.json"
gate "lost allowed" 0 "" --allow-missing-bench "$T/b1.json" "$T/lost.json"
bench "$T/skipped.json" skipped 1 0 clone.net clone.uts
gate "skipped benchmarks" 1 "skipped in NEW" "$T/b1.json" "$T/skipped.json"
bench "$T/err.json" error 1 0 clone.net clone.uts
gate "errored benchmark" 1 "benchmark clone.net errored in NEW: worker died" "$T/b1.json" "$T/err.json"

# gobench: one line per worker run, with the unit line benchstat reads.
"$NSB" compare --format gobench "$T/b1.json" > "$T/out" || fail "gobench: exit $?"
grep -q '^Unit ns/op better=lower' "$T/out" && [ "$(grep -c '^BenchmarkClone/net 1 [0-9.]* ns/op$' "$T/out")" = 8 ] ||
	{ cat "$T/out"; fail "gobench lines"; }
"$NSB" compare --format json "$T/b1.json" "$T/b2.json" > "$T/out"; [ $? = 1 ] || fail "json format: exit"
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["gate"]=="FAIL" and d["benchmarks"][0]["decision"]=="slower", d' "$T/out" ||
	fail "json format"
"$NSB" compare --format markdown "$T/b1.json" "$T/b2.json" > "$T/out"; grep -q '^| `clone.net` |.*SLOWER |$' "$T/out" || fail "markdown"

# Terminal escapes in a report are shown escaped, never raw.
mutate "$T/esc.json" "d['results'][0].update(verdict='fail', reason='\x1b[2J\x1b]0;pwned\x07 \u009b31m'); d['results'][1].update(id='x\x1b[31mred', verdict='error')"
"$NSB" compare "$T/a.json" "$T/esc.json" > "$T/out" 2>&1
[ $? = 1 ] || fail "escape report: exit"
if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]\|\xc2[\x80-\x9f]' "$T/out"; then fail "a control character reached the output"; fi
grep -q 'x\\x1b\[31mred' "$T/out" && grep -q '\\x1b\[2J' "$T/out" && grep -q '\\x9b31m' "$T/out" || { cat -v "$T/out"; fail "escapes not shown"; }

# Invalid input: exit 2, one line naming the problem.
bad() {	# bad NAME CONTENT PATTERN
	printf '%s' "$2" > "$T/bad.json"
	badfile "$1" "$T/bad.json" "$3"
}
badfile() {
	"$NSB" compare "$T/a.json" "$2" > "$T/out" 2> "$T/err"
	[ $? = 2 ] || { cat "$T/out" "$T/err"; fail "$1: exit not 2"; }
	[ "$(wc -l < "$T/err")" = 1 ] && grep -q -- "$3" "$T/err" || { cat "$T/err"; fail "$1: message"; }
}
bad "truncated" '{"schema_version": 1, "results": [' "truncated JSON: the document ends early"
bad "trailing comma" '{"schema_version": 1, "results": [],}' "invalid JSON at byte"
bad "garbage after" '{"schema_version": 1, "results": []} xx' "invalid JSON at byte 37\|data after the document"
bad "NaN" '{"schema_version": 1, "results": [], "x": NaN}' "NaN or Infinity"
bad "empty file" '' "empty file"
bad "white space" $'  \n' "empty file"
bad "NUL byte" $'{"a":1}\x01' "invalid JSON"
bad "array" '[1,2]' "not an nsbench report"
bad "no results" '{"schema_version": 1}' "no results array"
bad "future schema" '{"schema_version": 9, "results": []}' "schema_version 9 is not supported"
bad "float schema" '{"schema_version": 1.0, "results": []}' "schema_version must be an integer"
bad "result without id" '{"schema_version": 1, "results": [{"verdict":"pass"}]}' "results\[0\] lacks id"
bad "FAIL verdict" '{"schema_version": 1, "results": [{"id":"a","verdict":"FAIL"}]}' 'results\[0\].verdict is "FAIL", not one of pass, fail, skip, error, timeout'
bad "duplicate id" '{"schema_version": 1, "results": [{"id":"a","verdict":"pass"},{"id":"b","verdict":"pass"},{"id":"a","verdict":"fail"}]}' "duplicate results id 'a' (results\[0\] and results\[2\])"
bad "duplicate bench" '{"schema_version": 1, "results": [], "benchmarks": [{"id":"c","status":"ok"},{"id":"c","status":"ok"}]}' "duplicate benchmarks id 'c'"
bad "bench status" '{"schema_version": 1, "results": [], "benchmarks": [{"id":"c","status":"OK"}]}' 'benchmarks\[0\].status is "OK"'
bad "medians" '{"schema_version": 1, "results": [], "benchmarks": [{"id":"c","status":"ok","runs":{"medians":["1"]}}]}' 'benchmarks\[0\].runs.medians\[0\] is not a number'
bad "escape in verdict" $'{"schema_version": 1, "results": [{"id":"a","verdict":"\\u001b[2J"}]}' 'verdict is "\\x1b\[2J"'
mkdir "$T/dir.json"
badfile "directory" "$T/dir.json" "is a directory"
badfile "/dev/zero" /dev/zero "'/dev/zero': is a character device, not a report file"
truncate -s 300M "$T/huge.json"
badfile "300 MiB file" "$T/huge.json" "is 300 MiB: larger than the 256 MiB a report may be"
if [ "$SANITIZED" = 0 ]; then
	# A pipe has no size: the read stops at the cap (bounded memory, about 0.5 s).
	head -c 300M /dev/zero | "$NSB" compare "$T/a.json" /dev/stdin > /dev/null 2> "$T/err"
	[ $? = 2 ] && grep -q "is larger than the 256 MiB a report may be" "$T/err" || { cat "$T/err"; fail "300 MiB pipe"; }
fi
"$NSB" compare "$T/a.json" <(cat "$T/a.json") > /dev/null || fail "a pipe (process substitution) is a valid input"
"$NSB" compare "$T/a.json" "$T/missing.json" > /dev/null 2> "$T/err"; [ $? = 2 ] && grep -q 'No such file' "$T/err" || fail "missing file"
opt() {	# opt PATTERN ARGS...: a usage error naming the option
	local pat=$1
	shift
	"$NSB" compare "$@" > /dev/null 2> "$T/err"
	[ $? = 2 ] && grep -q -- "$pat" "$T/err" || { cat "$T/err"; fail "option error for $*"; }
}
opt "compare takes two reports" "$T/a.json"
opt "a side is empty" "$T/a.json" --
opt "^nsbench: --threshold takes a percentage from 0 to 1000, not '-1'" --threshold -1 "$T/a.json" "$T/a.json"
opt "^nsbench: --alpha takes a probability" --alpha 2 "$T/a.json" "$T/a.json"
opt "^nsbench: --format takes text, json, markdown or gobench, not 'xml'" --format xml "$T/a.json" "$T/a.json"
opt "option '--threshold' needs an argument" "$T/a.json" "$T/a.json" --threshold
opt "unrecognized option '--bogus'" --bogus "$T/a.json" "$T/a.json"

# 16,000 benchmarks on each side: matching is a sort and a merge. Checked as
# growth, not as a time limit (the machine's other tenants inflate even CPU
# time here): 4x the rows must cost less than 8x the CPU of 4,000 (linear or
# n log n: about 4x; one quadratic step makes it 16x).
"$PY" - "$T" <<'PYEOF'
import json, random, sys
random.seed(1)
for n in (4000, 16000):
    for side in 'ab':
        ids = ['clone.gen%05d' % i for i in range(n)]
        random.shuffle(ids)		# not in the same order on both sides
        bs = [{'id': i, 'status': 'ok', 'unit': 'ns', 'stats': {'median': 1000.0},
               'runs': {'count': 5, 'medians': [1000.0 * random.uniform(0.95, 1.05) for _ in range(5)]}} for i in ids]
        json.dump({'schema_version': 1, 'results': [], 'benchmarks': bs}, open('%s/big%d-%s.json' % (sys.argv[1], n, side), 'w'))
PYEOF
# CPU ms (user + sys) of `compare` on N rows a side, the best of 3.
cpu_ms() {
	local i u s w best=
	TIMEFORMAT='%U %S %R'
	for i in 1 2 3; do
		{ time "$NSB" compare "$T/big$1-a.json" "$T/big$1-b.json" > "$T/out"; } 2> "$T/time" ||
			{ tail "$T/out"; fail "$1 benchmarks: exit"; }
		grep -q "^benchmarks: 0 slower, .* $1 ~" "$T/out" || { tail -3 "$T/out"; fail "$1 benchmarks: rows"; }
		read -r u s w < "$T/time"
		best=$("$PY" -c "print(min(int(1000 * ($u + $s)), ${best:-10**9}))")
	done
	echo "$best"
}
small=$(cpu_ms 4000)
ms=$(cpu_ms 16000)
"$PY" -c "import sys; sys.exit(not $ms < 8 * max($small, 20))" ||
	fail "16,000 benchmarks took $ms ms of CPU, 4,000 took $small ms: worse than n log n"
note "compare: A/A ok, regressions named, fail-closed cases exit 1, bad input exit 2; 16,000 benchmarks in $ms ms of CPU, 4,000 in $small ms"
