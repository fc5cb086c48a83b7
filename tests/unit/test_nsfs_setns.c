/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_nsfs_setns.c - the nsfs.ioctls and setns.join rules fed with what
 * the kernel reports (built here per combination) and with single lies:
 * each wrong errno must turn the verdict to fail, a missing key to error.
 * This also covers what a run on this machine never shows: a test parent
 * without CAP_SYS_ADMIN (then every refusal flips to EPERM).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka-wrap.h"
#include "suites/expect.h"
#include "common/timens.h"
#include "suites/suite.h"

#define HAS(c, t) (((c) >> (t)) & 1u)

#include "obsbuf.h"
}

static enum nsb_verdict judge(const char *suite, const char *name, unsigned combo, struct obs *o,
			      char *reason)
{
	const struct nsb_test *t = nsb_test_find(suite, name);
	char why[256];

	assert_non_null(t);
	enum nsb_verdict v = nsb_judge_text(t, combo, o->buf, o->len, "nsb-t1", why, sizeof(why));
	if (reason)
		snprintf(reason, 256, "%s", why);
	return v;
}

/* ---- setns.join: what the kernel answers, for a combination and the parent's capability ---- */

/* The target's time offset in days: the probe's argv[2] in the setns.join row. */
static long long target_offset_days(void)
{
	const struct nsb_test *t = nsb_test_find("setns", "join");

	assert_non_null(t);
	assert_non_null(t->args[1]);
	return atoll(t->args[1]);
}

static void setns_truth(struct obs *o, unsigned combo, int parent_cap)
{
	int user = HAS(combo, NSB_NS_USER), cap = user || parent_cap;
	int owns_uts = cap && (HAS(combo, NSB_NS_UTS) || !user);
	int owns_mnt = cap && (HAS(combo, NSB_NS_MNT) || !user);
	char key[64];

	memset(o, 0, sizeof(*o));
	o->len = (size_t)snprintf(o->buf, sizeof(o->buf), "\n");
	/* Root's full set, or none: CAP_SYS_CHROOT (mnt.shared_fs) goes with CAP_SYS_ADMIN here. */
	put(o, "parent.cap_eff", "%s", parent_cap ? "0x1ffffffffff" : "0");
	put(o, "cap_sys_admin", "%d", cap);
	put(o, "all.setns", "ok");
	for (int i = 0; i < _NSB_NS_MAX; i++) {
		const char *name = nsb_nstypes[nsb_ns_join_order[i]].name;

		snprintf(key, sizeof(key), "all.same.%s", name);
		put(o, key, "1");
		snprintf(key, sizeof(key), "fd0.%s", name);
		put(o, key, "ok");
		snprintf(key, sizeof(key), "err.mismatch.%s", name);
		put(o, key, "EINVAL");
		snprintf(key, sizeof(key), "nocap.%s", name);
		if (i)
			put(o, key, "EPERM");
	}
	put(o, "all.own_pid_kept", "1");
	put(o, "all.child_in_target", "1");
	put(o, "all.time_jump_days", "%lld",
	    target_offset_days() - (HAS(combo, NSB_NS_TIME) ? NSB_TIME_OFFSET_MONOTONIC_S / 86400 : 0));
	put(o, "before.procnet", "0");
	put(o, "all.procnet", "1");
	put(o, "before.sysvipc", "0");
	put(o, "all.sysvipc", "1");
	put(o, "all.hostname", "1");
	put(o, "incr.all_same", "1");
	put(o, "err.ebadf", "EBADF");
	put(o, "err.regular", "EINVAL");
	put(o, "err.memfd", "EINVAL");
	put(o, "err.bad_nstype", "EINVAL");
	put(o, "err.pidfd_zero", "EINVAL");
	put(o, "err.pidfd_all_bits", "EINVAL");
	put(o, "err.pidfd_clone_vm", "EINVAL");
	put(o, "dead.setns", "ESRCH");
	put(o, "dead.unchanged", "1");
	put(o, "sibling.user", "EPERM");
	put(o, "sibling.net", "EPERM");
	put(o, "user.current", "EINVAL");
	put(o, "user.multithreaded", "EINVAL");
	put(o, "user.shared_fs", "EINVAL");
	put(o, "pidns.first_is_1", "1");
	put(o, "pidns.ancestor", "EINVAL");
	put(o, "pidns.own_active", "ok");
	put(o, "direct.net", cap ? "ok" : "EPERM");
	put(o, "direct.uts", cap ? "ok" : "EPERM");
	if (cap) {
		put(o, "direct.uts_is_target", "1");
		put(o, "uts.back", owns_uts ? "ok" : "EPERM");
		put(o, "uts.back_is_ours", owns_uts ? "1" : "0");
		put(o, "timens.self_kept", "1");
		put(o, "timens.child_in_new", "1");
	}
	put(o, "mnt.shared_fs", owns_mnt ? "EINVAL" : "EPERM");
	put(o, "timens.unshare", cap ? "ok" : "EPERM");
	put(o, "cgroup.unshare", cap ? "ok" : "EPERM");
	put(o, "tp.exit", "0");
}

