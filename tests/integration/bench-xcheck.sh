#!/usr/bin/env bash
# Cross-check: the per-type median of `nsbench bench unshare` and of its
# fork-style `clone` round trip (clone3 + the child's _exit + waitpid, no
# namespace as well) agree with an independent minimal C loop (bench-xloop.c,
# linked statically like nsbench-worker: the same minimal address space) timing
# the same in the same run, in the same kind of place: a lab of the types
# nsbench's report says its lab has, made by unshare(1), not by nsbench (a
# process in a nested pid namespace pays for a pid at each level: the loop
# outside any lab differs from both by what the lab itself costs, which is not
# nsbench's). Both pinned to the same CPU. The figures are bimodal here
# (BENCH-NOTES.md hazard 3: the same clone round trip sits near 70 or near
# 105 us for a second or so at a time, so for a whole process), so the unit on
# both sides is a fresh process (an nsbench round, a loop process), the two
# kinds alternate in small blocks, and the figure compared is the
# Hodges-Lehmann estimate of the ratio between them: the median of every
# nsbench/loop ratio of per-process medians, a shift estimate that a few
# processes in the other mode cannot swing as they can a median of medians.
. "$(dirname "$0")/lib.sh"

# Linked like nsbench-worker: statically, with musl where the worker is (the Makefile builds it
# so where musl-gcc is installed; a static glibc program holds the string "glibc." of its
# tunables), else with glibc: the same minimal address space either way.
if ! grep -aq 'glibc\.' "$NSB_BUILD/nsbench-worker" && command -v musl-gcc > /dev/null; then
	musl-gcc -O2 -Wall -Wextra -Werror -static -Wl,-z,now -isystem "$NSB_BUILD/musl-include" \
		-o "$T/xloop" "$TOP/tests/integration/bench-xloop.c"
else
	cc -O2 -Wall -Wextra -Werror -static-pie -Wl,-z,now -o "$T/xloop" "$TOP/tests/integration/bench-xloop.c"
fi || fail "cannot build the reference loop"
cpu=$(( $(nproc) - 1 ))

# The lab's types (run.lab.types of an nsbench report) as unshare(1) options; one
# of a user ns maps root, as nsbench's lab of a non-root run does.
. "$TOP/scripts/lab-cmd.sh"
lab_cmd=()
lab_from() {
	local types
	types=$(json "$1" "' '.join(d['run']['lab']['types'])") && [ -n "$types" ] ||
		fail "no lab types in nsbench's report"
	# The loop is not the lab's PID 1 (unshare --fork execs it there): a child of sh (lab-cmd.sh).
	# shellcheck disable=SC2086	# one word per type
	lab_unshare_cmd $types
	lab_cmd=("${LAB_CMD[@]}")
}
"$NSB" bench unshare --ns uts --samples 20 --min-time 0.01 --max-time 0.05 --rounds 1 --report "$T/lab.json" \
	> /dev/null || fail "nsbench bench exited $?"
lab_from "$T/lab.json"
note "the reference loop runs in: ${lab_cmd[*]}"
"${lab_cmd[@]}" "$T/xloop" unshare uts 5 "$cpu" > /dev/null || fail "the reference loop cannot run in that lab"

# check OP TYPE [EXTRA_NS]: prints "ok ..." or "miss ...". $alts alternations of
# (an nsbench run of 2 rounds, 2 loop processes in the lab): nsbench's per-round
# medians (runs.medians) against the loop's per-process medians.
# Agreement: the Hodges-Lehmann ratio within the tolerance: 15% for unshare and
# 30% for clone in this test. The machine's speed switches between two levels
# about 50% apart for a second or so at a time (the same round trip near 70 or
# near 105 us, in nsbench and the loop alike, with or without ASLR), so a 10%
# test of 16 processes a side would fail a CI run now and then; the +-10% of
# issue 15 is measured with many alternations (NSB_XCHECK_ALTS=24
# NSB_XCHECK_TOL=0.10, 48 processes a side). What this catches is
# nsbench timing something else (lazy binding: +110 us; a fault: +10 us; the
# control: +100%). Before, the clone gap was the worker's: inherited perf
# counters during the timed samples (+20-25%, now a separate counting pass), a
# static glibc address space (RSS 740 kB, now musl's ~100 kB, as the loop's)
# and a write to its data in every sample (a copy-on-write fault per fork).
# NSB_XCHECK_ALTS: alternations per check (default 8; more for a figure).
# NSB_XCHECK_TOL: one tolerance for every row (e.g. 0.10), instead of 0.15/0.30.
alts=${NSB_XCHECK_ALTS:-8}
check() {
	local op=$1 t=$2 a i loop="" nsb="" ns=$2 tol=0.15
	[ "$op" = clone ] && tol=0.30
	tol=${NSB_XCHECK_TOL:-$tol}
	[ "$t" = none ] && ns=uts	# clone.none is the baseline of every clone benchmark
	for a in $(seq "$alts"); do
		"$NSB" bench "$op" --ns "$ns" --cpu "$cpu" --samples 100 --min-time 0.02 --max-time 0.2 --rounds 2 \
			--report "$T/x.json" > /dev/null || { echo "miss $op.$t: nsbench bench exited $?"; return; }
		nsb+="$(json "$T/x.json" "' '.join('%.0f' % m for b in d['benchmarks'] if b['id']=='$op.$t' for m in b['runs']['medians'])") "
		for i in 1 2; do
			loop+="$("${lab_cmd[@]}" "$T/xloop" "$op" "$t" 60 "$cpu" "${3:-0}") " ||
				{ echo "miss $op.$t: the reference loop failed"; return; }
		done
	done
	"$PY" -c "import sys, math, statistics as s
l=[float(x) for x in sys.argv[1].split()]; n=[float(x) for x in sys.argv[2].split()]
t=float(sys.argv[4]); hl=math.exp(s.median([math.log(a / b) for a in n for b in l])); d=hl-1
print(('ok' if abs(d)<=t else 'miss')+' %s: nsbench %.0f ns (%d rounds, %.0f-%.0f), loop %.0f ns (%d processes, %.0f-%.0f): Hodges-Lehmann ratio %+.1f%%'%(sys.argv[3],s.median(n),len(n),min(n),max(n),s.median(l),len(l),min(l),max(l),100*d))" \
		"$loop" "$nsb" "$op.$t" "$tol"
}

misses=0
for op in unshare clone; do
	types="pid uts ipc mnt net user cgroup time"
	[ "$op" = clone ] && types="none $types"
	for t in $types; do
		r=$(check "$op" "$t")
		case $r in ok*) ;; *) note "retry: $r"; r=$(check "$op" "$t") ;; esac
		note "$r"
		case $r in ok*) ;; *) misses=$((misses + 1)) ;; esac
	done
done
[ "$misses" = 0 ] || fail "$misses benchmarks disagree with the reference loop"

# Negative control: the same check against a loop made slower by its own
# median (+100%, far outside any spread above) must miss, twice.
extra=$(for i in 1 2 3; do "${lab_cmd[@]}" "$T/xloop" unshare uts 60 "$cpu"; done | sort -n | sed -n 2p)
[ -n "$extra" ] || fail "the reference loop failed in the lab"
for i in 1 2; do
	r=$(check unshare uts "$extra")
	note "control (loop +${extra} ns): $r"
	case $r in miss*) ;; *) fail "the cross-check cannot fail: nsbench agreed with a loop slowed by ${extra} ns" ;; esac
done
