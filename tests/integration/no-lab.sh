#!/usr/bin/env bash
# When no lab can be built (here: an unprivileged user whose user
# namespaces are capped at 0), nsbench must not run anything outside a lab:
# every test is a skip naming the failing step and errno, the report says why,
# and the exit status is 4 (every test skipped, as kselftest). The cap is set inside a user
# namespace this test owns, never on the host.
. "$(dirname "$0")/lib.sh"
stage_build

mkfifo "$T/go"
# A user namespace of our own, mapped 0..65535 -> 0..65535 by us (root) below.
# The shell re-execs once mapped: exec as uid 0 of the namespace gives it its capabilities.
inner='echo 0 > /proc/sys/user/max_user_namespaces || exit 3
exec setpriv --reuid=65534 --regid=65534 --clear-groups "$1" run isolation --report "$2/nolab.json"'
unshare --user bash -c 'read -r _ < "$1"; shift; exec bash -c "$@"' _ "$T/go" "$inner" _ "$NSB" "$T" > "$T/out" 2> "$T/err" &
pid=$!
for _ in $(seq 50); do [ "$(readlink /proc/$pid/ns/user)" != "$(readlink /proc/self/ns/user)" ] && break; sleep 0.1; done
echo "0 0 65536" > /proc/$pid/uid_map && echo "0 0 65536" > /proc/$pid/gid_map || fail "cannot map the test's user namespace"
echo go > "$T/go"
wait $pid
rc=$?
[ "$rc" = 4 ] || { cat "$T/out" "$T/err"; fail "exit $rc, expected 4 (every test skipped: kselftest's KSFT_SKIP)"; }
validate "$T/nolab.json"
[ "$(json "$T/nolab.json" "d['run']['lab']['ok']")" = False ] || fail "the report claims a lab"
json "$T/nolab.json" "d['run']['lab']['reason']" | grep -q 'unshare(.*CLONE_NEWUSER.*): ENOSPC' ||
	fail "the lab's reason does not name the step and errno: $(json "$T/nolab.json" "d['run']['lab']['reason']")"
[ "$(json "$T/nolab.json" "all(r['verdict']=='skip' and r['reason'].startswith('no lab: ') for r in d['results'])")" = True ] ||
	fail "not every test is a skip with the reason"
grep -q 'cannot build the lab' "$T/err" || fail "no warning on stderr"
grep -q 'no lab could be built' "$T/out" || fail "the summary does not say it"
note "no lab: $(json "$T/nolab.json" "len(d['results'])") tests skipped with '$(json "$T/nolab.json" "d['results'][0]['reason']")'"
