#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench-agree.sh - do `nsbench run all`'s quick bench and `nsbench bench` measure the same thing?
# Runs `bench clone teardown scaling` and `run all` (tests, then its quick bench) alternately,
# RUNS times each, in the same few minutes, and prints per benchmark the median of each side's
# per-run medians, their range (the run-to-run spread), the workers' footprint, and whether
# they agree: the two ranges overlap, or the medians of medians are within 10%.
# Usage: scripts/bench-agree.sh [-n RUNS] [BUILD_DIR] (RUNS default 3, BUILD_DIR default build)
# Exit 0 all agree, 1 some do not (listed), 2 bad usage.
set -u
runs=3
while getopts "n:h" opt; do
	case $opt in
	n) runs=$OPTARG ;;
	h) sed -n '3,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench-agree.sh: bad option (see -h)" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
case $runs in '' | *[!0-9]* | 0) echo "bench-agree.sh: -n wants a positive number, not '$runs'" >&2; exit 2 ;; esac
b=${1:-build}
[ -x "$b/nsbench" ] || { echo "bench-agree.sh: no $b/nsbench" >&2; exit 2; }
tmp=$(mktemp -d /tmp/nsb-agree.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
for i in $(seq "$runs"); do
	"$b/nsbench" bench clone teardown scaling --report "$tmp/b$i.json" > /dev/null ||
		echo "bench-agree.sh: bench $i exited $?" >&2
	"$b/nsbench" run all --report "$tmp/a$i.json" > /dev/null || echo "bench-agree.sh: run all $i exited $?" >&2
done
python3 - "$tmp" "$runs" <<'PY'
import json, os, statistics, sys
t, n = sys.argv[1], int(sys.argv[2])
def load(f):
    if not os.path.exists(f):
        return {}
    return {x["id"]: x for x in json.load(open(f))["benchmarks"]
            if x["op"] in ("clone", "teardown", "scaling") and x["stats"]}
A = [load("%s/a%d.json" % (t, i)) for i in range(1, n + 1)]
B = [load("%s/b%d.json" % (t, i)) for i in range(1, n + 1)]
bad = 0
print("%d runs each, alternating; us; range = min-max of the per-run medians" % n)
print("%-44s %9s %19s %9s %19s %6s %-7s %s" % ("benchmark", "run all", "range", "bench", "range", "ratio",
      "verdict", "worker maps/rss_kb/pte_kb run all | bench"))
for i in A[0]:
    a = [r[i]["stats"]["median"] for r in A if i in r]
    b = [r[i]["stats"]["median"] for r in B if i in r]
    if not a or not b:
        continue
    am, bm = statistics.median(a), statistics.median(b)
    ok = max(min(a), min(b)) <= min(max(a), max(b)) or abs(am / bm - 1) <= 0.10
    bad += not ok
    fp = lambda z: "%s/%s/%s" % tuple(z.get("worker", {}).get(k) for k in ("maps", "rss_kb", "pte_kb"))
    print("%-44s %9.1f %9.1f-%-9.1f %9.1f %9.1f-%-9.1f %6.2f %-7s %s | %s" % (i, am / 1e3, min(a) / 1e3,
          max(a) / 1e3, bm / 1e3, min(b) / 1e3, max(b) / 1e3, am / bm, "agree" if ok else "DIFFER",
          fp(A[0][i]), fp(B[0].get(i, {}))))
print("%d benchmark(s) differ" % bad)
sys.exit(1 if bad else 0)
PY
