/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mountapi.c - the new mount API inside a mount ns of the probe's own:
 * mount_setattr(2) propagation and MOVE_MOUNT_SET_GROUP (MNT-4),
 * listmount(2)/statmount(2) in its own and in the test parent's mount ns
 * (MNT-5), mount notifications per mount ns (MNT-9); and who may write
 * timens_offsets (TIME-4).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/stat.h>	/* struct statx, where the C library has none (musl: nsbench-tp) */

#include "suite.h"
#include "common/errname.h"
#include "common/timens.h"
#include "common/uapi.h"

#define M(t) NSB_MASK(NSB_NS_##t)
/* TIME-4 offsets, written by the probe in time ns it makes (3 days). */
#define OWN_MONO_S 259200
#define NS_PER_S 1000000000LL
#define STR_(x) #x
#define STR(x) STR_(x)

/*
 * MNT-4: mount_setattr(2) with .propagation changes a mount exactly as
 * mount(2) with the same MS_* flag (mount_namespaces(7): a private mount
 * made shared gets shared:N; MS_SLAVE of a shared mount without other
 * peers leaves it private; unbindable; private). Only one propagation
 * type at a time and only on a mount root (EINVAL), and CAP_SYS_ADMIN
 * (EPERM). MOVE_MOUNT_SET_GROUP (move_mount(2)): the target joins the
 * source's peer group, which becomes its master after MS_SLAVE; EINVAL for
 * a source that is no mount root, another superblock, a target already in
 * a group, a source in none.
 */
static void expect_propagation(struct nsb_check *k)
{
	static const char *const how[] = { "shared", "slave", "unbindable", "private" };
	static const char *const want[] = { "shared", "none", "unbindable", "none" };
	static const char *const einval[] = { "prop.two_bits", "prop.not_root", "group.not_root",
					      "group.other_sb", "group.to_shared",
					      "group.from_private", NULL };
	char s[64], m[64];

	for (size_t i = 0; i < sizeof(how) / sizeof(how[0]); i++) {
		snprintf(s, sizeof(s), "prop.setattr.%s", how[i]);
		snprintf(m, sizeof(m), "prop.mount.%s", how[i]);
		nsb_expect_str(k, s, NSB_EQ, want[i]);
		nsb_expect_key(k, s, NSB_EQ, m);
	}
	for (size_t i = 0; einval[i]; i++)
		nsb_expect_str(k, einval[i], NSB_EQ, "EINVAL");
	nsb_expect_str(k, "prop.nocap", NSB_EQ, "EPERM");
	nsb_expect_str(k, "group.a", NSB_EQ, "shared");
	nsb_expect_str(k, "group.a_id", NSB_NE, "0");
	nsb_expect_str(k, "group.set", NSB_EQ, "ok");
	nsb_expect_str(k, "group.b", NSB_EQ, "shared");
	nsb_expect_key(k, "group.b_id", NSB_EQ, "group.a_id");
	nsb_expect_key(k, "group.slave_master", NSB_EQ, "group.a_id");
}

/*
 * MNT-5: statmount(2) reports the mount ns a mount belongs to (the id
 * NS_GET_MNTNS_ID gives), listmount(2) lists the caller's ns only (the
 * mount just made, all of /proc/self/mountinfo, never the parent's
 * tmpfs), the same list one id at a time. Another mount ns by id needs
 * CAP_SYS_ADMIN over its owner: the test parent's ns is owned by the
 * parent's user ns, out of reach exactly when the combination gives the
 * probe a user ns of its own: statmount(2) then says EPERM, while
 * listmount(2) answers as if the ns did not exist (ENOENT), both as tried
 * on 6.18.
 */
