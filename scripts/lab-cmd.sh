# SPDX-License-Identifier: GPL-2.0-or-later
# lab-cmd.sh - sourced by the scripts that time a reference program beside nsbench
# (bench-self.sh -f, tests/integration/bench-xcheck.sh, bench-floor.sh).
#
# lab_unshare_cmd TYPE...: sets the array LAB_CMD to an unshare(1) command line that makes a lab of
# these namespace types (an nsbench report's run.lab.types) and runs the program given after
# it there as a child of sh, not as the lab's PID 1 (which would also reap others' orphans):
# pid with a /proc of its own, mnt private (unshare(1)'s default), user mapping root as
# nsbench's lab of a non-root run does.
lab_unshare_cmd() {
	local t
	LAB_CMD=(unshare --fork --kill-child)
	for t in "$@"; do
		case $t in
		pid) LAB_CMD+=(--pid --mount-proc) ;;
		mnt) LAB_CMD+=(--mount) ;;
		user) LAB_CMD+=(--user --map-root-user) ;;
		*) LAB_CMD+=("--$t") ;;
		esac
	done
	LAB_CMD+=(-- /bin/sh -c '"$@"; exit $?' sh)
}