static void setns_truth_passes_everywhere(void **state)
{
	struct obs o;
	char why[256];

	(void)state;
	for (unsigned c = 0; c < 256; c++)
		for (int cap = 0; cap < 2; cap++) {
			setns_truth(&o, c, cap);
			assert_int_equal(judge("setns", "join", c, &o, why), NSB_PASS);
		}
}

static void setns_wrong_errnos_fail(void **state)
{
	unsigned user = NSB_MASK(NSB_NS_USER), mnt = NSB_MASK(NSB_NS_MNT);
	struct obs o;
	char why[256];

	(void)state;
	/* A new user ns without a new mount ns: no CAP_SYS_ADMIN over our own mnt ns, so EPERM first. */
	setns_truth(&o, user, 1);
	lie(&o, "mnt.shared_fs", "EINVAL");
	assert_int_equal(judge("setns", "join", user, &o, why), NSB_FAIL);
	assert_string_equal(why, "mnt.shared_fs: expected == EPERM, observed EINVAL");
	/* ...and the same observation is the truth with a mount ns of our own. */
	assert_int_equal(judge("setns", "join", user | mnt, &o, NULL), NSB_PASS);
	/* A parent without CAP_SYS_ADMIN and no user ns: every direct join is EPERM. */
	setns_truth(&o, 0, 0);
	lie(&o, "direct.net", "ok");
	assert_int_equal(judge("setns", "join", 0, &o, why), NSB_FAIL);
	assert_string_equal(why, "direct.net: expected == EPERM, observed ok");
	setns_truth(&o, 0, 0);
	lie(&o, "cgroup.unshare", "ok");
	assert_int_equal(judge("setns", "join", 0, &o, NULL), NSB_FAIL);
	/*
	 * nsbench run by nobody holding cap_sys_admin,cap_setuid,cap_setgid
	 * as ambient capabilities (capsh --addamb, pam_cap): CAP_SYS_ADMIN but
	 * no CAP_SYS_CHROOT, which mntns_install asks for first: EPERM, not the
	 * shared fs_struct's EINVAL.
	 */
	setns_truth(&o, 0, 1);
	lie(&o, "parent.cap_eff", "0x2000c0");
	assert_int_equal(judge("setns", "join", 0, &o, why), NSB_FAIL);
	assert_string_equal(why, "mnt.shared_fs: expected == EPERM, observed EINVAL");
	lie(&o, "mnt.shared_fs", "EPERM");
	assert_int_equal(judge("setns", "join", 0, &o, NULL), NSB_PASS);
	/* ...and in a user ns of its own it holds CAP_SYS_CHROOT whatever the parent's set. */
	setns_truth(&o, user | mnt, 1);
	lie(&o, "parent.cap_eff", "0x2000c0");
	assert_int_equal(judge("setns", "join", user | mnt, &o, NULL), NSB_PASS);
	/* A dead target: ESRCH and nothing changed, never a partial join. */
	setns_truth(&o, 0, 1);
	lie(&o, "dead.setns", "ok");
	assert_int_equal(judge("setns", "join", 0, &o, NULL), NSB_FAIL);
	setns_truth(&o, 0, 1);
	lie(&o, "dead.unchanged", "0");
	assert_int_equal(judge("setns", "join", 0, &o, NULL), NSB_FAIL);
	setns_truth(&o, 0, 1);
	lie(&o, "pidns.ancestor", "ok");
	assert_int_equal(judge("setns", "join", 0, &o, NULL), NSB_FAIL);
	setns_truth(&o, 0, 1);
	lie(&o, "user.multithreaded", "ok");
	assert_int_equal(judge("setns", "join", 0, &o, NULL), NSB_FAIL);
	setns_truth(&o, 0, 1);
	lie(&o, "err.mismatch.time", "ok");
	assert_int_equal(judge("setns", "join", 0, &o, NULL), NSB_FAIL);
	/* The time jump is T's offset minus ours: 990 days with a time ns of our own. */
	setns_truth(&o, 0, 1);
	assert_int_equal(judge("setns", "join", NSB_MASK(NSB_NS_TIME), &o, NULL), NSB_FAIL);
	setns_truth(&o, 0, 1);
	drop(&o, "sibling.net");
	assert_int_equal(judge("setns", "join", 0, &o, NULL), NSB_ERROR);
}

