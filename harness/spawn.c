/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spawn.c - one child in exactly a combination of namespaces, then exec. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "combo.h"
#include "spawn.h"
#include "util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

extern char **environ;

pid_t nsb_clone_pidfd(unsigned long flags, int *ret_pidfd, bool *ret_used_clone)
{
	struct clone_args args = {
		.flags = flags | CLONE_PIDFD,
		.pidfd = (unsigned long)(uintptr_t)ret_pidfd,
		.exit_signal = SIGCHLD,
	};
	long pid;

	*ret_pidfd = -EBADF;
	*ret_used_clone = false;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid >= 0)
		return (pid_t)pid;
	if (errno != ENOSYS && errno != EPERM)
		return -errno;
	/* A seccomp filter may refuse clone3 with ENOSYS or EPERM: try clone(2). */
	if (flags & CLONE_NEWTIME)
		return -errno;
	*ret_used_clone = true;
	/* x86-64 order: flags, stack, parent_tid (gets the pidfd), child_tid, tls. */
	pid = syscall(SYS_clone, flags | CLONE_PIDFD | SIGCHLD, NULL, ret_pidfd, NULL, 0);
	return pid < 0 ? -errno : (pid_t)pid;
}

static int write_file(const char *path, const char *s)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	if (n < 0)
		return -errno;
	return (size_t)n == strlen(s) ? 0 : -EIO;
}

int nsb_write_id_maps(pid_t pid, uid_t uid, gid_t gid, const char **ret_step)
{
	char path[64], map[64];
	int r;

	snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)uid);
	r = write_file(path, map);
	if (r < 0) {
		*ret_step = "write uid_map";
		return r;
	}
	snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)pid);
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)gid);
	r = write_file(path, map);
	if (r == -EPERM) {
		/* Without CAP_SETGID over the parent ns, setgroups must be denied first (user_namespaces(7)). */
		char sg[64];

		snprintf(sg, sizeof(sg), "/proc/%d/setgroups", (int)pid);
		r = write_file(sg, "deny");
		if (r < 0) {
			*ret_step = "write setgroups";
			return r;
		}
		r = write_file(path, map);
	}
	if (r < 0) {
		*ret_step = "write gid_map";
		return r;
	}
	return 0;
}

/* Steps of the child between clone and exec, reported to the parent by index. */
enum child_step { STEP_SYNC, STEP_MOUNT_PROC, STEP_DUP, STEP_EXEC, STEP_SETUP };
static const char *const child_steps[] = {
	[STEP_SYNC] = "sync with parent",
	[STEP_MOUNT_PROC] = "mount /proc",
	[STEP_DUP] = "dup2",
	[STEP_EXEC] = "exec",
	[STEP_SETUP] = "child setup",
};

struct child_err {
	int step;
	int err;
	char what[64];	/* STEP_SETUP: the step child_setup named */
};

/* Between clone and exec: no malloc, no stdio; report failures through errfd. */
static void __attribute__((noreturn)) child(const struct nsb_spawn_req *req, int syncfd, int errfd)
{
	struct child_err ce = { 0, 0, "" };
	const char *what = NULL;
	char go;
	int r;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		_exit(127);
	if (read(syncfd, &go, 1) != 1)
		_exit(127);	/* the parent died or gave up: nothing to report to */
	if (nsb_combo_has(req->combo, NSB_NS_PID) && nsb_combo_has(req->combo, NSB_NS_MNT) &&
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		ce = (struct child_err){ STEP_MOUNT_PROC, errno, "" };
		goto fail;
	}
	if (req->child_setup && (r = req->child_setup(req->setup_arg, &what)) < 0) {
		ce = (struct child_err){ STEP_SETUP, -r, "" };
		strncpy(ce.what, what ? what : "child setup", sizeof(ce.what) - 1);
		goto fail;
	}
	if (dup2(req->fd_in, 0) < 0 || dup2(req->fd_out, 1) < 0 || dup2(req->fd_err, 2) < 0) {
		ce = (struct child_err){ STEP_DUP, errno, "" };
		goto fail;
	}
	/* No harness fd leaks into a probe; errfd closes by itself on exec. */
	syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);
	execve(req->path, req->argv, environ);
	ce = (struct child_err){ STEP_EXEC, errno, "" };
