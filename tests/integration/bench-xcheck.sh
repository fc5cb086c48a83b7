#!/usr/bin/env bash
# Cross-check: the per-type median of `nsbench bench unshare` and of its
# fork-style `clone` round trip (clone3 + the child's _exit + waitpid, no
# namespace as well) agree with an independent minimal C loop (bench-xloop.c,
# linked statically like nsbench-worker: the same minimal address space) timing
# the same in the same run. Both pinned to the same CPU. One process's figures
# are bimodal here (BENCH-NOTES.md hazard 3: 3.2 vs 5.1 us for the same
# unshare in two runs of the same binary), so, like nsbench, the reference is
# the median of the medians of several fresh processes (15 x 60 children),
# taken in three alternations with three nsbench runs; a benchmark that misses
# is measured once more.
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

# refs OP TYPE [EXTRA_NS]: the medians of 5 fresh loop processes, one per line.
refs() {
	local i
	for i in 1 2 3 4 5; do "$T/xloop" "$1" "$2" 60 "$cpu" "${3:-0}" || return 1; done
}

# check OP TYPE [EXTRA_NS]: prints "ok ..." or "miss ...". Three alternations
# of (5 loop processes, one nsbench run of 3 rounds): the loop's figure is the
# median of its 15 process medians, nsbench's the median of its 3 reported
# medians, so drift and one process's mode (hazard 3) weigh the same on both.
# Agreement: nsbench within 10% of the loop's median, or inside the range of
# the loop's own process medians widened by 10%: here one process of the same
# loop can sit 25-50% from the next (hazards 3 and 9), so a fixed 10% fails one
# run in three on a quiet machine. What this catches is nsbench timing
# something else (lazy binding: +110 us; a fault: +10 us; the control: +100%);
# the +-10% figure of issue 15 is measured with many runs by scripts/bench-agree.sh.
# The clone rows get 30%. Their gap was the worker's: inherited perf counters
# during the timed samples (+20-25%, now a separate counting pass) and a static
# glibc address space (RSS 740 kB, now musl's ~100 kB, as the loop's); since,
# most types agree within 10% in a quiet window, but a mount or IPC namespace's
# round trip (its teardown waits on RCU) swings 30-60% between two runs of the
# same loop, and 10% failed one run in three there.
# NSB_XCHECK_ALTS: alternations per check (default 3; more for a figure, e.g. issue 15's table).
alts=${NSB_XCHECK_ALTS:-3}
check() {
	local op=$1 t=$2 a loop="" nsb="" ns=$2 tol=0.10
	[ "$op" = clone ] && tol=0.30
	[ "$t" = none ] && ns=uts	# clone.none is the baseline of every clone benchmark
	for a in $(seq "$alts"); do
		loop+="$(refs "$op" "$t" "${3:-0}")"$'\n' || { echo "miss $op.$t: the reference loop failed"; return; }
		"$NSB" bench "$op" --ns "$ns" --cpu "$cpu" --samples 300 --min-time 0.2 --max-time 0.4 --rounds 3 \
			--report "$T/x.json" > /dev/null || { echo "miss $op.$t: nsbench bench exited $?"; return; }
		nsb+="$(json "$T/x.json" "[b['stats']['median'] for b in d['benchmarks'] if b['id']=='$op.$t'][0]") "
	done
	"$PY" -c "import sys, statistics as s
l=[float(x) for x in sys.argv[1].split()]; n=[float(x) for x in sys.argv[2].split()]
L=s.median(l); N=s.median(n); d=N/L-1
t=float(sys.argv[4]); ok=abs(d)<=t or (1-t)*min(l)<=N<=(1+t)*max(l)
print(('ok' if ok else 'miss')+' %s: nsbench %.0f ns (runs %s), loop %.0f ns (%d processes, %.0f-%.0f): %+.1f%%'%(sys.argv[3],N,'/'.join('%.0f'%x for x in n),L,len(l),min(l),max(l),100*d))" \
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
extra=$(refs unshare uts | sort -n | sed -n 3p)
for i in 1 2; do
	r=$(check unshare uts "$extra")
	note "control (loop +${extra} ns): $r"
	case $r in miss*) ;; *) fail "the cross-check cannot fail: nsbench agreed with a loop slowed by ${extra} ns" ;; esac
done
