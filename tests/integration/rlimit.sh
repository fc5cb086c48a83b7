#!/usr/bin/env bash
# An environment limit on processes (RLIMIT_NPROC) is an environment error:
# exit 2, the limit named with its value, a report; 130 is only for a signal
# (issue 14.5).
. "$(dirname "$0")/lib.sh"
stage_build	# nobody runs it: the build must be reachable from a 0700 clone
command -v prlimit > /dev/null || exit 77
prlimit --nproc=4:4 setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$NSB" run isolation --report "$T/r.json" > "$T/out" 2> "$T/err"
rc=$?
[ "$rc" = 2 ] || { cat "$T/out" "$T/err"; fail "exit $rc, expected 2"; }
validate "$T/r.json"
json "$T/r.json" "d['run'].get('environment_error','')" | grep -q 'RLIMIT_NPROC is 4' || fail "the report does not name the limit"
[ "$(json "$T/r.json" "d['run']['interrupted']")" = False ] || fail "reported as interrupted"
grep -q 'STOPPED: .*RLIMIT_NPROC is 4' "$T/out" || fail "the summary does not name the limit"
! grep -q INTERRUPTED "$T/out" || fail "the summary says INTERRUPTED"
note "$(grep STOPPED "$T/out")"
