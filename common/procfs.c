/* SPDX-License-Identifier: GPL-2.0-or-later */
/* procfs.c - /proc files read whole, and the setup files written in one write, for the harness and the probes. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <sys/syscall.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"

char *nsb_read_text(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0, got;
	int err = 0;

	if (!f)
		return NULL;
	for (;;) {
		char *b = realloc(buf, len + 4096 + 1);

		if (!b) {
			err = ENOMEM;
			break;
		}
		buf = b;
		got = fread(buf + len, 1, 4096, f);
		len += got;
		if (got < 4096) {
			if (ferror(f))
				err = errno ? errno : EIO;
			break;
		}
	}
	fclose(f);
	if (err) {
		free(buf);
		errno = err;
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

int nsb_write_file(const char *path, const char *s)
{
	size_t len = strlen(s);
	int fd = open(path, O_WRONLY | O_CLOEXEC), r = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, len);
	if (n < 0)
		r = -errno;
	else if ((size_t)n != len)
		r = -EIO;
	close(fd);
	errno = -r;
	return r;
}

/*
 * @pid (of our pid ns) as the /proc mounted here numbers it: /proc may
 * belong to another pid ns (unshare --pid --fork without --mount-proc), and
 * a pidfd's fdinfo "Pid:" line is translated into the pid ns of the /proc
 * it is read through (kernel/pid.c pidfd_show_fdinfo, 5.10+). Returns the
 * pid there, or @pid itself when that cannot be read (older kernels: /proc
 * is then trusted as before). 0 (not there) or the pid.
 */
static pid_t proc_pid(pid_t pid)
{
	char path[64], buf[512], *line;
	int fd = (int)syscall(SYS_pidfd_open, pid, 0), f;
	long v = -2;
	ssize_t n = -1;

	if (fd < 0)
		return pid;
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	/* One read (no stdio: the test parent calls this per test): fdinfo is a few short lines. */
	if ((f = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		n = read(f, buf, sizeof(buf) - 1);
		close(f);
	}
	close(fd);
	if (n > 0) {
		buf[n] = '\0';
		for (line = buf; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
			if (strncmp(line, "Pid:", 4) == 0) {
				char *end;
				long p = strtol(line + 4, &end, 10);

				if (end != line + 4)
					v = p;
				break;
			}
	}
	return v == -2 ? pid : v > 0 ? (pid_t)v : 0;
}

/* Write s to /proc/<pid>/<name> of the /proc mounted here, pid as it numbers it (0: self). */
static int write_proc_at(pid_t pid, const char *name, const char *s)
{
	char path[64];

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	else
		snprintf(path, sizeof(path), "/proc/self/%s", name);
	return nsb_write_file(path, s);
}

int nsb_write_proc(pid_t pid, const char *name, const char *s)
{
	if (pid && !(pid = proc_pid(pid)))
		return -ESRCH;	/* not visible in this /proc's pid ns */
	return write_proc_at(pid, name, s);
}

static int failed(int r, enum nsb_step step, enum nsb_step *ret_step)
{
	if (ret_step)
		*ret_step = step;
	errno = -r;
	return r;
}

int nsb_map_root(pid_t pid, uid_t uid, gid_t gid, enum nsb_setgroups sg,
		 enum nsb_step *ret_step)
{
	char map[64];
	int r;

	/* The pid as this /proc numbers it, found once for every file written below. */
	if (pid && !(pid = proc_pid(pid)))
		return failed(-ESRCH, NSB_STEP_UID_MAP, ret_step);
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)uid);
	if ((r = write_proc_at(pid, "uid_map", map)) < 0)
		return failed(r, NSB_STEP_UID_MAP, ret_step);
	if (sg == NSB_SETGROUPS_DENY && (r = write_proc_at(pid, "setgroups", "deny")) < 0)
		return failed(r, NSB_STEP_SETGROUPS, ret_step);
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)gid);
	r = write_proc_at(pid, "gid_map", map);
	if (r == -EPERM && sg == NSB_SETGROUPS_IF_NEEDED) {
		/* Without CAP_SETGID over the parent ns, setgroups must be denied first. */
		if ((r = write_proc_at(pid, "setgroups", "deny")) < 0)
			return failed(r, NSB_STEP_SETGROUPS, ret_step);
		r = write_proc_at(pid, "gid_map", map);
	}
	if (r < 0)
		return failed(r, NSB_STEP_GID_MAP, ret_step);
	return 0;
}

int nsb_write_time_offsets(pid_t pid, long long monotonic_s, long long boottime_s)
{
	char offs[96];

	snprintf(offs, sizeof(offs), "monotonic %lld 0\nboottime %lld 0\n", monotonic_s,
		 boottime_s);
	return nsb_write_proc(pid, "timens_offsets", offs);
}

/* A key as the judge reads it: [a-z0-9_.-], anything else '_'. */
static void key_sanitize(char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || strchr("_.-", *s)))
			*s = '_';
}

int nsb_cgroup_paths(nsb_kv_fn fn, void *arg)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	char line[1024], key[256], n_s[16];
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
		key_sanitize(key);
		fn(arg, key, path);
		n++;
	}
	fclose(f);
	snprintf(n_s, sizeof(n_s), "%d", n);
	fn(arg, "cgroup.lines", n_s);
	return n;
}

int nsb_cgroup_mounts(nsb_kv_fn fn, void *arg)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096], root[PATH_MAX], mp[PATH_MAX], fstype[32];

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *sep = strstr(line, " - ");

		if (!sep || sscanf(sep, " - %31s", fstype) != 1 || strncmp(fstype, "cgroup", 6) != 0 ||
		    sscanf(line, "%*d %*d %*s %4095s %4095s", root, mp) != 2)
			continue;
		fn(arg, mp, root);
	}
	fclose(f);
	return 0;
}

struct mountroots {
	nsb_kv_fn fn;
	void *arg;
};

static void mountroot(void *arg, const char *mp, const char *root)
{
	struct mountroots *m = arg;
	char key[300];

	if (strncmp(mp, "/sys/fs/cgroup/", 15) != 0)
		return;
	snprintf(key, sizeof(key), "mountroot.%s", mp + 15);
	key_sanitize(key);
	m->fn(m->arg, key, root);
}

int nsb_cgroup_mountroots(nsb_kv_fn fn, void *arg)
{
	return nsb_cgroup_mounts(mountroot, &(struct mountroots){ fn, arg });
}
