/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * procfs.h - writing the /proc files that set up a namespace: uid_map,
 * gid_map, setgroups (user_namespaces(7)), timens_offsets
 * (time_namespaces(7)), sysctls. One writer for the harness and the probes;
 * and the one reader of a process's cgroup view that both observe alike.
 */
#ifndef NSB_PROCFS_H
#define NSB_PROCFS_H

#include <stdbool.h>
#include <sys/types.h>

#include "step.h"

/*
 * The whole text file at @path (a /proc or /sys file, whose size stat(2)
 * does not tell), read to EOF with stdio, NUL-terminated, malloc(3)ed: the
 * caller frees it. NULL with errno set: fopen's, fread's, or ENOMEM.
 */
char *nsb_read_text(const char *path);

/*
 * Write s to path in one write(2), as these files require (a second write
 * to uid_map is EPERM). Returns 0 or -errno (-EIO on a short write); errno
 * is set to the positive value too.
 */
int nsb_write_file(const char *path, const char *s);

/* The same for /proc/<pid>/<name>; pid 0 means /proc/self. */
int nsb_write_proc(pid_t pid, const char *name, const char *s);

/* How nsb_map_root() treats /proc/<pid>/setgroups. */
enum nsb_setgroups {
	NSB_SETGROUPS_IF_NEEDED,	/* deny only when gid_map is refused without it */
	NSB_SETGROUPS_DENY,		/* deny first, as an unprivileged writer must */
};

/*
 * Map root of the user namespace of @pid (0: the caller's) to @uid and @gid
 * of its parent namespace ("0 <uid> 1"). An unprivileged writer must deny
 * setgroups before writing gid_map (user_namespaces(7), CVE-2014-8989).
 * Returns 0 or -errno; *ret_step (may be NULL) names the write that failed:
 * NSB_STEP_UID_MAP, NSB_STEP_SETGROUPS or NSB_STEP_GID_MAP.
 */
int nsb_map_root(pid_t pid, uid_t uid, gid_t gid, enum nsb_setgroups sg,
		 enum nsb_step *ret_step);

/*
 * Write the offsets of the time namespace @pid's children will enter (0:
 * the caller's), in seconds, to timens_offsets (time_namespaces(7)): only
 * possible before any process is in that namespace. Returns 0 or -errno.
 */
int nsb_write_time_offsets(pid_t pid, long long monotonic_s, long long boottime_s);

/* One observation: key=value, as the probes and the test parent print them. */
typedef void (*nsb_kv_fn)(void *arg, const char *key, const char *value);

/*
 * The cgroups of the calling process (cgroups(7), "/proc/[pid]/cgroup":
 * "hierarchy-ID:controller-list:cgroup-path"): fn(arg, "cgroup.<controllers>",
 * path) per line, "cgroup.unified" for cgroup v2's empty list, then
 * fn(arg, "cgroup.lines", "<n>"). Key characters outside [a-z0-9_.-] become
 * '_'. Returns the number of lines, or -errno if the file cannot be opened.
 */
int nsb_cgroup_paths(nsb_kv_fn fn, void *arg);

/*
 * Every cgroup or cgroup2 mount the calling process sees, from
 * /proc/self/mountinfo (proc(5): field 4 the root, field 5 the mount point):
 * fn(arg, mount point, root) in the file's order. Returns 0, or -errno if the
 * file cannot be opened.
 */
int nsb_cgroup_mounts(nsb_kv_fn fn, void *arg);

/* The mount roots of the cgroup mounts under /sys/fs/cgroup/ as fn(arg, "mountroot.<name>", root). */
int nsb_cgroup_mountroots(nsb_kv_fn fn, void *arg);

#endif
