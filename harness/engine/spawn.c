/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spawn.c - one child in exactly a combination of namespaces, then exec. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/clone.h"
#include "common/combo.h"
#include "common/procfs.h"
#include "common/timens.h"
#include "common/uapi.h"
#include "common/util.h"
#include "spawn.h"

extern char **environ;

/* A failure of the child between clone and exec, reported to the parent. */
struct child_err {
	enum nsb_step step;
	int err;
	char what[64];	/* NSB_STEP_HOOK_SETUP: what child_setup said failed */
};

/* Between clone and exec: no malloc, no stdio; report failures through errfd. */
static void __attribute__((noreturn)) child(const struct nsb_spawn_req *req, int syncfd, bool nonblock,
					    int errfd)
{
	struct child_err ce = { NSB_STEP_NONE, 0, "" };
	const char *what = NULL;
	char go;
	int r;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		_exit(127);
	/*
	 * With a user namespace, wait for the parent to write our maps; EOF
	 * means it died or gave up. Without one there is nothing to wait for:
	 * syncfd is non-blocking and the parent holds its end open until we
	 * have exec'd, so EOF still closes the race of PR_SET_PDEATHSIG (a
	 * parent gone already) and EAGAIN means go on. One round trip less.
	 */
	ssize_t n = read(syncfd, &go, 1);

	if (n == 0 || (n < 0 && !(nonblock && errno == EAGAIN)))
		_exit(127);	/* the parent died or gave up: nothing to report to */
	if (nsb_combo_has(req->combo, NSB_NS_PID) && nsb_combo_has(req->combo, NSB_NS_MNT) &&
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		ce = (struct child_err){ NSB_STEP_MOUNT_PROC, errno, "" };
		goto fail;
	}
	if (req->child_setup && (r = req->child_setup(req->setup_arg, &what)) < 0) {
		ce = (struct child_err){ NSB_STEP_HOOK_SETUP, -r, "" };
		strncpy(ce.what, what ? what : "child setup", sizeof(ce.what) - 1);
		goto fail;
	}
	if (dup2(req->fd_in, 0) < 0 || dup2(req->fd_out, 1) < 0 || dup2(req->fd_err, 2) < 0) {
		ce = (struct child_err){ NSB_STEP_DUP, errno, "" };
		goto fail;
	}
	/* No harness fd leaks into a probe; errfd closes by itself on exec. */
	syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);
	execve(req->path, req->argv, environ);
	ce = (struct child_err){ NSB_STEP_EXEC, errno, "" };
fail:
	(void)!write(errfd, &ce, sizeof(ce));
	_exit(127);
}

struct child_args {
	const struct nsb_spawn_req *req;
	int sync_r, sync_w, err_r, err_w;
	bool nonblock;
};

static int child_start(void *p)
{
	struct child_args *a = p;

	close(a->sync_w);	/* so that read() sees EOF if the parent dies */
	close(a->err_r);
	child(a->req, a->sync_r, a->nonblock, a->err_w);
}

#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
/*
 * clone3() whose child shares our memory and runs fn(arg) on its own stack
 * until it execs or exits (posix_spawn's trick, with clone3's namespace
 * flags): no copy of the test parent's page tables for a child that is
 * about to exec, and none to tear down. Between clone and exec the child
 * touches only its stack and its own fds (child() allocates nothing); the
 * parent keeps the stack alive until the exec closed err_w. Returns the
 * child's pid or -errno.
 */
static char child_stack[64 * 1024] __attribute__((aligned(16)));

static long clone3_vm(struct clone_args *args, int (*fn)(void *), void *arg)
{
	register void *r12 asm("r12") = (void *)fn;
	register void *r13 asm("r13") = arg;
	long ret;

	args->stack = (uint64_t)(uintptr_t)child_stack;
	args->stack_size = sizeof(child_stack);
	asm volatile("syscall\n\t"
		     "test %%rax, %%rax\n\t"
		     "jnz 1f\n\t"
		     /* the child: on child_stack, fn(arg), then exit with its value */
		     "xor %%ebp, %%ebp\n\t"
		     "mov %%r13, %%rdi\n\t"
		     "call *%%r12\n\t"
		     "mov %%eax, %%edi\n\t"
		     "mov $60, %%eax\n\t"
		     "syscall\n\t"
		     "hlt\n"
		     "1:"
		     : "=a"(ret)
		     : "a"((long)SYS_clone3), "D"(args), "S"(sizeof(*args)), "r"(r12), "r"(r13)
		     : "rcx", "r11", "memory");
	return ret;
}
#define HAVE_CLONE3_VM 1
#endif

/*
 * Create the child: clone3 with CLONE_VM where we can, else (clone3 refused,
 * or CLONE_VM refused beside a pending time namespace: nsb_clone3_vm_refused)
 * fork-style clone3, falling back to clone(2) (nsb_clone_fork); fork-style
 * too for a new user ns where its user could ptrace it into our memory
 * (nsb_vm_share_with_userns_ok(): capabilities held by another user than root). A child setup hook
 * (`nsbench shell`) may allocate or touch libc state: that child gets its
 * own copy of our memory (the ordinary path). Returns its pid (in the
 * parent only) or -errno.
 */