/* ---- nsfs.ioctls ---- */

/* The kernel's CLONE_NEW* values in table order, spelled out: a wrong nsb_nstypes flag fails here. */
static const unsigned long flags[] = { 0x20000000, 0x04000000, 0x08000000, 0x00020000,
				       0x40000000, 0x10000000, 0x02000000, 0x00000080 };

/*
 * What the kernel reports. lab_time_owner is what NS_GET_USERNS says of the
 * lab's time ns: an inode when the lab is in the initial user ns (root),
 * EPERM from a user ns lab (nobody).
 */
static void nsfs_truth(struct obs *o, unsigned combo, const char *lab_time_owner)
{
	int user = HAS(combo, NSB_NS_USER), net = HAS(combo, NSB_NS_NET);
	unsigned long long userino = user ? 205 : 105;
	char key[64];

	memset(o, 0, sizeof(*o));
	o->len = (size_t)snprintf(o->buf, sizeof(o->buf), "\n");
	put(o, "parent.cap_eff", "0x1ffffffffff");	/* root's full set */
	put(o, "parent.owner_uid", "0");
	put(o, "cap_sys_admin", "1");
	for (unsigned t = 0; t < 8; t++) {
		int in = HAS(combo, t);
		const char *powner = t == NSB_NS_USER ? "EPERM" : t == NSB_NS_TIME ? lab_time_owner : "105";

		snprintf(key, sizeof(key), "ns.%s", nsb_nstypes[t].name);
		if (t == NSB_NS_TIME)
			put(o, key, "%u", in ? 4026532999U : 0xEFFFFFFAU);
		else
			put(o, key, "%u", (in ? 200 : 100) + t);
		snprintf(key, sizeof(key), "parent.id.%s", nsb_nstypes[t].name);
		put(o, key, "%u", 10 + t);
		snprintf(key, sizeof(key), "id.%s", nsb_nstypes[t].name);
		put(o, key, "%u", (in ? 20 : 10) + t);
		snprintf(key, sizeof(key), "parent.owner.%s", nsb_nstypes[t].name);
		put(o, key, "%s", powner);
		snprintf(key, sizeof(key), "owner.%s", nsb_nstypes[t].name);
		if (t == NSB_NS_USER)
			put(o, key, "%s", user ? "EPERM" : powner);
		else if (in && (t != NSB_NS_TIME || !user))
			put(o, key, "%llu", userino);
		else
			put(o, key, "%s", user ? "EPERM" : powner);
		snprintf(key, sizeof(key), "nstype.%s", nsb_nstypes[t].name);
		put(o, key, "%lu", flags[t]);
		snprintf(key, sizeof(key), "getparent.%s", nsb_nstypes[t].name);
		put(o, key, "%s", t == NSB_NS_PID || t == NSB_NS_USER ? "EPERM" : "EINVAL");
		snprintf(key, sizeof(key), "pidfd.%s", nsb_nstypes[t].name);
		put(o, key, "%u", t == NSB_NS_TIME ? (in ? 4026532999U : 0xEFFFFFFAU) : (in ? 200 : 100) + t);
	}
	/* The test parent's time ns: the machine's initial one here (start points: tests/integration/start-points.sh). */
	put(o, "parent.ns.time", "%u", 0xEFFFFFFAU);
	put(o, "ns.pid_for_children", "7");
	put(o, "pidfd.pid_for_children", "7");
	put(o, "ns.time_for_children", "8");
	put(o, "pidfd.time_for_children", "8");
	put(o, "has_ns_get_id", "1");
	put(o, "netns_cookie", "%u", (net ? 20 : 10) + NSB_NS_NET);
	put(o, "mntns_id", "%u", (HAS(combo, NSB_NS_MNT) ? 20 : 10) + NSB_NS_MNT);
	put(o, "owner_uid.user", "0");
	put(o, "owner_uid.uts", "EINVAL");
	put(o, "enotty.nsfs", "ENOTTY");
	put(o, "enotty.pidfd", "ENOTTY");
	put(o, "skns.enotty", "ENOTTY");
	if (net || !user)
		put(o, "skns.own", "%u", (net ? 200 : 100) + NSB_NS_NET);
	else
		put(o, "skns.own", "EPERM");
	put(o, "tp.exit", "0");
}

