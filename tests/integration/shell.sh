#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# sanitizer: yes
# nsbench shell, as root and as nobody, with no ip/tc/nft/iptables on PATH:
# CMD's exit status and signal status pass through; its hostname is the
# given one in its own uts namespace; it is PID 1; only lo is there (read by
# a probe over netlink); --net veth reaches its lab peer; its background processes do not outlive it;
# --test ID rebuilds the test's combination (namespaces differ from the test
# parent's exactly for the combination's types); `nsbench run` names the
# command beside a failing test; the host's hostname is unchanged.
. "$(dirname "$0")/lib.sh"
stage_build	# nobody runs the build below: from a copy it can reach (a 0700 clone)

bin="$T/bin"
mkdir -p "$bin"
for d in /usr/local/bin /usr/bin /bin; do
	for f in "$d"/*; do
		case ${f##*/} in ip|tc|nft|iptables*|ip6tables*) continue ;; esac
		[ -e "$bin/${f##*/}" ] || ln -s "$f" "$bin/${f##*/}"
	done
done
export PATH="$bin"
host=$(hostname)

# pid_of CMDLINE: the host pid of the process whose whole command line is CMDLINE.
pid_of() { pgrep -x -f "$1"; }

for who in root nobody; do
	run=()
	[ $who = nobody ] && run=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	sh() { "${run[@]}" "$NSB" shell "$@" < /dev/null; }

	sh -- /bin/sh -c 'exit 7'
	[ $? = 7 ] || fail "$who: exit status 7 not passed through"

	out=$(sh -- /bin/sh -c 'echo $$; hostname')
	[ "$out" = "1
nsbench" ] || fail "$who: 'echo \$\$; hostname' printed '$out', expected 1 and nsbench"
	out=$(sh --ns uts,user --hostname lab-$who -- hostname)
	[ "$out" = "lab-$who" ] || fail "$who: --hostname: '$out'"

	out=$(sh --ns net,pid,mnt,user -- "$NSB_BUILD/probes/net-links" | grep '^links=')
	[ "$out" = links=lo ] || fail "$who: links seen by the net-links probe: '$out', expected only lo"
	# --net veth reaches its peer in the lab (a refused connection is an answer); lo alone reaches nothing.
	out=$(sh --ns net,user --net veth -- bash -c 'exec 3<>/dev/tcp/192.0.2.1/9' 2>&1)
	[[ "$out" == *"Connection refused"* ]] || fail "$who: --net veth: the peer did not answer: $out"
	out=$(sh --ns net,user -- bash -c 'exec 3<>/dev/tcp/192.0.2.1/9' 2>&1)
	[[ "$out" == *"Network is unreachable"* ]] || fail "$who: --net lo: 192.0.2.1 is reachable: $out"
	n=$(sh --ns pid,mnt -- /bin/sh -c 'ls -d /proc/[0-9]* | wc -l')
	[ "$n" -le 3 ] || fail "$who: /proc shows $n processes, expected the shell, ls and wc"

	# Background processes started by CMD: gone when it returns.
	sh --ns pid,mnt -- /bin/sh -c "sleep 4343$$ & sleep 4344$$ & exit 0"
	sh --ns net -- /bin/sh -c "sleep 4345$$ & exit 0"
	for _ in $(seq 50); do
		pid_of "sleep 4343$$" > /dev/null || pid_of "sleep 4344$$" > /dev/null ||
			pid_of "sleep 4345$$" > /dev/null || break
		sleep 0.1
	done
	! pid_of "sleep 4343$$" > /dev/null && ! pid_of "sleep 4344$$" > /dev/null &&
		! pid_of "sleep 4345$$" > /dev/null || fail "$who: a background process outlived the shell"

	# Killed by a signal: 128 + N.
	sh -- sleep 4346$$ &
	bg=$!
	for _ in $(seq 50); do p=$(pid_of "sleep 4346$$") && break; sleep 0.1; done
	[ -n "${p:-}" ] || fail "$who: sleep never started"
	kill -KILL "$p"
	wait $bg
	rc=$?
	[ $rc = 137 ] || fail "$who: killed by SIGKILL, exit $rc, expected 137"
	p=

	# --test: the combination, relative to the rebuilt test parent.
	for id in isolation.ns-inodes.pid,uts,user net.veth.net,user ipc.objects.ipc,mnt,time; do
		combo=${id##*.}
		"${run[@]}" "$NSB" shell -v --test "$id" -- /bin/sh -c \
			'for t in pid uts ipc mnt net user cgroup time; do echo "own.$t=$(stat -L -c %i /proc/self/ns/$t)"; done' \
			< /dev/null > "$T/ns" 2>&1 || fail "$who: shell --test $id failed: $(cat "$T/ns")"
		for t in pid uts ipc mnt net user cgroup time; do
			own=$(grep "^own.$t=" "$T/ns" | cut -d= -f2)
			parent=$(grep "^parent.ns.$t=" "$T/ns" | cut -d= -f2)
			[ -n "$own" ] && [ -n "$parent" ] || fail "$who: --test $id: no $t inode: $(cat "$T/ns")"
			if [[ ",$combo," == *",$t,"* ]]; then
				[ "$own" != "$parent" ] || fail "$who: --test $id: $t is the test parent's"
			else
				[ "$own" = "$parent" ] || fail "$who: --test $id: $t differs from the test parent's"
			fi
		done
	done
	# ... and its test parent's setup: net.veth's parent moves nsbB in before the probe looks.
	out=$("${run[@]}" "$NSB" shell --test net.veth.net,user -- "$NSB_BUILD/probes/net-links" < /dev/null | grep '^links=')
	[ "$out" = links=lo,nsbB ] || fail "$who: --test net.veth.net,user: links '$out', expected lo,nsbB"
	note "$who: exit 7, SIGKILL 137, PID 1, hostname, only lo, veth to the lab, no leftovers, --test combinations and setup"
done

# Bad input: one line, exit 2; a command that is nowhere: 127.
"$NSB" shell --ns bogus > /dev/null 2> "$T/err"
[ $? = 2 ] && grep -q "unknown namespace type 'bogus'" "$T/err" || fail "--ns bogus: not a usage error"
"$NSB" shell --test nosuch.test.net > /dev/null 2> "$T/err"
[ $? = 2 ] || fail "--test nosuch.test.net: not a usage error"
"$NSB" shell --ns pid -- /nonexistent/cmd 2> "$T/err"
[ $? = 127 ] || fail "a missing command: not 127"

# nsbench run names the command beside a failing test.
dir=$(probes_with uts=uts-liar)
NSBENCH_PROBE_DIR=$dir "$NSB" run isolation --filter 'isolation.uts-hostname.pid' --report "$T/r.json" > "$T/out"
grep -q "debug: nsbench shell --test 'isolation.uts-hostname.pid'" "$T/out" ||
	{ cat "$T/out" >&2; fail "nsbench run does not print the shell command beside the failing test"; }

[ "$(hostname)" = "$host" ] || fail "the host's hostname changed"
wait_gone || fail "processes left behind"
