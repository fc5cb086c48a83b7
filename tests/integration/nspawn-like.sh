#!/usr/bin/env bash
# What systemd-nspawn's defaults take away, without nspawn (issue 14.6):
# CAP_NET_ADMIN and CAP_SYS_TIME dropped, and its seccomp filter's answers
# (open_by_handle_at and fanotify_init EPERM, statmount and listmount ENOSYS).
# The suites these touch give 0 fail/0 error, every refusal is a skip naming
# the capability or the filter (never the kernel), and check names the same
# refusals in what the suites need. The whole run in this setting, compared
# with check setting by setting, is scripts/outer-env.sh (full mode), next to
# nspawn itself. Host identical before and after.
. "$(dirname "$0")/lib.sh"
command -v capsh > /dev/null && command -v cc > /dev/null || exit 77
cc -O2 -Wall -Wextra -Werror -o "$T/seccomp-deny" "$TOP/tests/integration/seccomp-deny.c" || fail "cannot build the filter helper"
[ "$(uname -m)" = x86_64 ] || exit 77
F=open_by_handle_at:EPERM,fanotify_init:EPERM,statmount:ENOSYS,listmount:ENOSYS
like() { capsh --drop=cap_net_admin,cap_sys_time -- -c 'exec "$0" "$1" -- "${@:2}"' "$T/seccomp-deny" "$F" "$@"; }
"$TOP/scripts/host-snapshot.sh" "$NSB_BUILD" > "$T/before"

like "$NSB" check --report "$T/check.json" > "$T/check.out" 2>&1
for need in netlink:CAP_NET_ADMIN time_offsets:CAP_SYS_TIME file_handles:seccomp fanotify:seccomp statmount:seccomp; do
	grep -E "^  ${need%%:*} .*${need#*:}" "$T/check.out" > /dev/null || { cat "$T/check.out"; fail "check does not name ${need#*:} for ${need%%:*}"; }
done
note "check names CAP_NET_ADMIN, CAP_SYS_TIME and the filter for the suites' needs"

like "$NSB" run net time nsfs lifecycle mountapi --report "$T/r.json" > "$T/out" 2>&1 || { tail "$T/out"; fail "run exited $?"; }
validate "$T/r.json"
[ "$(count "$T/r.json" fail)$(count "$T/r.json" error)$(count "$T/r.json" timeout)" = 000 ] || { grep -E '^(fail|error)' "$T/out" | head; fail "fail/error"; }
# A refusal names the capability or the filter, never only the kernel.
json "$T/r.json" "[r['reason'] for r in d['results'] if r['verdict']=='skip' and 'kernel' in r['reason'] and 'seccomp filter' not in r['reason'] and 'listns' not in r['reason']]" > "$T/kern"
grep -q "\[\]" "$T/kern" || fail "skips blame the kernel: $(head -c 300 "$T/kern")"
for want in CAP_NET_ADMIN CAP_SYS_TIME 'seccomp filter'; do
	json "$T/r.json" "sum(1 for r in d['results'] if r['verdict']=='skip' and '$want' in r['reason'])" | grep -qv '^0$' || fail "no skip names $want"
done
# check's verdicts match the run: what check calls refused is skipped, what it calls usable passes.
[ "$(json "$T/check.json" "d['environment']['suite_needs']['netlink']['ok']")" = False ] || fail "check: netlink usable"
[ "$(json "$T/r.json" "{r['id']:r['verdict'] for r in d['results']}['net.links.none']")" = skip ] || fail "net.links.none not a skip"
[ "$(json "$T/r.json" "{r['id']:r['verdict'] for r in d['results']}['nsfs.ioctls.none']")" = pass ] || fail "nsfs.ioctls.none does not pass"
note "nspawn-like: $(count "$T/r.json" pass) pass, $(count "$T/r.json" skip) skip, 0 fail/error"
wait_gone || fail "processes left behind"
"$TOP/scripts/host-snapshot.sh" "$NSB_BUILD" > "$T/after"
diff -u "$T/before" "$T/after" || fail "the host changed"
