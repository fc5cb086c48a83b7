#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nspawn.sh - nsbench inside the real systemd-nspawn with its defaults (issue
# 14.6): its capability set (no CAP_NET_ADMIN, no CAP_SYS_TIME), its seccomp
# filter, its own pid/mnt/uts/ipc/cgroup namespaces, the machine's network
# namespace; as root and as nobody (--user=nobody). scripts/outer-env.sh
# --nspawn builds a minimal root directory under its temporary folder (the
# machine's /usr bound read-only), runs `check` and `run all --no-bench`
# there and asserts 0 fail/error/timeout and that check agrees with the run.
# Here, besides: every refusal is a skip naming the capability or the filter
# (never only the kernel), and nspawn left nothing on the host: no mount, no
# cgroup (nspawn's payload/ and supervisor/ on this cgroup v1 hybrid host), no
# machine registered (/run/systemd/machines), no link, no process, no root
# directory. Needs root and systemd-container (scripts/deps.sh installs it).
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
command -v systemd-nspawn > /dev/null || { echo "systemd-nspawn not installed (systemd-container)"; exit 77; }
stage_build

# The host state nsbench and nspawn must leave as they found it. Other
# people's namespaces and processes come and go on a shared machine: only our
# build's processes are compared (outer-env.sh compares the same inside).
snap() {
	"$TOP/scripts/host-snapshot.sh" "$NSB_BUILD" |
		awk '/^## /{s=$2} s!="namespaces" && (s!="processes" || /nsbench-binary/) && !/\/process_api\//'
	echo "## systemd-runtime"
	ls -A /run/systemd 2>/dev/null
	ls -A /run/systemd/machines /run/systemd/nspawn 2>/dev/null
	ls -d /var/lib/machines 2>/dev/null
	echo "## nspawn-processes"	# ours: their command lines name the stage
	for p in $(pgrep -x systemd-nspawn); do
		tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -qF -- "$STAGE" && echo "$p"
	done
}
snap > "$T/before"

NSB_BUILD=$NSB_BUILD "$TOP/scripts/outer-env.sh" --nspawn --keep > "$T/out" 2>&1
rc=$?
kept=$(sed -n 's/^reports kept in //p' "$T/out")
cat "$T/out"
[ -n "$kept" ] && [ -d "$kept" ] || fail "outer-env kept no reports"
trap 'rm -rf "$T" ${STAGE:+"$STAGE"} "${kept%/out}"' EXIT
[ ! -e "${kept%/out}/root" ] || fail "nspawn's root directory was not removed"
[ $rc = 0 ] || fail "outer-env --nspawn exited $rc"
grep -q "^ok   nspawn-default " "$T/out" || fail "nspawn-default did not agree"
grep -q "^ok   nspawn-as-nobody " "$T/out" || fail "nspawn-as-nobody did not agree"

for s in nspawn-default nspawn-as-nobody; do
	r="$kept/$s/run.json"
	validate "$r"
	[ "$(json "$r" "d['environment']['outer']")" = systemd-nspawn ] || fail "$s: not seen as systemd-nspawn"
	[ "$(count "$r" fail)$(count "$r" error)$(count "$r" timeout)" = 000 ] || fail "$s: fail/error/timeout"
	# A refusal names the capability or the filter, never only the kernel.
	json "$r" "[r['id'] + ': ' + r['reason'] for r in d['results'] if r['verdict'] == 'skip'
	            and ('kernel' in r['reason'] or 'EPERM' in r['reason'] or 'EACCES' in r['reason'])
	            and 'seccomp filter' not in r['reason'] and 'CAP_' not in r['reason']]" > "$T/blame"
	grep -qx "\[\]" "$T/blame" || fail "$s: skips that do not name the capability or the filter: $(head -c 400 "$T/blame")"
	note "$s: $(count "$r" pass) pass, $(count "$r" skip) skip, 0 fail/error/timeout"
done
r="$kept/nspawn-default/run.json"
# nspawn's defaults, each seen where it bites: no CAP_NET_ADMIN, no CAP_SYS_TIME, its filter.
for want in CAP_NET_ADMIN CAP_SYS_TIME 'seccomp filter'; do
	n=$(json "$r" "sum(1 for r in d['results'] if r['verdict'] == 'skip' and '$want' in r['reason'])")
	[ "$n" -gt 0 ] || fail "nspawn-default: no skip names $want"
	note "nspawn-default: $n skips name $want"
done
for need in netlink time_offsets file_handles fanotify; do
	[ "$(json "$kept/nspawn-default/check.json" "d['environment']['suite_needs']['$need']['ok']")" = False ] ||
		fail "check inside nspawn calls $need usable"
done
note "check inside nspawn: netlink, time_offsets, file_handles, fanotify refused, as the run found"

rm -rf "${kept%/out}"
# Ours only: the staged build's binaries, here or as the container saw them
# (/nsbench/build/...). Other people's labs come and go on a shared machine.
ours() {
	local p exe
	for p in /proc/[0-9]*; do
		exe=$(readlink "$p/exe" 2>/dev/null) || continue
		[[ "$exe" == "$STAGE"/* || "$exe" == /nsbench/build/* ]] && echo "${p##*/} $exe"
	done
}
for _ in $(seq 50); do [ -z "$(ours)" ] && break; sleep 0.2; done
[ -z "$(ours)" ] || fail "processes left behind: $(ours | head -3)"
snap > "$T/after"
diff -u "$T/before" "$T/after" || fail "the host changed"
note "host identical: links, addresses, routes, mounts, IPC, cgroups, /run/systemd, machines, processes"
