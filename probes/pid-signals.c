/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pid-signals - how signals treat the init of a pid namespace
 * (pid_namespaces(7)).
 *
 * stdout:
 *   init            "yes" when this probe is PID 1 of its pid ns, else "no"
 *   init.survived   when PID 1: a child sent SIGUSR1, SIGTERM and SIGKILL to
 *                   pid 1 (none handled) and the probe lives on: the list of
 *                   signals survived; "not-init" otherwise. nsbench never
 *                   signals a PID 1 that is not its own probe (without a new
 *                   pid ns that would be the lab's init).
 *   member.killed_by  the control: a non-init member of the same namespace,
 *                   sent SIGTERM by the same kind of sender, dies of it
 *   nested.killed_by  this probe makes a nested pid ns (init Q, whose child R
 *                   is the init of a third level with a child S) and sends
 *                   Q SIGKILL from the parent ns: how Q ended
 *   nested.descendants  "gone" when R and S died with Q (every pipe writer
 *                   closed), "alive" if they outlived it by 5 s
 *
 * Exits 4 (skip) when the kernel refuses the nested pid ns.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "common/errname.h"

static const int attacks[] = { SIGUSR1, SIGTERM, SIGKILL };

/*
 * The processes this probe makes only send signals, pause and die: they
 * share its memory (clone(2) with CLONE_VM, SIGCHLD to the parent as from
 * fork(2)) and run on stacks of their own, so no address space is copied,
 * faulted in and torn down for each (a fork and exit of a small process
 * costs about twice the CPU of such a clone here; issue 15). Their code
 * makes system calls only: no stdio, no malloc and no fork(), which would
 * change the libc state they share with us; errno too is ours, so a failed
 * call ends them at once. What they observe is the same:
 * signals, pid namespaces and exits are per process, not per address space.
 * ASan builds fork: its shadow stack bookkeeping does not follow a clone.
 */
#define KID_STACK (16 * 1024)
static char stack_kid[KID_STACK], stack_q[KID_STACK], stack_r[KID_STACK], stack_s[KID_STACK]
	__attribute__((aligned(16)));

/* Start fn(arg) in a child as above, with flags added (CLONE_NEWPID); its return value is its exit status. */
static pid_t spawn_kid(int (*fn)(void *), void *arg, char *stack, int flags)
{
#if defined(__SANITIZE_ADDRESS__)
	pid_t pid;

	(void)stack;
	pid = (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
	if (pid == 0)
		_exit(fn(arg));
	return pid;
#else
	return clone(fn, stack + KID_STACK, CLONE_VM | flags | SIGCHLD, arg);
#endif
}

/* A kid that dies with its parent, so nothing outlives a probe killed mid-way: 0, or 127 (exit status). */
static int tie_to(pid_t ppid)
{
	return prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != ppid ? 127 : 0;
}

/* How a child ended: "exit N" or the signal's name. */
static void put_end(const char *key, pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) < 0)
		probe_put(key, "%s", nsb_errno_name(errno));
	else if (WIFSIGNALED(st))
		probe_put(key, "SIG%s", nsb_signal_abbrev(WTERMSIG(st)) ?: "?");
	else
		probe_put(key, "exit %d", WEXITSTATUS(st));
}

/* The attacker: every signal of attacks[] to pid 1, ours. */
static int attacker(void *ppid)
{
	if (tie_to(*(pid_t *)ppid))
		return 127;
	for (size_t i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++)
		if (kill(1, attacks[i]) < 0)
			return 1;
	return 0;
}

static int attack_init(void)
{
	char list[64] = "";
	pid_t me = getpid(), w = spawn_kid(attacker, &me, stack_kid, 0);
	int st;

	if (w < 0)
		return -errno;
	if (waitpid(w, &st, 0) < 0)
		return -errno;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return -EPROTO;
	/* Still running: an unignored SIGKILL would have ended us before waitpid returned. */
	for (size_t i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%sSIG%s", i ? "," : "",
			 nsb_signal_abbrev(attacks[i]));
	probe_put("init.survived", "%s", list);
	return 0;
}

/* A member that waits to be killed. */
static int member(void *ppid)
{
	if (tie_to(*(pid_t *)ppid))
		return 127;
	for (;;)
		pause();
}

static int member_control(void)
{
	pid_t me = getpid(), n = spawn_kid(member, &me, stack_kid, 0);

	if (n < 0)
		return -errno;
	if (kill(n, SIGTERM) < 0)
		return -errno;
	put_end("member.killed_by", n);
	return 0;
}

/* S, and R once S exists. A safety net that cannot mask the result: 10 s > the probe's 5 s wait. */
static int nested_leaf(void *unused)
{
	(void)unused;
	alarm(10);
	for (;;)
		pause();
	return 0;	/* not reached: a signal ends it */
}

/* R: init of level 2, with a child S. */
static int nested_r(void *unused)
{
	(void)unused;
	alarm(10);
	if (spawn_kid(nested_leaf, NULL, stack_s, 0) < 0)
		return 127;
	for (;;)
		pause();
}

/* Q: init of level 1, with its child R. All pause. */
static int nested_init(void *ready_w)
{
	/* Q dies with the probe; R and S must die with Q, by the kernel alone. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || spawn_kid(nested_r, NULL, stack_r, CLONE_NEWPID) < 0)
		return 127;
	(void)!write(*(int *)ready_w, "r", 1);
	for (;;)
		pause();
}

static int nested_kill(void)
{
	int p[2], e;
	struct pollfd pf;
	char c;
	pid_t q;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	q = spawn_kid(nested_init, &p[1], stack_q, CLONE_NEWPID);
	if (q < 0) {
		e = errno;
		close(p[0]);
		close(p[1]);
		return e == EPERM || e == ENOSPC || e == EUSERS || e == EINVAL ? -e : -EPROTO;
	}
	close(p[1]);
	/* Wait until R exists (Q writes after forking it), then kill Q from here. */
	if (read(p[0], &c, 1) != 1 || kill(q, SIGKILL) < 0) {
		close(p[0]);
		return -EPROTO;
	}
	put_end("nested.killed_by", q);
	pf = (struct pollfd){ p[0], POLLIN, 0 };
	e = poll(&pf, 1, 5000);
	probe_put("nested.descendants", "%s", e == 1 && read(p[0], &c, 1) == 0 ? "gone" : "alive");
	close(p[0]);
	return 0;
}

int main(void)
{
	bool init = getpid() == 1;
	int r = 0;

	probe_put("init", "%s", init ? "yes" : "no");
	if (init)
		r = attack_init();
	else
		probe_put("init.survived", "not-init");
	if (r < 0)
		return probe_error(-r, "attacking pid 1");
	if ((r = member_control()) < 0)
		return probe_error(-r, "control member");
	r = nested_kill();
	if (r == -EPERM || r == -ENOSPC || r == -EUSERS || r == -EINVAL)
		return probe_skip("clone(CLONE_NEWPID) for a nested pid ns: %s", nsb_errno_name(-r));
	if (r < 0)
		return probe_error(-r, "nested pid ns");
	return probe_done();
}
