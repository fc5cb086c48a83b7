/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nest-limits - the per-user-ns limits /proc/sys/user/max_*, set only inside
 * user namespaces this probe creates itself (never in the one it was started
 * in): U1 below the probe, U2 below U1. /proc/sys/user shows the limits of
 * the reader's user ns; writing needs CAP_SYS_RESOURCE over it.
 *
 * stdout (errno names, "ok" for success):
 *   outer.inotify          inotify_init1() where the probe stands
 *   u1.net_max_initial     U1's max_net_namespaces as created
 *   u1.set_net_max_1       writing 1 there
 *   u1.net_first, u1.net_second   two unshare(CLONE_NEWNET), the first kept open
 *   u1.set_inotify_max_0, u1.inotify   max_inotify_instances = 0, then inotify_init1()
 *   u2.net_max_initial     U2's own value (not U1's 1)
 *   u2.set_net_max_100     writing 100 there
 *   u2.net                 unshare(CLONE_NEWNET) in U2: U1's limit still counts
 *   u2.uts                 unshare(CLONE_NEWUTS) in U2: no limit was set for it
 *   u2.set_without_cap     opening the limit for writing without CAP_SYS_RESOURCE
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "common/errname.h"
#include "common/procfs.h"

#define NET_MAX "/proc/sys/user/max_net_namespaces"
#define INOTIFY_MAX "/proc/sys/user/max_inotify_instances"

static void put_read(const char *key, const char *path)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	if (n < 0) {
		probe_put(key, "%s", nsb_errno_name(errno));
		return;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	probe_put(key, "%s", buf);
}

/* 0 or the errno (positive), as this probe reports it. */
static int new_userns_errno(void)
{
	int r = probe_enter_userns(0);

	return r < 0 ? -r : 0;
}

static const char *res(int r)
{
	return nsb_errno_name(r < 0 ? errno : 0);
}

static int drop_sys_resource(void)
{
	cap_t c = cap_get_proc();
	cap_value_t v = CAP_SYS_RESOURCE;
	int r;

	if (!c)
		return -1;
	r = cap_set_flag(c, CAP_EFFECTIVE, 1, &v, CAP_CLEAR);
	if (!r)
		r = cap_set_proc(c);
	cap_free(c);
	return r;
}

/* Runs in a child: everything it changes dies with it. */
static int limits(void)
{
	int fd, pin, err;

	if ((err = new_userns_errno()))
		return probe_refused("U1: unshare(CLONE_NEWUSER) and maps", err);
	put_read("u1.net_max_initial", NET_MAX);
	probe_put("u1.set_net_max_1", "%s", nsb_errno_name(-nsb_write_file(NET_MAX, "1")));
	probe_put("u1.net_first", "%s", res(unshare(CLONE_NEWNET)));
	/* Keep the first net ns alive: it holds U1's only net ns count. */
	pin = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	probe_put("u1.net_second", "%s", res(unshare(CLONE_NEWNET)));
	probe_put("u1.set_inotify_max_0", "%s", nsb_errno_name(-nsb_write_file(INOTIFY_MAX, "0")));
	fd = inotify_init1(IN_CLOEXEC);
	probe_put("u1.inotify", "%s", res(fd));
	if (fd >= 0)
		close(fd);

	if ((err = new_userns_errno()))
		return probe_refused("U2: unshare(CLONE_NEWUSER) and maps", err);
	put_read("u2.net_max_initial", NET_MAX);
	probe_put("u2.set_net_max_100", "%s", nsb_errno_name(-nsb_write_file(NET_MAX, "100")));
	probe_put("u2.net", "%s", res(unshare(CLONE_NEWNET)));
	probe_put("u2.uts", "%s", res(unshare(CLONE_NEWUTS)));
	if (drop_sys_resource() < 0)
		return probe_error(errno, "drop CAP_SYS_RESOURCE");
	fd = open(NET_MAX, O_WRONLY | O_CLOEXEC);
	probe_put("u2.set_without_cap", "%s", res(fd));
	if (fd >= 0)
		close(fd);
	if (pin >= 0)
		close(pin);
	return probe_done();
}

int main(void)
{
	int fd = inotify_init1(IN_CLOEXEC), st;
	pid_t pid;

	probe_put("outer.inotify", "%s", res(fd));
	if (fd >= 0)
		close(fd);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return probe_error(errno, "fork");
	if (pid == 0)
		_exit(limits());
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ||
	    (WEXITSTATUS(st) && WEXITSTATUS(st) != PROBE_SKIP))
		return probe_error(0, "the limits child failed");
	if (WEXITSTATUS(st) == PROBE_SKIP)	/* it said why (skip=) */
		return PROBE_SKIP;
	return probe_done();
}
