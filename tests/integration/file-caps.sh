#!/usr/bin/env bash
# nsbench given file capabilities (setcap cap_sys_admin,cap_setuid,cap_setgid=ep) and run by
# nobody: an exec would drop them, so `run` raises them into the ambient set and its test
# parents (nsbench-tp, exec'd, not forked) and probes keep them: no fail, no error, and
# the probe of caps.sets.none holds the lab's sets. Negative control: the same probe run by
# hand as nobody holds none (what every probe held before: 388 fails, 104 errors).
# Where the ambient set is refused (SECBIT_NO_CAP_AMBIENT_RAISE), or a program it would run
# sits where others may write, nsbench gives the capabilities up and makes its lab as nobody
# would: a user ns of its own, no fail. nsbench shell's command never gets them.
# With file capabilities, NSBENCH_TP and NSBENCH_PROBE_DIR are ignored (secure_getenv). Benchmarks
# never run holding them: bench gives them up, run all skips its bench phase.
. "$(dirname "$0")/lib.sh"
command -v setcap > /dev/null && command -v capsh > /dev/null ||
	{ echo "no setcap/capsh (libcap2-bin)"; exit 77; }
stage_build	# nobody runs it: the build must be reachable from a 0700 clone
fc="$T/fcaps"
mkdir "$fc" && cp -a "$NSB_BUILD/nsbench" "$NSB_BUILD/probes" "$fc/" || fail "cannot copy the build"
[ ! -x "$NSB_BUILD/nsbench-tp" ] || cp -a "$NSB_BUILD/nsbench-tp" "$fc/" || fail "cannot copy nsbench-tp"
chmod -R a+rX "$fc"
setcap cap_sys_admin,cap_setuid,cap_setgid=ep "$fc/nsbench" 2> "$T/setcap.err" ||
	{ echo "setcap refused here: $(cat "$T/setcap.err")"; exit 77; }
snap() { "$TOP/scripts/host-snapshot.sh" "$NSB_BUILD" > "$T/$1"; }
clean() {	# FILE WHAT: validates, no fail/error/timeout
	validate "$1"
	[ "$(count "$1" fail)" = 0 ] && [ "$(count "$1" error)" = 0 ] && [ "$(count "$1" timeout)" = 0 ] ||
		{ json "$1" "[r['id']+': '+r['reason'] for r in d['results'] if r['verdict'] in ('fail','error','timeout')][:5]"; fail "$2: fail/error"; }
}
# given_up RC NAME WHAT SAID: a run (exit RC; $T/NAME.out, $T/NAME.json) that gave the
# capabilities up, said SAID, and has no fail or error in a lab of its own user ns.
given_up() {
	[ "$1" = 0 ] || { tail -5 "$T/$2.out"; fail "$3: exit $1"; }
	clean "$T/$2.json" "$3"
	grep -qF "$4" "$T/$2.out" || fail "$3: not said: $(head -3 "$T/$2.out")"
	[ "$(json "$T/$2.json" "d['run']['lab']['privileged']")" = False ] || fail "$3: not a user ns lab"
}
# result FILE ID: "verdict observed-json" of one result
result() { json "$1" "[r['verdict']+' '+json.dumps(r['observed'], sort_keys=True) for r in d['results'] if r['id']=='$2'][0]"; }
snap before

# NSBENCH_TP would name a program to run with the capabilities: ignored, as is the probe dir.
as_nobody env NSBENCH_TP=/nonexistent NSBENCH_PROBE_DIR=/nonexistent "$fc/nsbench" run all -vv \
	--report "$T/fc.json" > "$T/fc.out" 2>&1
rc=$?
[ "$rc" = 0 ] || { tail -5 "$T/fc.out"; fail "nobody with file capabilities: exit $rc"; }
clean "$T/fc.json" "nobody with file capabilities"
grep -q "capabilities raised into the ambient set" "$T/fc.out" || fail "no word of the ambient set: $(head -3 "$T/fc.out")"
[ -x "$fc/nsbench-tp" ] && grep -q "test parents are forked" "$T/fc.out" && fail "test parents forked: the exec would keep the capabilities"
[ "$(json "$T/fc.json" "d['run']['lab']['privileged']")" = True ] || fail "not a direct lab with CAP_SYS_ADMIN"
for id in caps.sets.none isolation.uts-hostname.none user.maps.none setns.join.none; do
	[ "$(result "$T/fc.json" "$id" | cut -d' ' -f1)" = pass ] || fail "$id: $(result "$T/fc.json" "$id")"
