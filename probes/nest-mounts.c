/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nest-mounts - mount namespaces nested in user namespaces. Everything runs
 * in a child that first unshares its own mount ns and mounts a tmpfs on
 * /tmp, so nothing is mounted anywhere but there.
 *
 * stdout (errno names, "ok" for success):
 *   lock.outer_clear_rdonly  remount of a ro,nosuid,nodev,noexec mount as rw in
 *                            the mount ns where it was made
 *   lock.inner_clear_rdonly, lock.inner_clear_nosuid, lock.inner_clear_nodev,
 *   lock.inner_clear_noexec  the same remounts, each clearing one flag, from a
 *                            new user+mount ns (mount_namespaces(7): locked)
 *   lock.inner_keep          a remount there that keeps every flag
 *   pivot.not_mountpoint     pivot_root(2) to a directory that is no mount point
 *   pivot.put_old_outside    ... with put_old not below new_root
 *   pivot.notdir             ... with new_root a regular file
 *   pivot.unprivileged       ... without CAP_SYS_ADMIN
 *   pivot.ok                 pivot_root(2) onto a fresh tmpfs
 *   pivot.root_marker        whether the new "/" holds the marker file written before ("yes"/"no")
 *   pts.mount                mounting a new devpts instance
 *   pts.index                the index of the first pty of that instance
 *   pts.dev_differs          "yes" when its st_dev differs from /dev/pts's
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "common/errname.h"

#define LOCKED (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)

static const char *res(int r)
{
	return nsb_errno_name(r < 0 ? errno : 0);
}

static int remount(const char *path, unsigned long flags)
{
	return mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | flags, NULL);
}

/* In a new user+mount ns, the flags of mounts that came from the parent are locked. */
static int locked_child(void *unused __attribute__((unused)))
{
	static const struct {
		const char *key;
		unsigned long clear;
	} c[] = {
		{ "lock.inner_clear_rdonly", MS_RDONLY }, { "lock.inner_clear_nosuid", MS_NOSUID },
		{ "lock.inner_clear_nodev", MS_NODEV },   { "lock.inner_clear_noexec", MS_NOEXEC },
	};

	if (probe_enter_userns(0) < 0 || unshare(CLONE_NEWNS) < 0)
		return probe_error(errno, "new user+mount ns");
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		probe_put(c[i].key, "%s", res(remount("/tmp/lk", LOCKED & ~c[i].clear)));
	probe_put("lock.inner_keep", "%s", res(remount("/tmp/lk", LOCKED)));
	return probe_done();
}

static int locks(void)
{
	if (mkdir("/tmp/lk", 0700) < 0 ||
	    mount("nsb", "/tmp/lk", "tmpfs", LOCKED, "size=16k") < 0)
		return probe_error(errno, "mount tmpfs on /tmp/lk");
	if (probe_in_child(locked_child, NULL) != 0)
		return PROBE_ERROR;
	probe_put("lock.outer_clear_rdonly", "%s", res(remount("/tmp/lk", LOCKED & ~MS_RDONLY)));
	return 0;
}

static int pivot(const char *new_root, const char *put_old)
{
	return (int)syscall(SYS_pivot_root, new_root, put_old);
}

static int pivot_unpriv(void *unused __attribute__((unused)))
{
	cap_t none = cap_init();

	if (!none || cap_set_proc(none) < 0)
		return PROBE_ERROR;
	probe_put("pivot.unprivileged", "%s", res(pivot("/tmp/nr", "/tmp/nr/old")));
	return probe_done();
}

/*
 * A real pivot, in a mount ns of its own: pivot_root(2) moves the root of
 * every process of the mount ns that had the old one.
 */
static int pivot_child(void *unused __attribute__((unused)))
{
	struct stat st;

	if (unshare(CLONE_NEWNS) < 0)
		return probe_error(errno, "unshare(CLONE_NEWNS)");
	if (chdir("/tmp/nr") < 0 || pivot(".", "old") < 0) {
		probe_put("pivot.ok", "%s", nsb_errno_name(errno));
		probe_put("pivot.root_marker", "no");
		return probe_done();
	}
	probe_put("pivot.ok", "ok");
	probe_put("pivot.root_marker", "%s", stat("/marker", &st) == 0 ? "yes" : "no");
	return probe_done();
}

/* pivot_root(2) ERRORS, then a real pivot into a tmpfs. */
static int pivots(void)
{
	int fd;

	if (mkdir("/tmp/dir", 0700) < 0 || mkdir("/tmp/nr", 0700) < 0 ||
	    mount("nsb", "/tmp/nr", "tmpfs", 0, "size=16k") < 0 || mkdir("/tmp/nr/old", 0700) < 0)
		return probe_error(errno, "prepare the new root");
	fd = open("/tmp/nr/marker", O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0 || (close(fd), 0) || (fd = open("/tmp/file", O_CREAT | O_WRONLY | O_CLOEXEC, 0600)) < 0)
		return probe_error(errno, "create files");
	close(fd);
	probe_put("pivot.not_mountpoint", "%s", res(pivot("/tmp/dir", "/tmp/dir")));
	probe_put("pivot.put_old_outside", "%s", res(pivot("/tmp/nr", "/tmp/dir")));
	probe_put("pivot.notdir", "%s", res(pivot("/tmp/file", "/tmp/nr/old")));
	if (probe_in_child(pivot_unpriv, NULL) != 0 || probe_in_child(pivot_child, NULL) != 0)
		return PROBE_ERROR;
	return 0;
}

/* A devpts mounted again is a new instance (devpts "newinstance" is the default since 4.7). */
static int devpts(void)
{
	struct stat a, b;
	unsigned int idx = 0;
	int fd;

	if (mkdir("/tmp/pts", 0700) < 0)
		return probe_error(errno, "mkdir /tmp/pts");
	if (mount("devpts", "/tmp/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0600") < 0) {
		probe_put("pts.mount", "%s", nsb_errno_name(errno));
		return 0;
	}
	probe_put("pts.mount", "ok");
	fd = open("/tmp/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, TIOCGPTN, &idx) < 0)
		return probe_error(errno, "the new instance's ptmx");
	probe_put("pts.index", "%u", idx);
	close(fd);
	if (stat("/tmp/pts/ptmx", &a) < 0)
		return probe_error(errno, "stat");
	/* No /dev/pts here (a minimal system): any other st_dev is as good a witness. */
	if (stat("/dev/pts", &b) < 0 && stat("/dev", &b) < 0)
		return probe_error(errno, "stat /dev");
	probe_put("pts.dev_differs", "%s", a.st_dev != b.st_dev ? "yes" : "no");
	return 0;
}

static int run(void *unused __attribute__((unused)))
{
	if (unshare(CLONE_NEWNS) < 0)
		return probe_refused("unshare(CLONE_NEWNS)", errno);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("nsb", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=64k") < 0)
		return probe_error(errno, "mount tmpfs on /tmp");
	if (locks() || pivots() || devpts())
		return PROBE_ERROR;
	return probe_done();
}

int main(void)
{
	int r = probe_in_child(run, NULL);

	if (r == PROBE_SKIP)	/* it said why (skip=) */
		return PROBE_SKIP;
	if (r != 0)
		return probe_error(0, "the mount child failed (%d)", r);
	return probe_done();
}
