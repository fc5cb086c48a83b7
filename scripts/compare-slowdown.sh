#!/usr/bin/env bash
# An injected slowdown is caught. A trial is 5 BASE and 5 NEW runs of
# `nsbench bench clone --ns uts --cpu 1`, interleaved (B N B N ...), NEW with
# the test-only knob NSBENCH_TEST_DELAY_NS adding a busy-wait of 25 % of the
# first BASE's clone.uts median inside each timed clone.uts sample; compare
# BASE... -- NEW... (one value per report and row) must flag clone.uts as
# slower, naming it, in 5 of 5 trials. BASE runs with the knob at 0 ns (the
# same environment size). A trial counts only when the machine was steady
# enough to measure: the untouched clone.none varies by at most 10 % (cv of
# its 10 per-report values) and is not flagged itself (a row the knob does
# not touch, so the gate does not look at clone.uts; how often clone.none
# was flagged is printed). With fewer than 5 such trials in the time budget the test skips
# (77) saying so. Negative controls: the same trial with --threshold 100
# (far above the injected 25 %) and BASE against BASE are not flagged.
. "$(dirname "$0")/../tests/integration/lib.sh"

[ "$SANITIZED" = 0 ] || { echo "timings mean nothing under the sanitizers"; exit 77; }
budget=${NSB_SLOWDOWN_BUDGET:-180}
med() { json "$1" "[b for b in d['benchmarks'] if b['id'] == '$2'][0]['runs']['median']"; }
counted=0 flagged=0 tried=0 all_flagged=0 none_count=0
figures=() noisy=()
t0=$SECONDS
while [ $counted -lt 5 ] && [ $((SECONDS - t0)) -lt "$budget" ]; do
	tried=$((tried + 1))
	base=() new=() delay=
	for k in 1 2 3 4 5; do
		b="$T/t$tried-b$k.json" n="$T/t$tried-n$k.json"
		# BASE runs with the knob set to 0 ns: the same environment size (it moves the stack) as NEW.
		NSBENCH_TEST_DELAY_NS="clone.uts=00000000" "$NSB" bench clone --ns uts --cpu 1 --report "$b" > /dev/null ||
			fail "trial $tried: base bench"
		[ -n "$delay" ] || delay=$("$PY" -c "print('%08d' % int(0.25 * $(med "$b" clone.uts)))")
		NSBENCH_TEST_DELAY_NS="clone.uts=$delay" "$NSB" bench clone --ns uts --cpu 1 --report "$n" > /dev/null ||
			fail "trial $tried: delayed bench"
		base+=("$b") new+=("$n")
	done
	o="$T/out$tried"
	"$NSB" compare "${base[@]}" -- "${new[@]}" > "$o"
	rc=$?
	[ $rc = 1 ] && grep -q '^FAIL: benchmark clone.uts is slower' "$o" && all_flagged=$((all_flagged + 1))
	none_flagged=0
	grep -q 'clone.none is slower' "$o" && none_flagged=1 && none_count=$((none_count + 1))
	"$NSB" compare --threshold 100 "${base[@]}" -- "${new[@]}" > "$T/ctl" ||
		{ cat "$T/ctl"; fail "trial $tried: a 25 % slowdown flagged with a 100 % threshold"; }
	"$NSB" compare "${base[@]:0:3}" -- "${base[@]:2:3}" > "$T/ctl" || { cat "$T/ctl"; fail "trial $tried: BASE against BASE is not ok"; }
	cv=$("$PY" -c 'import json, statistics as s, sys
v = [[b for b in json.load(open(f))["benchmarks"] if b["id"] == "clone.none"][0]["runs"]["median"] for f in sys.argv[1:]]
print(round(s.stdev(v) / s.mean(v), 3))' "${base[@]}" "${new[@]}")
	# Unsteady: clone.none varied, or moved as a whole (flagged) during the trial.
	if [ "$("$PY" -c "print($cv <= 0.10)")" != True ] || [ $none_flagged = 1 ]; then
		noisy+=("$cv")
		continue
	fi
	counted=$((counted + 1))
	if [ $rc = 1 ] && grep -q '^FAIL: benchmark clone.uts is slower' "$o"; then
		flagged=$((flagged + 1))
	else
		cat "$o"
	fi
	figures+=("$(grep '^clone.uts ' "$o" | awk '{print $4}')")
done
load=$(cut -d' ' -f1 /proc/loadavg)
[ $counted -ge 5 ] || { echo "machine too busy to measure: $counted of $tried trials steady (clone.none cv over the trial's 10 runs: ${noisy[*]}; load $load); clone.uts flagged in $all_flagged of all $tried trials, the untouched clone.none in $none_count"; exit 77; }
[ $flagged = 5 ] || fail "the injected +25 % on clone.uts was flagged in $flagged of 5 steady trials"
note "injected +25% on clone.uts flagged in 5 of 5 steady trials (changes ${figures[*]}; $((tried - counted)) unsteady trials not counted, clone.none cv ${noisy[*]:-none}; flagged in $all_flagged of all $tried, the untouched clone.none in $none_count; load $load)"
