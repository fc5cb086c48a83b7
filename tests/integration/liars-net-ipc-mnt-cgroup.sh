#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The net, ipc, mnt and cgroup checks can fail: each probe replaced by a liar
# must turn tests into fail exactly in the combinations its lie contradicts,
# and nowhere else (the other results still pass).
. "$(dirname "$0")/lib.sh"

# expect_lie PROBE=LIAR TEST 'PY-CONDITION-FOR-FAIL' DESCRIPTION
expect_lie() {
	local dir rc want
	dir=$(probes_with "$1")
	NSBENCH_PROBE_DIR=$dir "$NSB" run "${2%%.*}" --filter "$2.*" --report "$T/l.json" > "$T/out"
	rc=$?
	validate "$T/l.json"
	[ "$rc" = 1 ] || fail "$1: exit $rc, expected 1"
	want=$(json "$T/l.json" "all(r['verdict'] == ('fail' if ($3) else 'pass') for r in d['results'])")
	[ "$want" = True ] || {
		json "$T/l.json" "[(r['id'], r['verdict'], r['reason']) for r in d['results'] if r['verdict'] != ('fail' if ($3) else 'pass')][:5]" >&2
		fail "$1: $2 does not fail exactly $4"
	}
	note "$1: $2 fails in $(count "$T/l.json" fail) combinations: $4"
}

c="r['combo']"
expect_lie net-links=net-links-liar net.links "'net' not in $c" "without net"
expect_lie net-share=net-share-liar net.share "'net' not in $c" "without net"
expect_lie net-move=net-move-liar net.move "'user' in $c and 'net' not in $c" "with user and without net"
expect_lie net-veth=net-veth-liar net.veth "'net' in $c" "in all (it runs only with net)"
expect_lie ipc=ipc-liar ipc.objects "'ipc' not in $c" "without ipc"
expect_lie mnt=mnt-liar mnt.propagation "'mnt' in $c" "with mnt"
expect_lie cgroup=cgroup-liar cgroup.view "'user' in $c and not ('cgroup' in $c and 'mnt' in $c)" \
	"with user but without cgroup+mnt"
