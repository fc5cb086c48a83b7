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

#include "combo.h"
#include "lab.h"
#include "log.h"
#include "util.h"

#define LAB_HOSTNAME "nsbench-lab"
#define LAB_STOP_GRACE_MS 10000

static int write_self(const char *file, const char *s)
{
	char path[64];
	_cleanup_close_ int fd = -EBADF;

	snprintf(path, sizeof(path), "/proc/self/%s", file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		return -errno;
	return 0;
}

static int fail(struct nsb_lab *lab, int err, const char *what)
{
	snprintf(lab->reason, sizeof(lab->reason), "%s: %s", what, nsb_errno_name(err));
	return -err;
}

int nsb_lab_enter(struct nsb_lab *lab)
{
	char flags[160], what[200], map[64];
	int r;

	memset(lab, 0, sizeof(*lab));
	lab->init_pidfd = -EBADF;
	lab->outer_uid = geteuid();
	lab->outer_gid = getegid();
	lab->privileged = lab->outer_uid == 0;
	lab->types = NSB_MASK(NSB_NS_PID) | NSB_MASK(NSB_NS_UTS) | NSB_MASK(NSB_NS_IPC) |
		     NSB_MASK(NSB_NS_MNT) | NSB_MASK(NSB_NS_NET) | NSB_MASK(NSB_NS_CGROUP);
	if (!lab->privileged)
		lab->types |= NSB_MASK(NSB_NS_USER);

	nsb_ns_flag_names(lab->types, flags, sizeof(flags));
	snprintf(what, sizeof(what), "unshare(%s)", flags);
	if (unshare((int)nsb_combo_clone_flags(lab->types)) < 0)
		return fail(lab, errno, what);

	if (!lab->privileged) {
		/* An unprivileged process may map its own ids, gid only after setgroups=deny (user_namespaces(7)). */
		snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)lab->outer_uid);
		if ((r = write_self("uid_map", map)) < 0)
			return fail(lab, -r, "write /proc/self/uid_map");
		if ((r = write_self("setgroups", "deny")) < 0)
			return fail(lab, -r, "write /proc/self/setgroups");
		snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)lab->outer_gid);
		if ((r = write_self("gid_map", map)) < 0)
			return fail(lab, -r, "write /proc/self/gid_map");
	}
	/*
	 * The new mount namespace is a copy whose mounts may be shared with the
	 * machine's: make them private first, or the lab's mounts would propagate
	 * out (mount_namespaces(7)).
	 */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return fail(lab, errno, "mount --make-rprivate /");
	if (sethostname(LAB_HOSTNAME, strlen(LAB_HOSTNAME)) < 0)
		return fail(lab, errno, "sethostname in the lab");
	lab->ok = true;
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void __attribute__((noreturn)) lab_init(int alive_fd, int (*fn)(void *), void *arg)
{
	char c;
	int r;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		_exit(2);
	/* The supervisor may have died before prctl: then its end of the pipe is closed. */
	if (read(alive_fd, &c, 1) == 0)
		_exit(2);
	close(alive_fd);
	/* A /proc of the lab's own pid namespace: /proc/<pid> must name lab processes. */
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		log_error_errno(-errno, "cannot mount /proc in the lab");
		_exit(2);
	}
	r = fn(arg);
	fflush(NULL);
	_exit(r);
}

int nsb_lab_run(struct nsb_lab *lab, int (*fn)(void *), void *arg,
		volatile sig_atomic_t *signals)
{
	int alive[2], status = 0, forwarded = 0;
	long long kill_at = -1;
	siginfo_t si;

	if (pipe2(alive, O_CLOEXEC) < 0)
		return -errno;
	fflush(NULL);
	lab->init_pid = fork();
	if (lab->init_pid < 0) {
		int r = -errno;

		close(alive[0]);
		close(alive[1]);
		return r;
	}
	if (lab->init_pid == 0) {
		close(alive[1]);
		lab_init(alive[0], fn, arg);
	}
	close(alive[0]);
	/* One byte says "alive"; our end stays open until we exit, however we exit. */
	(void)!write(alive[1], "a", 1);
	lab->init_pidfd = (int)syscall(SYS_pidfd_open, lab->init_pid, 0);
	if (lab->init_pidfd < 0) {
		int r = -errno;

		kill(lab->init_pid, SIGKILL);
		(void)waitpid(lab->init_pid, NULL, 0);
		return r;
	}
	for (;;) {
		struct pollfd p = { lab->init_pidfd, POLLIN, 0 };
		int tmo = kill_at < 0 ? -1 : (int)(kill_at - now_ms());

		if (*signals > forwarded) {
			/* The init has a handler for SIGTERM; a second signal, or the grace time, means SIGKILL. */
			kill(lab->init_pid, forwarded ? SIGKILL : SIGTERM);
			forwarded = *signals;
			if (kill_at < 0)
				kill_at = now_ms() + LAB_STOP_GRACE_MS;
			continue;
		}
		if (kill_at >= 0 && tmo <= 0) {
			kill(lab->init_pid, SIGKILL);
			kill_at = now_ms() + 60000;
			continue;
		}
		if (poll(&p, 1, tmo < 0 ? -1 : tmo) > 0)
			break;
	}
	if (waitid(P_PID, (id_t)lab->init_pid, &si, WEXITED) < 0)
		return -errno;
	close(alive[1]);
	close(lab->init_pidfd);
	lab->init_pidfd = -EBADF;
	if (si.si_code == CLD_EXITED)
		status = si.si_status;
	else
		status = 128 + si.si_status;
	return status;
}
