#!/usr/bin/env bash
# Start points (issue 14.1): nsbench started in a time namespace of its own
# (with and without offsets), as root and as nobody, and several pid/user
# namespaces deep gives no fail and no error: expectations follow the
# namespaces and offsets nsbench started in, and a test that needs more
# levels than are left is a skip saying how many are. Reasons are whole.
# The host is the same before and after.
. "$(dirname "$0")/lib.sh"
stage_build	# nobody runs it: the build must be reachable from a 0700 clone
command -v unshare > /dev/null || exit 77

snap() { "$TOP/scripts/host-snapshot.sh" "$NSB_BUILD" > "$T/$1"; }
clean() {
	local f=$1 what=$2
	validate "$f"
	[ "$(count "$f" fail)" = 0 ] && [ "$(count "$f" error)" = 0 ] && [ "$(count "$f" timeout)" = 0 ] ||
		{ json "$f" "[r['id']+': '+r['reason'] for r in d['results'] if r['verdict'] in ('fail','error','timeout')][:5]"; fail "$what: fail/error"; }
	note "$what: $(count "$f" pass) pass, $(count "$f" skip) skip"
}
snap before

unshare --time --fork "$NSB" run nsfs time --report "$T/time0.json" > /dev/null || fail "time ns: exit $?"
clean "$T/time0.json" "time ns, no offsets"

unshare --time --fork --monotonic 3000000 --boottime 3000000 \
	"$NSB" run time setns mountapi nsfs --report "$T/time1.json" > /dev/null || fail "offsets: exit $?"
clean "$T/time1.json" "time ns, offsets 3000000 s"

# As nobody: a user ns of its own holds the time ns and its offsets.
as_nobody unshare --user --map-root-user --time --fork --monotonic 86400 --boottime 172800 \
	"$NSB" run time nsfs --report "$T/time2.json" > /dev/null || fail "nobody, offsets: exit $?"
clean "$T/time2.json" "nobody in a user+time ns, offsets 1 and 2 days"

# 31 user+pid levels deep: one pid level left, two user levels.
nest() {
	local n=$1; shift
	if [ "$n" = 0 ]; then "$@"; return; fi
	unshare --user --map-root-user --pid --fork --mount-proc bash -c "$(declare -f nest); nest $((n - 1)) \"\$@\"" _ "$@"
}
nest 31 "$NSB" run pid clone lifecycle nesting --ns pid,user,uts --report "$T/deep.json" > /dev/null || fail "31 deep: exit $?"
clean "$T/deep.json" "31 user+pid levels deep"
n=$(json "$T/deep.json" "sum(1 for r in d['results'] if r['verdict']=='skip' and ' left (the kernel nests' in r['reason'])")
[ "$n" -gt 0 ] || fail "31 deep: no skip names the levels left"
json "$T/deep.json" "[r['reason'] for r in d['results'] if ' left (the kernel nests' in r['reason']][0]" | sed 's/^/# e.g. /'
# Whole reasons: the diagnosis appended to a refusal is never cut at 255 bytes.
long=$(json "$T/deep.json" "max(len(r['reason']) for r in d['results'])")
[ "$long" -gt 255 ] && note "longest reason: $long bytes, whole"
json "$T/deep.json" "all(not r['reason'] or r['reason'][-1] in ').' or r['reason'][-1].isalnum() for r in d['results'])" | grep -q True ||
	fail "a reason ends mid-word"

wait_gone || fail "processes left behind"
snap after
diff -u "$T/before" "$T/after" || fail "the host changed"
note "host identical"
