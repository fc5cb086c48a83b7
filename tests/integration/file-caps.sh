#!/usr/bin/env bash
# nsbench given file capabilities (setcap cap_sys_admin,cap_setuid,cap_setgid=ep) and run by
# nobody. Every exec would drop them (a probe exec'd by nobody holds none: the control), so
# in a lab made with them each probe ran without what the rules expect: 388 fails and 104
# errors in run all. Kept for the probes (the ambient set), they were within nobody's reach
# (two breakers got root). So run and bench give them up, say so, and make their lab in a
# user ns as nobody's: the same ids and verdicts as nobody without them, and nsbench shell's
# command holds none. NSBENCH_TP is ignored with file capabilities (secure_getenv). Capabilities
# nobody already holds as ambient ones are kept: a direct lab, no fail, no error.
. "$(dirname "$0")/lib.sh"
command -v setcap > /dev/null || { echo "no setcap (libcap2-bin)"; exit 77; }
stage_build	# nobody runs it: the build must be reachable from a 0700 clone
fc="$T/fcaps"
mkdir "$fc" && cp -a "$NSB_BUILD/nsbench" "$NSB_BUILD/nsbench-worker" "$NSB_BUILD/probes" "$fc/" ||
	fail "cannot copy the build"
[ ! -x "$NSB_BUILD/nsbench-tp" ] || cp -a "$NSB_BUILD/nsbench-tp" "$fc/" || fail "cannot copy nsbench-tp"
chmod -R a+rX "$fc"
setcap cap_sys_admin,cap_setuid,cap_setgid=ep "$fc/nsbench" 2> "$T/setcap.err" ||
	{ echo "setcap refused here: $(cat "$T/setcap.err")"; exit 77; }
snap() { "$TOP/scripts/host-snapshot.sh" "$NSB_BUILD" > "$T/$1"; }
# verdicts FILE: "id verdict" per result, sorted.
verdicts() { json "$1" "'\n'.join(sorted(r['id']+' '+r['verdict'] for r in d['results']))"; }
given_up="the capabilities given to this nsbench by its file are given up (uid 65534)"
snap before

as_nobody env NSBENCH_TP=/nonexistent "$fc/nsbench" run all --no-bench --report "$T/fc.json" > "$T/fc.out" 2>&1
rc=$?
[ "$rc" = 0 ] || { tail -5 "$T/fc.out"; fail "nobody with file capabilities: exit $rc"; }
validate "$T/fc.json"
grep -qF "$given_up" "$T/fc.out" || fail "not said: $(head -3 "$T/fc.out")"
[ "$(json "$T/fc.json" "d['run']['lab']['privileged']")" = False ] || fail "not a lab in a user ns"
as_nobody "$NSB" run all --no-bench --report "$T/plain.json" > /dev/null 2>&1 || fail "nobody: exit $?"
[ "$(verdicts "$T/fc.json")" = "$(verdicts "$T/plain.json")" ] ||
	fail "not nobody's verdicts: $(diff <(verdicts "$T/plain.json") <(verdicts "$T/fc.json") | head -5)"
[ "$(count "$T/fc.json" fail)" = 0 ] && [ "$(count "$T/fc.json" error)" = 0 ] || fail "fail or error"
note "nobody with file capabilities: given up, user ns lab, $(count "$T/fc.json" pass) pass, as nobody without them"

as_nobody "$fc/nsbench" bench clone --ns user,uts --quick --report "$T/bench.json" > "$T/bench.out" 2>&1 ||
	fail "bench: exit $? ($(tail -3 "$T/bench.out"))"
grep -qF "$given_up" "$T/bench.out" || fail "bench: not said"
[ "$(json "$T/bench.json" "d['run']['lab']['privileged']")" = False ] || fail "bench: not a lab in a user ns"
[ "$(json "$T/bench.json" "sorted(set(b['status'] for b in d['benchmarks']))")" = "['ok']" ] || fail "bench: not all ok"
note "bench: given up, user ns lab, every benchmark ok"

# Capabilities the user already holds as ambient ones (capsh --addamb, pam_cap) survive every
# exec: nsbench keeps them, makes its lab directly, and the rules follow the test parent's
# uid and sets (caps.sets, user.maps, setns.join expected root before): no fail, no error.
if command -v capsh > /dev/null; then
	capsh --caps="cap_sys_admin,cap_setuid,cap_setgid,cap_setpcap+eip" --keep=1 --user=nobody \
		--addamb=cap_sys_admin,cap_setuid,cap_setgid -- -c "'$NSB' run all --no-bench --report '$T/amb.json'" \
		> "$T/amb.out" 2>&1 || { tail -3 "$T/amb.out"; fail "ambient capabilities: exit $?"; }
	validate "$T/amb.json"
	[ "$(count "$T/amb.json" fail)" = 0 ] && [ "$(count "$T/amb.json" error)" = 0 ] ||
		{ json "$T/amb.json" "[r['id']+': '+r['reason'] for r in d['results'] if r['verdict'] in ('fail','error')][:5]"; fail "ambient capabilities: fail/error"; }
	[ "$(json "$T/amb.json" "d['run']['lab']['privileged']")" = True ] || fail "ambient capabilities: not a direct lab"
	eff=$(json "$T/amb.json" "[r['observed']['cap.eff'] for r in d['results'] if r['id']=='caps.sets.none'][0]")
	[ "$eff" = 0x2000c0 ] || fail "ambient capabilities: caps.sets.none's probe held $eff"
	note "nobody with ambient capabilities: direct lab, $(count "$T/amb.json" pass) pass, $(count "$T/amb.json" skip) skip, probes hold $eff"
fi

# Control: what a probe holds where the capabilities are kept in the lab (nsbench shell makes
# its lab with them) but dropped by the exec: nothing, as a probe exec'd by hand.
as_nobody "$fc/probes/caps" > "$T/caps.out" 2>&1
grep -qx "cap.eff=0" "$T/caps.out" || fail "control: a probe exec'd by nobody: $(grep cap.eff "$T/caps.out")"
for ns in pid uts,ipc; do
	as_nobody "$fc/nsbench" shell --ns "$ns" -- "$fc/probes/caps" > "$T/sh.out" 2>&1 ||
		fail "shell --ns $ns: exit $? ($(head -3 "$T/sh.out"))"
	grep -qx "cap.eff=0" "$T/sh.out" || fail "shell --ns $ns: the command holds $(grep cap.eff "$T/sh.out")"
done
note "control: a probe exec'd by nobody, and nsbench shell's command, hold cap.eff=0"

wait_gone || fail "processes left behind"
snap after
diff -u "$T/before" "$T/after" || fail "the host changed"
note "host identical"
