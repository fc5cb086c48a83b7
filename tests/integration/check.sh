#!/usr/bin/env bash
# sanitizer: yes
# `nsbench check`: as root every type is creatable; as nobody each row matches
# what util-linux unshare(1) actually manages; a real user.max_net_namespaces=0
# (set inside a user namespace we own, never on the host) is diagnosed, and a
# run there skips with that reason. Reports validate against their schemas.
. "$(dirname "$0")/lib.sh"
stage_build

# validate_check FILE: against reports/check-schema.json, which takes blocks from schema.json.
validate_check() {
	"$PY" -W ignore - "$TOP/reports" "$1" <<'PYEOF' || fail "check report $1 does not validate"
import json, sys, jsonschema
d = sys.argv[1]
base = json.load(open(d + "/schema.json")); chk = json.load(open(d + "/check-schema.json"))
res = jsonschema.RefResolver(base_uri=chk["$id"], referrer=chk, store={base["$id"]: base, chk["$id"]: chk})
jsonschema.validate(json.load(open(sys.argv[2])), chk, resolver=res)
PYEOF
}
row() { json "$1" "[r for r in d['support'] if r['type']=='$2'][0]$3"; }
types="pid uts ipc mnt net user cgroup time"
# what unshare(1) needs to make one type
uflag() { case $1 in pid) echo "--pid --fork";; mnt) echo --mount;; *) echo "--$1";; esac; }

# --- root on this machine: everything, and where we are ---
"$NSB" check --report "$T/root.json" > "$T/out" || { cat "$T/out"; fail "check as root exited $?"; }
validate_check "$T/root.json"
for t in $types; do
	[ "$(row "$T/root.json" $t "['current']['ok']")" = True ] || fail "root: $t not creatable?"
done
grep -q '^net *yes' "$T/out" || fail "root: no table row for net"
want=$(awk '$0 ~ / - cgroup2 / {v2=1} $0 ~ / - cgroup / {v1=1} END {print (v1&&v2)?"hybrid":v1?"v1":v2?"v2":"none"}' /proc/self/mountinfo)
[ "$(json "$T/root.json" "d['environment']['cgroup_layout']")" = "$want" ] || fail "cgroup layout is not $want"
if head -c 16 /sys/firmware/acpi/tables/DSDT 2>/dev/null | grep -q FIRECK; then
	[ "$(json "$T/root.json" "d['environment']['virtualisation']")" = firecracker ] || fail "Firecracker VM not identified"
fi
[ "$(json "$T/root.json" "d['environment']['namespaces']['net']['initial']")" = True ] || fail "root: net ns not initial"
note "root: all 8 types creatable; $(json "$T/root.json" "d['environment']['virtualisation']"), cgroup $want, outer $(json "$T/root.json" "d['environment']['outer']")"

# --quiet: nothing on stdout, same verdict; bad input: exit 2
[ -z "$("$NSB" check --quiet)" ] || fail "--quiet printed"
"$NSB" check --bogus > /dev/null 2>&1; [ $? = 2 ] || fail "check --bogus: not exit 2"
"$NSB" check extra > /dev/null 2>&1; [ $? = 2 ] || fail "check extra: not exit 2"

# --- nobody: each row against what unshare(1) really does as nobody ---
as_nobody "$NSB" check --report "$T/nobody.json" > "$T/out"
rc=$?
validate_check "$T/nobody.json"
nok=0
for t in $types; do
	real=False; as_nobody unshare $(uflag $t) true 2>/dev/null && real=True
	[ "$(row "$T/nobody.json" $t "['current']['ok']")" = $real ] || fail "nobody: $t current says otherwise than unshare(1) ($real)"
	[ "$(row "$T/nobody.json" $t "['unprivileged']['ok']")" = $real ] || fail "nobody: $t unprivileged != current"
	real=False; as_nobody unshare --user --map-root-user $( [ $t = user ] || uflag $t) true 2>/dev/null && real=True
	[ "$(row "$T/nobody.json" $t "['unprivileged_via_userns']['ok']")" = $real ] || fail "nobody: $t via userns != unshare -Ur ($real)"
	[ "$(row "$T/nobody.json" $t "['current']['ok']")" = True ] || nok=$((nok + 1))
	if [ "$(row "$T/nobody.json" $t "['current']['errno']")" = EPERM ]; then
		row "$T/nobody.json" $t "['reasons']" | grep -q "current: CAP_SYS_ADMIN is not in the effective set" ||
			fail "nobody: $t EPERM without the capability reason"
	fi
done
[ $rc = $((nok ? 1 : 0)) ] || fail "nobody: exit $rc with $nok types refused"
note "nobody: rows match unshare(1); $nok types refused to the current process, each with its reason"

# --- a real user.max_net_namespaces=0, inside a user namespace we own ---
unshare --user --map-root-user sh -c 'echo 0 > /proc/sys/user/max_net_namespaces && exec "$0" check --report "$1"' \
	"$NSB" "$T/userns.json" > "$T/out"
rc=$?
[ $rc = 1 ] || { cat "$T/out"; fail "max_net_namespaces=0: check exited $rc, expected 1"; }
validate_check "$T/userns.json"
[ "$(row "$T/userns.json" net "['current']['errno']")" = ENOSPC ] || fail "max_net=0: net not ENOSPC"
row "$T/userns.json" net "['reasons']" | grep -q "current: user.max_net_namespaces=0" || fail "max_net=0: not diagnosed"
for t in pid uts ipc mnt user cgroup time; do
	[ "$(row "$T/userns.json" $t "['current']['ok']")" = True ] || fail "max_net=0: $t also refused"
done
[ "$(json "$T/userns.json" "d['environment']['in_initial_user_ns']")" = False ] || fail "userns not noticed"
[ "$(json "$T/userns.json" "d['environment']['outer']")" != none ] || fail "a user namespace reported as no outer environment"
# and a run there: the time combinations skip with the diagnosis, nothing fails
unshare --user --map-root-user sh -c 'echo 0 > /proc/sys/user/max_time_namespaces && exec "$0" run isolation --ns time,uts --report "$1"' \
	"$NSB" "$T/run.json" > "$T/out" || { cat "$T/out"; fail "max_time=0 run failed"; }
validate "$T/run.json"
[ "$(json "$T/run.json" "all(('time' in r['combo']) == (r['verdict']=='skip') for r in d['results'])")" = True ] ||
	fail "max_time=0: skips are not exactly the time combinations"
[ "$(json "$T/run.json" "all(r['reason'].endswith('ENOSPC; user.max_time_namespaces=0') for r in d['results'] if r['verdict']=='skip')")" = True ] ||
	fail "max_time=0: skip reason lacks the diagnosis"
[ "$(json "$T/run.json" "[r['type'] for r in d['support'] if not r['current']['ok']]")" = "['time']" ] ||
	fail "max_time=0: the run's support block disagrees"
note "user.max_net_namespaces=0 in a user ns: net ENOSPC diagnosed; max_time=0 run: $(count "$T/run.json" skip) skips with the reason"
# Our own binaries only: other people's nsbench runs live in other pid namespaces too.
mine() { for p in /proc/[0-9]*; do [[ "$(readlink "$p/exe" 2>/dev/null)" == "$NSB_BUILD"/* ]] && echo "${p##*/}"; done; }
for _ in $(seq 50); do [ -z "$(mine)" ] && break; sleep 0.1; done
[ -z "$(mine)" ] || fail "processes left behind: $(mine)"
