/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mountapi-timens - who may write /proc/self/timens_offsets
 * (time_namespaces(7)): the probe as it was started, a child with a user
 * ns alone, and a child with a user ns and a time ns made together.
 *
 * Usage: mountapi-timens MONO_S   (the monotonic offset for the new time ns)
 *
 * stdout ("ok" or an errno name unless said otherwise):
 *   tfc.write               writing an offset with time_for_children == time
 *   user_only.unshare       unshare(CLONE_NEWUSER) in a child (+ id maps)
 *   user_only.write         ...then writing an offset
 *   user_time.unshare       unshare(CLONE_NEWUSER | CLONE_NEWTIME) in a child
 *   user_time.owner_is_new  "yes" when NS_GET_USERNS of its time_for_children
 *                           is the new user ns
 *   user_time.write         writing "monotonic MONO_S 0" there (after the maps)
 *   user_time.before, user_time.after   that child's CLOCK_MONOTONIC (ns)
 *                           around forking a grandchild
 *   user_time.child_mono    the grandchild's CLOCK_MONOTONIC (ns)
 * or skip=<reason> when user namespaces cannot be created here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/nsfs.h>

#include "probe.h"
#include "common/uapi.h"
#include "common/errname.h"
#include "common/procfs.h"

/* timens_offsets of our own time ns; 0 or an errno. */
static int write_offsets(const char *s)
{
	return -nsb_write_proc(0, "timens_offsets", s);
}

static long long mono_now(void)
{
	struct timespec ts;

	return clock_gettime(CLOCK_MONOTONIC, &ts) < 0 ? -1 : ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* unshare(flags | CLONE_NEWUSER) and map our ids; 0 or an errno. */
static int new_userns(int flags)
{
	return -probe_enter_userns(flags);
}

static int user_only(void)
{
	int r = new_userns(0);

	if (r == EPERM || r == ENOSPC || r == EUSERS)
		return probe_skip("unshare(CLONE_NEWUSER): %s", nsb_errno_name(r));
	probe_put("user_only.unshare", "%s", nsb_errno_name(r));
	if (r)
		return probe_done();
	probe_put("user_only.write", "%s",
		  nsb_errno_name(write_offsets("monotonic 1 0\n")));
	return probe_done();
}

static int owner_is_new(void)
{
	struct stat own, tfc_owner;
	int fd = open("/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC);
	int ufd = fd < 0 ? -1 : ioctl(fd, NS_GET_USERNS);
	int same = ufd >= 0 && fstat(ufd, &tfc_owner) == 0 && stat("/proc/self/ns/user", &own) == 0 &&
		   own.st_ino == tfc_owner.st_ino && own.st_dev == tfc_owner.st_dev;

	if (ufd >= 0)
		close(ufd);
	if (fd >= 0)
		close(fd);
	return same;
}

/* A grandchild enters the new time ns: its clock, through a pipe. */
static long long child_mono(void)
{
	long long v = -1;
	int p[2];
	pid_t c;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	c = fork();
	if (c == 0) {
		v = mono_now();
		_exit(write(p[1], &v, sizeof(v)) == sizeof(v) ? 0 : 1);
	}
	close(p[1]);
	if (c < 0 || read(p[0], &v, sizeof(v)) != sizeof(v))
		v = -1;
	close(p[0]);
	if (c > 0)
		(void)waitpid(c, NULL, 0);
	return v;
}

static int user_time(const char *mono_s)
{
	char offs[64];
	int r = new_userns(CLONE_NEWTIME), w;

	if (r == ENOSPC || r == EUSERS)
		return probe_skip("unshare(CLONE_NEWUSER|CLONE_NEWTIME): %s", nsb_errno_name(r));
	probe_put("user_time.unshare", "%s", nsb_errno_name(r));
	if (r)
		return probe_done();
	probe_put("user_time.owner_is_new", "%s", owner_is_new() ? "yes" : "no");
	snprintf(offs, sizeof(offs), "monotonic %s 0\n", mono_s);
	w = write_offsets(offs);
	probe_put("user_time.write", "%s", nsb_errno_name(w));
	probe_put("user_time.before", "%lld", mono_now());
	probe_put("user_time.child_mono", "%lld", child_mono());
	probe_put("user_time.after", "%lld", mono_now());
	return probe_done();
}

static int in_child(int (*fn)(const char *), const char *arg)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(fn(arg));
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int user_only_arg(const char *unused)
{
	(void)unused;
	return user_only();
}

int main(int argc, char *argv[])
{
	int r;

	if (argc != 2)
		return probe_error(0, "usage: mountapi-timens MONO_S");
	probe_put("tfc.write", "%s",
		  nsb_errno_name(write_offsets("monotonic 1 0\n")));
	r = in_child(user_only_arg, NULL);
	if (r == PROBE_OK)
		r = in_child(user_time, argv[1]);
	if (r != PROBE_OK)
		return r == PROBE_SKIP ? PROBE_SKIP : probe_error(0, "child failed (%d)", r);
	return probe_done();
}
