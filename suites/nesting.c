/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nesting.c - "matryoshka": pid and user namespaces nested to the kernel's
 * limit, who owns what a nested user ns creates, and the per-user-ns
 * limits on namespace counts. The depth left depends on where the probe
 * starts (the machine, the lab and the combination already use levels), so
 * the rule compares the probe's own level with the test parent's, and the
 * depth with the level: never a fixed number of levels.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "suite.h"
#include "common/clone.h"
#include "common/procfs.h"

/* include/linux/pid_namespace.h: levels 0..MAX_PID_NS_LEVEL exist. */
#define MAX_PID_NS_LEVEL 32

#define M(t) NSB_MASK(NSB_NS_##t)

/* @key == (the integer observation @other) + @delta. */
static void expect_int_rel(struct nsb_check *k, const char *key, const char *other, long delta)
{
	const char *o = nsb_get(k, other);

	if (o)
		nsb_expect_int(k, key, NSB_EQ, strtol(o, NULL, 10) + delta);
}

/* @key == @base - (the integer observation @other). */
static void expect_int_left(struct nsb_check *k, const char *key, long base, const char *other)
{
	const char *o = nsb_get(k, other);

	if (o)
		nsb_expect_int(k, key, NSB_EQ, base - strtol(o, NULL, 10));
}

static void expect_depth(struct nsb_check *k)
{
	/* The probe stands one level below the test parent exactly for the types it got new. */
	expect_int_rel(k, "pid.level", "parent.pid_level", nsb_has(k, NSB_NS_PID));
	/* What is left below it, then ENOSPC (pid_namespaces(7), user_namespaces(7)). */
	expect_int_left(k, "pid.depth", MAX_PID_NS_LEVEL, "pid.level");
	nsb_expect_str(k, "pid.limit", NSB_EQ, "ENOSPC");
	/*
	 * No caller can see its user ns level (NS_GET_PARENT stops at its own
	 * with EPERM), so: one level less than the test parent found with user.
	 */
	expect_int_rel(k, "user.depth", "parent.user_depth", -(long)nsb_has(k, NSB_NS_USER));
	nsb_expect_str(k, "user.limit", NSB_EQ, "ENOSPC");
	/* A user ns belongs to its creator's euid and sits below the creator's user ns ... */
	nsb_expect_key(k, "owner.uid", NSB_EQ, "owner.creator_uid");
	nsb_expect_key(k, "owner.user_parent", NSB_EQ, "owner.self_user");
	/* ... and owns every namespace created together with it (clone(2)). */
	nsb_expect_key(k, "owner.net", NSB_EQ, "owner.child_user");
	nsb_expect_key(k, "owner.pid", NSB_EQ, "owner.child_user");
	nsb_expect_key(k, "owner.uts", NSB_EQ, "owner.child_user");
}

/* In a child: unshare(CLONE_NEWUSER) until refused, mapping the euid each time. */
static void __attribute__((noreturn)) user_chain(int fd)
{
	int res[2] = { 0, 0 };	/* the depth reached, the errno that ended the chain */

	for (;;) {
		uid_t uid = geteuid();
		gid_t gid = getegid();

		if (unshare(CLONE_NEWUSER) < 0) {
			res[1] = errno;
			break;
		}
		res[0]++;
		if (nsb_map_root(0, uid, gid, NSB_SETGROUPS_DENY, NULL) < 0)
			_exit(1);
	}
	(void)!write(fd, res, sizeof(res));
	_exit(0);
}

/*
 * Per-user-ns limits (/proc/sys/user, user_namespaces(7) and
 * kernel/ucount.c): a limit set in U1 stops creation in U1 and in every user
 * ns below it, whatever U2 sets for itself; a new user ns starts from the
 * default, not from its parent's current value; writing needs
 * CAP_SYS_RESOURCE over the owning user ns. The inotify instance limit is
 * one of these (inotify(7)): EMFILE at 0, while the probe's own user ns,
 * untouched, still gives one.
 */
static void expect_limits(struct nsb_check *k)
{
	static const char *const ok[] = { "outer.inotify", "u1.set_net_max_1", "u1.net_first",
					  "u1.set_inotify_max_0", "u2.set_net_max_100", "u2.uts",
					  NULL };

	for (size_t i = 0; ok[i]; i++)
		nsb_expect_str(k, ok[i], NSB_EQ, "ok");
	nsb_expect_str(k, "u1.net_second", NSB_EQ, "ENOSPC");
	nsb_expect_str(k, "u1.inotify", NSB_EQ, "EMFILE");
	nsb_expect_key(k, "u2.net_max_initial", NSB_EQ, "u1.net_max_initial");
	nsb_expect_str(k, "u2.net", NSB_EQ, "ENOSPC");
	nsb_expect_str(k, "u2.set_without_cap", NSB_EQ, "EACCES");
}

/*
 * Mount ns nested in user ns (mount_namespaces(7)): flags of mounts that
 * came from a more privileged mount ns are locked (clearing any one of
 * ro/nosuid/nodev/noexec is EPERM, keeping them works), while the mount ns
 * that made the mount may change them. pivot_root(2) and its ERRORS; a
 * devpts mount is a new instance (its first pty is 0, its own device).
 */
