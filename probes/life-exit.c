/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * life-exit - what a pidfd tells about a child that lived in its own user
 * and pid namespaces once it has exited (PIDFD_GET_INFO, 6.13; exit
 * information, 6.15).
 *
 * stdout:
 *   exit.pid            the child's PID as clone3() returned it
 *   exit.zombie_info    PIDFD_GET_INFO asking for the exit while the child is a zombie
 *   exit.zombie_pid     the pid field it returned (in this probe's pid ns)
 *   exit.reaped_info    the same after waitid() reaped it ("ok" or errno)
 *   exit.reaped_has_exit  "yes" when PIDFD_INFO_EXIT is set in the returned mask
 *   exit.reaped_code    the exit_code field (a wait status: 7 << 8 for exit(7))
 *   exit.reaped_no_exit PIDFD_GET_INFO after the reap without asking for the exit
 * or skip=... when the kernel gives no exit information (decided by trying).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "common/clone.h"
#include "common/uapi.h"
#include "common/errname.h"

/* include/uapi/linux/pidfd.h, PIDFD_INFO_SIZE_VER0 (64 bytes) */
struct nsb_pidfd_info {
	uint64_t mask;
	uint64_t cgroupid;
	uint32_t pid, tgid, ppid, ruid, rgid, euid, egid, suid, sgid, fsuid, fsgid;
	int32_t exit_code;
};

#define NSB_PIDFD_GET_INFO _IOWR(0xFF, 11, struct nsb_pidfd_info)
#define NSB_PIDFD_INFO_EXIT (1ULL << 3)

static int get_info(int pidfd, uint64_t mask, struct nsb_pidfd_info *info)
{
	*info = (struct nsb_pidfd_info){ .mask = mask };
	return ioctl(pidfd, NSB_PIDFD_GET_INFO, info) < 0 ? errno : 0;
}

int main(void)
{
	int pidfd = -1, r;
	bool used_clone = false;
	struct nsb_pidfd_info info;
	siginfo_t si;
	long pid;

	fflush(stdout);
	pid = nsb_clone_fork(CLONE_NEWUSER | CLONE_NEWPID, &pidfd, &used_clone);	/* clone(2) where clone3 is refused */
	if (pid == 0)
		_exit(7);
	if (pid < 0)
		return probe_error((int)-pid, "clone3(CLONE_NEWUSER|CLONE_NEWPID)");
	probe_put("exit.pid", "%ld", pid);
	/* Exited, not yet reaped. */
	if (waitid((idtype_t)P_PIDFD, (id_t)pidfd, &si, WEXITED | WNOWAIT) < 0)
		return probe_error(errno, "waitid WNOWAIT");
	r = get_info(pidfd, NSB_PIDFD_INFO_EXIT, &info);
	probe_put("exit.zombie_info", "%s", nsb_errno_name(r));
	probe_put("exit.zombie_pid", "%u", r ? 0 : info.pid);
	if (waitid((idtype_t)P_PIDFD, (id_t)pidfd, &si, WEXITED) < 0)
		return probe_error(errno, "waitid");
	r = get_info(pidfd, NSB_PIDFD_INFO_EXIT, &info);
	/* PIDFD_GET_INFO (6.13): ENOTTY; PIDFD_INFO_EXIT (6.15): not in the answer's mask. */
	if (r)
		return probe_absent("PIDFD_GET_INFO", NSB_IFACE_IOCTL, r);
	if (!(info.mask & NSB_PIDFD_INFO_EXIT))
		return probe_absent("PIDFD_GET_INFO(PIDFD_INFO_EXIT) after the reap", NSB_IFACE_FLAG,
				    EOPNOTSUPP);
	probe_put("exit.reaped_info", "ok");
	probe_put("exit.reaped_has_exit", "yes");
	probe_put("exit.reaped_code", "%d", info.exit_code);
	probe_put("exit.reaped_no_exit", "%s", nsb_errno_name(get_info(pidfd, 0, &info)));
	close(pidfd);
	return probe_done();
}
