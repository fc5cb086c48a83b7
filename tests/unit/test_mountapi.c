/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_mountapi.c - the mountapi rules fed with what the kernel reports
 * (built here per combination, as 6.18 answered) and with single lies:
 * each wrong value must turn the verdict to fail, a missing key to error.
 * This also covers what one run never shows together: the timens row's
 * test parent as root (EACCES from the lab's time ns) and in a user ns lab
 * (EPERM).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmocka-wrap.h"
#include "suites/expect.h"
#include "common/timens.h"
#include "suites/suite.h"

#define HAS(c, t) (((c) >> (t)) & 1u)
#define U NSB_MASK(NSB_NS_USER)
#define MNT NSB_MASK(NSB_NS_MNT)
#define TIME NSB_MASK(NSB_NS_TIME)
#define NS_PER_S 1000000000LL
/* suites/mountapi.c: the offset the probe writes in its user+time ns. */
#define OWN_MONO_S 259200LL

#include "obsbuf.h"
}

static enum nsb_verdict judge(const char *name, unsigned combo, struct obs *o, char *reason)
{
	const struct nsb_test *t = nsb_test_find("mountapi", name);
	char why[256];

	assert_non_null(t);
	enum nsb_verdict v = nsb_judge_text(t, combo, o->buf, o->len, "nsb-t1", why, sizeof(why));
	if (reason)
		snprintf(reason, 256, "%s", why);
	return v;
}

static void start(struct obs *o)
{
	memset(o, 0, sizeof(*o));
	o->len = (size_t)snprintf(o->buf, sizeof(o->buf), "\n");
	put(o, "tp.exit", "0");	/* the probe exited 0: its keys are judged */
}

/* ---- mountapi.propagation: the same in every combination with mnt ---- */

static void propagation_truth(struct obs *o)
{
	static const char *const how[] = { "shared", "slave", "unbindable", "private" };
	static const char *const got[] = { "shared", "none", "unbindable", "none" };
	char key[64];

	start(o);
	for (size_t i = 0; i < 4; i++) {
		snprintf(key, sizeof(key), "prop.setattr.%s", how[i]);
		put(o, key, "%s", got[i]);
		snprintf(key, sizeof(key), "prop.mount.%s", how[i]);
		put(o, key, "%s", got[i]);
	}
	put(o, "prop.two_bits", "EINVAL");
	put(o, "prop.not_root", "EINVAL");
	put(o, "prop.nocap", "EPERM");
	put(o, "group.from_private", "EINVAL");
	put(o, "group.a", "shared");
	put(o, "group.a_id", "7");
	put(o, "group.not_root", "EINVAL");
	put(o, "group.other_sb", "EINVAL");
	put(o, "group.set", "ok");
	put(o, "group.b", "shared");
	put(o, "group.b_id", "7");
	put(o, "group.to_shared", "EINVAL");
	put(o, "group.slave_master", "7");
}

static void propagation_truth_passes(void **state)
{
	struct obs o;
	char why[256];

	(void)state;
	for (unsigned c = 0; c < 256; c++) {
		if (!(c & MNT))
			continue;
		propagation_truth(&o);
		assert_int_equal(judge("propagation", c, &o, why), NSB_PASS);
	}
}

static void propagation_lies_fail(void **state)
{
	static const struct { const char *key, *value, *reason; } lies[] = {
		/* MS_SLAVE of a shared mount with no other peer: private, not a slave of nothing. */
		{ "prop.setattr.slave", "master", "prop.setattr.slave: expected == none, observed master" },
		{ "prop.mount.unbindable", "none", "prop.setattr.unbindable: expected == prop.mount.unbindable (none), observed unbindable" },
		{ "prop.two_bits", "ok", "prop.two_bits: expected == EINVAL, observed ok" },
		{ "prop.nocap", "ok", "prop.nocap: expected == EPERM, observed ok" },
		{ "group.set", "EINVAL", "group.set: expected == ok, observed EINVAL" },
		{ "group.b_id", "8", "group.b_id: expected == group.a_id (7), observed 8" },
		{ "group.slave_master", "0", "group.slave_master: expected == group.a_id (7), observed 0" },
		{ "group.other_sb", "ok", "group.other_sb: expected == EINVAL, observed ok" },
		{ "group.a", "none", "group.a: expected == shared, observed none" },
	};
	struct obs o;
	char why[256];

	(void)state;
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		propagation_truth(&o);
		lie(&o, lies[i].key, lies[i].value);
		assert_int_equal(judge("propagation", MNT, &o, why), NSB_FAIL);
		assert_string_equal(why, lies[i].reason);
	}
	propagation_truth(&o);
	drop(&o, "group.b_id");
	assert_int_equal(judge("propagation", MNT | U, &o, NULL), NSB_ERROR);
}

