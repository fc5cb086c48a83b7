#!/usr/bin/env bash
# One refused lab type does not throw everything away (issues 16.7, 14.3):
# with user.max_cgroup_namespaces=0 set inside a user namespace this test owns,
# nobody's lab is built without cgroup (a fence no test leans on: tests change
# state only through their private parent), the tests with cgroup in their
# combination are skips naming the refusal, the others still pass; nothing
# fails. (A lab without pid, mnt or net skips every test whose combination
# leaves that type to the lab, naming it: see the 31-deep start in start-points.sh.)
. "$(dirname "$0")/lib.sh"
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
