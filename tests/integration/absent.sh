#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# absent.sh - interfaces this kernel has, made to look absent or refused by a
# seccomp filter (tests/integration/seccomp-launch.c), the way an older
# kernel or a container profile answers: nothing may fail or error, every
# skip names the interface, the errno and the kernel release, and what an
# older interface can observe is still checked (setns.join, nesting.depth,
# mountapi.propagation, nsfs.relations pass).
#  1. clone3 answered with EPERM (container profiles before ENOSYS): `run all`
#     as root, the clone3-heavy suites as nobody.
#  2. what Linux 6.1 lacks (pidfd namespace ioctls, NS_GET_MNTNS_ID, NS_MNT_GET_*,
#     NS_GET_ID ENOTTY; statmount, listmount, listns ENOSYS; FAN_REPORT_MNT EINVAL).
. "$(dirname "$0")/lib.sh"
stage_build	# nobody runs the build below: from a copy it can reach (a 0700 clone)

SL="$T/seccomp-launch"
cc -O2 -Wall -Wextra -Werror -I"$TOP" -o "$SL" "$TOP/tests/integration/seccomp-launch.c" ||
	fail "cannot build seccomp-launch"
chmod 0755 "$SL"
rel=$(uname -r)

# check_run REPORT LABEL: 0 fail/error/timeout, every skip names "... on kernel <release>".
check_run() {
	validate "$1"
	for v in fail error timeout; do
		n=$(count "$1" "$v")
		[ "$n" = 0 ] || { "$PY" - "$1" <<'EOF' >&2
import json, sys
for r in json.load(open(sys.argv[1]))['results']:
    if r['verdict'] in ('fail', 'error', 'timeout'):
        print(r['id'], r['verdict'], r['reason'][:300])
EOF
			fail "$2: $n $v"; }
	done
	bad=$(json "$1" "[r['id'] + ': ' + r['reason'] for r in d['results'] if r['verdict'] == 'skip' and ' on kernel $rel' not in r['reason'] and 'ENOSPC' not in r['reason']]")
	[ "$bad" = "[]" ] || fail "$2: skips that do not name the interface and kernel: $bad"
	note "$2: $(count "$1" pass) pass, $(count "$1" skip) skip; reasons: $(json "$1" "sorted(set(r['suite'] + '.' + r['test'] + ': ' + r['reason'] for r in d['results'] if r['verdict'] == 'skip'))")"
}

# passes REPORT TEST...: every result of these tests passed (the property was still observed).
passes() {
	local f=$1
	shift
	for t in "$@"; do
		[ "$(json "$f" "all(r['verdict'] == 'pass' for r in d['results'] if r['suite'] + '.' + r['test'] == '$t') and any(r['suite'] + '.' + r['test'] == '$t' for r in d['results'])")" = True ] ||
			fail "$t did not pass everywhere in $f"
	done
}

# 1. clone3 refused with EPERM.
"$SL" preset:clone3-eperm -- "$NSB" run all --no-bench --report "$T/c3-root.json" > "$T/out" 2>&1
rc=$?
[ "$rc" = 0 ] || { tail -20 "$T/out"; fail "clone3 EPERM, root: exit $rc"; }
check_run "$T/c3-root.json" "clone3 EPERM, root"
json "$T/c3-root.json" "[r['reason'] for r in d['results'] if r['suite'] == 'clone' and r['verdict'] == 'skip']" |
	grep -q "clone3 refused (EPERM) on kernel $rel, probably a seccomp filter" ||
	fail "clone3 EPERM: no clone skip saying clone3 was refused"
passes "$T/c3-root.json" setns.join lifecycle.pidfd-exit nesting.userns-limits mountapi.propagation
as_nobody "$SL" preset:clone3-eperm -- "$NSB" run clone setns lifecycle nesting nsfs \
	--report "$T/c3-nobody.json" > "$T/out" 2>&1
rc=$?
[ "$rc" = 0 ] || { tail -20 "$T/out"; fail "clone3 EPERM, nobody: exit $rc"; }
check_run "$T/c3-nobody.json" "clone3 EPERM, nobody"

# 2. what 6.1 lacks, as root and as nobody.
for who in root nobody; do
	pre=()
	[ "$who" = nobody ] && pre=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	"${pre[@]}" "$SL" preset:6.1 -- "$NSB" run nsfs setns mountapi nesting lifecycle \
		--report "$T/61-$who.json" > "$T/out" 2>&1
	rc=$?
	[ "$rc" = 0 ] || { tail -20 "$T/out"; fail "6.1 preset, $who: exit $rc"; }
	check_run "$T/61-$who.json" "6.1 preset, $who"
	# The older interfaces still observe these: /proc/<pid>/ns for the pidfd ioctls.
	passes "$T/61-$who.json" setns.join nesting.depth nsfs.relations nsfs.ioctls mountapi.propagation
	json "$T/61-$who.json" "sorted(set(r['reason'] for r in d['results'] if r['suite'] + '.' + r['test'] == 'nsfs.pidfd-ns'))" |
		grep -q "PIDFD_GET_.*_NAMESPACE: ENOTTY on kernel $rel (no such ioctl here)" ||
		fail "6.1 preset, $who: nsfs.pidfd-ns does not skip naming the ioctl"
done
wait_gone || fail "processes left behind"