fail:
	(void)!write(errfd, &ce, sizeof(ce));
	_exit(127);
}

static int fail(struct nsb_spawn_res *res, const char *step, int err)
{
	res->step = step;
	res->err = err;
	return -err;
}

static int setup_time(const char **ret_step)
{
	char offs[128];

	if (unshare(CLONE_NEWTIME) < 0) {
		*ret_step = "unshare(CLONE_NEWTIME)";
		return -errno;
	}
	snprintf(offs, sizeof(offs), "monotonic %lld 0\nboottime %lld 0\n",
		 NSB_TIME_OFFSET_MONOTONIC_S, NSB_TIME_OFFSET_BOOTTIME_S);
	*ret_step = "write timens_offsets";
	return write_file("/proc/self/timens_offsets", offs);
}

int nsb_spawn(const struct nsb_spawn_req *req, struct nsb_spawn_res *res)
{
	_cleanup_close_ int sync_r = -EBADF, sync_w = -EBADF, err_r = -EBADF, err_w = -EBADF;
	unsigned long flags = nsb_combo_clone_flags(req->combo) & ~(unsigned long)CLONE_NEWTIME;
	struct child_err ce;
	int fds[2], pidfd, r;
	const char *step = NULL;
	pid_t pid;
	ssize_t n;

	memset(res, 0, sizeof(*res));
	res->pid = -1;
	res->pidfd = -EBADF;
	/*
	 * clone3(CLONE_NEWTIME) puts the child in the new time namespace at once,
	 * after which its offsets can never be written (EACCES). So the parent
	 * unshares it (it applies to children only) and sets the offsets first.
	 */
	if (nsb_combo_has(req->combo, NSB_NS_TIME)) {
		r = setup_time(&step);
		if (r < 0)
			return fail(res, step, -r);
	}
	if (pipe2(fds, O_CLOEXEC) < 0)
		return fail(res, "pipe", errno);
	sync_r = fds[0], sync_w = fds[1];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return fail(res, "pipe", errno);
	err_r = fds[0], err_w = fds[1];

	pid = nsb_clone_pidfd(flags, &pidfd, &res->used_clone);
	if (pid < 0) {
		char names[160];

		nsb_ns_flag_names(req->combo & ~NSB_MASK(NSB_NS_TIME), names, sizeof(names));
		snprintf(res->step_buf, sizeof(res->step_buf), "%s(%s)",
			 res->used_clone ? "clone" : "clone3", names);
		return fail(res, res->step_buf, -pid);
	}
	if (pid == 0) {
		close(sync_w);	/* so that read() sees EOF if the parent dies */
		close(err_r);
		child(req, sync_r, err_w);
	}
	safe_close(&sync_r);
	safe_close(&err_w);
	if (flags & CLONE_NEWUSER) {
		r = nsb_write_id_maps(pid, geteuid(), getegid(), &step);
		if (r < 0)
			goto kill_child;
	}
	if (req->parent_setup && (r = req->parent_setup(pid, req->setup_arg, &step)) < 0)
		goto kill_child;
	if (write(sync_w, "g", 1) != 1) {
		r = -errno;
		step = "sync with child";
		goto kill_child;
	}
	safe_close(&sync_w);
	do
		n = read(err_r, &ce, sizeof(ce));
	while (n < 0 && errno == EINTR);
	if (n == sizeof(ce)) {
		(void)waitpid(pid, NULL, 0);
		close(pidfd);
		if (ce.step < 0 || ce.step > STEP_SETUP)
			return fail(res, "child setup", EPROTO);
		if (ce.step == STEP_SETUP) {
			ce.what[sizeof(ce.what) - 1] = '\0';
			snprintf(res->step_buf, sizeof(res->step_buf), "%s", ce.what);
			return fail(res, res->step_buf, ce.err);
		}
		return fail(res, child_steps[ce.step], ce.err);
	}
	res->pid = pid;
	res->pidfd = pidfd;
	return 0;

kill_child:
	kill(pid, SIGKILL);
	(void)waitpid(pid, NULL, 0);
	close(pidfd);
	return fail(res, step, -r);
}