static void nsfs_truth_passes_everywhere(void **state)
{
	struct obs o;
	char why[256];

	(void)state;
	for (unsigned c = 0; c < 256; c++) {
		nsfs_truth(&o, c, "1");
		assert_int_equal(judge("nsfs", "ioctls", c, &o, why), NSB_PASS);
		nsfs_truth(&o, c, "EPERM");
		assert_int_equal(judge("nsfs", "ioctls", c, &o, why), NSB_PASS);
	}
}

static void nsfs_wrong_errnos_fail(void **state)
{
	unsigned user = NSB_MASK(NSB_NS_USER), net = NSB_MASK(NSB_NS_NET);
	struct obs o;
	char why[256];

	(void)state;
	/* SIOCGSKNS from a new user ns on the parent's netns: EPERM, not an fd. */
	nsfs_truth(&o, user, "1");
	lie(&o, "skns.own", "105");
	assert_int_equal(judge("nsfs", "ioctls", user, &o, why), NSB_FAIL);
	assert_string_equal(why, "skns.own: expected == EPERM, observed 105");
	/* NS_GET_USERNS of a new netns made with a new user ns is that user ns. */
	nsfs_truth(&o, user | net, "1");
	lie(&o, "owner.net", "EPERM");
	assert_int_equal(judge("nsfs", "ioctls", user | net, &o, NULL), NSB_FAIL);
	/* Non-hierarchical types answer EINVAL to NS_GET_PARENT, never EPERM. */
	nsfs_truth(&o, 0, "1");
	lie(&o, "getparent.net", "EPERM");
	assert_int_equal(judge("nsfs", "ioctls", 0, &o, NULL), NSB_FAIL);
	nsfs_truth(&o, 0, "1");
	lie(&o, "owner_uid.uts", "0");
	assert_int_equal(judge("nsfs", "ioctls", 0, &o, NULL), NSB_FAIL);
	nsfs_truth(&o, 0, "1");
	lie(&o, "enotty.nsfs", "EINVAL");
	assert_int_equal(judge("nsfs", "ioctls", 0, &o, NULL), NSB_FAIL);
	/* The time ns owned from above the probe's user ns: EPERM there only. */
	nsfs_truth(&o, user, "1");
	lie(&o, "owner.time", "1");
	assert_int_equal(judge("nsfs", "ioctls", user, &o, NULL), NSB_FAIL);
	/* An id equal to the parent's for a type in the combination is a shared ns. */
	nsfs_truth(&o, net, "1");
	lie(&o, "id.net", "14");
	assert_int_equal(judge("nsfs", "ioctls", net, &o, NULL), NSB_FAIL);
	/* Without NS_GET_ID every id is ENOTTY; a number then is a lie. */
	nsfs_truth(&o, 0, "1");
	lie(&o, "has_ns_get_id", "0");
	assert_int_equal(judge("nsfs", "ioctls", 0, &o, NULL), NSB_FAIL);
}

