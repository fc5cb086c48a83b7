#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# host-snapshot.sh - print the host state nsbench promises never to change or
# leave behind, in a stable order, so that two snapshots can be diffed:
# links, addresses, forwarding sysctls and nftables ruleset of this network namespace, hostname and domainname,
# the mount table, SysV IPC objects and POSIX message queues, cgroups, the
# namespaces in use by any process, and processes outside our pid namespace
# or running nsbench binaries.
#   usage: scripts/host-snapshot.sh [BUILD_DIR_TO_WATCH]
set -u
watch=${1:-}

section() { printf '## %s\n' "$1"; }

section links
for l in /sys/class/net/*; do
	n=${l##*/}
	printf '%s flags=%s mtu=%s addr=%s\n' "$n" "$(cat "$l/flags")" "$(cat "$l/mtu")" "$(cat "$l/address" 2>/dev/null)"
done
section addresses
if command -v ip >/dev/null 2>&1; then
	ip -o addr show | awk '{print $2, $3, $4}' | sort
	section routes
	ip -o route show table all 2>/dev/null | sort
	ip -o -6 route show table all 2>/dev/null | sort
else
	sort /proc/net/if_inet6 2>/dev/null
	sort /proc/net/route 2>/dev/null
fi
section net-sysctls
# The labs suite sets these only inside its own namespaces.
cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv6/conf/all/forwarding /proc/sys/net/ipv4/ping_group_range 2>/dev/null
section nftables
! command -v nft >/dev/null 2>&1 || nft list ruleset 2>/dev/null
section uts
cat /proc/sys/kernel/hostname /proc/sys/kernel/domainname
section mounts
# Mount ids and peer groups are stable; the whole line is compared.
cat /proc/self/mountinfo
section sysvipc
for f in shm sem msg; do sed 1d "/proc/sysvipc/$f" | awk '{print "'$f'", $1, $2}' | sort; done
section mqueue
if [ -d /dev/mqueue ] && mountpoint -q /dev/mqueue; then ls -A /dev/mqueue | sort; fi
section cgroups
# Not .../process_api/<id>: the build sandbox's command runner makes and
# removes one per command it runs beside the test, nothing of nsbench's.
find /sys/fs/cgroup -mindepth 1 -type d 2>/dev/null | grep -v '/process_api/[^/]*' | sort
section namespaces
# Every namespace any process uses (the set, not who uses it).
for p in /proc/[0-9]*; do
	for n in "$p"/ns/*; do readlink "$n" 2>/dev/null; done
done | sort -u
section processes
self_pidns=$(readlink /proc/self/ns/pid)
for p in /proc/[0-9]*; do
	pid=${p##*/}
	ns=$(readlink "$p/ns/pid" 2>/dev/null) || continue
	exe=$(readlink "$p/exe" 2>/dev/null)
	if [ "$ns" != "$self_pidns" ]; then
		echo "other-pidns $ns $(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)"
	elif [ -n "$watch" ] && [[ "$exe" == "$(readlink -f "$watch")"/* ]]; then
		echo "nsbench-binary $exe"
	fi
done | sort