static pid_t clone_child(unsigned long flags, struct child_args *a, int *pidfd, bool *used_clone)
{
	pid_t pid;

#ifdef HAVE_CLONE3_VM
	if (!*used_clone && !a->req->child_setup &&
	    (!(flags & CLONE_NEWUSER) || nsb_vm_share_with_userns_ok())) {
		struct clone_args args = { .flags = flags | CLONE_VM | CLONE_PIDFD,
					   .pidfd = (uint64_t)(uintptr_t)pidfd, .exit_signal = SIGCHLD };
		long r = clone3_vm(&args, child_start, a);

		if (r > 0)
			return (pid_t)r;
		if (!nsb_clone3_vm_refused((int)r))
			return (pid_t)r;
	}
#endif
	pid = nsb_clone_fork(flags, pidfd, used_clone);
	if (pid == 0)
		child_start(a);
	return pid;
}

static int fail(struct nsb_spawn_res *res, enum nsb_step step, unsigned types, int err)
{
	res->setup = (struct nsb_setup_err){ .step = step, .types = types, .err = err };
	return -err;
}

static int setup_time(enum nsb_step *ret_step)
{
	if (unshare(CLONE_NEWTIME) < 0) {
		*ret_step = NSB_STEP_UNSHARE;
		return -errno;
	}
	*ret_step = NSB_STEP_TIMENS_OFFSETS;
	return nsb_write_time_offsets(0, NSB_TIME_OFFSET_MONOTONIC_S, NSB_TIME_OFFSET_BOOTTIME_S);
}

int nsb_spawn(const struct nsb_spawn_req *req, struct nsb_spawn_res *res)
{
	_cleanup_close_ int sync_r = -EBADF, sync_w = -EBADF, err_r = -EBADF, err_w = -EBADF;
	unsigned long flags = nsb_combo_clone_flags(req->combo) & ~(unsigned long)CLONE_NEWTIME;
	struct child_err ce;
	int fds[2], pidfd, r;
	enum nsb_step step = NSB_STEP_NONE;
	bool nonblock;
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
			return fail(res, step, NSB_MASK(NSB_NS_TIME), -r);
	}
	/*
	 * The child waits for our "g" when we have something to do first: its
	 * maps (a user ns) or the parent hook; else its read is non-blocking.
	 */
	nonblock = !(flags & CLONE_NEWUSER) && !req->parent_setup;
	if (pipe2(fds, O_CLOEXEC | (nonblock ? O_NONBLOCK : 0)) < 0)
		return fail(res, NSB_STEP_PIPE, 0, errno);
	sync_r = fds[0], sync_w = fds[1];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return fail(res, NSB_STEP_PIPE, 0, errno);
	err_r = fds[0], err_w = fds[1];

	pid = clone_child(flags, &(struct child_args){ req, sync_r, sync_w, err_r, err_w, nonblock },
			  &pidfd, &res->used_clone);
	if (pid < 0)
		return fail(res, res->used_clone ? NSB_STEP_CLONE : NSB_STEP_CLONE3,
			    req->combo & ~NSB_MASK(NSB_NS_TIME), -pid);
	safe_close(&sync_r);
	safe_close(&err_w);
	if (flags & CLONE_NEWUSER) {
		/*
		 * As an unprivileged user's would be, whatever capabilities we
		 * hold as another user than root: setgroups "deny", or its user
		 * could drop supplementary groups there (CVE-2014-8989's rule).
		 */
		r = nsb_map_root(pid, geteuid(), getegid(),
				 getuid() ? NSB_SETGROUPS_DENY : NSB_SETGROUPS_IF_NEEDED, &step);
		if (r < 0)
			goto kill_child;
	}
	if (req->parent_setup) {
		const char *what = NULL;

		r = req->parent_setup(pid, req->setup_arg, &what);
		if (r < 0) {
			step = NSB_STEP_HOOK_SETUP;
			snprintf(res->what, sizeof(res->what), "%s", what ? what : "parent setup");
			goto kill_child;
		}
	}
	if (!nonblock) {
		if (write(sync_w, "g", 1) != 1) {
			r = -errno;
			step = NSB_STEP_SYNC_CHILD;
			goto kill_child;
		}
		safe_close(&sync_w);
	}	/* else sync_w stays open until the child has exec'd (see child()) */
	do
		n = read(err_r, &ce, sizeof(ce));
	while (n < 0 && errno == EINTR);
	if (n == sizeof(ce)) {
		(void)waitpid(pid, NULL, 0);
		close(pidfd);
		if (ce.step <= NSB_STEP_NONE || ce.step >= _NSB_STEP_MAX)
			return fail(res, NSB_STEP_CHILD, 0, EPROTO);
		ce.what[sizeof(ce.what) - 1] = '\0';
		snprintf(res->what, sizeof(res->what), "%s", ce.what);
		return fail(res, ce.step, 0, ce.err);
	}
	res->pid = pid;
	res->pidfd = pidfd;
	return 0;

kill_child:
	kill(pid, SIGKILL);
	(void)waitpid(pid, NULL, 0);
	close(pidfd);
	return fail(res, step, 0, -r);
}
