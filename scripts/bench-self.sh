#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench-self.sh - benchmark nsbench itself: `run all --no-bench` N times per build and --jobs
# setting, interleaved, and a table of results/s and CPU-ms per result (median, min-max).
#
# Usage: scripts/bench-self.sh [-n RUNS] [-j "1 default"] [-a "ARGS"] [BUILD_DIR...]
#   BUILD_DIR  a build folder holding nsbench and probes/ (default: build); give two
#              (e.g. a build of main and one of a branch) for a before/after table.
#   -n RUNS    runs per build and --jobs setting (default 5)
#   -j LIST    the --jobs settings; "default" means no --jobs option (default "1 default")
#   -a ARGS    what to run instead of "all" (e.g. "isolation" for a quick look)
# Runs are interleaved in rounds (A B, B A, A B, ...) so that drift and other load hit all
# builds alike; with two builds or more, a second table gives each build's wall time and CPU
# per result as ratios to the first build's within the same round: the drift between rounds
# (about 10 % between minutes here: BENCH-NOTES.md) cancels there, the noise within a round
# does not (read the spread). CPU is user+sys of the whole run with every descendant (wait4's
# rusage, from /usr/bin/time) and perf's task-clock; both are distorted less than wall time
# by other load on the machine, but not immune to it: read the spread. The first run of
# every build is compared with the first build's: result ids and verdicts must be identical.
# Exit 0, 1 if ids or verdicts differ or a run failed, 2 on bad usage.
set -u

runs=5
jobs_list="1 default"
what=all
while getopts "n:j:a:h" opt; do
	case $opt in
	n) runs=$OPTARG ;;
	j) jobs_list=$OPTARG ;;
	a) what=$OPTARG ;;
	h) sed -n '3,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench-self.sh: bad option (see -h)" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- build
case $runs in '' | *[!0-9]* | 0) echo "bench-self.sh: -n needs a positive number" >&2; exit 2 ;; esac
for b in "$@"; do
	[ -x "$b/nsbench" ] || { echo "bench-self.sh: no $b/nsbench (build it first)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench-self.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
have_perf=0
perf stat -x, -e task-clock -o /dev/null true 2>/dev/null && have_perf=1

tmp=$(mktemp -d /tmp/nsb-self.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
rows="$tmp/rows"
: >"$rows"
fail=0

one() {	# build jobs run
	local b=$1 j=$2 k=$3 opt=() d="$tmp/$4-$2-$3"
	mkdir -p "$d"
	[ "$j" = default ] || opt=(--jobs "$j")
	local cmd=(/usr/bin/time -f '%e %U %S' -o "$d/time" "$b/nsbench" run $what --no-bench "${opt[@]}"
		   --report "$d/report.json")
	if [ $have_perf = 1 ]; then
		perf stat -x, -e task-clock -o "$d/perf" -- "${cmd[@]}" >"$d/out" 2>"$d/err"
	else
		"${cmd[@]}" >"$d/out" 2>"$d/err"
	fi
	local rc=$?
	if [ $rc -gt 1 ] || [ ! -s "$d/report.json" ]; then
		echo "bench-self.sh: $b/nsbench run $what ${opt[*]} exited $rc: $(tail -1 "$d/err")" >&2
		fail=1
		return
	fi
	python3 - "$d" "$4" "$j" "$3" >>"$rows" <<'EOF'
import json, sys
d, bi, j, k = sys.argv[1:]
wall, user, sysc = map(float, open(d + "/time").read().split()[-3:])
n = len(json.load(open(d + "/report.json"))["results"])
tc = float("nan")
try:
    for line in open(d + "/perf"):
        f = line.strip().split(",")
        if len(f) > 2 and f[2].startswith("task-clock"):
            tc = float(f[0])
except OSError:
    pass
print(bi, j, n, wall, user + sysc, tc, k)
EOF
}

# Builds alternate A B, B A, ... so that a drift during a round hits both alike.
for ((k = 1; k <= runs; k++)); do
	for j in $jobs_list; do
		order=$(seq 0 $(($# - 1)))
		[ $((k % 2)) = 0 ] && order=$(seq $(($# - 1)) -1 0)
		for i in $order; do
			one "${@:$((i + 1)):1}" "$j" "$k" "$i"
		done
	done
done

# Same result ids and verdicts in every build (first run, first --jobs setting).
j0=${jobs_list%% *}
i=0
for b in "$@"; do
	if [ $i -gt 0 ] && [ -s "$tmp/0-$j0-1/report.json" ] && [ -s "$tmp/$i-$j0-1/report.json" ]; then
		python3 -c '
import json, sys
v = [{r["id"]: r["verdict"] for r in json.load(open(f))["results"]} for f in sys.argv[1:3]]
same_ids = v[0].keys() == v[1].keys()
diff = [k for k in v[0] if k in v[1] and v[0][k] != v[1][k]]
print("ids %s, verdicts %s (%d results) in %s vs %s" % ("identical" if same_ids else "DIFFER",
      "identical" if not diff else "DIFFER: " + " ".join(diff[:5]), len(v[0]), sys.argv[3], sys.argv[4]))
sys.exit(0 if same_ids and not diff else 1)' "$tmp/0-$j0-1/report.json" "$tmp/$i-$j0-1/report.json" "$1" "$b" || fail=1
	fi
	i=$((i + 1))
done

python3 - "$rows" "$runs" "$what" "$@" <<'EOF'
import statistics, sys
rows, runs, what, builds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
data = {}
rounds = {}
for line in open(rows):
    bi, j, n, wall, cpu, tc, k = line.split()
    data.setdefault((int(bi), j), []).append((int(n), float(wall), float(cpu), float(tc)))
    rounds[(int(bi), j, k)] = (float(wall), float(cpu) * 1000 / int(n))
def cell(xs, fmt):
    xs = [x for x in xs if x == x]
    if not xs:
        return "-"
    return (fmt + " (" + fmt + "-" + fmt + ")") % (statistics.median(xs), min(xs), max(xs))
print("nsbench run %s --no-bench: %s runs each, median (min-max)" % (what, runs))
print("%-28s %-7s %7s %-22s %-22s %-22s %-22s" % ("build", "jobs", "results", "wall s", "results/s",
      "CPU-ms/result", "task-clock-ms/result"))
for (bi, j), v in sorted(data.items(), key=lambda kv: (kv[0][1], kv[0][0])):
    n = v[0][0]
    print("%-28s %-7s %7d %-22s %-22s %-22s %-22s" % (builds[bi][-28:], j, n,
          cell([x[1] for x in v], "%.2f"), cell([x[0] / x[1] for x in v], "%.0f"),
          cell([x[2] * 1000 / x[0] for x in v], "%.2f"), cell([x[3] / x[0] for x in v], "%.2f")))
# The same, as ratios to the first build within each round: the drift between rounds cancels.
if len(builds) > 1:
    print("ratio to %s within each round, median (min-max)" % builds[0][-28:])
    print("%-28s %-7s %-22s %-22s" % ("build", "jobs", "wall", "CPU-ms/result"))
    for (bi, j) in sorted({(b, j) for (b, j, k) in rounds if b > 0}, key=lambda x: (x[1], x[0])):
        pairs = [(rounds[(bi, j, k)], rounds[(0, j, k)]) for (b, jj, k) in rounds
                 if b == bi and jj == j and (0, j, k) in rounds]
        print("%-28s %-7s %-22s %-22s" % (builds[bi][-28:], j, cell([x[0] / y[0] for x, y in pairs], "%.3f"),
              cell([x[1] / y[1] for x, y in pairs], "%.3f")))
EOF
exit $fail
