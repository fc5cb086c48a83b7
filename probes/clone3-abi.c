/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * clone3-abi - the clone3(2) argument ABI, CLONE_NEWTIME's reach and
 * CLONE_INTO_CGROUP, as the kernel answers them here. A clone that succeeds
 * makes a child that exits at once.
 *
 * stdout (errno names, "ok" for success):
 *   size.0, size.ver0_minus1, size.ver0    struct sizes 0, 63, 64 (CLONE_ARGS_SIZE_VER0)
 *   size.bigger_zero_tail, size.bigger_nonzero_tail, size.over_page
 *   exit_signal.65, exit_signal.high_bits
 *   time.self                 this probe's time ns inode
 *   time.clone.child          the time ns of a child of clone(2) given the CLONE_NEWTIME bit
 *   time.clone3.child         ... and of clone3(CLONE_NEWTIME)
 *   time.unshare.time, time.unshare.for_children   after unshare(CLONE_NEWTIME)
 *   cgroup.self               this probe's line "0::<path>" of /proc/self/cgroup
 *   cgroup.into_non_cgroup    clone3(CLONE_INTO_CGROUP) with a directory fd that is no cgroup2 dir
 *   cgroup.procs_writable     yes/no: access(W_OK) on its own cgroup2 dir's cgroup.procs
 *   cgroup.into_own           clone3(CLONE_INTO_CGROUP) into its own cgroup
 *   cgroup.child              the child's "0::" line after that (or "-")
 *   or skip=... when no cgroup2 mount shows this probe's cgroup
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/sched.h>
#include <sched.h>
#include <stdbool.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "common/clone.h"
#include "common/uapi.h"
#include "common/errname.h"

#ifndef CLONE_ARGS_SIZE_VER0
#define CLONE_ARGS_SIZE_VER0 64
#endif

/* clone3 with a raw buffer of @size bytes (the first bytes a struct clone_args). */
static const char *clone3_raw(const void *buf, size_t size)
{
	long pid;

	fflush(stdout);
	pid = syscall(SYS_clone3, buf, size);
	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return nsb_errno_name(errno);
	(void)waitpid((pid_t)pid, NULL, __WALL);
	return "ok";
}

static int abi(void)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t big = (size_t)page + 8;
	unsigned char *buf = calloc(1, big);
	struct clone_args a = { .exit_signal = SIGCHLD };

	if (!buf)
		return probe_error(errno, "calloc");
	memcpy(buf, &a, sizeof(a));
	probe_put("size.0", "%s", clone3_raw(buf, 0));
	probe_put("size.ver0_minus1", "%s", clone3_raw(buf, CLONE_ARGS_SIZE_VER0 - 1));
	probe_put("size.ver0", "%s", clone3_raw(buf, CLONE_ARGS_SIZE_VER0));
	/* A newer caller's bigger struct is fine while the unknown tail is zero. */
	probe_put("size.bigger_zero_tail", "%s", clone3_raw(buf, sizeof(a) + 8));
	buf[sizeof(a) + 3] = 1;
	probe_put("size.bigger_nonzero_tail", "%s", clone3_raw(buf, sizeof(a) + 8));
	buf[sizeof(a) + 3] = 0;
	probe_put("size.over_page", "%s", clone3_raw(buf, big));
	free(buf);
	a.exit_signal = 65;	/* > _NSIG */
	probe_put("exit_signal.65", "%s", clone3_raw(&a, sizeof(a)));
	a.exit_signal = 0x100 | SIGCHLD;	/* bits outside CSIGNAL */
	probe_put("exit_signal.high_bits", "%s", clone3_raw(&a, sizeof(a)));
	return 0;
}

static unsigned long long ino_of(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 ? 0 : (unsigned long long)st.st_ino;
}

