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

static void sanitize(char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || strchr("_.-", *s)))
			*s = '_';
}

/* "4:memory:/a/b" -> cgroup.memory=/a/b */
static int report_cgroups(void)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	char line[1024], key[256];
	int n = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *ctrl = strchr(line, ':'), *path;

		if (!ctrl || !(path = strchr(ctrl + 1, ':')))
			continue;
		*path++ = '\0';
		path[strcspn(path, "\n")] = '\0';
		ctrl++;
		snprintf(key, sizeof(key), "cgroup.%s", *ctrl ? ctrl : "unified");
		sanitize(key);
		probe_put(key, "%s", path);
		n++;
	}
	fclose(f);
	probe_put("cgroup.lines", "%d", n);
	return 0;
}

/*
 * Mountinfo roots of cgroup mounts: under /sys/fs/cgroup as mountroot.<name>,
 * or the root of the mount on @dir into *dir_root.
 */
static int report_roots(const char *dir, char *dir_root, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096], root[PATH_MAX], mp[PATH_MAX], key[300];

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *sep = strstr(line, " - ");
		char fstype[32];

		if (!sep || sscanf(sep, " - %31s", fstype) != 1 || strncmp(fstype, "cgroup", 6) != 0 ||
		    sscanf(line, "%*d %*d %*s %4095s %4095s", root, mp) != 2)
			continue;
		if (dir) {
			if (strcmp(mp, dir) == 0)
				snprintf(dir_root, len, "%s", root);
		} else if (strncmp(mp, "/sys/fs/cgroup/", 15) == 0) {
			snprintf(key, sizeof(key), "mountroot.%s", mp + 15);
			sanitize(key);
			probe_put(key, "%s", root);
		}
	}
	fclose(f);
	return 0;
}

int main(int argc, char *argv[])
{
	char root[PATH_MAX] = "";
	int r;

	if (argc != 2 || argv[1][0] != '/')
		return probe_error(0, "usage: cgroup DIR");
	if ((r = report_cgroups()) < 0)
		return probe_error(-r, "/proc/self/cgroup");
	if ((r = report_roots(NULL, NULL, 0)) < 0)
		return probe_error(-r, "/proc/self/mountinfo");
	if (mount("nsb-cgroup2", argv[1], "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		probe_put("cgroup2.mount", "%s", nsb_errno_name(errno));
		return probe_done();
	}
	probe_put("cgroup2.mount", "ok");
	r = report_roots(argv[1], root, sizeof(root));
	umount2(argv[1], MNT_DETACH);
	if (r < 0)
		return probe_error(-r, "/proc/self/mountinfo");
	probe_put("cgroup2.root", "%s", root);
	return probe_done();
}
