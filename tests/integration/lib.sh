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
trap 'rm -rf "$T"' EXIT
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