static void expect_listmount(struct nsb_check *k)
{
	static const char *const einval[] = { "err.sm_flags", "err.sm_size", "err.lm_flags", NULL };
	static const char *const enoent[] = { "err.sm_noent", "err.lm_noent", "err.ns_noent", NULL };
	bool reach = !nsb_has(k, NSB_NS_USER);

	nsb_expect_key(k, "ns.parent", NSB_EQ, "parent.mntns_id");
	nsb_expect_key(k, "ns.parent_mnt", NSB_EQ, "parent.mnt_id");
	/* Our own mount ns exactly when the combination has mnt. */
	if (nsb_has(k, NSB_NS_MNT))
		nsb_expect_key(k, "ns.own", NSB_NE, "parent.mntns_id");
	else
		nsb_expect_key(k, "ns.own", NSB_EQ, "parent.mntns_id");
	nsb_expect_str(k, "sm.self", NSB_EQ, "ok");
	nsb_expect_key(k, "sm.ns_id", NSB_EQ, "ns.own");
	nsb_expect_str(k, "sm.is_a", NSB_EQ, "yes");
	nsb_expect_str(k, "lm.self", NSB_EQ, "ok");
	nsb_expect_key(k, "lm.count", NSB_EQ, "mi.count");
	nsb_expect_str(k, "lm.has_new", NSB_EQ, "yes");
	nsb_expect_choice(k, "lm.has_parent", !nsb_has(k, NSB_NS_MNT), "yes", "no");
	nsb_expect_str(k, "lm.iter_same", NSB_EQ, "yes");
	nsb_expect_choice(k, "other.listmount", reach, "ok", "ENOENT");
	nsb_expect_choice(k, "other.statmount", reach, "ok", "EPERM");
	if (reach)
		nsb_expect_key(k, "other.ns_id", NSB_EQ, "parent.mntns_id");
	for (size_t i = 0; einval[i]; i++)
		nsb_expect_str(k, einval[i], NSB_EQ, "EINVAL");
	for (size_t i = 0; enoent[i]; i++)
		nsb_expect_str(k, enoent[i], NSB_EQ, "ENOENT");
	nsb_expect_str(k, "err.sm_nobuf", NSB_EQ, "EFAULT");
	nsb_expect_str(k, "err.lm_noreq", NSB_EQ, "EFAULT");
	nsb_expect_str(k, "err.sm_small", NSB_EQ, "EOVERFLOW");
}

/*
 * The test parent, in a private mount ns (.mutates), mounts a tmpfs on
 * /run and leaves its mount ns id and that mount's unique id there for
 * the probe, whose mount ns starts as a copy.
 */
static int mntns_before(struct nsb_tp *tp)
{
	uint64_t ns = 0;
	struct statx stx;
	char line[64];
	int fd, len, r = 0;

	fd = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, NS_GET_MNTNS_ID, &ns) < 0)
		r = -errno;
	close(fd);
	if (r < 0)	/* 6.11: a kernel without it answers ENOTTY */
		return nsb_tp_refused(tp, "NS_GET_MNTNS_ID", NSB_IFACE_IOCTL, NSB_HOOK_NO_CAP, r);
	if (mount("nsb", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "size=16k") < 0 ||
	    syscall(SYS_statx, AT_FDCWD, "/run", 0, NSB_STATX_MNT_ID_UNIQUE, &stx) < 0)	/* musl 1.2.3: no wrapper */
		return -errno;
	/* 6.8: statx ignores a mask bit it does not know; the answer lacks it. */
	if (!(stx.stx_mask & NSB_STATX_MNT_ID_UNIQUE))
		return nsb_tp_refused(tp, "statx(STATX_MNT_ID_UNIQUE)", NSB_IFACE_FLAG, NSB_HOOK_NO_CAP, EOPNOTSUPP);
	nsb_tp_put(tp, "mntns_id", "%llu", (unsigned long long)ns);
	nsb_tp_put(tp, "mnt_id", "%llu", (unsigned long long)stx.stx_mnt_id);
	len = snprintf(line, sizeof(line), "%llu %llu\n", (unsigned long long)ns,
		       (unsigned long long)stx.stx_mnt_id);
	fd = open("/run/nsb-mntns", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (write(fd, line, (size_t)len) != len)
		r = -EIO;
	close(fd);
	return r;
}

static long long obs_ll(struct nsb_check *k, const char *key)
{
	const char *v = nsb_get(k, key);

	return v ? strtoll(v, NULL, 10) : 0;
}

/*
 * TIME-4 (time_namespaces(7)): timens_offsets is writable only for a time
 * ns nobody has entered yet, and only with CAP_SYS_TIME over its owner.
 * Without a fresh ns of its own, the probe's time_for_children is the ns
 * it lives in, which the test parent made (spawn.c writes the offsets
 * before the child exists) or the lab's: owned by the parent's user ns,
 * out of reach with a user ns of the probe's own (EPERM); within reach,
 * its own ns has been entered (EACCES), and the lab's gives the answer
 * the parent got. A user ns alone gives no time ns (EPERM); a user ns and
 * a time ns made together: the new time ns belongs to the new user ns,
 * its offsets can be written and a child sees them, relative to the
 * machine's clock (not to the probe's, which carries the harness's offset
 * when time is in the combination).
 */
