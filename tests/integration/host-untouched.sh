#!/usr/bin/env bash
# Host untouched and nothing leaked: the host's links, addresses, routes,
# hostname, mounts, IPC objects, cgroups, namespaces in use and processes are
# identical before and after a full run, a run killed with SIGKILL mid-way,
# and a run interrupted with SIGINT (which still writes a partial report).
# The full run includes the bench phase (growth makes 1000 bind mounts in
# a namespace of its own, teardown and scaling create thousands).
. "$(dirname "$0")/lib.sh"
stage_build

snap() { "$TOP/scripts/host-snapshot.sh" "$NSB_BUILD" > "$T/$1"; }
same() {
	wait_gone || fail "$1: nsbench processes left behind"
	snap after
	diff -u "$T/before" "$T/after" > "$T/diff" || { cat "$T/diff"; fail "$1: the host changed"; }
	note "$1: host identical"
}

snap before
"$NSB" run all --report "$T/full.json" > /dev/null || fail "full run exited $?"
same "full run"

# SIGKILL of the supervisor mid-run: the lab dies with it (PDEATHSIG, pid ns).
"$NSB" run all --no-bench --jobs 1 --report "$T/killed.json" > /dev/null 2>&1 &
pid=$!
sleep 1
[ -n "$(leftovers)" ] || fail "SIGKILL: the run was not under way"
kill -KILL $pid
wait $pid 2>/dev/null
same "SIGKILL mid-run"
[ ! -e "$T/killed.json" ] || fail "SIGKILL: a report appeared"
ls "$T"/.nsbench-report.* 2>/dev/null && fail "SIGKILL: a temporary report was left"

# SIGINT: stops, kills the tests, writes a partial report, exits 130.
"$NSB" run all --jobs 1 --report "$T/int.json" > "$T/int.out" 2>&1 &
pid=$!
sleep 1
kill -INT $pid
wait $pid
rc=$?
[ "$rc" = 130 ] || { cat "$T/int.out"; fail "SIGINT: exit $rc, expected 130"; }
same "SIGINT mid-run"
validate "$T/int.json"
[ "$(json "$T/int.json" "d['run']['interrupted']")" = True ] || fail "SIGINT: report not marked interrupted"
[ "$(json "$T/int.json" "d['run']['counts']['not_run'] > 0")" = True ] || fail "SIGINT: nothing left unrun?"
grep -q INTERRUPTED "$T/int.out" || fail "SIGINT: summary does not say so"

# Ctrl-C on a terminal signals the whole foreground process group at once:
# still one orderly stop with a partial report, not an escalation to SIGKILL.
setsid "$NSB" run all --jobs 1 --report "$T/grp.json" > "$T/grp.out" 2>&1 &
pid=$!
sleep 1
kill -INT -- -$pid
wait $pid
rc=$?
[ "$rc" = 130 ] || { cat "$T/grp.out"; fail "SIGINT to the group: exit $rc, expected 130"; }
same "SIGINT to the process group"
validate "$T/grp.json"
[ "$(json "$T/grp.json" "d['run']['interrupted']")" = True ] || fail "group SIGINT: report not marked interrupted"

# The same as nobody.
as_nobody "$NSB" run all --no-bench --report "$T/nobody.json" > /dev/null || fail "nobody run exited $?"
same "nobody run"
