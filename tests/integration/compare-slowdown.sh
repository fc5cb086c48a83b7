#!/usr/bin/env bash
# An injected slowdown is caught: 5 trials, each a fresh `nsbench bench clone
# --ns uts --rounds 8` (BASE) and the same with the test-only knob
# NSBENCH_TEST_DELAY_NS adding a busy-wait of 25 % of BASE's clone.uts median
# inside each timed clone.uts sample (NEW). compare (one report per side) must
# flag clone.uts as slower, naming it, in 5 of 5 trials and never flag the
# untouched clone.none. Negative controls: the same pair with --threshold 40
# (above the injected 25 %) and each BASE with itself are not flagged.
. "$(dirname "$0")/lib.sh"

[ "$SANITIZED" = 0 ] || { echo "timings mean nothing under the sanitizers"; exit 77; }
flagged=0
figures=()
for i in 1 2 3 4 5; do
	"$NSB" bench clone --ns uts --rounds 8 --report "$T/base$i.json" > /dev/null || fail "trial $i: base bench"
	med=$(json "$T/base$i.json" "[b for b in d['benchmarks'] if b['id'] == 'clone.uts'][0]['stats']['median']")
	delay=$("$PY" -c "print(int(0.25 * $med))")
	NSBENCH_TEST_DELAY_NS="clone.uts=$delay" "$NSB" bench clone --ns uts --rounds 8 --report "$T/new$i.json" > /dev/null ||
		fail "trial $i: delayed bench"
	"$NSB" compare "$T/base$i.json" "$T/new$i.json" > "$T/out$i"
	rc=$?
	if [ $rc = 1 ] && grep -q '^FAIL: benchmark clone.uts is slower' "$T/out$i"; then
		flagged=$((flagged + 1))
	fi
	grep -q 'clone.none is slower' "$T/out$i" && { cat "$T/out$i"; fail "trial $i: the untouched clone.none was flagged"; }
	figures+=("$(grep '^clone.uts ' "$T/out$i" | awk '{print $4}')")
	"$NSB" compare --threshold 40 "$T/base$i.json" "$T/new$i.json" > "$T/ctl" ||
		{ cat "$T/ctl"; fail "trial $i: a 25 % slowdown flagged with a 40 % threshold"; }
	"$NSB" compare "$T/base$i.json" "$T/base$i.json" > "$T/ctl" || fail "trial $i: BASE with itself is not ok"
done
[ $flagged = 5 ] || { cat "$T"/out*; fail "the injected +25 % on clone.uts was flagged in $flagged of 5 trials"; }
note "injected +25% on clone.uts flagged in 5 of 5 trials (measured changes: ${figures[*]}; load $(cut -d' ' -f1 /proc/loadavg))"
