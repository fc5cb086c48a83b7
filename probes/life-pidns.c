/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * life-pidns - the life of a pid namespace around its init, seen from a
 * helper child H that unshares a new pid ns (so its own children enter it).
 *
 * stdout:
 *   fork.while_init       H forks again while the first child (init, PID 1) lives ("ok"/errno)
 *   fork.while_init_pid   the PID that second child had inside the ns
 *   fork.after_init       H forks after init exited and was reaped (pid_namespaces(7): ENOMEM)
 *   sig.from_parent       si_pid init saw for SIGUSR1 sent by H, outside its ns
 *   sig.from_child        si_pid init saw for SIGUSR1 sent by its own child
 *   sig.child_pid         that child's PID inside the ns
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "common/errname.h"

struct sig_report {
	int from_parent;
	int from_child;
	int child_pid;
};

/*
 * Init of the new ns: SIGUSR1 is blocked and taken with sigwaitinfo(2),
 * once from H, once from a child of its own.
 */
static void __attribute__((noreturn)) init_main(int out, int go)
{
	struct sig_report r = { -1, -1, -1 };
	siginfo_t si;
	sigset_t set;
	pid_t c;
	char x;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	(void)!write(out, "r", 1);	/* SIGUSR1 is blocked (inherited from H): ready */
	if (sigwaitinfo(&set, &si) == SIGUSR1)
		r.from_parent = si.si_pid;
	c = fork();
	if (c == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	if (c > 0 && sigwaitinfo(&set, &si) == SIGUSR1)
		r.from_child = si.si_pid;
	r.child_pid = c;
	if (c > 0)
		(void)waitpid(c, NULL, 0);
	(void)!write(out, &r, sizeof(r));
	(void)!read(go, &x, 1);	/* stay init until H has forked a second time */
	_exit(0);
}

static int helper(void)
{
	struct sig_report r;
	int rep[2], go[2], st;
	sigset_t set;
	pid_t init, c;
	char x;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0 || pipe(rep) < 0 || pipe(go) < 0)
		return probe_error(errno, "setup");
	if (unshare(CLONE_NEWPID) < 0)
		return probe_refused("unshare(CLONE_NEWPID)", errno);
	fflush(stdout);
	init = fork();
	if (init < 0)
		return probe_error(errno, "fork init");
	if (init == 0) {
		close(rep[0]);
		close(go[1]);
		init_main(rep[1], go[0]);
	}
	close(rep[1]);
	close(go[0]);
	if (read(rep[0], &x, 1) != 1)
		return probe_error(0, "init did not start");
	kill(init, SIGUSR1);
	if (read(rep[0], &r, sizeof(r)) != sizeof(r))
		return probe_error(0, "init did not report");
	probe_put("sig.from_parent", "%d", r.from_parent);
	probe_put("sig.from_child", "%d", r.from_child);
	probe_put("sig.child_pid", "%d", r.child_pid);

	fflush(stdout);
	c = fork();
	if (c == 0)
		_exit(getpid() & 0xff);
	probe_put("fork.while_init", "%s", nsb_errno_name(c < 0 ? errno : 0));
	if (c > 0 && waitpid(c, &st, 0) == c && WIFEXITED(st))
		probe_put("fork.while_init_pid", "%d", WEXITSTATUS(st));
	else
		probe_put("fork.while_init_pid", "-1");
	close(go[1]);
	(void)waitpid(init, NULL, 0);
	fflush(stdout);
	c = fork();
	if (c == 0)
		_exit(0);
	probe_put("fork.after_init", "%s", nsb_errno_name(c < 0 ? errno : 0));
	if (c > 0)
		(void)waitpid(c, NULL, 0);
	return probe_done();
}

int main(void)
{
	pid_t h;
	int st;

	fflush(stdout);
	h = fork();
	if (h < 0)
		return probe_error(errno, "fork");
	if (h == 0)
		_exit(helper());
	if (waitpid(h, &st, 0) < 0 || !WIFEXITED(st) || (WEXITSTATUS(st) && WEXITSTATUS(st) != PROBE_SKIP))
		return probe_error(0, "the helper failed");
	if (WEXITSTATUS(st) == PROBE_SKIP)	/* it said why (skip=) */
		return PROBE_SKIP;
	return probe_done();
}
