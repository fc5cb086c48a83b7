#!/usr/bin/env bash
# sanitizer: yes
# `nsbench run all` as root and as nobody: every test of every combination,
# no fail/error/timeout, a report that validates against reports/schema.json.
. "$(dirname "$0")/lib.sh"
stage_build

# Under the sanitizers the bench phase is skipped: bench.sh runs the bench code
# there, and a time bound means nothing in a build several times slower.
bench=
[ "$SANITIZED" = 1 ] && bench=--no-bench
"$NSB" run all $bench --report "$T/root.json" > "$T/out" || { cat "$T/out"; fail "run all as root exited $?"; }
validate "$T/root.json"
total=$(json "$T/root.json" "len(d['results'])")
expected=$("$NSB" list tests | awk '{for(i=1;i<=NF;i++) if ($i ~ /^combos=/) {split($i,a,"="); s+=a[2]}} END {print s}')
[ "$total" = "$expected" ] || fail "root: $total results, 'list tests' promises $expected"
for v in fail error timeout; do
	[ "$(count "$T/root.json" $v)" = 0 ] || { grep -E '^(fail|error|timeout) ' "$T/out"; fail "root: $v results"; }
done
note "root: $total tests, $(count "$T/root.json" pass) pass, $(count "$T/root.json" skip) skip in $(json "$T/root.json" "d['run']['duration_s']") s"
grep -q '^nsbench: [0-9]* passed, 0 failed' "$T/out" || fail "no closing line"
# A default run all ends with the quick bench phase: benchmarks[] in the same report, within 60 s.
[ "$SANITIZED" = 1 ] || {
[ "$(json "$T/root.json" "len(d['benchmarks']) > 0 and all(b['status'] in ('ok', 'skipped') for b in d['benchmarks'])")" = True ] ||
	fail "root: no benchmarks[], or a benchmark failed"
[ "$(json "$T/root.json" "0 < d['run']['bench_s'] <= 60 and d['run']['conformance_s'] > 0")" = True ] ||
	fail "root: bench_s $(json "$T/root.json" "d['run']['bench_s']") not in (0, 60]"
note "root: bench phase $(json "$T/root.json" "len(d['benchmarks'])") benchmarks in $(json "$T/root.json" "round(d['run']['bench_s'], 1)") s"
}

# --no-bench: tests/integration/bench.sh benchmarks as nobody.
as_nobody "$NSB" run all --no-bench --report "$T/nobody.json" > "$T/out" || { cat "$T/out"; fail "run all as nobody exited $?"; }
validate "$T/nobody.json"
for v in fail error timeout; do
	[ "$(count "$T/nobody.json" $v)" = 0 ] || { grep -E '^(fail|error|timeout) ' "$T/out"; fail "nobody: $v results"; }
done
# Every skip names its reason.
[ "$(json "$T/nobody.json" "sum(1 for r in d['results'] if r['verdict']=='skip' and not r['reason'])")" = 0 ] ||
	fail "nobody: a skip without a reason"
[ "$(json "$T/nobody.json" "d['run']['lab']['privileged']")" = False ] || fail "nobody: lab claims privilege"
note "nobody: $(count "$T/nobody.json" pass) pass, $(count "$T/nobody.json" skip) skip"
