#!/usr/bin/env bash
# `nsbench run --ktap` read by the kernel's own KTAP parser
# (tools/testing/kunit/kunit_parser.py, what `kunit.py parse` runs): a full
# run, an all-skipped run (exit 4), a run with failing tests (a liar probe)
# and a run killed by SIGTERM each parse with 0 parser errors, no crashed
# test, and counts equal to the JSON report's (kunit's "failed" = fail +
# error + timeout + not run); the killed run is not reported as passed.
# kunit.py comes from scripts/kunit.sh (build/kunit/tools/testing/kunit, from Debian's
# linux-source) or $NSB_KUNIT_DIR; without it the test skips (exit 77).
. "$(dirname "$0")/lib.sh"

kdir=${NSB_KUNIT_DIR:-$TOP/build/kunit/tools/testing/kunit}
if [ ! -f "$kdir/kunit_parser.py" ]; then
	echo "kunit.py unavailable: run scripts/kunit.sh (extracts tools/testing/kunit from linux-source) or set NSB_KUNIT_DIR"
	exit 77
fi

# check NAME KTAP JSON EXPECTED-STATUS: parse KTAP with kunit_parser, compare with the report.
parse_agrees() {
	"$PY" - "$kdir" "$@" <<'PYEOF'
import json, os, sys
kdir, name, ktap, report, want = sys.argv[1:6]
sys.path.insert(0, kdir)
import kunit_parser
# kunit's printer writes to the real stdout: keep its lines in a file.
log = os.path.join(os.path.dirname(ktap), name.replace(' ', '-') + '.kunit')
saved = os.dup(1)
with open(log, 'w') as f:
    os.dup2(f.fileno(), 1)
    try:
        test = kunit_parser.parse_run_tests(open(ktap).readlines())
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
c = test.counts
d = json.load(open(report))['run']['counts']
failed = d['fail'] + d['error'] + d['timeout'] + d['not_run']
got = (c.passed, c.failed, c.skipped, c.crashed, c.errors, test.status.name)
exp = (d['pass'], failed, d['skip'], 0, 0, want)
if got != exp:
    print(open(log).read()[-3000:])
    sys.exit('%s: kunit says passed/failed/skipped/crashed/errors/status %s, the report %s' % (name, got, exp))
print('# %s: kunit_parser: %d passed, %d failed, %d skipped, 0 crashed, 0 errors: %s, as the report' %
      (name, c.passed, c.failed, c.skipped, test.status.name))
PYEOF
}
check() { parse_agrees "$@" || fail "$1: kunit's parse disagrees (above)"; }

# 1. A full run (no bench phase: KTAP carries the tests).
"$NSB" run all --no-bench --ktap --report "$T/full.json" > "$T/full.ktap" 2> "$T/full.err"
rc=$?
[ $rc = 0 ] || { tail "$T/full.err"; fail "full run: exit $rc"; }
check "full run" "$T/full.ktap" "$T/full.json" SUCCESS
# kunit.py itself, as a CI would call it.
"$PY" "$kdir/kunit.py" parse "$T/full.ktap" > "$T/full.kunit" 2>&1 || { tail "$T/full.kunit"; fail "kunit.py parse: exit $?"; }
tail -n1 "$T/full.kunit" | grep -q "Testing complete\. Ran $(json "$T/full.json" "len(d['results'])") tests: passed: $(count "$T/full.json" pass)" ||
	{ tail -n3 "$T/full.kunit"; fail "kunit.py parse: summary"; }
[ "$(grep -c '^    # Subtest: ' "$T/full.ktap")" = "$(json "$T/full.json" "len(set(r['suite'] for r in d['results']))")" ] ||
	fail "full run: not one block per suite"
if grep -q '^ *ok .* # SKIP' "$T/full.ktap"; then
	grep '^ *ok .* # SKIP' "$T/full.ktap" | grep -qv '^ *ok [0-9]* [^ #]* # SKIP [^ ]' && fail "a SKIP line with the reason in the name"
fi

