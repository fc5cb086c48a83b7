/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * clone3-settid - clone3(2) set_tid: choosing the child's PID per pid ns level.
 *
 * stdout (errno names, "ok" for success):
 *   own.set_tid          set_tid of one level, a free PID, in this probe's own
 *                        pid_for_children ns (retried with another PID on EEXIST,
 *                        which the kernel checks after the capability)
 *   own.too_many_levels  set_tid_size 33 (> MAX_PID_NS_LEVEL)
 *   own.first_einval_size  the smallest set_tid_size refused with EINVAL = the
 *                        level of this probe's pid_for_children ns + 2
 *   Then, inside a fresh pid ns S this probe creates (its init runs these):
 *   sub.free, sub.free_pid        set_tid {300}: the result and the PID clone3 returned
 *   sub.in_use                    set_tid {1}: PID 1 is S's init
 *   sub.zero, sub.over_max        set_tid {0}, {INT_MAX}
 *   sub.first_einval_size         see own.first_einval_size
 *   sub.nested, sub.nested_pid, sub.nested_inner
 *                                 CLONE_NEWPID with set_tid {1, 301}: the result, the
 *                                 PID in S, the PID the child sees for itself
 *   sub.unprivileged              set_tid {302} from a child of S with no capabilities
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "common/clone.h"
#include "common/errname.h"

#define MAX_PID_NS_LEVEL 32

/* clone3 with set_tid; the child exits at once with status 0, or reports getpid() in *inner. */
static long clone_tid(unsigned long flags, const pid_t *tids, size_t n, int *inner)
{
	struct clone_args a = { .flags = flags, .exit_signal = SIGCHLD,
				.set_tid = (uint64_t)(uintptr_t)tids, .set_tid_size = n };
	long pid;
	int st;

	fflush(stdout);
	pid = syscall(SYS_clone3, &a, sizeof(a));
	if (pid == 0)
		_exit(getpid() & 0xff);
	if (pid < 0)
		return -errno;
	if (waitpid((pid_t)pid, &st, 0) < 0 || !WIFEXITED(st))
		return -ECHILD;
	if (inner)
		*inner = WEXITSTATUS(st);
	return pid;
}

static const char *res(long r)
{
	return nsb_errno_name(r < 0 ? (int)-r : 0);
}

static int drop_caps(void)
{
	cap_t none = cap_init();
	int r;

	if (!none)
		return -1;
	r = cap_set_proc(none);
	cap_free(none);
	return r;
}

/*
 * The smallest set_tid_size refused with EINVAL: alloc_pid() refuses more
 * entries than (level of the new child's pid ns + 1) before any other check
 * (EPERM and EEXIST come later, per level), so this is that level + 2.
 */
static int first_einval_size(void)
{
	pid_t t[MAX_PID_NS_LEVEL + 1];

	for (int n = 1; n <= MAX_PID_NS_LEVEL + 1; n++) {
		for (int i = 0; i < n; i++)
			t[i] = (pid_t)(310 + i);
		if (clone_tid(0, t, (size_t)n, NULL) == -EINVAL)
			return n;
	}
	return -1;
}

/* Runs as PID 1 of S. */
static int in_sub(void)
{
	pid_t t[MAX_PID_NS_LEVEL + 1] = { 0 };
	int inner = -1, st;
	long r;
	pid_t c;

	t[0] = 300;
	r = clone_tid(0, t, 1, NULL);
	probe_put("sub.free", "%s", res(r));
	probe_put("sub.free_pid", "%ld", r);
	t[0] = 1;
	probe_put("sub.in_use", "%s", res(clone_tid(0, t, 1, NULL)));
	t[0] = 0;
	probe_put("sub.zero", "%s", res(clone_tid(0, t, 1, NULL)));
	t[0] = INT_MAX;
	probe_put("sub.over_max", "%s", res(clone_tid(0, t, 1, NULL)));
	probe_put("sub.first_einval_size", "%d", first_einval_size());
	t[0] = 1;
	t[1] = 301;
	r = clone_tid(CLONE_NEWPID, t, 2, &inner);
	probe_put("sub.nested", "%s", res(r));
	probe_put("sub.nested_pid", "%ld", r);
	probe_put("sub.nested_inner", "%d", inner);
	fflush(stdout);
	c = fork();
	if (c == 0) {
		t[0] = 302;
		if (drop_caps() < 0)
			_exit(255);
		r = clone_tid(0, t, 1, NULL);
		probe_put("sub.unprivileged", "%s", res(r));
		_exit(probe_done());
	}
	if (c < 0 || waitpid(c, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		return 1;
	return probe_done();
}

int main(void)
{
	pid_t t[MAX_PID_NS_LEVEL + 1] = { 0 };
	struct clone_args a = { .flags = CLONE_NEWPID, .exit_signal = SIGCHLD };
	long r = -EEXIST, pid;
	int st = probe_clone3_works();

	/* set_tid exists only in clone3: refused by a filter, nothing to fall back to. */
	if (nsb_clone3_refused(st))
		return probe_absent("clone3", NSB_IFACE_SYSCALL, st);
	probe_put("own.first_einval_size", "%d", first_einval_size());
	/* PIDs are shared with parallel tests unless this probe has its own pid ns: retry on EEXIST. */
	for (int i = 0; i < 8 && r == -EEXIST; i++) {
		t[0] = (pid_t)(20000 + (getpid() * 7919 + i * 104729) % 10000);
		r = clone_tid(0, t, 1, NULL);
	}
	probe_put("own.set_tid", "%s", res(r));
	for (int i = 0; i <= MAX_PID_NS_LEVEL; i++)
		t[i] = 1000 + i;
	probe_put("own.too_many_levels", "%s", res(clone_tid(0, t, MAX_PID_NS_LEVEL + 1, NULL)));

	fflush(stdout);
	pid = syscall(SYS_clone3, &a, sizeof(a));
	if (pid == 0)
		_exit(in_sub());
	if (pid < 0)
		return probe_error(errno, "clone3(CLONE_NEWPID)");
	if (waitpid((pid_t)pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		return probe_error(0, "the init of the sub pid ns failed");
	return probe_done();
}
