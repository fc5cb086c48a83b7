#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench-agree.sh - do `nsbench run all`'s quick bench and `nsbench bench` measure the same thing?
# Runs `bench clone teardown scaling`, then `run all` (tests, then its quick bench), then the
# bench again, in the same hour, and prints per benchmark the medians and the spread of the
# per-worker (round) medians, the workers' footprint, and whether they agree: run all's median
# lies within the range of the two bench runs' round medians, or within 10% of their median.
# Usage: scripts/bench-agree.sh [BUILD_DIR] (default: build)
# Exit 0 all agree, 1 some do not (listed), 2 bad usage.
set -u
b=${1:-build}
[ -x "$b/nsbench" ] || { echo "bench-agree.sh: no $b/nsbench" >&2; exit 2; }
tmp=$(mktemp -d /tmp/nsb-agree.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
"$b/nsbench" bench clone teardown scaling --report "$tmp/b1.json" > /dev/null || echo "bench-agree.sh: bench 1 exited $?" >&2
"$b/nsbench" run all --report "$tmp/a.json" > /dev/null || echo "bench-agree.sh: run all exited $?" >&2
"$b/nsbench" bench clone teardown scaling --report "$tmp/b2.json" > /dev/null || echo "bench-agree.sh: bench 2 exited $?" >&2
python3 - "$tmp" <<'PY'
import json, statistics, sys
t = sys.argv[1]
def load(f):
    return {x["id"]: x for x in json.load(open(f))["benchmarks"] if x["op"] in ("clone", "teardown", "scaling")}
a, b1, b2 = load(t + "/a.json"), load(t + "/b1.json"), load(t + "/b2.json")
bad = 0
print("%-34s %12s %23s %12s %23s %8s %s" % ("benchmark (us)", "run all", "round medians", "bench", "round medians (2 runs)", "ratio", "verdict  worker maps/rss_kb/pte_kb run all | bench"))
for i, x in a.items():
    ys = [y[i] for y in (b1, b2) if i in y and y[i]["stats"]]
    if not x["stats"] or not ys:
        continue
    am = x["stats"]["median"]
    ar = x["runs"]["medians"] or [am]
    br = [m for y in ys for m in (y["runs"]["medians"] or [y["stats"]["median"]])]
    bm = statistics.median(y["stats"]["median"] for y in ys)
    ok = min(br) <= am <= max(br) or abs(am / bm - 1) <= 0.10
    bad += not ok
    fp = lambda z: "%s/%s/%s" % tuple(z.get("worker", {}).get(k) for k in ("maps", "rss_kb", "pte_kb"))
    print("%-34s %12.1f %10.1f-%-12.1f %12.1f %10.1f-%-12.1f %8.2f %-8s %s | %s" % (i, am / 1e3, min(ar) / 1e3, max(ar) / 1e3,
          bm / 1e3, min(br) / 1e3, max(br) / 1e3, am / bm, "agree" if ok else "DIFFER", fp(x), fp(ys[0])))
print("%d benchmark(s) differ" % bad)
sys.exit(1 if bad else 0)
PY