/* ---- mountapi.listmount ---- */

static void listmount_truth(struct obs *o, unsigned combo)
{
	int user = HAS(combo, NSB_NS_USER), own = HAS(combo, NSB_NS_MNT);

	start(o);
	put(o, "parent.mntns_id", "100");
	put(o, "parent.mnt_id", "2000");
	put(o, "ns.parent", "100");
	put(o, "ns.parent_mnt", "2000");
	put(o, "ns.own", "%s", own ? "101" : "100");
	put(o, "sm.self", "ok");
	put(o, "sm.ns_id", "%s", own ? "101" : "100");
	put(o, "sm.is_a", "yes");
	put(o, "lm.self", "ok");
	put(o, "lm.count", "29");
	put(o, "mi.count", "29");
	put(o, "lm.has_new", "yes");
	put(o, "lm.has_parent", "%s", own ? "no" : "yes");
	put(o, "lm.iter_same", "yes");
	put(o, "other.listmount", "%s", user ? "ENOENT" : "ok");
	put(o, "other.statmount", "%s", user ? "EPERM" : "ok");
	if (!user)
		put(o, "other.ns_id", "100");
	put(o, "err.sm_flags", "EINVAL");
	put(o, "err.sm_size", "EINVAL");
	put(o, "err.sm_nobuf", "EFAULT");
	put(o, "err.sm_small", "EOVERFLOW");
	put(o, "err.sm_noent", "ENOENT");
	put(o, "err.lm_flags", "EINVAL");
	put(o, "err.lm_noreq", "EFAULT");
	put(o, "err.lm_noent", "ENOENT");
	put(o, "err.ns_noent", "ENOENT");
}

static void listmount_truth_passes(void **state)
{
	struct obs o;
	char why[256];

	(void)state;
	for (unsigned c = 0; c < 256; c++) {
		listmount_truth(&o, c);
		assert_int_equal(judge("listmount", c, &o, why), NSB_PASS);
	}
}

static void listmount_lies_fail(void **state)
{
	struct obs o;
	char why[256];

	(void)state;
	/* The parent's mount ns within reach from a user ns of our own: the liar's lie. */
	listmount_truth(&o, MNT | U);
	lie(&o, "other.listmount", "ok");
	assert_int_equal(judge("listmount", MNT | U, &o, why), NSB_FAIL);
	assert_string_equal(why, "other.listmount: expected == ENOENT, observed ok");
	/* ...which is the truth without one (with other.ns_id reported). */
	listmount_truth(&o, MNT);
	assert_int_equal(judge("listmount", MNT, &o, NULL), NSB_PASS);
	listmount_truth(&o, MNT | U);
	lie(&o, "other.statmount", "ENOENT");
	assert_int_equal(judge("listmount", MNT | U, &o, why), NSB_FAIL);
	assert_string_equal(why, "other.statmount: expected == EPERM, observed ENOENT");
	/* Refused where the parent's ns is ours to read. */
	listmount_truth(&o, MNT);
	lie(&o, "other.statmount", "EPERM");
	assert_int_equal(judge("listmount", MNT, &o, NULL), NSB_FAIL);
	listmount_truth(&o, MNT);
	lie(&o, "other.ns_id", "101");
	assert_int_equal(judge("listmount", MNT, &o, NULL), NSB_FAIL);
	/* statmount naming the parent's ns for our own mount; a listing leaking the parent's. */
	listmount_truth(&o, MNT);
	lie(&o, "sm.ns_id", "100");
	assert_int_equal(judge("listmount", MNT, &o, why), NSB_FAIL);
	assert_string_equal(why, "sm.ns_id: expected == ns.own (101), observed 100");
	listmount_truth(&o, MNT | U);
	lie(&o, "lm.has_parent", "yes");
	assert_int_equal(judge("listmount", MNT | U, &o, NULL), NSB_FAIL);
	listmount_truth(&o, MNT);
	lie(&o, "lm.count", "28");
	assert_int_equal(judge("listmount", MNT, &o, NULL), NSB_FAIL);
	listmount_truth(&o, MNT);
	lie(&o, "lm.iter_same", "no");
	assert_int_equal(judge("listmount", MNT, &o, NULL), NSB_FAIL);
	listmount_truth(&o, MNT);
	lie(&o, "err.sm_small", "ok");
	assert_int_equal(judge("listmount", MNT, &o, NULL), NSB_FAIL);
	/* The id the probe read is not the parent's: the channel itself is checked. */
	listmount_truth(&o, MNT);
	lie(&o, "ns.parent", "99");
	assert_int_equal(judge("listmount", MNT, &o, NULL), NSB_FAIL);
	listmount_truth(&o, MNT | U);
	drop(&o, "other.statmount");
	assert_int_equal(judge("listmount", MNT | U, &o, NULL), NSB_ERROR);
}

