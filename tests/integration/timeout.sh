#!/usr/bin/env bash
# A probe that hangs (with a grandchild in its own session) is killed at
# --timeout, reported "timeout", the run goes on, and no process survives.
. "$(dirname "$0")/lib.sh"

dir=$(probes_with pid=hang)
start=$(date +%s)
NSBENCH_PROBE_DIR=$dir "$NSB" run isolation --filter 'isolation.*.mnt' --timeout 1 --report "$T/t.json" > "$T/out"
rc=$?
[ "$rc" = 1 ] || fail "exit $rc, expected 1"
[ "$(json "$T/t.json" "[r['verdict'] for r in d['results'] if r['test']=='pid-init']")" = "['timeout']" ] ||
	fail "the hanging probe was not reported as timeout"
[ "$(count "$T/t.json" pass)" = 2 ] || fail "the other tests did not go on"
[ $(( $(date +%s) - start )) -lt 8 ] || fail "the run did not stop at the timeout"
wait_gone || fail "processes survived the timeout"
! pgrep -x hang >/dev/null || fail "the hanging probe survived"
note "timeout: hanging probe killed at 1 s, run continued, nothing survived"
