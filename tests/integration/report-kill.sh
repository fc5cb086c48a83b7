#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# No name exists until the report is complete: SIGKILL inside the write window
# (found deterministically with the test-only NSBENCH_TEST_WRITE_DELAY_MS: the
# report is written, not yet linked) leaves nothing behind - no temporary file,
# no partial report - and an existing report untouched. The unnamed file is
# seen open (O_TMPFILE: "/dir/#N (deleted)") while the directory stays empty.
. "$(dirname "$0")/lib.sh"
stage_build

# unnamed DIR: pids holding an unnamed file in DIR open.
unnamed() {
	local fd
	for fd in /proc/[0-9]*/fd/*; do
		case $(readlink "$fd" 2>/dev/null) in "$1/#"*" (deleted)") fd=${fd#/proc/}; echo "${fd%%/*}" ;; esac
	done
}

# killed WHAT DIR CMD...: run CMD with the delay, SIGKILL it inside the window, then check DIR.
killed() {
	local what=$1 dir=$2 before pid holder; shift 2
	before=$(cd "$dir" && ls -A | sort | xargs -r md5sum)
	rm -f "$T/err"
	NSBENCH_TEST_WRITE_DELAY_MS=60000 "$@" > "$T/out" 2> "$T/err" &
	pid=$!
	for _ in $(seq 600); do grep -q 'not yet linked' "$T/err" && break; sleep 0.1; done
	grep -q 'not yet linked' "$T/err" || { kill -KILL $pid; cat "$T/err"; fail "$what: the write window never came"; }
	holder=$(unnamed "$dir")
	[ -n "$holder" ] || { kill -KILL $pid; fail "$what: no unnamed file open in the window"; }
	[ "$(cd "$dir" && ls -A | sort | xargs -r md5sum)" = "$before" ] ||
		{ kill -KILL $pid; fail "$what: a name appeared before the report was complete: $(ls -A "$dir")"; }
	kill -KILL $pid
	wait $pid 2>/dev/null
	for _ in $(seq 100); do [ -z "$(unnamed "$dir")" ] && break; sleep 0.1; done
	[ -z "$(unnamed "$dir")" ] || fail "$what: the writer outlived the SIGKILL"
	[ "$(cd "$dir" && ls -A | sort | xargs -r md5sum)" = "$before" ] ||
		fail "$what: SIGKILL in the write window left: $(ls -A "$dir")"
	note "$what: SIGKILLed with the complete report unnamed (held by pid $holder): directory unchanged"
}

mkdir -m 1777 "$T/new" "$T/old"
echo '{"old": true}' > "$T/old/r.json"
killed "check, new path" "$T/new" "$NSB" check --quiet --report "$T/new/r.json"
killed "check, replacing a report" "$T/old" "$NSB" check --quiet --report "$T/old/r.json"
# run and bench write from the lab's init: SIGKILL reaches the supervisor, the lab dies with it.
killed "run, replacing a report" "$T/old" "$NSB" run isolation --filter 'isolation.uts*' --ns uts --jobs 2 --report "$T/old/r.json"
killed "bench, new path" "$T/new" "$NSB" bench clone --ns uts --samples 6 --rounds 1 --min-time 0.001 \
	--max-time 0.001 --warmup 1 --report "$T/new/r.json"
[ "$(id -u)" = 0 ] && killed "run as nobody, new path" "$T/new" setpriv --reuid=65534 --regid=65534 --clear-groups "$NSB" run isolation \
	--filter 'isolation.uts*' --ns uts --jobs 2 --report "$T/new/r.json"
[ "$(cat "$T/old/r.json")" = '{"old": true}' ] || fail "the old report changed"

# The window closes: without SIGKILL the report appears, complete, and nothing else.
NSBENCH_TEST_WRITE_DELAY_MS=200 "$NSB" check --quiet --report "$T/old/r.json" > /dev/null 2>&1
[ "$(ls -A "$T/old")" = r.json ] && json "$T/old/r.json" "d['tool']['name']" | grep -qx nsbench ||
	fail "after the window: not one complete report ($(ls -A "$T/old"))"

# The negative control: the fallback for filesystems without O_TMPFILE (forced by the
# test-only NSBENCH_TEST_NO_TMPFILE) names a temporary file before it is complete, and a
# SIGKILL in its window leaves it: the checks above catch exactly that.
mkdir -m 1777 "$T/named"
NSBENCH_TEST_NO_TMPFILE=1 NSBENCH_TEST_WRITE_DELAY_MS=60000 "$NSB" check --quiet --report "$T/named/r.json" > /dev/null 2> "$T/err" &
pid=$!
for _ in $(seq 600); do grep -q 'not yet linked' "$T/err" && break; sleep 0.1; done
ls -A "$T/named" | grep -q '^\.nsbench-report\.' || { kill -KILL $pid; fail "negative control: no named temporary file in the window"; }
kill -KILL $pid
wait $pid 2>/dev/null
left=$(ls -A "$T/named")
[[ "$left" == .nsbench-report.* ]] || fail "negative control: the named fallback left '$left', not its temporary file"
note "negative control: the named-file fallback (no O_TMPFILE) leaves $left on SIGKILL, as the checks above would catch"
NSBENCH_TEST_NO_TMPFILE=1 "$NSB" check --quiet --report "$T/named/r.json" > /dev/null 2>&1
[ -n "$(json "$T/named/r.json" "d['tool']['name']")" ] || fail "the named fallback writes no report"
