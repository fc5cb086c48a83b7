#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench-floor.c, the floor `scripts/bench-self.sh -f` times nsbench against, does what it says:
# every one of the 256 combinations (those of types the kernel refuses here left out, saying
# so), with and without each kind of test parent that unshares first (`list tests`'
# mutates=), runs to its probe's exit in a lab of the types nsbench's lab has (made by
# unshare(1), as bench-self.sh makes it), with 1 and 4 slots, and says how many jobs ran.
# Negative controls: as nobody, without capabilities and without a user ns around it, the
# kernel refuses the jobs that need one, and the floor counts exactly those (exit 1); a
# job list that is not one is refused as bad input (exit 2, one line).
# Nothing is left behind (leftovers, and no process of the floor's program).
. "$(dirname "$0")/lib.sh"

# Linked like the build's test parent program: musl where the build has nsbench-tp.
if [ -x "$NSB_BUILD/nsbench-tp" ] && command -v musl-gcc > /dev/null; then
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
# A type the kernel refuses here (not built, older than it, a zero user.max_<type>_namespaces):
# its jobs are left out, saying why; there is no floor of what cannot run here.
for t in pid uts ipc mnt net user cgroup time; do
	opt=--$t
	[ $t = mnt ] && opt=--mount
	if ! unshare --fork $opt true 2> "$T/err"; then
		note "$t namespaces refused here ($(head -1 "$T/err")): jobs with $t left out"
		awk -v t=$t 'index("," $1 "," $2 ",", "," t ",") == 0' "$T/jobs" > "$T/j" && mv "$T/j" "$T/jobs"
	fi
done
n=$(wc -l < "$T/jobs")
[ "$n" -gt "$(echo "$muts" | wc -l)" ] || { note "SKIP: no namespace type can be created here"; exit 77; }

# The lab of nsbench's report, as unshare(1) options (bench-self.sh's rule); the floor runs
# as a child of sh there, not as its PID 1.
"$NSB" run isolation --filter 'isolation.ns-inodes.none' --no-bench --report "$T/lab.json" > /dev/null ||
	fail "nsbench run exited $?"
types=$(json "$T/lab.json" "' '.join(d['run']['lab']['types']) if d['run']['lab']['ok'] else ''")
[[ " $types " == *" mnt "* ]] || fail "nsbench's lab has no mount ns ($types): the floor's /proc mounts need one"
. "$TOP/scripts/lab-cmd.sh"
# shellcheck disable=SC2086	# one word per type
lab_unshare_cmd $types
lab=("${LAB_CMD[@]}")
note "lab: ${lab[*]}, $n jobs"

for slots in 1 4; do
	out=$("${lab[@]}" "$T/bench-floor" "$T/jobs" $slots 2> "$T/err")
	rc=$?
	[ $rc = 0 ] || fail "$slots slots: exit $rc: $out $(cat "$T/err")"
	[ "$out" = "bench-floor: $n jobs, 0 failed" ] && [ ! -s "$T/err" ] ||
		fail "$slots slots: said: $out $(cat "$T/err")"
	note "ok: $out ($slots slots)"
done

# Control 1: the kernel's refusals are counted. As nobody, with no capabilities, a job runs
# only when its test parent unshares nothing and its probe's namespaces are none, or come
# with a user ns of their own, created first (user_namespaces(7)), and without time, which
# the test parent unshares in its own user ns before the probe starts. Where nobody may not
# create a user ns at all, only "none none" runs; where it may create one but not every
# type in it (an LSM's rule, a masked /proc, a zero user.max_*_namespaces), this control
# cannot predict the count and is left out, saying so.
if [ "$(id -u)" = 0 ]; then
	userns=
	if as_nobody unshare --user --map-root-user --pid --fork --mount --mount-proc --net --uts --ipc --cgroup true 2> /dev/null; then
		userns=1
	elif ! as_nobody unshare --user true 2> /dev/null; then
		userns=0
	fi
	if [ -n "$userns" ]; then
		refused=$(awk -v u=$userns '{ split($1, t, ","); has_user = has_time = 0
			for (i in t) { has_user += t[i] == "user"; has_time += t[i] == "time" }
			ok = $2 == "none" && ($1 == "none" || (u && has_user && !has_time)); n += !ok }
			END { print n + 0 }' "$T/jobs")
		out=$(as_nobody "$T/bench-floor" "$T/jobs" 2 2> "$T/err")
		rc=$?
		[ $rc = 1 ] && [ "$out" = "bench-floor: $n jobs, $refused failed" ] ||
			fail "control: as nobody, exit $rc, '$out', not $refused of $n refused: $(cat "$T/err")"
		note "control ok: as nobody, $out"
	else
		note "control left out: nobody may create a user ns here, but not every type in it"
	fi
fi

# Control 2: bad input is refused with one line and exit 2.
for bad in "pid,bogus none" "none none none" "pid,pid none" "none user"; do
	echo "$bad" > "$T/bad"
	"$T/bench-floor" "$T/bad" 1 > /dev/null 2> "$T/err"
	rc=$?
	[ $rc = 2 ] && [ "$(wc -l < "$T/err")" = 1 ] || fail "control: '$bad': exit $rc: $(cat "$T/err")"
done
"$T/bench-floor" "$T/jobs" 4x > /dev/null 2> "$T/err"
rc=$?
[ $rc = 2 ] || fail "control: SLOTS 4x: exit $rc"
note "control ok: bad job lists and slots refused ($(cat "$T/err"))"

wait_gone || fail "left behind (above)"
left=$(for p in /proc/[0-9]*; do [ "$(readlink "$p/exe" 2> /dev/null)" = "$T/bench-floor" ] && echo "${p##*/}"; done)
[ -z "$left" ] || fail "floor processes left behind: $left"
exit 0