static void relations_truth(struct obs *o, const char *parent_user, const char *parent_pid, const char *walk)
{
	memset(o, 0, sizeof(*o));
	o->len = (size_t)snprintf(o->buf, sizeof(o->buf), "\n");
	put(o, "parent.cap_eff", "0x1ffffffffff");	/* root's full set */
	put(o, "parent.ns.user", "%s", parent_user);
	put(o, "parent.ns.pid", "%s", parent_pid);
	put(o, "ns.user", "5");
	put(o, "ns.pid", "6");
	put(o, "u1", "7");
	put(o, "u2", "8");
	put(o, "rel.parent.u2", "7");
	put(o, "rel.parent.u1", "5");
	put(o, "rel.owner.p2", "8");
	put(o, "rel.parent.p2", "6");
	put(o, "mntns.unshare", "ok");
	put(o, "mntns.info", "ok");
	put(o, "mntns.next", "%s", walk);
	put(o, "mntns.prev", "%s", walk);
	put(o, "tp.exit", "0");
}

/* The mount ns walk needs the initial user and pid namespaces: EPERM anywhere else. */
static void relations_mntns_walk(void **state)
{
	char init_user[16], init_pid[16];
	struct obs o;

	(void)state;
	snprintf(init_user, sizeof(init_user), "%u", 0xEFFFFFFDU);
	snprintf(init_pid, sizeof(init_pid), "%u", 0xEFFFFFFCU);
	relations_truth(&o, init_user, init_pid, "reached");
	assert_int_equal(judge("nsfs", "mntns-walk", 0, &o, NULL), NSB_PASS);
	assert_int_equal(judge("nsfs", "mntns-walk", NSB_MASK(NSB_NS_PID), &o, NULL), NSB_FAIL);
	relations_truth(&o, init_user, "4026532200", "reached");
	assert_int_equal(judge("nsfs", "mntns-walk", 0, &o, NULL), NSB_FAIL);
	relations_truth(&o, init_user, "4026532200", "EPERM");
	assert_int_equal(judge("nsfs", "mntns-walk", 0, &o, NULL), NSB_PASS);
	relations_truth(&o, init_user, init_pid, "EPERM");
	assert_int_equal(judge("nsfs", "mntns-walk", NSB_MASK(NSB_NS_USER), &o, NULL), NSB_PASS);
	assert_int_equal(judge("nsfs", "relations", NSB_MASK(NSB_NS_USER), &o, NULL), NSB_PASS);
	/* A parent that is not the one NS_GET_PARENT names is a lie. */
	relations_truth(&o, init_user, init_pid, "EPERM");
	lie(&o, "rel.parent.u2", "5");
	assert_int_equal(judge("nsfs", "relations", NSB_MASK(NSB_NS_USER), &o, NULL), NSB_FAIL);
}

/* ---- "no such interface here": skip naming it; a lie beside it still fails ---- */

/* nsfs.pidfd-ns: every PIDFD_GET_*_NAMESPACE answered ENOTTY (a kernel before 6.11). */
static void pidfd_ns_truth(struct obs *o, const char *answer)
{
	const char *e;
	char key[64];

	memset(o, 0, sizeof(*o));
	o->len = (size_t)snprintf(o->buf, sizeof(o->buf), "\n");
	for (unsigned nr = 1; (e = nsb_pidfd_entry(nr)); nr++) {
		snprintf(key, sizeof(key), "ns.%s", e);
		put(o, key, "%u", 100 + nr);
		snprintf(key, sizeof(key), "pidfd.%s", e);
		if (answer)
			put(o, key, "%s", answer);
		else
			put(o, key, "%u", 100 + nr);
	}
	put(o, "tp.exit", "0");
}

