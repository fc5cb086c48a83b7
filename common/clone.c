/* SPDX-License-Identifier: GPL-2.0-or-later */
/* clone.c - clone3(2) with fork semantics, and clone(2) in each architecture's argument order. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <unistd.h>

#include "clone.h"
#include "uapi.h"

pid_t nsb_sys_clone3(unsigned long flags, int *pidfd)
{
	struct clone_args args = {
		.flags = flags,
		.pidfd = (uint64_t)(uintptr_t)pidfd,
		.exit_signal = SIGCHLD,
	};
	long pid = syscall(SYS_clone3, &args, sizeof(args));

	return pid < 0 ? -errno : (pid_t)pid;
}

pid_t nsb_sys_clone(unsigned long flags, int *pidfd)
{
	unsigned long f = flags | SIGCHLD;
	long pid;

	if (flags & CLONE_NEWTIME)
		return -EINVAL;
#if defined(__s390__) || defined(__CRIS__)
	/* CONFIG_CLONE_BACKWARDS2: stack first, then flags. */
	pid = syscall(SYS_clone, NULL, f, pidfd, NULL, 0);
#elif defined(__microblaze__)
	/* CONFIG_CLONE_BACKWARDS3: a stack size after the stack. */
	pid = syscall(SYS_clone, f, NULL, 0, pidfd, NULL, 0);
#else
	/*
	 * x86-64 and most: flags, stack, parent_tid, child_tid, tls;
	 * CONFIG_CLONE_BACKWARDS (i386, arm, ...) swaps the last two, both 0 here.
	 */
	pid = syscall(SYS_clone, f, NULL, pidfd, NULL, 0);
#endif
	return pid < 0 ? -errno : (pid_t)pid;
}

bool nsb_clone3_refused(int err)
{
	if (err < 0)
		err = -err;
	return err == ENOSYS || err == EPERM;
}

bool nsb_clone3_vm_refused(int err)
{
	if (err < 0)
		err = -err;
	return err == EINVAL || nsb_clone3_refused(err);
}

pid_t nsb_clone_fork(unsigned long flags, int *pidfd, bool *used_clone)
{
	pid_t pid;

	if (pidfd) {
		flags |= CLONE_PIDFD;
		*pidfd = -EBADF;
	}
	if (!*used_clone) {
		pid = nsb_sys_clone3(flags, pidfd);
		if (pid >= 0 || !nsb_clone3_refused(pid) || (flags & CLONE_NEWTIME))
			return pid;
	}
	*used_clone = true;
	return nsb_sys_clone(flags, pidfd);
}

bool nsb_vm_share_with_userns_ok(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[2];

	if (getuid() == 0 || geteuid() == 0)
		return true;
	if (syscall(SYS_capget, &h, d) < 0)
		return false;
	return !d[0].permitted && !d[1].permitted;
}
