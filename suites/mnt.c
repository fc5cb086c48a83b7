/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mnt.c - mount namespace isolation and propagation (MNT-1, MNT-2, MNT-3).
 * The test parent unshares its own mount namespace (.mutates) and mounts a
 * tmpfs on MNT_BASE there, so every mount below it, the parent's and the
 * probe's alike, lives in namespaces private to the test: without mnt in
 * the combination the probe's mounts land in the parent's private
 * namespace, which is the negative control. Nothing reaches the lab's
 * mounts (made private when the lab was built) or the machine's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "suite.h"

/*
 * The tmpfs goes over a sysfs directory: one that can never hold the probes
 * (NSBENCH_PROBE_DIR may well be under /tmp) nor anything a probe needs.
 */
#define MNT_BASE "/sys/fs"

static const char *const modes[] = { "shared", "slave", "private", "unbindable" };

/* A tmpfs on MNT_BASE/name (made first unless name is ""), then its propagation type. */
static int mnt_tmpfs(const char *name, unsigned long propagation)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", MNT_BASE, name);
	if (*name && mkdir(path, 0755) < 0)
		return -errno;
	if (mount("nsb-parent", path, "tmpfs", 0, "size=16k,mode=755") < 0)
		return -errno;
	if (propagation && mount(NULL, path, NULL, propagation, NULL) < 0)
		return -errno;
	return 0;
}

static int mkdirs(const char *dir, const char *const *subs)
{
	char path[PATH_MAX];

	for (; *subs; subs++) {
		snprintf(path, sizeof(path), "%s/%s/%s", MNT_BASE, dir, *subs);
		if (mkdir(path, 0755) < 0)
			return -errno;
	}
	return 0;
}

/*
 * MNT_BASE/shared (shared), /master (shared) with its bind MNT_BASE/slave
 * made a slave of it, /private, /unbindable; each with c and p inside.
 */
static int mnt_before(struct nsb_tp *tp)
{
	static const char *const cp[] = { "c", "p", NULL };
	char master[PATH_MAX], slave[PATH_MAX];
	int r;

	(void)tp;
	if ((r = mnt_tmpfs("", MS_PRIVATE)) < 0 ||
	    (r = mnt_tmpfs("shared", MS_SHARED)) < 0 ||
	    (r = mnt_tmpfs("master", MS_SHARED)) < 0 ||
	    (r = mnt_tmpfs("private", MS_PRIVATE)) < 0 ||
	    (r = mkdirs("shared", cp)) < 0 || (r = mkdirs("master", cp)) < 0 ||
	    (r = mkdirs("private", cp)) < 0 || (r = mkdirs("", (const char *const[]){ "slave", "bind", NULL })) < 0)
		return r;
	snprintf(master, sizeof(master), "%s/master", MNT_BASE);
	snprintf(slave, sizeof(slave), "%s/slave", MNT_BASE);
	/* A bind of a shared mount joins its peer group; MS_SLAVE then makes it a slave of it. */
	if (mount(master, slave, NULL, MS_BIND, NULL) < 0 || mount(NULL, slave, NULL, MS_SLAVE, NULL) < 0)
		return -errno;
	/* Unbindable last: its c and p must exist before it can no longer be bound. */
	if ((r = mnt_tmpfs("unbindable", 0)) < 0 || (r = mkdirs("unbindable", cp)) < 0)
		return r;
	if (mount(NULL, MNT_BASE "/unbindable", NULL, MS_UNBINDABLE, NULL) < 0)
		return -errno;
	return 0;
}

static int is_mount_point(const char *path)
{
	char up[PATH_MAX];
	struct stat a, b;

	snprintf(up, sizeof(up), "%s/..", path);
	if (stat(path, &a) < 0 || stat(up, &b) < 0)
		return -errno;
	return a.st_dev != b.st_dev;
}

/* While the probe waits: did its c mounts reach us? Then mount our p ones (slave: via its master). */
static int mnt_during(struct nsb_tp *tp)
{
	char path[PATH_MAX], key[64];
	int r;

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s/c", MNT_BASE, modes[i]);
		if ((r = is_mount_point(path)) < 0)
			return r;
		snprintf(key, sizeof(key), "%s.c", modes[i]);
		nsb_tp_put(tp, key, "%d", r);
	}
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s/p", MNT_BASE, i == 1 ? "master" : modes[i]);
		if (mount("nsb-p", path, "tmpfs", 0, "size=16k") < 0)
			return -errno;
	}
	return 0;
}

/*
 * mount_namespaces(7): a new mount ns is a copy of the parent's (MNT-1), whose
 * mounts keep their propagation type: events cross between peers (shared),
 * only from master to slave (slave), never for private or unbindable ones,
 * so a new mount ns alone hides mounts both ways (MNT-2). Made together with
 * a new user ns (less privileged), shared mounts become slaves and inherited
 * mounts are locked: they cannot be unmounted apart from their parent (MNT-3).
 * Without mnt everything happens in the parent's own namespace.
 */
static void expect_mnt(struct nsb_check *k)
{
	bool mnt = nsb_has(k, NSB_NS_MNT), user = nsb_has(k, NSB_NS_USER);
	bool can_mount = mnt || !user;
	char key[64];

	nsb_expect_int(k, "base.seen", NSB_EQ, 1);
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		const char *m = modes[i];
		bool shared = i == 0, slave = i == 1;
		const char *type = mnt && user && shared ? "slave" : m;
		bool up = !mnt ? can_mount : shared && !user;	/* our c reaches the parent */
		bool down = !mnt || shared || slave;		/* the parent's p reaches us */

		snprintf(key, sizeof(key), "%s.type", m);
		if (!mnt || i != 3)
			nsb_expect_str(k, key, NSB_EQ, type);
		snprintf(key, sizeof(key), "%s.mount", m);
		nsb_expect_choice(k, key, can_mount, "ok", "EPERM");
		snprintf(key, sizeof(key), "parent.%s.c", m);
		nsb_expect_int(k, key, NSB_EQ, up);
		snprintf(key, sizeof(key), "%s.p", m);
		nsb_expect_int(k, key, NSB_EQ, down);
	}
	/*
	 * Only the parent's own unbindable mount is judged: on 6.18 its copy in a
	 * new mount ns shows no "unbindable" in mountinfo and can be bound, and
	 * mount_namespaces(7) does not say what the copy should be (docs/namespaces/mnt.md).
	 */
	if (!mnt)
		nsb_expect_choice(k, "bind.unbindable", can_mount, "EINVAL", "EPERM");
	nsb_expect_str(k, "umount.inherited", NSB_EQ, !can_mount ? "EPERM" : mnt && user ? "EINVAL" : "ok");
}

static const struct nsb_test mnt_tests[] = {
	{ .name = "propagation", .probe = "mnt", .args = NSB_ARGS(MNT_BASE), .expect = expect_mnt,
	  .before = mnt_before, .during = mnt_during, .mutates = NSB_MASK(NSB_NS_MNT),
	  .properties = "MNT-1,MNT-2,MNT-3" },
};

const struct nsb_suite nsb_suite_mnt =
	NSB_SUITE("mnt", "mount namespaces: visibility both ways, propagation types, locked mounts", mnt_tests);