/* The child writes one line into a pipe; the parent returns it in buf ("-" if none). */
static void read_child_line(int fd, char *buf, size_t len)
{
	ssize_t n = read(fd, buf, len - 1);

	if (n <= 0)
		n = 0, buf[n++] = '-';
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

/*
 * A child made by clone(2) (legacy) or clone3(2) with @flags reports its time
 * ns inode; the line (or the errno name) lands in @line.
 */
static void child_time_ns(bool legacy, unsigned long flags, char *line, size_t len)
{
	struct clone_args a = { .flags = flags, .exit_signal = SIGCHLD };
	int p[2];
	long pid;

	fflush(stdout);
	if (pipe(p) < 0) {
		snprintf(line, len, "%s", nsb_errno_name(errno));
		return;
	}
	pid = legacy ? syscall(SYS_clone, flags, NULL, NULL, NULL, 0) : syscall(SYS_clone3, &a, sizeof(a));
	if (pid == 0) {
		dprintf(p[1], "%llu\n", ino_of("/proc/self/ns/time"));
		_exit(0);
	}
	close(p[1]);
	if (pid < 0)
		snprintf(line, len, "%s", nsb_errno_name(errno));
	else
		read_child_line(p[0], line, len);
	close(p[0]);
	if (pid > 0)
		(void)waitpid((pid_t)pid, NULL, __WALL);	/* legacy: exit signal 128, not SIGCHLD */
}

/* After unshare(CLONE_NEWTIME) in a child: its own time ns and time_for_children. */
static void unshared_time_ns(char *line, size_t len)
{
	int p[2];
	pid_t pid;

	fflush(stdout);
	if (pipe(p) < 0) {
		snprintf(line, len, "%s", nsb_errno_name(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		if (unshare(CLONE_NEWTIME) < 0)
			dprintf(p[1], "%s %s\n", nsb_errno_name(errno), nsb_errno_name(errno));
		else
			dprintf(p[1], "%llu %llu\n", ino_of("/proc/self/ns/time"),
				ino_of("/proc/self/ns/time_for_children"));
		_exit(0);
	}
	close(p[1]);
	read_child_line(p[0], line, len);
	close(p[0]);
	if (pid > 0)
		(void)waitpid(pid, NULL, 0);
}

/*
 * CLONE_NEWTIME (0x80) lies inside CSIGNAL: clone(2) reads it as the exit
 * signal, so only clone3(2) and unshare(2) can ask for a time ns.
 */
static void time_reach(void)
{
	char line[64], *sp;

	probe_put("time.self", "%llu", ino_of("/proc/self/ns/time"));
	child_time_ns(true, CLONE_NEWTIME, line, sizeof(line));
	probe_put("time.clone.child", "%s", line);
	child_time_ns(false, CLONE_NEWTIME, line, sizeof(line));
	probe_put("time.clone3.child", "%s", line);
	unshared_time_ns(line, sizeof(line));
	sp = strchr(line, ' ');
	if (sp)
		*sp++ = '\0';
	probe_put("time.unshare.time", "%s", line);
	probe_put("time.unshare.for_children", "%s", sp ? sp : "-");
}

/* Our own cgroup2 line "0::<path>", from /proc/self/cgroup. */
static int own_cgroup(char *path, size_t len)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	char line[PATH_MAX];
	int r = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(path, len, "%s", line + 3);
			r = 0;
		}
	fclose(f);
	return r;
}

/* A cgroup2 mount whose root (as this cgroup ns shows it) is "/": its mount point. */
static int cgroup2_mount(char *mnt, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096], root[PATH_MAX], point[PATH_MAX];
	int r = -ENOENT;

	if (!f)
		return -errno;
	while (r && fgets(line, sizeof(line), f)) {
		char *dash = strstr(line, " - cgroup2 ");

		if (dash && sscanf(line, "%*s %*s %*s %4095s %4095s", root, point) == 2 &&
		    strcmp(root, "/") == 0) {
			snprintf(mnt, len, "%s", point);
			r = 0;
		}
	}
	fclose(f);
	return r;
}

static const char *clone_into(int cgfd, char *child_line, size_t len)
{
	struct clone_args a = { .flags = CLONE_INTO_CGROUP, .exit_signal = SIGCHLD,
				.cgroup = (uint64_t)cgfd };
	int p[2];
	long pid;
	int err;

	snprintf(child_line, len, "-");
	fflush(stdout);
	if (pipe(p) < 0)
		return "EPIPE";
	pid = syscall(SYS_clone3, &a, sizeof(a));
	if (pid == 0) {
		char path[PATH_MAX];

		if (own_cgroup(path, sizeof(path)) == 0)
			dprintf(p[1], "%s\n", path);
		_exit(0);
	}
	err = errno;
	close(p[1]);
	if (pid > 0) {
		read_child_line(p[0], child_line, len);
		(void)waitpid((pid_t)pid, NULL, 0);
	}
	close(p[0]);
	return pid < 0 ? nsb_errno_name(err) : "ok";
}

/*
 * Only our own cgroup is a target here: any other would have to be created
 * on the machine's cgroup2 hierarchy, which nsbench never touches.
 */
static int into_cgroup(void)
{
	char self[PATH_MAX], mnt[PATH_MAX], dir[2 * PATH_MAX + 16], child[PATH_MAX];
	const char *r;
	int fd;

	if (own_cgroup(self, sizeof(self)) < 0 || cgroup2_mount(mnt, sizeof(mnt)) < 0)
		return 1;
	snprintf(dir, sizeof(dir), "%s%s", mnt, strcmp(self, "/") ? self : "");
	probe_put("cgroup.self", "%s", self);
	fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	r = clone_into(fd, child, sizeof(child));
	close(fd);
	probe_put("cgroup.into_non_cgroup", "%s", r);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return probe_error(errno, "open %s", dir);
	{
		char procs[sizeof(dir) + 16];

		snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
		probe_put("cgroup.procs_writable", "%s", access(procs, W_OK) == 0 ? "yes" : "no");
	}
	r = clone_into(fd, child, sizeof(child));
	close(fd);
	probe_put("cgroup.into_own", "%s", r);
	probe_put("cgroup.child", "%s", child);
	return 0;
}

int main(void)
{
	int r = probe_clone3_works();

	/* This probe checks clone3 itself: refused by a filter, there is nothing to fall back to. */
	if (nsb_clone3_refused(r))
		return probe_absent("clone3", NSB_IFACE_SYSCALL, r);
	if (abi())
		return PROBE_ERROR;
	/* time_reach() compares clone3 with unshare: a filter on every unshare leaves nothing to compare. */
	if (unshare(0) < 0)
		return probe_refused("unshare(0)", errno);
	time_reach();
	r = into_cgroup();
	if (r == 1)
		return probe_skip("no cgroup2 mount rooted at this cgroup namespace's root");
	return r ? PROBE_ERROR : probe_done();
}
