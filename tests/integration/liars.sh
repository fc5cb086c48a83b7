#!/usr/bin/env bash
# sanitizer: yes
# Every check can fail: probes that lie, crash or print garbage must turn
# tests into fail or error exactly where the lie contradicts the combination.
. "$(dirname "$0")/lib.sh"

# liar PROBE=LIAR FILTER: run, and print the ids of failing results, sorted.
liar() {
	local dir
	dir=$(probes_with "$1")
	NSBENCH_PROBE_DIR=$dir "$NSB" run isolation --filter "$2" --report "$T/l.json" > "$T/out"
	local rc=$?
	validate "$T/l.json"
	echo "$rc"
}

# pid-liar: claims PID 1 and /proc/self = 1 everywhere -> true only with pid+mnt (a fresh /proc).
rc=$(liar pid=pid-liar 'isolation.pid-init.*')
[ "$rc" = 1 ] || fail "pid-liar: exit $rc, expected 1"
want=$(json "$T/l.json" "all((r['verdict']=='pass') == ('pid' in r['combo'] and 'mnt' in r['combo']) for r in d['results'])")
fails=$(count "$T/l.json" fail)
[ "$want" = True ] && [ "$fails" = 192 ] || fail "pid-liar: $fails fails, want exactly the 192 combinations without pid+mnt"

# ns-inodes-liar: reports its parent's net ns when it can see it -> fails with net, without pid and user.
rc=$(liar ns-inodes=ns-inodes-liar 'isolation.ns-inodes.*')
[ "$rc" = 1 ] || fail "ns-inodes-liar: exit $rc"
want=$(json "$T/l.json" "all((r['verdict']=='fail') == ('net' in r['combo'] and 'pid' not in r['combo'] and 'user' not in r['combo']) for r in d['results'])")
[ "$want" = True ] && [ "$(count "$T/l.json" fail)" = 32 ] || fail "ns-inodes-liar: failures are not exactly the 32 net-without-pid-and-user combinations"

# uts-liar: never sets the hostname -> fails without uts (parent should have changed, or EPERM expected).
rc=$(liar uts=uts-liar 'isolation.uts-hostname.*')
[ "$rc" = 1 ] || fail "uts-liar: exit $rc"
want=$(json "$T/l.json" "all((r['verdict']=='fail') == ('uts' not in r['combo']) for r in d['results'])")
[ "$want" = True ] || fail "uts-liar: failures are not exactly the combinations without uts"

# crash: a probe killed by a signal is an error, never a pass .
rc=$(liar pid=crash 'isolation.pid-init.pid,uts')
[ "$rc" = 1 ] && [ "$(count "$T/l.json" error)" = 1 ] || fail "crash: not an error"
json "$T/l.json" "d['results'][0]['reason']" | grep -q 'signal SIGSEGV' || fail "crash: reason does not name the signal"

# garbage: malformed lines and forged parent keys are errors.
rc=$(liar pid=garbage 'isolation.pid-init.none')
[ "$rc" = 1 ] && [ "$(count "$T/l.json" error)" = 1 ] || fail "garbage: not an error"
note "liars: pid, ns-inodes and uts liars fail exactly where expected; crash and garbage are errors"

# The same verdicts in KTAP: one block for the suite with its plan, one "not ok" per failing test, the totals.
dir=$(probes_with pid=pid-liar)
NSBENCH_PROBE_DIR=$dir "$NSB" run isolation --filter 'isolation.pid-init.*' --ktap --report "$T/k.json" > "$T/ktap" 2> "$T/summary"
[ $? = 1 ] || fail "ktap: exit status"
head -5 "$T/ktap" | tr '\n' '|' | grep -q '^KTAP version 1|1\.\.1|    KTAP version 1|    # Subtest: isolation|    1\.\.256|$' || fail "ktap: header"
[ "$(grep -c '^    not ok [0-9]* isolation\.pid-init\.[^ ]*$' "$T/ktap")" = 192 ] || fail "ktap: not ok lines"
[ "$(grep -c '^    ok [0-9]* ' "$T/ktap")" = 64 ] && grep -q '^not ok 1 isolation$' "$T/ktap" || fail "ktap: ok lines"
tail -1 "$T/ktap" | grep -q '^# Totals: pass:64 fail:192 xfail:0 xpass:0 skip:0 error:0$' || fail "ktap: totals"
grep -q '^nsbench: 64 passed, 192 failed' "$T/summary" || fail "ktap: the summary went missing from stderr"
