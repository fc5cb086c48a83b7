#!/usr/bin/env bash
# The test parent as a program of its own (nsbench-tp, posix_spawn'd per test;
# issue 15) and as a fork of nsbench (NSBENCH_TP=fork) give the same ids,
# verdicts and reasons, as root and as nobody; the program is really what
# runs the tests (a wrapper logs each start), and the net suite's tests,
# whose hooks need libmnl, are still forked. Negative control: a test parent
# program that does nothing makes every test it would run an error.
. "$(dirname "$0")/lib.sh"
[ -x "$NSB_BUILD/nsbench-tp" ] ||
	{ note "no nsbench-tp in $NSB_BUILD (no musl-gcc, or the sanitizer build): every test parent is forked"; exit 77; }
stage_build
sel=(run isolation uts net --ns uts,pid,net)

# verdicts FILE: "id verdict reason" per result, sorted.
verdicts() { json "$1" "'\n'.join(sorted(r['id']+' '+r['verdict']+' '+r['reason'] for r in d['results']))"; }

for who in root nobody; do
	pre=()
	[ "$who" = nobody ] && pre=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	"${pre[@]}" env -u NSBENCH_TP "$NSB" "${sel[@]}" --report "$T/exec-$who.json" > /dev/null
	rc=$?
	"${pre[@]}" env NSBENCH_TP=fork "$NSB" "${sel[@]}" --report "$T/fork-$who.json" > /dev/null
	rc2=$?
	[ "$rc" = "$rc2" ] || fail "$who: exit $rc with nsbench-tp, $rc2 forked"
	[ "$(verdicts "$T/exec-$who.json")" = "$(verdicts "$T/fork-$who.json")" ] ||
		fail "$who: nsbench-tp and the forked test parent disagree: $(diff <(verdicts "$T/exec-$who.json") <(verdicts "$T/fork-$who.json") | head -5)"
	note "$who: $(count "$T/exec-$who.json" pass) pass, $(count "$T/exec-$who.json" skip) skip, the same either way (exit $rc)"
done

# Which test parents the program started: a wrapper that logs its arguments.
cat > "$T/tp-wrap" <<WRAP
#!/bin/sh
echo "\$1.\$2" >> "$T/tp.log"
exec "$NSB_BUILD/nsbench-tp" "\$@"
WRAP
chmod 755 "$T/tp-wrap"
NSBENCH_TP="$T/tp-wrap" "$NSB" "${sel[@]}" --report "$T/wrap.json" > /dev/null || fail "through the wrapper: exit $?"
[ "$(verdicts "$T/wrap.json")" = "$(verdicts "$T/exec-root.json")" ] || fail "through the wrapper: other verdicts"
want=$(json "$T/wrap.json" "sum(1 for r in d['results'] if r['suite'] != 'net')")
got=$(wc -l < "$T/tp.log")
[ "$got" = "$want" ] || fail "nsbench-tp started $got times for $want tests outside the net suite"
! grep -q '^net\.' "$T/tp.log" || fail "a net test (hooks with libmnl) went to nsbench-tp"
note "nsbench-tp ran $got tests; the net suite's $(json "$T/wrap.json" "sum(1 for r in d['results'] if r['suite'] == 'net')") were forked"

# An nsbench-tp of another build beside nsbench (a stale build or install) is never used: one
# warning, every test parent forked, the same verdicts.
cp -a "$NSB_BUILD/nsbench-tp" "$T/real-tp"
cat > "$NSB_BUILD/nsbench-tp" <<OLD
#!/bin/sh
[ "\$1" = --build-id ] && { echo 0123456789abcdef; exit 0; }
echo "\$1.\$2" >> "$T/stale.log"
exec "$T/real-tp" "\$@"
OLD
env -u NSBENCH_TP "$NSB" "${sel[@]}" --report "$T/stale.json" > /dev/null 2> "$T/stale.err"
rc=$?
cp -a "$T/real-tp" "$NSB_BUILD/nsbench-tp"
[ "$rc" = 0 ] || fail "with a stale nsbench-tp: exit $rc"
[ ! -e "$T/stale.log" ] || fail "a stale nsbench-tp ran $(wc -l < "$T/stale.log") tests"
grep -q "not this build's test parent program" "$T/stale.err" || fail "no warning for a stale nsbench-tp: $(cat "$T/stale.err")"
[ "$(verdicts "$T/stale.json")" = "$(verdicts "$T/exec-root.json")" ] || fail "with a stale nsbench-tp: other verdicts"
note "stale nsbench-tp: warned, not used, same verdicts"

# nsbench with file capabilities run by nobody: file-caps.sh (run gives them up and makes
# its lab as nobody's, so the test parents are exec'd there too).

# Negative control: a test parent program that exits at once.
NSBENCH_TP=/bin/true "$NSB" "${sel[@]}" --report "$T/true.json" > /dev/null
rc=$?
[ "$rc" = 1 ] || fail "control: exit $rc with a do-nothing test parent, expected 1"
[ "$(json "$T/true.json" "sorted(set(r['verdict'] for r in d['results'] if r['suite'] != 'net'))")" = "['error']" ] ||
	fail "control: a do-nothing test parent did not make its tests errors"
# A program that cannot be run is bad input.
NSBENCH_TP=/nonexistent "$NSB" "${sel[@]}" --report "$T/x.json" > /dev/null 2> "$T/err"
rc=$?
[ "$rc" = 2 ] && [ "$(wc -l < "$T/err")" = 1 ] || fail "NSBENCH_TP=/nonexistent: exit $rc, $(cat "$T/err")"
wait_gone || fail "processes survived"
note "control: do-nothing test parent -> errors; NSBENCH_TP=/nonexistent -> exit 2, one line"
