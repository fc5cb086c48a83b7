#!/usr/bin/env bash
# bench-floor.c, the floor `scripts/bench-self.sh -f` times nsbench against, does what it says:
# every one of the 256 combinations, with and without each kind of test parent that
# unshares first (`list tests`' mutates=), runs to its probe's exit in a lab of the types
# nsbench's lab has (made by unshare(1), as bench-self.sh makes it), with 1 and 4 slots.
# Negative controls: as nobody, without capabilities and without a user ns in the lab,
# the kernel refuses every job that needs one, and the floor says so (exit 1 and the
# count); a job list that names no namespace type is refused as bad input (exit 2).
# Nothing is left behind (leftovers: processes of the floor, or in other pid namespaces).
. "$(dirname "$0")/lib.sh"

if command -v musl-gcc > /dev/null; then
	musl-gcc -O2 -Wall -Wextra -Werror -static -o "$T/bench-floor" "$TOP/tests/integration/bench-floor.c"
else
	cc -O2 -Wall -Wextra -Werror -static-pie -o "$T/bench-floor" "$TOP/tests/integration/bench-floor.c"
fi || fail "cannot build bench-floor.c"
chmod 0755 "$T/bench-floor"

# The job list: every combination with each mutates= that a test declares (and none).
"$NSB" list tests > "$T/tests" || fail "list tests exited $?"
muts=$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^mutates=/) print substr($i, 9)}' "$T/tests" | sort -u)
echo "$muts" | grep -qx none || fail "list tests names no test without mutates=: $muts"
echo "$muts" | grep -qx net || fail "list tests names no test that unshares net: $muts"
"$NSB" list combos > "$T/combos" || fail "list combos exited $?"
[ "$(wc -l < "$T/combos")" = 256 ] || fail "list combos: $(wc -l < "$T/combos") lines, not 256"
for m in $muts; do sed "s/\$/ $m/" "$T/combos"; done > "$T/jobs"
n=$(wc -l < "$T/jobs")

# The lab of nsbench's report, as unshare(1) options (bench-self.sh's rule).
"$NSB" run isolation --filter 'isolation.ns-inodes.none' --no-bench --report "$T/lab.json" > /dev/null ||
	fail "nsbench run exited $?"
lab=(unshare --fork --kill-child)
for t in $(json "$T/lab.json" "' '.join(d['run']['lab']['types'])"); do
	case $t in
	pid) lab+=(--pid --mount-proc) ;;
	mnt) lab+=(--mount) ;;
	user) lab+=(--user --map-root-user) ;;
	*) lab+=("--$t") ;;
	esac
done
note "lab: ${lab[*]}, $n jobs"

for slots in 1 4; do
	"${lab[@]}" -- "$T/bench-floor" "$T/jobs" $slots 2> "$T/err" ||
		fail "$slots slots: exit $?: $(cat "$T/err")"
	[ ! -s "$T/err" ] || fail "$slots slots: said something: $(cat "$T/err")"
	note "ok: $n jobs with $slots slots"
done

# Control 1: the kernel's refusals are counted. As nobody, with no capabilities, a job runs
# only when its test parent unshares nothing and its probe's namespaces are none, or come
# with a user ns of their own, created first (user_namespaces(7)), and without time, which
# the test parent unshares in its own user ns before the probe starts; where nobody may not
# create a user ns at all, only "none none" runs.
if [ "$(id -u)" = 0 ]; then
	userns=1
	as_nobody unshare --user true 2> /dev/null || userns=0
	refused=$(awk -v u=$userns '{ split($1, t, ","); has_user = has_time = 0
		for (i in t) { has_user += t[i] == "user"; has_time += t[i] == "time" }
		ok = $2 == "none" && ($1 == "none" || (u && has_user && !has_time)); n += !ok }
		END { print n + 0 }' "$T/jobs")
	as_nobody "$T/bench-floor" "$T/jobs" 2 2> "$T/err"
	rc=$?
	[ $rc = 1 ] || fail "control: as nobody, exit $rc, not 1: $(cat "$T/err")"
	grep -q "^bench-floor: $refused of $n jobs failed$" "$T/err" ||
		fail "control: as nobody, not $refused of $n refused: $(cat "$T/err")"
	note "control ok: as nobody, $refused of $n jobs refused"
fi

# Control 2: bad input is refused with one line and exit 2.
echo "pid,bogus none" > "$T/bad"
"$T/bench-floor" "$T/bad" 1 2> "$T/err"
rc=$?
[ $rc = 2 ] && [ "$(wc -l < "$T/err")" = 1 ] || fail "control: a bogus type: exit $rc: $(cat "$T/err")"
note "control ok: $(cat "$T/err")"

left=$(leftovers)
[ -z "$left" ] || fail "left behind: $left"
exit 0
