#!/usr/bin/env bash
# sanitizer: yes
# `nsbench bench`: a short run as root and as nobody validates against the
# schema, every benchmark is ok or skipped with a reason, clone has its
# marginal cost, samples match n, counters say "unsupported" instead of 0,
# no NaN reaches the JSON; bad input exits 2; --loop runs a named process.
. "$(dirname "$0")/lib.sh"
stage_build

short=(--samples 60 --min-time 0.05 --max-time 0.1 --rounds 3 --window 0.05)
strict_json() { "$PY" -c 'import json,sys
def bad(c): raise SystemExit("non-JSON constant " + c)
json.load(open(sys.argv[1]), parse_constant=bad)' "$1" || fail "$1 holds NaN or Infinity"; }

"$NSB" bench clone unshare setns teardown --ns uts,user "${short[@]}" --report "$T/b.json" > "$T/out" ||
	{ cat "$T/out"; fail "bench exited $?"; }
validate "$T/b.json"
strict_json "$T/b.json"
ids=$(json "$T/b.json" "' '.join(b['id'] for b in d['benchmarks'])")
for id in clone.none clone.uts clone.user clone.uts,user unshare.none unshare.uts setns.uts.join+return setns.user.join teardown.uts; do
	[[ " $ids " == *" $id "* ]] || fail "no benchmark $id (have: $ids)"
done
[ "$(json "$T/b.json" "all(b['status']=='ok' for b in d['benchmarks'])")" = True ] ||
	{ cat "$T/out"; fail "root: a benchmark did not run"; }
[ "$(json "$T/b.json" "all(len(b['samples'])==b['stats']['n'] for b in d['benchmarks'])")" = True ] ||
	fail "samples do not match stats.n"
[ "$(json "$T/b.json" "all(isinstance(b['marginal_median'], float) for b in d['benchmarks'] if b['op']=='clone' and b['combo'])")" = True ] ||
	fail "clone without a marginal cost"
[ "$(json "$T/b.json" "all(b['stats']['min'] <= b['stats']['ci95_low'] <= b['stats']['median'] <= b['stats']['ci95_high'] <= b['stats']['max'] for b in d['benchmarks'] if b['stats']['n'] >= 6)")" = True ] ||
	fail "the CI does not bracket the median"
[ "$(json "$T/b.json" "all(v != 0 or k in ('context_switches','cpu_migrations','page_faults') for b in d['benchmarks'] for k,v in b['counters'].items())")" = True ] ||
	fail "a counter reads 0 where it should say why"
grep -q '^clone' "$T/out" && grep -q '^timer: ' "$T/out" || fail "no table in the summary"
note "root: $(json "$T/b.json" "len(d['benchmarks'])") benchmarks; timer $(json "$T/b.json" "d['bench']['timer']['overhead_ns']") ns"

# One sample: no CI, written as null with the reason.
"$NSB" bench clone --ns net --samples 6 --rounds 1 --min-time 0.001 --max-time 0.001 --warmup 1 \
	--report "$T/one.json" > /dev/null || fail "single-sample bench exited $?"
validate "$T/one.json"
strict_json "$T/one.json"
[ "$(json "$T/one.json" "all(b['stats']['ci95_low'] is None and 'stats.ci95_low' in b['nulls'] for b in d['benchmarks'] if b['stats']['n'] < 6)")" = True ] ||
	fail "a CI for n < 6 is not null with a reason"

as_nobody "$NSB" bench clone unshare setns growth --ns mnt,user,net,pid "${short[@]}" --report "$T/nobody.json" > "$T/out" ||
	{ cat "$T/out"; fail "bench as nobody exited $?"; }
validate "$T/nobody.json"
strict_json "$T/nobody.json"
[ "$(json "$T/nobody.json" "all(b['status']=='ok' or (b['status']=='skipped' and b['reason']) for b in d['benchmarks'])")" = True ] ||
	fail "nobody: a benchmark neither ran nor was skipped with a reason"
note "nobody: $(json "$T/nobody.json" "sum(b['status']=='ok' for b in d['benchmarks'])") ran, skipped: $(json "$T/nobody.json" "sorted(set(b['reason'] for b in d['benchmarks'] if b['status']!='ok'))")"

for args in "bogus" "--ns bogus" "--cpu 999" "--min-time 2 --max-time 1" "--samples 0" "clone unshare --loop 1" \
	"setns --loop 1" "teardown --loop 1" "--min-time x"; do
	# shellcheck disable=SC2086
	"$NSB" bench $args > "$T/o" 2> "$T/e"
	rc=$?
	[ "$rc" = 2 ] || fail "bench $args: exit $rc, expected 2"
	[ "$(grep -c '^nsbench: ' "$T/e")" = 1 ] || { cat "$T/e"; fail "bench $args: not one clear line"; }
done

# --loop: a process named nsbench-loop that perf stat -p can attach to.
"$NSB" bench clone --ns uts --loop 2 2> "$T/loop.err" &
pid=$!
sleep 1
pgrep -x nsbench-loop > /dev/null || fail "--loop: no nsbench-loop process"
if command -v perf > /dev/null; then
	perf stat -e task-clock -p "$(pgrep -n -x nsbench-loop)" -- sleep 0.3 2> "$T/perf" &&
		grep -q task-clock "$T/perf" && note "--loop: perf stat -p attached"
fi
wait $pid || { cat "$T/loop.err"; fail "--loop exited $?"; }
# Nothing of this build survives (other users' nsbench runs are not ours to judge).
sleep 0.2
! pgrep -f "^$NSB " > /dev/null || { pgrep -af "^$NSB "; fail "processes left behind"; }
