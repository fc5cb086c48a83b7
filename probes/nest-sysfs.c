/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nest-sysfs - /sys/class/net shows the net ns that was current when the
 * sysfs was mounted, not the reader's (sysfs(5)). In a child with its own
 * mount ns and a tmpfs on /tmp: sysfs mounted at /tmp/a in the probe's net
 * ns A, then unshare(CLONE_NEWNET) into B and a sysfs at /tmp/b.
 *
 * stdout:
 *   sysfs.mount_a      mounting sysfs in A ("ok" or errno: needs CAP_SYS_ADMIN
 *                      over the user ns owning A)
 *   sysfs.mount_b      mounting sysfs in B, which this child owns
 *   sysfs.a_lo_before  inode of /tmp/a/class/net/lo read from A (0 without the mount)
 *   sysfs.a_lo_after   the same read from B
 *   sysfs.b_lo         inode of /tmp/b/class/net/lo
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "common/errname.h"

static unsigned long long ino_of(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 ? 0 : (unsigned long long)st.st_ino;
}

static const char *mount_sysfs(const char *at)
{
	if (mkdir(at, 0700) < 0)
		return nsb_errno_name(errno);
	if (mount("sysfs", at, "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, NULL) < 0)
		return nsb_errno_name(errno);
	return "ok";
}

static int run(void)
{
	if (unshare(CLONE_NEWNS) < 0)
		return probe_refused("unshare(CLONE_NEWNS)", errno);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("nsb", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=16k") < 0)
		return probe_error(errno, "mount tmpfs on /tmp");
	probe_put("sysfs.mount_a", "%s", mount_sysfs("/tmp/a"));
	probe_put("sysfs.a_lo_before", "%llu", ino_of("/tmp/a/class/net/lo"));
	if (unshare(CLONE_NEWNET) < 0)
		return probe_refused("unshare(CLONE_NEWNET)", errno);
	probe_put("sysfs.mount_b", "%s", mount_sysfs("/tmp/b"));
	probe_put("sysfs.a_lo_after", "%llu", ino_of("/tmp/a/class/net/lo"));
	probe_put("sysfs.b_lo", "%llu", ino_of("/tmp/b/class/net/lo"));
	return probe_done();
}

int main(void)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(run());
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) == PROBE_ERROR ||
	    (WEXITSTATUS(st) && WEXITSTATUS(st) != PROBE_SKIP))
		return probe_error(0, "the sysfs child failed");
	if (WEXITSTATUS(st) == PROBE_SKIP)	/* it said why (skip=) */
		return PROBE_SKIP;
	return probe_done();
}