static void absent_interfaces_skip(void **state)
{
	char why[256];
	struct obs o;

	(void)state;
	pidfd_ns_truth(&o, NULL);
	assert_int_equal(judge("nsfs", "pidfd-ns", 0, &o, why), NSB_PASS);
	pidfd_ns_truth(&o, "ENOTTY");
	assert_int_equal(judge("nsfs", "pidfd-ns", 0, &o, why), NSB_SKIP);
	assert_non_null(strstr(why, "PIDFD_GET_CGROUP_NAMESPACE: ENOTTY on kernel "));
	assert_non_null(strstr(why, "(no such ioctl here)"));
	/* One ioctl there and lying beside the absent ones: fail, never skip. */
	pidfd_ns_truth(&o, "ENOTTY");
	lie(&o, "pidfd.uts", "999");
	assert_int_equal(judge("nsfs", "pidfd-ns", 0, &o, why), NSB_FAIL);
	/* EBADF is no "no such interface" answer: a wrong observation. */
	pidfd_ns_truth(&o, "EBADF");
	assert_int_equal(judge("nsfs", "pidfd-ns", 0, &o, why), NSB_FAIL);
	/* EPERM on our own pidfd is no absence (nsb_absent is strict): a fail. */
	pidfd_ns_truth(&o, "EPERM");
	assert_int_equal(judge("nsfs", "pidfd-ns", 0, &o, why), NSB_FAIL);

	/* nsfs.mntns-walk: NS_MNT_GET_INFO ENOTTY (before 6.12); mntns.unshare still judged. */
	relations_truth(&o, "5", "6", "EPERM");
	lie(&o, "mntns.info", "ENOTTY");
	assert_int_equal(judge("nsfs", "mntns-walk", 0, &o, why), NSB_SKIP);
	assert_non_null(strstr(why, "NS_MNT_GET_INFO: ENOTTY"));
	lie(&o, "mntns.unshare", "EPERM");
	assert_int_equal(judge("nsfs", "mntns-walk", 0, &o, why), NSB_FAIL);
	/* ...and the relations beside it (4.9) are checked apart: a pass there. */
	relations_truth(&o, "5", "6", "EPERM");
	lie(&o, "mntns.info", "ENOTTY");
	assert_int_equal(judge("nsfs", "relations", 0, &o, why), NSB_PASS);

	/* setns.join: threads refused (clone3 EPERM, glibc): only user.multithreaded goes. */
	setns_truth(&o, 0, 1);
	drop(&o, "user.multithreaded");
	put(&o, "threads", "EPERM");
	assert_int_equal(judge("setns", "join", 0, &o, why), NSB_SKIP);
	assert_non_null(strstr(why, "pthread_create (clone3) refused (EPERM)"));
	lie(&o, "dead.setns", "ok");
	assert_int_equal(judge("setns", "join", 0, &o, why), NSB_FAIL);
	setns_truth(&o, 0, 1);
	put(&o, "threads", "ok");
	assert_int_equal(judge("setns", "join", 0, &o, why), NSB_PASS);
	/* threads refused, but the probe made its thread with clone(2): judged, and a lie fails. */
	setns_truth(&o, 0, 1);
	put(&o, "threads", "EPERM");
	assert_int_equal(judge("setns", "join", 0, &o, why), NSB_PASS);
	lie(&o, "user.multithreaded", "ok");
	assert_int_equal(judge("setns", "join", 0, &o, why), NSB_FAIL);
	/* threads=ok and no user.multithreaded: missing, an error. */
	setns_truth(&o, 0, 1);
	drop(&o, "user.multithreaded");
	put(&o, "threads", "ok");
	assert_int_equal(judge("setns", "join", 0, &o, why), NSB_ERROR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(setns_truth_passes_everywhere),
		cmocka_unit_test(setns_wrong_errnos_fail),
		cmocka_unit_test(nsfs_truth_passes_everywhere),
		cmocka_unit_test(nsfs_wrong_errnos_fail),
		cmocka_unit_test(relations_mntns_walk),
		cmocka_unit_test(absent_interfaces_skip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