/* ---- mountapi.timens-offsets ---- */

/* parent_root: the test parent has CAP_SYS_TIME over the lab's time ns owner. */
static void timens_truth(struct obs *o, unsigned combo, int parent_root)
{
	int user = HAS(combo, NSB_NS_USER), time = HAS(combo, NSB_NS_TIME);
	long long before = 5000 * NS_PER_S + (time ? NSB_TIME_OFFSET_MONOTONIC_S * NS_PER_S : 0);
	long long child = 5000 * NS_PER_S + 1000 + OWN_MONO_S * NS_PER_S;
	const char *pw = parent_root ? "EACCES" : "EPERM";

	start(o);
	put(o, "parent.tfc_write", "%s", pw);
	put(o, "tfc.write", "%s", user ? "EPERM" : time ? "EACCES" : pw);
	put(o, "user_only.unshare", "ok");
	put(o, "user_only.write", "EPERM");
	put(o, "user_time.unshare", "ok");
	put(o, "user_time.owner_is_new", "yes");
	put(o, "user_time.write", "ok");
	put(o, "user_time.before", "%lld", before);
	put(o, "user_time.child_mono", "%lld", child);
	put(o, "user_time.after", "%lld", before + 2000);
}

static void timens_truth_passes(void **state)
{
	struct obs o;
	char why[256];

	(void)state;
	for (unsigned c = 0; c < 256; c++)
		for (int root = 0; root < 2; root++) {
			timens_truth(&o, c, root);
			assert_int_equal(judge("timens-offsets", c, &o, why), NSB_PASS);
		}
}

