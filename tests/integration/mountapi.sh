#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The mountapi suite: 0 fail as root and as nobody, listmount/statmount
# decided by trying (a pass, or a skip naming ENOSYS and the kernel), and
# every combination-derived expectation able to fail: mountapi-liar, in
# place of either probe, fails exactly the combinations its lie contradicts.
. "$(dirname "$0")/lib.sh"
stage_build

"$NSB" run mountapi --report "$T/r.json" > "$T/out" || { cat "$T/out" >&2; fail "mountapi as root: exit $?"; }
validate "$T/r.json"
[ "$(count "$T/r.json" fail)$(count "$T/r.json" error)$(count "$T/r.json" timeout)" = 000 ] || fail "root: not all pass"
want=$(json "$T/r.json" "all(r['verdict']=='pass' or ('ENOSYS' in r['reason'] and '$(uname -r)' in r['reason']) for r in d['results'])")
[ "$want" = True ] || fail "root: neither pass nor a skip naming ENOSYS and the kernel"
[ "$(json "$T/r.json" "len(d['results'])")" = 16 ] || fail "root: not 16 tests (4 combinations per row)"

as_nobody "$NSB" run mountapi --report "$T/nobody.json" > "$T/out" || { cat "$T/out" >&2; fail "mountapi as nobody: exit $?"; }
validate "$T/nobody.json"
[ "$(count "$T/nobody.json" fail)$(count "$T/nobody.json" error)$(count "$T/nobody.json" timeout)" = 000 ] || fail "nobody: not all pass"

# The parent's mount ns "always reachable": false exactly with a user ns; propagation does not look.
dir=$(probes_with mountapi=mountapi-liar)
NSBENCH_PROBE_DIR=$dir "$NSB" run mountapi --filter 'mountapi.[pl]*' --report "$T/l.json" > "$T/out"
[ $? = 1 ] || fail "mountapi-liar: exit status is not 1"
validate "$T/l.json"
want=$(json "$T/l.json" "all((r['verdict']=='fail') == (r['test']=='listmount' and 'user' in r['combo']) and r['verdict'] in ('pass','fail') for r in d['results'])")
[ "$want" = True ] && [ "$(count "$T/l.json" fail)" = 2 ] && [ "$(count "$T/l.json" pass)" = 6 ] ||
	fail "mountapi-liar: failures are not exactly listmount with user (2 of 8)"
json "$T/l.json" "[r['reason'] for r in d['results'] if r['verdict']=='fail'][0]" | grep -q 'other.listmount: expected == ENOENT' ||
	fail "mountapi-liar: reason does not name other.listmount"

# Offsets refused only because the ns was entered: false exactly with a user ns (as root).
dir=$(probes_with mountapi-timens=mountapi-liar)
NSBENCH_PROBE_DIR=$dir "$NSB" run mountapi --filter 'mountapi.timens-offsets.*' --report "$T/t.json" > "$T/out"
[ $? = 1 ] || fail "mountapi-liar (timens): exit status is not 1"
validate "$T/t.json"
want=$(json "$T/t.json" "all((r['verdict']=='fail') == ('user' in r['combo']) and r['verdict'] in ('pass','fail') for r in d['results'])")
[ "$want" = True ] && [ "$(count "$T/t.json" fail)" = 2 ] || fail "mountapi-liar (timens): failures are not exactly the 2 user combinations"
json "$T/t.json" "[r['reason'] for r in d['results'] if r['verdict']=='fail'][0]" | grep -q 'tfc.write: expected == EPERM' ||
	fail "mountapi-liar (timens): reason does not name tfc.write"

# The other mount ns's mark "saw" our mount: false in every combination.
dir=$(probes_with mountapi-notify=mountapi-liar)
NSBENCH_PROBE_DIR=$dir "$NSB" run mountapi --filter 'mountapi.mount-notify.*' --report "$T/n.json" > "$T/out"
[ $? = 1 ] || fail "mountapi-liar (notify): exit status is not 1"
validate "$T/n.json"
[ "$(count "$T/n.json" fail)" = 4 ] && [ "$(json "$T/n.json" "len(d['results'])")" = 4 ] || fail "mountapi-liar (notify): not 4 of 4 failing"
json "$T/n.json" "[r['reason'] for r in d['results'] if r['verdict']=='fail'][0]" | grep -q 'other.after_own: expected == none' ||
	fail "mountapi-liar (notify): reason does not name other.after_own"

for _ in $(seq 50); do
	left=$(leftovers | grep -F " $NSB_BUILD/" || true)
	[ -z "$left" ] && break
	sleep 0.1
done
[ -z "$left" ] || fail "processes left behind: $left"
note "mountapi: $(count "$T/r.json" pass) pass as root, $(count "$T/nobody.json" pass) as nobody; mountapi-liar fails 2/8, 2/4 and 4/4, exactly where its lies contradict the combination"