static void expect_mounts(struct nsb_check *k)
{
	static const char *const eperm[] = { "lock.inner_clear_rdonly", "lock.inner_clear_nosuid",
					     "lock.inner_clear_nodev", "lock.inner_clear_noexec",
					     "pivot.unprivileged", NULL };
	static const char *const ok[] = { "lock.inner_keep", "lock.outer_clear_rdonly", "pivot.ok",
					  "pts.mount", NULL };

	for (size_t i = 0; eperm[i]; i++)
		nsb_expect_str(k, eperm[i], NSB_EQ, "EPERM");
	for (size_t i = 0; ok[i]; i++)
		nsb_expect_str(k, ok[i], NSB_EQ, "ok");
	nsb_expect_str(k, "pivot.not_mountpoint", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "pivot.put_old_outside", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "pivot.notdir", NSB_EQ, "ENOTDIR");
	nsb_expect_str(k, "pivot.root_marker", NSB_EQ, "yes");
	nsb_expect_int(k, "pts.index", NSB_EQ, 0);
	nsb_expect_str(k, "pts.dev_differs", NSB_EQ, "yes");
}

/*
 * sysfs(5): /sys/class/net belongs to the net ns current at mount time.
 * Mounting it needs CAP_SYS_ADMIN over the user ns owning that net ns: the
 * probe's own net ns A is out of reach exactly when the combination gave it
 * a new user ns but no new net ns (A is then an ancestor's). The mount of A
 * keeps showing A after the probe moved to B; B's own mount differs.
 */
static void expect_sysfs(struct nsb_check *k)
{
	bool can_a = nsb_has(k, NSB_NS_NET) || !nsb_has(k, NSB_NS_USER);

	nsb_expect_choice(k, "sysfs.mount_a", can_a, "ok", "EPERM");
	nsb_expect_str(k, "sysfs.mount_b", NSB_EQ, "ok");
	nsb_expect_str(k, "sysfs.b_lo", NSB_NE, "0");
	if (can_a) {
		nsb_expect_key(k, "sysfs.a_lo_after", NSB_EQ, "sysfs.a_lo_before");
		nsb_expect_key(k, "sysfs.b_lo", NSB_NE, "sysfs.a_lo_before");
	}
}

/*
 * The test parent's own pid ns level, measured the way the probe measures
 * its own (alloc_pid() refuses more set_tid entries than level + 1 with
 * EINVAL before any other check), and how deep user ns nest below it.
 */
static int depth_before(struct nsb_tp *tp)
{
	pid_t t[MAX_PID_NS_LEVEL + 1];
	int p[2], depth = -1, res[2] = { -1, 0 };
	pid_t pid;

	for (int n = 1; n <= MAX_PID_NS_LEVEL + 1; n++) {
		struct clone_args a = { .exit_signal = SIGCHLD, .set_tid = (uint64_t)(uintptr_t)t,
					.set_tid_size = (uint64_t)n };
		long c;

		for (int i = 0; i < n; i++)
			t[i] = (pid_t)(310 + i);
		c = syscall(SYS_clone3, &a, sizeof(a));
		if (c == 0)
			_exit(0);
		if (c > 0) {
			(void)waitpid((pid_t)c, NULL, 0);
		} else if (errno == EINVAL) {
			nsb_tp_put(tp, "pid_level", "%d", n - 2);
			break;
		} else if (n == MAX_PID_NS_LEVEL + 1 && nsb_clone3_refused(errno)) {
			/* Never EINVAL: set_tid exists only in clone3 (5.5), refused by a filter. */
			return nsb_tp_refused(tp, "clone3(set_tid)", NSB_IFACE_SYSCALL, NSB_HOOK_NO_CAP, errno);
		}
	}
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid == 0)
		user_chain(p[1]);
	close(p[1]);
	if (pid > 0 && read(p[0], res, sizeof(res)) == sizeof(res))
		depth = res[0];
	close(p[0]);
	if (pid < 0)
		return -EAGAIN;
	(void)waitpid(pid, NULL, 0);
	if (depth < 0)
		return -EPROTO;
	/*
	 * Only the kernel's nesting limit (ENOSPC, EUSERS before 4.9) ends the
	 * chain at the depth left; a filter on unshare (EPERM) ends it anywhere.
	 */
	if (res[1] != ENOSPC && res[1] != EUSERS)
		return nsb_tp_refused(tp, "nested unshare(CLONE_NEWUSER)", NSB_IFACE_SYSCALL, NSB_HOOK_NO_CAP,
				      res[1]);
	nsb_tp_put(tp, "user_depth", "%d", depth);
	return 0;
}

/* Nested 32 levels deep costs a few ms each: only the combinations of pid and user. */
#define ONLY_PID_USER (NSB_ALL_MASK & ~(M(PID) | M(USER)))

static const struct nsb_test nesting_tests[] = {
	{ .name = "depth", .nest_pid = 1, .nest_user = 1, .probe = "nest-depth", .expect = expect_depth, .before = depth_before,
	  .excludes = ONLY_PID_USER, .properties = "SEM-20" },
	/* Limits are set only in user ns the probe creates; with and without a user ns above it. */
	{ .name = "userns-limits", .nest_user = 2, .probe = "nest-limits", .expect = expect_limits,
	  .excludes = NSB_ALL_MASK & ~M(USER), .properties = "SEM-21,USER-8" },
	/* The probe nests its own user+mount ns: with and without a user and a mount ns above. */
	{ .name = "mounts", .probe = "nest-mounts", .expect = expect_mounts,
	  .excludes = NSB_ALL_MASK & ~(M(USER) | M(MNT)), .properties = "USER-10,MNT-7,MNT-8" },
	{ .name = "sysfs-netns", .probe = "nest-sysfs", .expect = expect_sysfs,
	  .excludes = NSB_ALL_MASK & ~(M(USER) | M(NET)), .properties = "NET-5" },
};

const struct nsb_suite nsb_suite_nesting =
	NSB_SUITE("nesting", "pid and user namespaces nested to the limit; ownership; per-userns limits",
		  nesting_tests);