static void timens_lies_fail(void **state)
{
	struct obs o;
	char why[256];

	(void)state;
	/* Refused only because entered: false with a user ns of our own (the liar's lie). */
	timens_truth(&o, U, 1);
	lie(&o, "tfc.write", "EACCES");
	assert_int_equal(judge("timens-offsets", U, &o, why), NSB_FAIL);
	assert_string_equal(why, "tfc.write: expected == EPERM, observed EACCES");
	timens_truth(&o, U | TIME, 1);
	lie(&o, "tfc.write", "EACCES");
	assert_int_equal(judge("timens-offsets", U | TIME, &o, NULL), NSB_FAIL);
	/* Without user or time: whatever the parent got, in both directions. */
	timens_truth(&o, 0, 0);
	lie(&o, "tfc.write", "EACCES");
	assert_int_equal(judge("timens-offsets", 0, &o, why), NSB_FAIL);
	assert_string_equal(why, "tfc.write: expected == parent.tfc_write (EPERM), observed EACCES");
	timens_truth(&o, 0, 1);
	lie(&o, "tfc.write", "ok");
	assert_int_equal(judge("timens-offsets", 0, &o, NULL), NSB_FAIL);
	timens_truth(&o, 0, 1);
	lie(&o, "parent.tfc_write", "ok");
	lie(&o, "tfc.write", "ok");
	assert_int_equal(judge("timens-offsets", 0, &o, NULL), NSB_FAIL);
	/* Our own entered time ns: EACCES, never writable. */
	timens_truth(&o, TIME, 0);
	lie(&o, "tfc.write", "ok");
	assert_int_equal(judge("timens-offsets", TIME, &o, NULL), NSB_FAIL);
	timens_truth(&o, 0, 1);
	lie(&o, "user_only.write", "ok");
	assert_int_equal(judge("timens-offsets", 0, &o, NULL), NSB_FAIL);
	timens_truth(&o, 0, 1);
	lie(&o, "user_time.owner_is_new", "no");
	assert_int_equal(judge("timens-offsets", 0, &o, NULL), NSB_FAIL);
	timens_truth(&o, 0, 1);
	lie(&o, "user_time.write", "EPERM");
	assert_int_equal(judge("timens-offsets", 0, &o, NULL), NSB_FAIL);
	/* A child that did not see the offset: its clock is ours. */
	timens_truth(&o, 0, 1);
	lie(&o, "user_time.child_mono", "5000000001000");
	assert_int_equal(judge("timens-offsets", 0, &o, NULL), NSB_FAIL);
	/* The offset is relative to the machine's clock: the same child read in a time combo fails. */
	timens_truth(&o, 0, 1);
	assert_int_equal(judge("timens-offsets", TIME, &o, NULL), NSB_FAIL);
	timens_truth(&o, U, 0);
	drop(&o, "user_time.child_mono");
	assert_int_equal(judge("timens-offsets", U, &o, NULL), NSB_ERROR);
}

/* ---- mountapi.mount-notify ---- */

static void notify_truth(struct obs *o)
{
	start(o);
	put(o, "fan.init", "ok");
	put(o, "fan.mark_own", "ok");
	put(o, "fan.mark_other", "ok");
	put(o, "err.not_ns", "EINVAL");
	put(o, "err.bad_mask", "EINVAL");
	put(o, "own.attach", "attach:same");
	put(o, "other.after_own", "none");
	put(o, "other.attach", "attach:same");
	put(o, "own.after_other", "none");
	put(o, "own.detach", "detach:same");
}

static void notify_truth_and_lies(void **state)
{
	static const struct { const char *key, *value; } lies[] = {
		{ "other.after_own", "attach:other" }, { "own.after_other", "attach:other" },
		{ "own.attach", "attach:other" },      { "own.attach", "none" },
		{ "own.detach", "none" },              { "other.attach", "detach:same" },
		{ "err.not_ns", "ok" },                { "fan.mark_own", "EPERM" },
	};
	struct obs o;
	char why[256];

	(void)state;
	for (unsigned c = 0; c < 256; c++) {
		if (!(c & MNT))
			continue;
		notify_truth(&o);
		assert_int_equal(judge("mount-notify", c, &o, why), NSB_PASS);
	}
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		notify_truth(&o);
		lie(&o, lies[i].key, lies[i].value);
		assert_int_equal(judge("mount-notify", MNT | U, &o, why), NSB_FAIL);
		assert_non_null(strstr(why, lies[i].key));
	}
	notify_truth(&o);
	drop(&o, "own.detach");
	assert_int_equal(judge("mount-notify", MNT, &o, NULL), NSB_ERROR);
}

/* ---- a hook's "no such interface here" (nsb_tp_refused with a kind): skip naming it, else error ---- */

