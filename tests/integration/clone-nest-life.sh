#!/usr/bin/env bash
# sanitizer: yes
# The clone, nesting and lifecycle suites: 0 fail as root and as nobody, and
# one lying probe per suite turning tests to fail exactly where its lie
# contradicts what the combination implies.
. "$(dirname "$0")/lib.sh"
stage_build

SUITES="clone nesting lifecycle"

# shellcheck disable=SC2086
"$NSB" run $SUITES --report "$T/root.json" > "$T/out" || { cat "$T/out" >&2; fail "run as root: exit $?"; }
validate "$T/root.json"
for v in fail error timeout; do
	[ "$(count "$T/root.json" $v)" = 0 ] || fail "as root: $v results"
done
# shellcheck disable=SC2086
as_nobody "$NSB" run $SUITES --report "$T/nobody.json" > "$T/out" || { cat "$T/out" >&2; fail "run as nobody: exit $?"; }
for v in fail error timeout; do
	[ "$(count "$T/nobody.json" $v)" = 0 ] || fail "as nobody: $v results"
done
note "clone nesting lifecycle: $(count "$T/root.json" pass) pass as root, $(count "$T/nobody.json" pass) pass + $(count "$T/nobody.json" skip) skip as nobody"

# liar PROBE FILTER: run with PROBE replaced by the liar; print the exit status.
liar() {
	local dir rc
	dir=$(probes_with "$1=clone-nest-life-liar")
	NSBENCH_PROBE_DIR=$dir "$NSB" run ${2%%.*} --filter "$2" --report "$T/l.json" > "$T/out"
	rc=$?
	validate "$T/l.json"
	echo "$rc"
}

# clone: "own.set_tid=ok" is a lie exactly with a user ns but no pid ns (the pid ns is an ancestor's).
rc=$(liar clone3-settid 'clone.set-tid.*')
[ "$rc" = 1 ] || fail "settid liar: exit $rc"
want=$(json "$T/l.json" "all((r['verdict']=='fail') == ('user' in r['combo'] and 'pid' not in r['combo']) for r in d['results']) and sum(r['verdict']=='fail' for r in d['results'])")
[ "$want" = 2 ] || fail "settid liar: failures are not exactly the 2 user-without-pid combinations ($want)"

# nesting: "user.depth=33" (the depth below the initial user ns) is a lie exactly with user.
rc=$(liar nest-depth 'nesting.depth.*')
[ "$rc" = 1 ] || fail "nest-depth liar: exit $rc"
want=$(json "$T/l.json" "all((r['verdict']=='fail') == ('user' in r['combo']) for r in d['results']) and sum(r['verdict']=='fail' for r in d['results'])")
[ "$want" = 2 ] || fail "nest-depth liar: failures are not exactly the 2 user combinations ($want)"

# lifecycle: a pid ns that outlives its init is a lie everywhere.
rc=$(liar life-pidns 'lifecycle.pidns-init.*')
[ "$rc" = 1 ] || fail "life-pidns liar: exit $rc"
[ "$(count "$T/l.json" fail)" = 4 ] || fail "life-pidns liar: not 4 failures"
json "$T/l.json" "d['results'][0]['reason']" | grep -q 'fork.after_init: expected == ENOMEM, observed ok' ||
	fail "life-pidns liar: the reason does not name the errno"
note "liars: set_tid fails in user-without-pid, nest depth in user, pid ns after init everywhere"
# Nothing of this build still runs (other people's runs may have their own pid namespaces).
for _ in $(seq 50); do
	mine=$(leftovers | awk -v b="$NSB_BUILD/" 'index($3, b) == 1')
	[ -z "$mine" ] && break
	sleep 0.1
done
[ -z "$mine" ] || fail "processes left behind: $mine"
