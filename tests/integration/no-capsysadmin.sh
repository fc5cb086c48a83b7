#!/usr/bin/env bash
# Root without CAP_SYS_ADMIN (a pod, nspawn --drop-capability) builds its lab
# in a user namespace, decided by trying, not by the uid: isolation passes as
# it does for uid 65534 (issue 14.3). Host identical before and after.
. "$(dirname "$0")/lib.sh"
command -v capsh > /dev/null || exit 77
"$TOP/scripts/host-snapshot.sh" "$NSB_BUILD" > "$T/before"
capsh --drop=cap_sys_admin -- -c "'$NSB' run isolation --report '$T/r.json'" > "$T/out" 2>&1 || { cat "$T/out"; fail "exit $?"; }
validate "$T/r.json"
[ "$(count "$T/r.json" pass)" = "$(json "$T/r.json" "len(d['results'])")" ] || fail "not every test passed: $(tail -3 "$T/out")"
[ "$(json "$T/r.json" "d['run']['lab']['privileged']")" = False ] || fail "the lab claims to be privileged"
json "$T/r.json" "d['run']['lab']['types']" | grep -q user || fail "the lab has no user ns"
note "root without CAP_SYS_ADMIN: $(count "$T/r.json" pass) pass, lab in a user ns"
wait_gone || fail "processes left behind"
"$TOP/scripts/host-snapshot.sh" "$NSB_BUILD" > "$T/after"
diff -u "$T/before" "$T/after" || fail "the host changed"