static void hook_absent(void **state)
{
	char why[256];
	struct obs o;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.len = (size_t)snprintf(o.buf, sizeof(o.buf), "\n");
	put(&o, "tp.hook", "hook before");
	put(&o, "tp.hook_what", "NS_GET_MNTNS_ID");
	put(&o, "tp.hook_kind", "ioctl");
	put(&o, "tp.hook_errno", "ENOTTY");
	put(&o, "tp.release", "6.1.0-test");
	assert_int_equal(judge("listmount", MNT, &o, why), NSB_SKIP);
	assert_string_equal(why, "NS_GET_MNTNS_ID: ENOTTY on kernel 6.1.0-test (no such ioctl here)");
	/* EBADF is not how a kernel says "no such ioctl": the hook broke. */
	lie(&o, "tp.hook_errno", "EBADF");
	assert_int_equal(judge("listmount", MNT, &o, why), NSB_ERROR);
	/* ENOSYS is a syscall's answer, not an ioctl's. */
	lie(&o, "tp.hook_errno", "ENOSYS");
	assert_int_equal(judge("listmount", MNT, &o, why), NSB_ERROR);
	/* A kind nobody knows: error. */
	lie(&o, "tp.hook_errno", "ENOTTY");
	lie(&o, "tp.hook_kind", "gadget");
	assert_int_equal(judge("listmount", MNT, &o, why), NSB_ERROR);
	/* A filter's EPERM in a hook: a skip that says so. */
	lie(&o, "tp.hook_kind", "syscall");
	lie(&o, "tp.hook_errno", "EPERM");
	assert_int_equal(judge("listmount", MNT, &o, why), NSB_SKIP);
	assert_non_null(strstr(why, "refused (EPERM) on kernel 6.1.0-test, probably a seccomp filter"));
}

/* The classifier itself (common/step.c), one answer per kind. */
static void classifier(void **state)
{
	(void)state;
	assert_true(nsb_errno_is_absent(ENOSYS, NSB_IFACE_SYSCALL));
	assert_true(nsb_errno_is_absent(-ENOTTY, NSB_IFACE_IOCTL));
	assert_true(nsb_errno_is_absent(EINVAL, NSB_IFACE_FLAG));
	assert_true(nsb_errno_is_absent(EOPNOTSUPP, NSB_IFACE_IOCTL));
	assert_true(nsb_errno_is_absent(ENODEV, NSB_IFACE_FEATURE));
	assert_false(nsb_errno_is_absent(ENOTTY, NSB_IFACE_SYSCALL));
	assert_false(nsb_errno_is_absent(EINVAL, NSB_IFACE_IOCTL));
	assert_false(nsb_errno_is_absent(ENOSYS, NSB_IFACE_IOCTL));
	assert_false(nsb_errno_is_absent(EPERM, NSB_IFACE_SYSCALL));
	assert_false(nsb_errno_is_absent(0, NSB_IFACE_SYSCALL));
	assert_true(nsb_errno_is_filtered(EPERM));
	assert_true(nsb_errno_is_filtered(-EACCES));
	assert_false(nsb_errno_is_filtered(ENOSYS));
	assert_int_equal(nsb_iface_from_name(nsb_iface_name(NSB_IFACE_FLAG)), NSB_IFACE_FLAG);
	assert_int_equal(nsb_iface_from_name("gadget"), -1);
	/* compare's question: is this skip "the kernel lacks it"? */
	assert_true(nsb_reason_is_absence("NS_GET_ID: ENOTTY on kernel 6.1.0-57-amd64 (no such ioctl here)"));
	assert_true(nsb_reason_is_absence("listns(2): ENOSYS on kernel 6.18.4 (no such syscall here)"));
	assert_false(nsb_reason_is_absence("clone3 refused (EPERM) on kernel 6.1.0, probably a seccomp "
					   "filter or an LSM"));
	assert_false(nsb_reason_is_absence("unshare(CLONE_NEWUSER): ENOSPC"));
	assert_false(nsb_reason_is_absence("x: ENOTTY on kernel 6.1 (no such gadget here)"));
	assert_false(nsb_reason_is_absence(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(propagation_truth_passes),
		cmocka_unit_test(propagation_lies_fail),
		cmocka_unit_test(listmount_truth_passes),
		cmocka_unit_test(listmount_lies_fail),
		cmocka_unit_test(timens_truth_passes),
		cmocka_unit_test(timens_lies_fail),
		cmocka_unit_test(notify_truth_and_lies),
		cmocka_unit_test(hook_absent),
		cmocka_unit_test(classifier),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
