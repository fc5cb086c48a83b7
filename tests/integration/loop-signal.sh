#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `nsbench bench --loop SEC` stops within a fraction of a second on SIGINT or
# SIGTERM (to nsbench, or Ctrl-C to its whole process group) and exits 130,
# as root and as nobody, leaving no process behind.
. "$(dirname "$0")/lib.sh"
stage_build

# Processes of this test's staged build, in any pid namespace.
mine() { leftovers | awk -v b="$NSB_BUILD/" 'index($3, b) == 1'; }
ms() { date +%s%3N; }

# interrupt WHO SIG [group]: start a 30 s loop, signal it once it loops, time the stop.
interrupt() {
	local who=$1 sig=$2 group=${3:-} pre=() pid t0 rc dt
	[ "$who" = nobody ] && pre=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	rm -f "$T/err"
	setsid "${pre[@]}" "$NSB" bench clone --ns uts --loop 30 > /dev/null 2> "$T/err" &
	pid=$!
	for _ in $(seq 100); do pgrep -x nsbench-loop -s $pid > /dev/null && break; sleep 0.1; done
	pgrep -x nsbench-loop -s $pid > /dev/null || { kill -KILL $pid; cat "$T/err"; fail "$who: the loop never started"; }
	sleep 0.3
	t0=$(ms)
	if [ -n "$group" ]; then kill -"$sig" -- -$pid; else kill -"$sig" $pid; fi
	wait $pid
	rc=$?
	dt=$(( $(ms) - t0 ))
	[ "$rc" = 130 ] || { cat "$T/err"; fail "$who SIG$sig${group:+ to the group}: exit $rc, expected 130"; }
	[ "$dt" -lt 1000 ] || fail "$who SIG$sig${group:+ to the group}: stopped after $dt ms"
	for _ in $(seq 50); do [ -z "$(mine)" ] && break; sleep 0.1; done
	[ -z "$(mine)" ] || { mine >&2; fail "$who SIG$sig: processes left behind"; }
	note "$who: SIG$sig${group:+ to the process group} stopped --loop 30 in $dt ms, exit 130, nothing left"
}

interrupt root INT
interrupt root TERM
interrupt root INT group
[ "$(id -u)" = 0 ] && interrupt nobody INT
[ "$(id -u)" = 0 ] && interrupt nobody TERM

# Not interrupted, the loop runs its time and exits 0 (the check above can fail).
t0=$(ms)
"$NSB" bench clone --ns uts --loop 1 > /dev/null 2> "$T/err" || { cat "$T/err"; fail "--loop 1: exit $?"; }
dt=$(( $(ms) - t0 ))
[ "$dt" -ge 1000 ] || fail "--loop 1 ended after $dt ms"
note "uninterrupted --loop 1: exit 0 after $dt ms"
