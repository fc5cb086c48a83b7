#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench-self.sh - benchmark nsbench itself: `run all --no-bench` N times per build and --jobs
# setting, interleaved, and a table of results/s and CPU-ms per result (median, min-max).
#
# Usage: scripts/bench-self.sh [-n RUNS] [-j "1 default"] [-a "ARGS"] [-f] [BUILD_DIR...]
#   BUILD_DIR  a build folder holding nsbench and probes/ (default: build); give two
#              (e.g. a build of main and one of a branch) for a before/after table.
#   -n RUNS    runs per build and --jobs setting (default 5)
#   -j LIST    the --jobs settings; "default" means no --jobs option (default "1 default")
#   -a ARGS    what to run instead of "all" (e.g. "isolation" for a quick look)
#   -f         also time the floor of the design in every round: tests/integration/bench-floor.c
#              does for each result (not a skip) of the first build's run only what a run
#              cannot do without: a fresh test parent that unshares the test's mutates=, a
#              fresh probe in exactly its combination that execs and exits, the maps, /proc,
#              the reaps; no probe work, no output, no hooks, no judge, no report. It runs in
#              a lab of the types nsbench's lab has, made by unshare(1). A third table gives
#              each build's CPU per result as a ratio to the floor's in the same round: what
#              a result costs beyond its processes and namespaces (what the probes and hooks
#              do to observe, and nsbench's own work), with the drift between rounds cancelled.
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
floor=0
while getopts "n:j:a:fh" opt; do
	case $opt in
	n) runs=$OPTARG ;;
	j) jobs_list=$OPTARG ;;
	a) what=$OPTARG ;;
	f) floor=1 ;;
	h) sed -n '3,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

# The floor (-f): its program, its job list (the first build's results with their tests'
# mutates=), the lab it runs in and its slots for the default --jobs.
floor_bin="$tmp/bench-floor"
floor_jobs="$tmp/floor-jobs"
floor_lab=()
floor_slots=1
if [ $floor = 1 ]; then
	src="$(cd "$(dirname "$0")/.." && pwd)/tests/integration/bench-floor.c"
	# Linked as the first build's test parent program: static with musl where it has
	# nsbench-tp (a glibc start-up costs CPUID traps on this VM that musl's does not).
	if [ -x "$1/nsbench-tp" ] && command -v musl-gcc >/dev/null; then
		musl-gcc -O2 -static -Wall -Wextra -Werror -o "$floor_bin" "$src"
	else
		echo "bench-self.sh: $1 has no nsbench-tp: the floor is linked with glibc, as its programs are" >&2
		cc -O2 -static-pie -Wall -Wextra -Werror -o "$floor_bin" "$src"
	fi || { echo "bench-self.sh: cannot build $src" >&2; exit 2; }
	"$1/nsbench" run $what --no-bench --report "$tmp/floor-src.json" >/dev/null 2>&1
	"$1/nsbench" list tests >"$tmp/floor-tests" && grep -q ' mutates=' "$tmp/floor-tests" ||
		{ echo "bench-self.sh: $1/nsbench list tests says no mutates= (a build before 0dd80f6?)" >&2; exit 2; }
	read -r floor_slots floor_types < <(python3 - "$tmp/floor-src.json" "$tmp/floor-tests" "$floor_jobs" <<'EOF'
import json, sys
report, tests, out = sys.argv[1:]
mut = {}
for line in open(tests):
    f = line.split()
    mut[f[0]] = next((x[8:] for x in f if x.startswith("mutates=")), "none")
r = json.load(open(report))
with open(out, "w") as o:
    # A skip's namespaces may be what the kernel refuses here: not part of the floor.
    for x in r["results"]:
        if x["verdict"] != "skip":
            o.write("%s %s\n" % (",".join(x["combo"]) or "none", mut["%s.%s" % (x["suite"], x["test"])]))
print(r["run"]["jobs"], " ".join(r["run"]["lab"]["types"]) if r["run"]["lab"].get("ok") else "")
EOF
	)
	[ -s "$floor_jobs" ] && [ -n "$floor_slots" ] ||
		{ echo "bench-self.sh: no job list for the floor from $1/nsbench's report" >&2; exit 2; }
	[[ " $floor_types " == *" mnt "* ]] ||
		{ echo "bench-self.sh: nsbench's lab has no mount ns ($floor_types): no floor (its /proc mounts need one)" >&2; exit 2; }
	# The lab's types as unshare(1) options, the floor a child of sh there (lab-cmd.sh).
	. "$(dirname "$0")/lab-cmd.sh"
	# shellcheck disable=SC2086	# one word per type
	lab_unshare_cmd $floor_types
	floor_lab=("${LAB_CMD[@]}")
	"${floor_lab[@]}" "$floor_bin" /dev/null 1 >/dev/null ||
		{ echo "bench-self.sh: the floor cannot run in its lab: ${floor_lab[*]}" >&2; exit 2; }