done
eff=$(json "$T/fc.json" "[r['observed']['cap.eff'] for r in d['results'] if r['id']=='caps.sets.none'][0]")
[ "$eff" = 0x2000c0 ] || fail "caps.sets.none: the probe held $eff, not cap_sys_admin,cap_setuid,cap_setgid (0x2000c0)"
note "nobody with file capabilities: $(count "$T/fc.json" pass) pass, $(count "$T/fc.json" skip) skip, probes hold $eff"
# No benchmark holding them: a worker's children in a user ns nobody owns share its memory.
grep -q "the bench phase is not run holding the capabilities nsbench was given as uid 65534" "$T/fc.out" ||
	fail "bench phase: no word of it"
[ "$(json "$T/fc.json" "len(d['benchmarks'])")" = 0 ] || fail "bench phase: run holding the capabilities"
cp -a "$NSB_BUILD/nsbench-worker" "$fc/" || fail "cannot copy nsbench-worker"
as_nobody "$fc/nsbench" bench clone --ns user,uts --quick --report "$T/bench.json" > "$T/bench.out" 2>&1 ||
	fail "bench: exit $? ($(tail -3 "$T/bench.out"))"
grep -q "benchmarks do not run holding the capabilities nsbench was given as uid 65534" "$T/bench.out" ||
	fail "bench: no word of giving them up"
[ "$(json "$T/bench.json" "d['run']['lab']['privileged']")" = False ] || fail "bench: not a user ns lab"
[ "$(json "$T/bench.json" "sorted(set(b['status'] for b in d['benchmarks']))")" = "['ok']" ] || fail "bench: not all ok"
note "bench: capabilities given up, user ns lab, all ok; run all: no bench phase"

# Negative control: the probe itself, exec'd by nobody without nsbench, holds nothing.
as_nobody "$fc/probes/caps" > "$T/caps.out" 2>&1
grep -qx "cap.eff=0" "$T/caps.out" || fail "control: a probe run by hand as nobody: $(grep cap.eff "$T/caps.out")"
note "control: the caps probe exec'd by nobody holds cap.eff=0"

# nsbench shell never hands them on: without a user ns of its own, its command holds none.
for ns in pid uts,ipc; do
	as_nobody "$fc/nsbench" shell --ns "$ns" -- /bin/grep -E '^Cap(Eff|Amb)' /proc/self/status > "$T/sh.out" 2>&1 ||
		fail "shell --ns $ns: exit $? ($(head -3 "$T/sh.out"))"
	[ "$(grep -c '^Cap\(Eff\|Amb\):\s*0*$' "$T/sh.out")" = 2 ] || fail "shell --ns $ns: the command holds $(cat "$T/sh.out")"
done
note "nsbench shell: the command holds no capability"

# A tree others may write: a probe there could be anyone's, so the capabilities are given up.
open="$T/open"
mkdir "$open" && cp -a "$fc/nsbench" "$fc/probes" "$open/" && chmod -R a+rX "$open" && chmod o+w "$open/probes" &&
	setcap cap_sys_admin,cap_setuid,cap_setgid=ep "$open/nsbench" || fail "cannot make the open tree"
as_nobody "$open/nsbench" run isolation caps -vv --report "$T/open.json" > "$T/open.out" 2>&1
given_up $? open "a tree others may write" \
	"$open/probes: writable by its group or others: the capabilities nsbench was given are given up"
note "a probe directory others may write: capabilities given up, user ns lab, no fail"

# The ambient set refused: capabilities given up, a lab as nobody's.
capsh --secbits=0x40 --user=nobody -- -c "'$fc/nsbench' run isolation caps user setns -vv --report '$T/sb.json'" \
	> "$T/sb.out" 2>&1
given_up $? sb SECBIT_NO_CAP_AMBIENT_RAISE "cannot raise capabilities into the ambient set (EPERM): they are given up"
note "SECBIT_NO_CAP_AMBIENT_RAISE: capabilities given up, user ns lab, $(count "$T/sb.json" pass) pass, $(count "$T/sb.json" skip) skip"

wait_gone || fail "processes left behind"
snap after
diff -u "$T/before" "$T/after" || fail "the host changed"
note "host identical"