# 2. Every test skipped: exit 4 (kselftest's KSFT_SKIP), kunit says SKIPPED.
d=$(probes_with)
rm "$d/pid"
printf '#!/bin/sh\necho "skip=this probe always skips (ktap-kunit.sh)"\nexit 4\n' > "$d/pid"
chmod 755 "$d/pid"
NSBENCH_PROBE_DIR=$d "$NSB" run isolation --filter 'isolation.pid-init.*' --ktap --report "$T/skip.json" > "$T/skip.ktap" 2> "$T/skip.err"
rc=$?
[ $rc = 4 ] || { tail "$T/skip.err"; fail "all-skipped run: exit $rc, not 4"; }
check "all skipped" "$T/skip.ktap" "$T/skip.json" SKIPPED
grep -q '^    ok 1 isolation\.pid-init\.[^ ]* # SKIP this probe always skips (ktap-kunit.sh)$' "$T/skip.ktap" || fail "skip line"

# 3. Failing tests (the pid liar): not ok, FAILURE, the reason as a diagnostic line.
d=$(probes_with pid=pid-liar)
NSBENCH_PROBE_DIR=$d "$NSB" run isolation uts --filter '*.*.pid*' --ktap --report "$T/fail.json" > "$T/fail.ktap" 2> "$T/fail.err"
rc=$?
[ $rc = 1 ] || { tail "$T/fail.err"; fail "failing run: exit $rc, not 1"; }
check "failing tests" "$T/fail.ktap" "$T/fail.json" FAILURE
grep -q '^    not ok [0-9]* isolation\.pid-init\.' "$T/fail.ktap" && grep -q '^not ok 1 isolation$' "$T/fail.ktap" ||
	fail "failing run: no not ok lines"

# A timeout and a harness error: their directives, and kunit counts them as failed.
d=$(probes_with pid=hang ns-inodes=garbage)
NSBENCH_PROBE_DIR=$d "$NSB" run isolation --filter 'isolation.[pn]*.none' --timeout 1 --ktap --report "$T/te.json" > "$T/te.ktap" 2> "$T/te.err"
rc=$?
[ $rc = 1 ] || { tail "$T/te.err"; fail "timeout/error run: exit $rc, not 1"; }
check "timeout and error" "$T/te.ktap" "$T/te.json" FAILURE
grep -q '^    not ok [0-9]* isolation\.pid-init\.none # TIMEOUT 1 seconds$' "$T/te.ktap" || fail "no TIMEOUT directive"
grep -q '^    not ok [0-9]* isolation\.ns-inodes\.none # ERROR ' "$T/te.ktap" || fail "no ERROR directive"

# 4. Killed by SIGTERM: the plan was printed first; what never ran is "not ok ... # ERROR not run".
"$NSB" run all --no-bench --ktap --report "$T/kill.json" > "$T/kill.ktap" 2> "$T/kill.err" &
pid=$!
for _ in $(seq 100); do [ "$(grep -c '^    ok ' "$T/kill.ktap")" -gt 50 ] && break; sleep 0.1; done
kill -TERM $pid
wait $pid
rc=$?
[ $rc = 130 ] || { tail "$T/kill.err"; fail "killed run: exit $rc, not 130"; }
[ "$(json "$T/kill.json" "d['run']['counts']['not_run'] > 0")" = True ] || fail "killed run: everything ran before the signal"
check "killed run" "$T/kill.ktap" "$T/kill.json" FAILURE
if "$PY" "$kdir/kunit.py" parse "$T/kill.ktap" > "$T/kill.kunit" 2>&1; then fail "kunit.py parse calls the killed run a success"; fi
grep -q '^    not ok [0-9]* [^ ]* # ERROR not run: interrupted by a signal$' "$T/kill.ktap" || fail "killed run: no not-run line"
# Negative control: the old KTAP of a killed run (the unrun tests left out) does not pass this check.
grep -v '# ERROR not run' "$T/kill.ktap" > "$T/cut.ktap"
if parse_agrees "negative control" "$T/cut.ktap" "$T/kill.json" FAILURE > "$T/neg.out" 2>&1; then
	fail "negative control: a KTAP without its unrun tests passed the check"
fi
note "KTAP: full, all-skipped (exit 4), failing and SIGTERM-killed runs parse with kunit_parser, counts equal the reports'"