fi

# timed DIR CMD...: run CMD under /usr/bin/time (and perf stat's task-clock where perf works),
# its output in DIR; its exit status.
timed() {
	local d=$1
	shift
	if [ $have_perf = 1 ]; then
		perf stat -x, -e task-clock -o "$d/perf" -- /usr/bin/time -f '%e %U %S' -o "$d/time" "$@" \
			>"$d/out" 2>"$d/err"
	else
		/usr/bin/time -f '%e %U %S' -o "$d/time" "$@" >"$d/out" 2>"$d/err"
	fi
}

# row DIR INDEX JOBS RUN N: one line of $rows from what timed() left in DIR, N results or jobs.
row() {
	python3 - "$@" >>"$rows" <<'EOF'
import sys
d, bi, j, k, n = sys.argv[1:]
wall, user, sysc = map(float, open(d + "/time").read().split()[-3:])
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

floor_one() {	# jobs run index
	local j=$1 k=$2 slots=$1 d="$tmp/$3-$1-$2"
	mkdir -p "$d"
	[ "$j" = default ] && slots=$floor_slots
	timed "$d" "${floor_lab[@]}" "$floor_bin" "$floor_jobs" "$slots" ||
		{ echo "bench-self.sh: the floor failed: $(tail -1 "$d/err")" >&2; fail=1; return; }
	row "$d" "$3" "$j" "$k" "$(wc -l <"$floor_jobs")"
}

one() {	# build jobs run index
	local b=$1 j=$2 k=$3 opt=() d="$tmp/$4-$2-$3"
	mkdir -p "$d"
	[ "$j" = default ] || opt=(--jobs "$j")
	timed "$d" "$b/nsbench" run $what --no-bench "${opt[@]}" --report "$d/report.json"
	local rc=$?
	if [ $rc -gt 1 ] || [ ! -s "$d/report.json" ]; then
		echo "bench-self.sh: $b/nsbench run $what ${opt[*]} exited $rc: $(tail -1 "$d/err")" >&2
		fail=1
		return
	fi
	row "$d" "$4" "$j" "$3" "$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["results"]))' "$d/report.json")"
}

# Builds alternate A B, B A, ... so that a drift during a round hits both alike.
for ((k = 1; k <= runs; k++)); do
	for j in $jobs_list; do
		last=$(($# - 1 + floor))	# the floor, with -f, is one more entry: index $#
		order=$(seq 0 $last)
		[ $((k % 2)) = 0 ] && order=$(seq $last -1 0)
		for i in $order; do
			if [ $i = $# ]; then
				floor_one "$j" "$k" "$i"
			else
				one "${@:$((i + 1)):1}" "$j" "$k" "$i"
			fi
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

fl=()
[ $floor = 1 ] && fl=("floor (bench-floor.c)")
python3 - "$rows" "$runs" "$what" "$floor" "$@" "${fl[@]}" <<'EOF'
import statistics, sys
rows, runs, what, floor, builds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1", sys.argv[5:]
nb = len(builds) - 1 if floor else len(builds)	# the floor, if any, is the last entry
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
if nb > 1:
    print("ratio to %s within each round, median (min-max)" % builds[0][-28:])
    print("%-28s %-7s %-22s %-22s" % ("build", "jobs", "wall", "CPU-ms/result"))
    for (bi, j) in sorted({(b, j) for (b, j, k) in rounds if 0 < b < nb}, key=lambda x: (x[1], x[0])):
        pairs = [(rounds[(bi, j, k)], rounds[(0, j, k)]) for (b, jj, k) in rounds
                 if b == bi and jj == j and (0, j, k) in rounds]
        print("%-28s %-7s %-22s %-22s" % (builds[bi][-28:], j, cell([x[0] / y[0] for x, y in pairs], "%.3f"),
              cell([x[1] / y[1] for x, y in pairs], "%.3f")))
# CPU per result over the floor's CPU per job in the same round: what nsbench adds.
if floor:
    print("CPU per result as a ratio to the floor's within each round, median (min-max)")
    print("%-28s %-7s %-22s" % ("build", "jobs", "CPU-ms/result"))
    for (bi, j) in sorted({(b, j) for (b, j, k) in rounds if b < nb}, key=lambda x: (x[1], x[0])):
        pairs = [(rounds[(bi, j, k)], rounds[(nb, j, k)]) for (b, jj, k) in rounds
                 if b == bi and jj == j and (nb, j, k) in rounds]
        print("%-28s %-7s %-22s" % (builds[bi][-28:], j, cell([x[1] / y[1] for x, y in pairs], "%.3f")))
EOF
exit $fail