static void expect_timens(struct nsb_check *k)
{
	/* The probe's clock carries its time ns's offset: nsbench's, or the one nsbench started in. */
	long long shift = (long long)OWN_MONO_S * NS_PER_S - nsb_probe_time_offset_ns(k, "monotonic");

	nsb_expect_str(k, "parent.tfc_write", NSB_NE, "ok");
	if (nsb_has(k, NSB_NS_USER))
		nsb_expect_str(k, "tfc.write", NSB_EQ, "EPERM");
	else if (nsb_has(k, NSB_NS_TIME))
		nsb_expect_str(k, "tfc.write", NSB_EQ, "EACCES");
	else
		nsb_expect_key(k, "tfc.write", NSB_EQ, "parent.tfc_write");
	nsb_expect_str(k, "user_only.unshare", NSB_EQ, "ok");
	nsb_expect_str(k, "user_only.write", NSB_EQ, "EPERM");
	nsb_expect_str(k, "user_time.unshare", NSB_EQ, "ok");
	nsb_expect_str(k, "user_time.owner_is_new", NSB_EQ, "yes");
	nsb_expect_str(k, "user_time.write", NSB_EQ, "ok");
	nsb_expect_between(k, "user_time.child_mono", obs_ll(k, "user_time.before") + shift,
			   obs_ll(k, "user_time.after") + shift);
}

/* The same write from the test parent (the lab's time ns, never a fresh one). */
static int timens_before(struct nsb_tp *tp)
{
	int fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
	const char *s = "monotonic 1 0\n";
	int err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		err = errno;
	close(fd);
	nsb_tp_put(tp, "tfc_write", "%s", nsb_errno_name(err));
	return 0;
}

/*
 * MNT-9 (fanotify(7), 6.15+): a FAN_MARK_MNTNS mark reports the mounts
 * attached to and detached from that mount ns only: our mount to the
 * group marking our ns and not to the group marking the child's, and the
 * reverse, each event naming the mount's unique id. Marks need an ns file
 * (EINVAL for a directory) and only mount events (EINVAL for FAN_OPEN).
 * Both marked namespaces are the probe's (owned by its user ns, whichever
 * that is), so as tried on 6.18 nothing here depends on the combination:
 * FAN_REPORT_MNT and the marks work in a user ns of the probe's own too.
 */
static void expect_notify(struct nsb_check *k)
{
	static const char *const ok[] = { "fan.init", "fan.mark_own", "fan.mark_other", NULL };

	for (size_t i = 0; ok[i]; i++)
		nsb_expect_str(k, ok[i], NSB_EQ, "ok");
	nsb_expect_str(k, "own.attach", NSB_EQ, "attach:same");
	nsb_expect_str(k, "other.after_own", NSB_EQ, "none");
	nsb_expect_str(k, "other.attach", NSB_EQ, "attach:same");
	nsb_expect_str(k, "own.after_other", NSB_EQ, "none");
	nsb_expect_str(k, "own.detach", NSB_EQ, "detach:same");
	nsb_expect_str(k, "err.not_ns", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "err.bad_mask", NSB_EQ, "EINVAL");
}

/* Four combinations each: with and without a user ns, and pid (a fresh /proc) or time. */
static const struct nsb_test mountapi_tests[] = {
	/* mount_setattr (5.12), MOVE_MOUNT_SET_GROUP (5.15): no listmount, no mnt ns ids. */
	{ .name = "propagation", .probe = "mountapi", .args = NSB_ARGS("propagation"),
	  .expect = expect_propagation, .needs = M(MNT),
	  .excludes = NSB_ALL_MASK & ~(M(USER) | M(MNT) | M(PID)), .properties = "MNT-4" },
	{ .name = "listmount", .probe = "mountapi", .args = NSB_ARGS("listmount"),
	  .expect = expect_listmount,
	  .before = mntns_before, .mutates = M(MNT), .needs = M(MNT),
	  .excludes = NSB_ALL_MASK & ~(M(USER) | M(MNT) | M(PID)), .properties = "MNT-5" },
	{ .name = "mount-notify", .probe = "mountapi-notify", .expect = expect_notify,
	  .needs = M(MNT),
	  .excludes = NSB_ALL_MASK & ~(M(USER) | M(MNT) | M(PID)), .properties = "MNT-9" },
	{ .name = "timens-offsets", .nest_user = 1, .probe = "mountapi-timens", .args = NSB_ARGS(STR(OWN_MONO_S)),
	  .expect = expect_timens, .before = timens_before,
	  .excludes = NSB_ALL_MASK & ~(M(USER) | M(TIME)), .properties = "TIME-4" },
};

const struct nsb_suite nsb_suite_mountapi =
	NSB_SUITE("mountapi",
		  "mount_setattr propagation, set-group, listmount/statmount, mount notifications; "
		  "timens offsets",
		  mountapi_tests);
