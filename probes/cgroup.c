/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cgroup - this process's cgroup paths, which the kernel shows relative to
 * the reader's cgroup namespace root (cgroup_namespaces(7)), and whether it
 * may mount cgroup2 on argv[1] (a directory on the test parent's private
 * tmpfs).
 *
 * usage: cgroup DIR
 * stdout:
 *   cgroup.lines        number of lines in /proc/self/cgroup
 *   cgroup.<hierarchy>  the path of each line; <hierarchy> is the controller
 *                       list ("unified" for the v2 line "0::"), characters
 *                       outside [a-z0-9_.-] as '_'
 *   mountroot.<name>    the root field of /proc/self/mountinfo for each
 *                       cgroup/cgroup2 mount at /sys/fs/cgroup/<name>; a
 *                       hierarchy whose root lies above our ns root reads
 *                       "/../.."
 *   cgroup2.mount       mount("cgroup2", DIR): "ok" or the errno name (EPERM
 *                       without CAP_SYS_ADMIN over the owner of both our
 *                       mount ns and our cgroup ns)
 *   cgroup2.root        the mountinfo root of that mount, when it worked
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "probe.h"
#include "common/errname.h"
#include "common/procfs.h"

static void put(void *arg, const char *key, const char *value)
{
	(void)arg;
	probe_put(key, "%s", value);
}

struct dir_root {
	const char *dir;
	char root[PATH_MAX];
};

/* The mountinfo root of the cgroup mount on d->dir. */
static void dir_root(void *arg, const char *mp, const char *root)
{
	struct dir_root *d = arg;

	if (strcmp(mp, d->dir) == 0)
		snprintf(d->root, sizeof(d->root), "%s", root);
}

int main(int argc, char *argv[])
{
	struct dir_root d = { .root = "" };
	int r;

	if (argc != 2 || argv[1][0] != '/')
		return probe_error(0, "usage: cgroup DIR");
	if ((r = nsb_cgroup_paths(put, NULL)) < 0)
		return probe_error(-r, "/proc/self/cgroup");
	if ((r = nsb_cgroup_mountroots(put, NULL)) < 0)
		return probe_error(-r, "/proc/self/mountinfo");
	if (mount("nsb-cgroup2", argv[1], "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		probe_put("cgroup2.mount", "%s", nsb_errno_name(errno));
		return probe_done();
	}
	probe_put("cgroup2.mount", "ok");
	d.dir = argv[1];
	r = nsb_cgroup_mounts(dir_root, &d);
	umount2(argv[1], MNT_DETACH);
	if (r < 0)
		return probe_error(-r, "/proc/self/mountinfo");
	probe_put("cgroup2.root", "%s", d.root);
	return probe_done();
}
