#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The nsfs and setns suites: 0 fail as root and as nobody, listns() decided
# by trying it, and every errno expectation able to fail: a lying probe per
# suite turns exactly the combinations its lie contradicts into fail.
. "$(dirname "$0")/lib.sh"
stage_build

"$NSB" run nsfs setns --report "$T/r.json" > "$T/out" || { cat "$T/out" >&2; fail "nsfs+setns as root: exit $?"; }
validate "$T/r.json"
[ "$(count "$T/r.json" fail)$(count "$T/r.json" error)$(count "$T/r.json" timeout)" = 000 ] || fail "root: not all pass"
# listns() is tried: a pass where it exists, else a skip naming the errno and the kernel.
want=$(json "$T/r.json" "all(r['verdict']=='pass' or ('ENOSYS' in r['reason'] and '$(uname -r)' in r['reason']) for r in d['results'] if r['test']=='listns')")
[ "$want" = True ] || fail "listns: neither pass nor a skip naming ENOSYS and the kernel"
[ "$(json "$T/r.json" "sum(1 for r in d['results'] if r['verdict']=='skip' and r['test']!='listns')")" = 0 ] || fail "root: unexpected skips"

as_nobody "$NSB" run nsfs setns --report "$T/nobody.json" > "$T/out" || { cat "$T/out" >&2; fail "nsfs+setns as nobody: exit $?"; }
validate "$T/nobody.json"
[ "$(count "$T/nobody.json" fail)$(count "$T/nobody.json" error)$(count "$T/nobody.json" timeout)" = 000 ] || fail "nobody: not all pass"

# nsfs-liar claims SIOCGSKNS always works: false exactly with user and without net.
dir=$(probes_with nsfs=nsfs-liar)
NSBENCH_PROBE_DIR=$dir "$NSB" run nsfs --filter 'nsfs.ioctls.*' --report "$T/l.json" > "$T/out"
[ $? = 1 ] || fail "nsfs-liar: exit status is not 1"
validate "$T/l.json"
want=$(json "$T/l.json" "all((r['verdict']=='fail') == ('user' in r['combo'] and 'net' not in r['combo']) and r['verdict'] in ('pass','fail') for r in d['results'])")
[ "$want" = True ] && [ "$(count "$T/l.json" fail)" = 64 ] || fail "nsfs-liar: failures are not exactly the 64 user-without-net combinations"
json "$T/l.json" "[r['reason'] for r in d['results'] if r['verdict']=='fail'][0]" | grep -q 'skns.own: expected == EPERM' || fail "nsfs-liar: reason does not name skns.own"

# setns-liar claims the shared fs_struct is refused first (EINVAL): false where it lacks caps over its mount ns.
dir=$(probes_with setns=setns-liar)
NSBENCH_PROBE_DIR=$dir "$NSB" run setns --report "$T/l.json" > "$T/out"
[ $? = 1 ] || fail "setns-liar: exit status is not 1"
validate "$T/l.json"
want=$(json "$T/l.json" "all((r['verdict']=='fail') == ('user' in r['combo'] and 'mnt' not in r['combo']) and r['verdict'] in ('pass','fail') for r in d['results'])")
[ "$want" = True ] && [ "$(count "$T/l.json" fail)" = 16 ] || fail "setns-liar: failures are not exactly the 16 user-without-mnt combinations"
json "$T/l.json" "[r['reason'] for r in d['results'] if r['verdict']=='fail'][0]" | grep -q 'mnt.shared_fs: expected == EPERM' || fail "setns-liar: reason does not name mnt.shared_fs"

# Nothing of ours left (other users of the machine may run nsbench too: only our build counts).
for _ in $(seq 50); do
	left=$(leftovers | grep -F " $NSB_BUILD/" || true)
	[ -z "$left" ] && break
	sleep 0.1
done
[ -z "$left" ] || fail "processes left behind: $left"
note "nsfs+setns: $(count "$T/r.json" pass) pass as root, $(count "$T/nobody.json" pass) as nobody; nsfs-liar fails 64/256, setns-liar 16/64, exactly where their lies contradict the combination"
