#!/usr/bin/env bash
# One refused lab type does not throw everything away (issues 16.7, 14.3):
# with user.max_cgroup_namespaces=0 set inside a user namespace this test owns,
# nobody's lab is built without cgroup (a fence no test leans on: tests change
# state only through their private parent), the tests with cgroup in their
# combination are skips naming the refusal, the others still pass; nothing
# fails. (A lab without pid, mnt or net skips every test whose combination
# leaves that type to the lab, naming it: see the 31-deep start in start-points.sh.)
. "$(dirname "$0")/lib.sh"
stage_build	# nobody runs it: the build must be reachable from a 0700 clone
mkfifo "$T/go"
inner='echo 0 > /proc/sys/user/max_cgroup_namespaces || exit 3
exec setpriv --reuid=65534 --regid=65534 --clear-groups "$1" run isolation --report "$2/partial.json"'
unshare --user bash -c 'read -r _ < "$1"; shift; exec bash -c "$@"' _ "$T/go" "$inner" _ "$NSB" "$T" > "$T/out" 2> "$T/err" &
pid=$!
for _ in $(seq 50); do [ "$(readlink /proc/$pid/ns/user)" != "$(readlink /proc/self/ns/user)" ] && break; sleep 0.1; done
echo "0 0 65536" > /proc/$pid/uid_map && echo "0 0 65536" > /proc/$pid/gid_map || fail "cannot map the test's user namespace"
echo go > "$T/go"
wait $pid
rc=$?
[ "$rc" = 0 ] || { tail "$T/out" "$T/err"; fail "exit $rc"; }
validate "$T/partial.json"
[ "$(json "$T/partial.json" "d['run']['lab']['ok']")" = True ] || fail "no lab"
json "$T/partial.json" "d['run']['lab']['types']" | grep -q cgroup && fail "the lab claims a cgroup ns"
[ "$(count "$T/partial.json" fail)$(count "$T/partial.json" error)" = 00 ] || fail "fail/error"
[ "$(count "$T/partial.json" pass)" -gt 0 ] || fail "nothing passed"
json "$T/partial.json" "all('ENOSPC' in r['reason'] and 'cgroup' in r['id'].split('.')[-1] for r in d['results'] if r['verdict']=='skip')" | grep -q True ||
	fail "a skip is not a combination with cgroup refused with ENOSPC"
note "lab without cgroup: $(count "$T/partial.json" pass) pass, $(count "$T/partial.json" skip) skip, e.g. '$(json "$T/partial.json" "[r['reason'] for r in d['results'] if r['verdict']=='skip'][0]")'"

# A filter on unshare while clone3 works (x86_64 helper): the lab's init is
# cloned into the lab's namespaces instead; what needs unshare itself (the
# private test parent, a time ns) is a skip naming the filter.
if command -v cc > /dev/null && [ "$(uname -m)" = x86_64 ] &&
	cc -O2 -o "$T/seccomp-deny" "$TOP/tests/integration/seccomp-deny.c"; then
	"$T/seccomp-deny" unshare:EPERM -- "$NSB" run isolation --report "$T/clone.json" > "$T/out2" 2>&1 ||
		{ tail "$T/out2"; fail "unshare filtered: exit $?"; }
	validate "$T/clone.json"
	[ "$(json "$T/clone.json" "d['run']['lab']['ok'] and len(d['run']['lab']['types']) >= 6")" = True ] ||
		fail "unshare filtered: no full lab: $(json "$T/clone.json" "d['run']['lab']")"
	[ "$(count "$T/clone.json" fail)$(count "$T/clone.json" error)" = 00 ] || fail "unshare filtered: fail/error"
	[ "$(count "$T/clone.json" pass)" -gt 0 ] || fail "unshare filtered: nothing passed"
	json "$T/clone.json" "all('seccomp filter' in r['reason'] for r in d['results'] if r['verdict']=='skip')" | grep -q True ||
		fail "unshare filtered: a skip does not name the filter"
	note "unshare filtered, lab by clone3: $(count "$T/clone.json" pass) pass, $(count "$T/clone.json" skip) skip naming the filter"
fi
