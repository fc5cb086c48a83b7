# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - sourced by every integration test. NSB_BUILD is the build directory
# under test (build or build/san); each test exits 0 on success, 77 to skip.
set -u
: "${NSB_BUILD:=build}"
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NSB_BUILD=$(cd "$TOP" && readlink -f "$NSB_BUILD")
NSB="$NSB_BUILD/nsbench"
# The ASan/UBSan build: correct but several times slower, so timings mean nothing there.
SANITIZED=0
[[ "$NSB_BUILD" == */san ]] && SANITIZED=1
PY=/usr/bin/python3
T=$(mktemp -d /tmp/nsbench-test.XXXXXX)
chmod 1777 "$T"
STAGE=
trap 'rm -rf "$T" ${STAGE:+"$STAGE"}' EXIT
export CI=${CI:-true}

fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "# $*"; }

# json FILE EXPR: evaluate a Python expression over the report as `d`.
json() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

# count FILE VERDICT: results with that verdict.
count() { json "$1" "sum(1 for r in d['results'] if r['verdict']=='$2')"; }

validate() {
	"$PY" - "$TOP/reports/schema.json" "$1" <<'PYEOF' || fail "report $1 does not validate against reports/schema.json"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.validate(json.load(open(sys.argv[2])), schema)
PYEOF
}

as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

# stage_build: every test that runs nsbench as another user (as_nobody, a
# setpriv in a user namespace, scripts/outer-env.sh) calls this first. The
# clone may sit in a folder that user cannot enter (a 0700 $HOME, mktemp -d),
# so what it needs - the build's nsbench, nsbench-tp, probes/ and liars/ - is copied into
# a fresh folder under /tmp (0755 up to the files, all readable), and the test
# runs from there: NSB_BUILD and NSB name the copy (its last component kept:
# build or san), so leftovers() and the host snapshots watch what runs. The
# EXIT trap removes it. The reports and data files the other user writes or
# reads live in $T (1777).
stage_build() {
	local dst
	STAGE=$(mktemp -d /tmp/nsbench-stage.XXXXXX) || fail "cannot make a stage folder under /tmp"
	dst="$STAGE/${NSB_BUILD##*/}"
	mkdir "$dst" || fail "cannot make $dst"
	cp -a "$NSB_BUILD/nsbench" "$NSB_BUILD/nsbench-worker" "$NSB_BUILD/nsbench-worker-net" "$NSB_BUILD/probes" "$dst/" || fail "cannot stage the build"
	if [ -d "$NSB_BUILD/liars" ]; then cp -a "$NSB_BUILD/liars" "$dst/" || fail "cannot stage the liars"; fi
	# The test parent program, where the build has one (musl; not the sanitizer build).
	if [ -x "$NSB_BUILD/nsbench-tp" ]; then cp -a "$NSB_BUILD/nsbench-tp" "$dst/" || fail "cannot stage nsbench-tp"; fi
	chmod -R a+rX,go-w "$STAGE" && chmod 0755 "$STAGE" "$dst" || fail "cannot open the stage to others"
	NSB_BUILD=$dst
	NSB="$NSB_BUILD/nsbench"
	[ "$(id -u)" != 0 ] || as_nobody test -x "$NSB" -a -d "$NSB_BUILD/probes" || fail "nobody cannot reach the staged build in $dst"
}

# probes_with NAME=PATH...: a probe directory with the real probes, some replaced.
probes_with() {
	local d="$T/probes.$RANDOM"
	mkdir -p "$d"
	for p in "$NSB_BUILD"/probes/*; do ln -s "$p" "$d/${p##*/}"; done
	for kv in "$@"; do ln -sf "$NSB_BUILD/liars/${kv#*=}" "$d/${kv%%=*}"; done
	echo "$d"
}

# leftovers: processes running a binary of the build, or in another pid namespace.
leftovers() {
	local self p exe ns
	self=$(readlink /proc/self/ns/pid)
	for p in /proc/[0-9]*; do
		exe=$(readlink "$p/exe" 2>/dev/null)
		ns=$(readlink "$p/ns/pid" 2>/dev/null) || continue
		if [ "$ns" != "$self" ] || [[ "$exe" == "$NSB_BUILD"/* ]]; then
			echo "${p##*/} $ns $exe"
		fi
	done
}

# wait_gone: wait (up to 10 s) until leftovers() is empty; the kernel tears a pid ns down asynchronously.
wait_gone() {
	for _ in $(seq 100); do
		[ -z "$(leftovers)" ] && return 0
		sleep 0.1
	done
	leftovers >&2
	return 1
}
