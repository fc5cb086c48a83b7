/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mnt - mount visibility and propagation as seen from this process. The
 * test parent, in a private mount namespace inside the lab, mounted a
 * tmpfs on BASE (argv[1]) and under it one tmpfs per propagation type,
 * BASE/<mode> for mode in shared, slave (a slave of BASE/master), private,
 * unbindable; each has empty directories c (for us) and p (for the parent).
 *
 * usage: mnt BASE
 * stdout, per mode:
 *   <mode>.type      propagation of our BASE/<mode> from /proc/self/mountinfo:
 *                    shared, slave, shared+slave, private or unbindable
 *   <mode>.mount     mount a tmpfs on BASE/<mode>/c: "ok" or the errno name
 *   (sync: the parent now looks for our c mounts, then mounts its p ones)
 *   <mode>.p         1 when BASE/<mode>/p is a mount point here now
 * and once:
 *   base.seen        1 when BASE is a mount point here (the tree was copied)
 *   bind.unbindable  bind-mount BASE/unbindable on BASE/bind: EINVAL (unbindable),
 *                    or EPERM without CAP_SYS_ADMIN over our mount ns
 *   umount.inherited umount2(BASE/private, MNT_DETACH) at the end: "ok", EINVAL
 *                    (a mount locked by a less privileged mount ns,
 *                    mount_namespaces(7)) or EPERM
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "probe.h"
#include "common/errname.h"
#include "common/procfs.h"

static const char *const modes[] = { "shared", "slave", "private", "unbindable" };
#define N_MODES (sizeof(modes) / sizeof(modes[0]))

/* A mount point sits on another device than its parent directory. */
static int is_mount_point(const char *path)
{
	char up[PATH_MAX];
	struct stat a, b;

	snprintf(up, sizeof(up), "%s/..", path);
	if (stat(path, &a) < 0 || stat(up, &b) < 0)
		return -errno;
	return a.st_dev != b.st_dev;
}

/* Optional fields of the topmost mount on @path (proc_pid_mountinfo(5)) in @info. */
static int propagation(const char *info, const char *path, char *type, size_t len)
{
	char line[4096], mp[PATH_MAX];
	int found = 0;

	while (*info) {
		size_t l = strcspn(info, "\n");
		char *opt, *end;
		bool shared, slave;

		snprintf(line, sizeof(line), "%.*s", (int)l, info);
		info += l + (info[l] == '\n');
		if (sscanf(line, "%*d %*d %*s %*s %4095s", mp) != 1 || strcmp(mp, path) != 0)
			continue;
		/* The optional fields run from after the 6th field up to " - ". */
		end = strstr(line, " - ");
		if (!end)
			continue;
		*end = '\0';
		opt = line;
		for (int i = 0; i < 6 && opt; i++)
			opt = strchr(opt + 1, ' ');
		opt = opt ? opt : end;
		shared = strstr(opt, " shared:") != NULL;
		slave = strstr(opt, " master:") != NULL;
		snprintf(type, len, "%s", shared && slave ? "shared+slave" : shared ? "shared" :
			 slave ? "slave" : strstr(opt, " unbindable") ? "unbindable" : "private");
		found = 1;
	}
	return found ? 0 : -ENOENT;
}

static const char *try(int r)
{
	return nsb_errno_name(r < 0 ? errno : 0);
}

int main(int argc, char *argv[])
{
	char path[PATH_MAX], target[PATH_MAX], type[32], *info;
	const char *base;
	int r;

	if (argc != 2 || argv[1][0] != '/')
		return probe_error(0, "usage: mnt BASE");
	base = argv[1];
	r = is_mount_point(base);
	if (r < 0)
		return probe_error(-r, "stat %s", base);
	probe_put("base.seen", "%d", r);
	/*
	 * Read once: the kernel formats every mount of the namespace per read,
	 * and the c mounts made below do not change BASE/<mode>'s propagation.
	 */
	info = nsb_read_text("/proc/self/mountinfo");
	if (!info)
		return probe_error(errno, "read /proc/self/mountinfo");
	for (size_t i = 0; i < N_MODES; i++) {
		char key[64];

		snprintf(path, sizeof(path), "%s/%s", base, modes[i]);
		r = propagation(info, path, type, sizeof(type));
		if (r < 0) {
			free(info);
			return probe_error(-r, "mountinfo %s", path);
		}
		snprintf(key, sizeof(key), "%s.type", modes[i]);
		probe_put(key, "%s", type);
		snprintf(path, sizeof(path), "%s/%s/c", base, modes[i]);
		snprintf(key, sizeof(key), "%s.mount", modes[i]);
		probe_put(key, "%s", try(mount("nsb-c", path, "tmpfs", 0, "size=16k")));
	}
	free(info);
	snprintf(path, sizeof(path), "%s/unbindable", base);
	snprintf(target, sizeof(target), "%s/bind", base);
	probe_put("bind.unbindable", "%s", try(mount(path, target, NULL, MS_BIND, NULL)));

	r = probe_sync("mounted");
	if (r < 0)
		return probe_error(-r, "sync");
	for (size_t i = 0; i < N_MODES; i++) {
		char key[64];

		snprintf(path, sizeof(path), "%s/%s/p", base, modes[i]);
		r = is_mount_point(path);
		if (r < 0)
			return probe_error(-r, "stat %s", path);
		snprintf(key, sizeof(key), "%s.p", modes[i]);
		probe_put(key, "%d", r);
	}
	snprintf(path, sizeof(path), "%s/private", base);
	probe_put("umount.inherited", "%s", try(umount2(path, MNT_DETACH)));
	return probe_done();
}
