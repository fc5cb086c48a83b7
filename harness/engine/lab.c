/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lab.c - build the lab's namespaces and run its init. See lab.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/combo.h"
#include "common/procfs.h"
#include "common/util.h"
#include "common/log.h"
#include "lab.h"

#define LAB_HOSTNAME "nsbench-lab"
#define LAB_STOP_GRACE_MS 10000

static int fail(struct nsb_lab *lab, enum nsb_step step, unsigned types, int err)
{
	lab->setup = (struct nsb_setup_err){ .step = step, .types = types, .err = err };
	nsb_setup_err_format(&lab->setup, lab->reason, sizeof(lab->reason));
	return -err;
}

int nsb_lab_enter(struct nsb_lab *lab)
{
	enum nsb_step step;
	int r;

	memset(lab, 0, sizeof(*lab));
	lab->outer_uid = geteuid();
	lab->outer_gid = getegid();
	lab->privileged = lab->outer_uid == 0;
	lab->types = NSB_MASK(NSB_NS_PID) | NSB_MASK(NSB_NS_UTS) | NSB_MASK(NSB_NS_IPC) |
		     NSB_MASK(NSB_NS_MNT) | NSB_MASK(NSB_NS_NET) | NSB_MASK(NSB_NS_CGROUP);
	if (!lab->privileged)
		lab->types |= NSB_MASK(NSB_NS_USER);

	if (unshare((int)nsb_combo_clone_flags(lab->types)) < 0)
		return fail(lab, NSB_STEP_UNSHARE, lab->types, errno);

	/* An unprivileged process may map its own ids, gid only after setgroups=deny (user_namespaces(7)). */
	if (!lab->privileged &&
	    (r = nsb_map_root(0, lab->outer_uid, lab->outer_gid, NSB_SETGROUPS_DENY, &step)) < 0)
		return fail(lab, step, NSB_MASK(NSB_NS_USER), -r);
	/*
	 * The new mount namespace is a copy whose mounts may be shared with the
	 * machine's: make them private first, or the lab's mounts would propagate
	 * out (mount_namespaces(7)).
	 */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return fail(lab, NSB_STEP_MAKE_PRIVATE, 0, errno);
	if (sethostname(LAB_HOSTNAME, strlen(LAB_HOSTNAME)) < 0)
		return fail(lab, NSB_STEP_SETHOSTNAME, NSB_MASK(NSB_NS_UTS), errno);
	lab->ok = true;
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* After PR_SET_PDEATHSIG: if the parent already died, its end of the pipe is closed. */
static void die_with_parent(int alive_fd)
{
	char c;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || read(alive_fd, &c, 1) != 1)
		_exit(2);
	close(alive_fd);
}

/*
 * fork() a child that dies with us; the child runs fn(arg) and exits with its
 * value. Returns the child's pid and pidfd, or -errno.
 */
static pid_t fork_tied(int (*fn)(void *), void *arg, int *ret_alive_w, int *ret_pidfd)
{
	int alive[2];
	pid_t pid;

	if (pipe2(alive, O_CLOEXEC) < 0)
		return -errno;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		int r = -errno;

		close(alive[0]);
		close(alive[1]);
		return r;
	}
	if (pid == 0) {
		close(alive[1]);
		die_with_parent(alive[0]);
		int r = fn(arg);
		fflush(NULL);
		_exit(r);
	}
	close(alive[0]);
	/* One byte says "alive"; our end stays open until we exit, however we exit. */
	(void)!write(alive[1], "a", 1);
	*ret_alive_w = alive[1];
	*ret_pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (*ret_pidfd < 0) {
		int r = -errno;

		kill(pid, SIGKILL);
		(void)waitpid(pid, NULL, 0);
		close(alive[1]);
		return r;
	}
	return pid;
}

/*
 * Wait for pid, forwarding SIGINT/SIGTERM/SIGHUP (counted in *signals) as
 * SIGTERM. A terminal's Ctrl-C reaches every process of the foreground
 * group at once, and the supervisor forwards it too: signals within a second
 * of the first are that same request. A later one (the user insisting), or
 * the grace time running out, means SIGKILL. Returns the exit status
 * (128 + signal if killed) or -errno.
 */
static int wait_forwarding(pid_t pid, int pidfd, volatile sig_atomic_t *signals)
{
	int seen = 0;
	long long first = -1, kill_at = -1;
	siginfo_t si;

	for (;;) {
		struct pollfd p = { pidfd, POLLIN, 0 };
		long long now = now_ms();
		int tmo = kill_at < 0 ? -1 : (int)(kill_at - now);

		if (*signals > seen) {
			seen = *signals;
			if (first < 0) {
				kill(pid, SIGTERM);
				first = now;
				kill_at = now + LAB_STOP_GRACE_MS;
			} else if (now - first >= 1000) {
				kill(pid, SIGKILL);
			}
			continue;
		}
		if (kill_at >= 0 && tmo <= 0) {
			kill(pid, SIGKILL);
			kill_at = now + 60000;
			continue;
		}
		if (poll(&p, 1, tmo < 0 ? -1 : tmo) > 0)
			break;
	}
	if (waitid(P_PID, (id_t)pid, &si, WEXITED) < 0)
		return -errno;
	close(pidfd);
	return si.si_code == CLD_EXITED ? si.si_status : 128 + si.si_status;
}

struct lab_args {
	struct nsb_lab *lab;
	int (*fn)(void *);
	void *arg;
	int status_w;
	volatile sig_atomic_t *signals;
};

/* PID 1 of the lab's pid namespace. */
static int lab_init(void *p)
{
	struct lab_args *a = p;

	/* A /proc of the lab's own pid namespace: /proc/<pid> must name lab processes. */
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		log_error_errno(-errno, "cannot mount /proc in the lab");
		return 2;
	}
	return a->fn(a->arg);
}

/*
 * The lab's outer process: it unshares the lab's namespaces (so the
 * supervisor itself never leaves the machine's), tells the supervisor how
 * that went, then forks the init and relays its exit status.
 */
static int lab_outer(void *p)
{
	struct lab_args *a = p;
	int r = nsb_lab_enter(a->lab), alive_w, pidfd;
	pid_t pid;

	(void)!write(a->status_w, a->lab, sizeof(*a->lab));
	close(a->status_w);
	if (r < 0)
		return 0;
	pid = fork_tied(lab_init, a, &alive_w, &pidfd);
	if (pid < 0)
		return 2;
	return wait_forwarding(pid, pidfd, a->signals);
}

int nsb_lab_run(struct nsb_lab *lab, int (*fn)(void *), void *arg,
		volatile sig_atomic_t *signals)
{
	struct lab_args a = { lab, fn, arg, -EBADF, signals };
	int st[2], alive_w, pidfd, r;
	pid_t pid;
	ssize_t n;

	if (pipe2(st, O_CLOEXEC) < 0)
		return -errno;
	a.status_w = st[1];
	pid = fork_tied(lab_outer, &a, &alive_w, &pidfd);
	close(st[1]);
	if (pid < 0) {
		close(st[0]);
		return pid;
	}
	n = read(st[0], lab, sizeof(*lab));
	close(st[0]);
	if (n != sizeof(*lab)) {
		memset(lab, 0, sizeof(*lab));
		snprintf(lab->reason, sizeof(lab->reason), "the lab process died while starting");
	}
	r = wait_forwarding(pid, pidfd, signals);
	close(alive_w);
	if (!lab->ok)
		return NSB_LAB_UNAVAILABLE;
	return r;
}
