/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * setns.c - joining namespaces with setns(2), by /proc-style ns fd and by
 * pidfd, and every documented refusal. The probe builds its own target in
 * a user ns it owns (see probes/setns.c), so what succeeds there is the
 * same everywhere; what depends on the combination is whether the probe
 * holds CAP_SYS_ADMIN in its own user ns and over the owners of its own
 * namespaces, which the rules derive below.
 */
#include <stdio.h>
#include <linux/capability.h>

#include "common/timens.h"
#include "suite.h"

/* The probe gives its target's time ns a monotonic offset of this many days (its argv[2]). */
#define TARGET_OFFSET_DAYS 1000
#define STR_(x) #x
#define STR(x) STR_(x)

/*
 * The probe may act on its own <t> ns when it has CAP_SYS_ADMIN in its user
 * ns and that ns owns <t>: true when <t> was created with the probe, or no
 * new user ns was (then the test parent's user ns owns both).
 */
static bool owns(struct nsb_check *k, bool cap, enum nsb_ns t)
{
	return cap && (nsb_has(k, t) || !nsb_has(k, NSB_NS_USER));
}

/* setns(pidfd, all types) moves us into T's namespaces, pid ns for children only (SEM-3, SEM-7, SEM-9). */
static void expect_join_all(struct nsb_check *k)
{
	/* The probe's own monotonic offset (nsbench's, or the one it started in), rounded as the probe rounds. */
	long long own_s = nsb_probe_time_offset_ns(k, "monotonic") / 1000000000LL;
	char key[64];

	nsb_expect_str(k, "all.setns", NSB_EQ, "ok");
	for (int i = 0; i < _NSB_NS_MAX; i++) {
		const char *name = nsb_nstypes[nsb_ns_join_order[i]].name;

		snprintf(key, sizeof(key), "all.same.%s", name);
		nsb_expect_str(k, key, NSB_EQ, "1");
		snprintf(key, sizeof(key), "fd0.%s", name);
		nsb_expect_str(k, key, NSB_EQ, "ok");
	}
	nsb_expect_str(k, "all.own_pid_kept", NSB_EQ, "1");
	nsb_expect_str(k, "all.child_in_target", NSB_EQ, "1");
	/* Offsets are absolute: the jump is T's offset minus the one we started with. */
	nsb_expect_int(k, "all.time_jump_days", NSB_EQ,
		       ((long long)TARGET_OFFSET_DAYS * 86400 - own_s + 43200) / 86400);
	nsb_expect_str(k, "before.procnet", NSB_EQ, "0");
	nsb_expect_str(k, "all.procnet", NSB_EQ, "1");
	nsb_expect_str(k, "before.sysvipc", NSB_EQ, "0");
	nsb_expect_str(k, "all.sysvipc", NSB_EQ, "1");
	nsb_expect_str(k, "all.hostname", NSB_EQ, "1");
	nsb_expect_str(k, "incr.all_same", NSB_EQ, "1");
}

static void expect_refusals(struct nsb_check *k)
{
	char key[64];

	nsb_expect_str(k, "err.ebadf", NSB_EQ, "EBADF");
	nsb_expect_str(k, "err.regular", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "err.memfd", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "err.bad_nstype", NSB_EQ, "EINVAL");
	for (int i = 0; i < _NSB_NS_MAX; i++) {
		const char *name = nsb_nstypes[nsb_ns_join_order[i]].name;

		snprintf(key, sizeof(key), "err.mismatch.%s", name);
		nsb_expect_str(k, key, NSB_EQ, "EINVAL");
		/* The owner of T's user ns may join it without effective caps (user_namespaces(7)). */
		if (i > 0) {	/* nsb_ns_join_order[0] is user */
			snprintf(key, sizeof(key), "nocap.%s", name);
			nsb_expect_str(k, key, NSB_EQ, "EPERM");
		}
	}
	nsb_expect_str(k, "err.pidfd_zero", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "err.pidfd_all_bits", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "err.pidfd_clone_vm", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "dead.setns", NSB_EQ, "ESRCH");
	nsb_expect_str(k, "dead.unchanged", NSB_EQ, "1");
	nsb_expect_str(k, "sibling.user", NSB_EQ, "EPERM");
	nsb_expect_str(k, "sibling.net", NSB_EQ, "EPERM");
	nsb_expect_str(k, "user.current", NSB_EQ, "EINVAL");
	/*
	 * pthread_create needs clone3 where a filter refuses it; the probe then
	 * makes its thread with clone(2). Only when that too fails is the
	 * check gone: a skip naming the refusal.
	 */
	if (nsb_obs_get(k->obs, "user.multithreaded") ||
	    !nsb_refused(k, "threads", "pthread_create (clone3)", NSB_IFACE_SYSCALL))
		nsb_expect_str(k, "user.multithreaded", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "user.shared_fs", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "pidns.first_is_1", NSB_EQ, "1");
	nsb_expect_str(k, "pidns.ancestor", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "pidns.own_active", NSB_EQ, "ok");
}

/* What the probe's own capabilities decide (SEM-1, SEM-6, SEM-9, CG-2, UTS-1). */
static void expect_capability(struct nsb_check *k)
{
	bool cap = nsb_probe_has_cap(k, CAP_SYS_ADMIN);
	bool back = owns(k, cap, NSB_NS_UTS), chroot;

	nsb_expect_str(k, "cap_sys_admin", NSB_EQ, cap ? "1" : "0");
	nsb_expect_choice(k, "direct.net", cap, "ok", "EPERM");
	nsb_expect_choice(k, "direct.uts", cap, "ok", "EPERM");
	if (cap) {
		nsb_expect_str(k, "direct.uts_is_target", NSB_EQ, "1");
		nsb_expect_choice(k, "uts.back", back, "ok", "EPERM");
		nsb_expect_choice(k, "uts.back_is_ours", back, "1", "0");
	}
	/*
	 * mntns_install checks capabilities before the shared fs_struct:
	 * CAP_SYS_ADMIN over the target's owner, and CAP_SYS_ADMIN and
	 * CAP_SYS_CHROOT in the caller's user ns (fs/namespace.c).
	 */
	chroot = nsb_probe_has_cap(k, CAP_SYS_CHROOT);
	nsb_expect_choice(k, "mnt.shared_fs", owns(k, cap, NSB_NS_MNT) && chroot, "EINVAL", "EPERM");
	nsb_expect_choice(k, "timens.unshare", cap, "ok", "EPERM");
	if (cap) {
		nsb_expect_str(k, "timens.self_kept", NSB_EQ, "1");
		nsb_expect_str(k, "timens.child_in_new", NSB_EQ, "1");
	}
	nsb_expect_choice(k, "cgroup.unshare", cap, "ok", "EPERM");
}

static void expect_setns(struct nsb_check *k)
{
	expect_join_all(k);
	expect_refusals(k);
	expect_capability(k);
}

static const struct nsb_test setns_tests[] = {
	{ .name = "join", .nest_pid = 2, .nest_user = 2, .probe = "setns",
	  .args = NSB_ARGS("@token", STR(TARGET_OFFSET_DAYS)),
	  .expect = expect_setns,
	  /* ipc and cgroup change no expectation here: 64 combinations instead of 256. */
	  .excludes = NSB_MASK(NSB_NS_IPC) | NSB_MASK(NSB_NS_CGROUP),
	  .properties = "SEM-1,SEM-2,SEM-3,SEM-4,SEM-5,SEM-6,SEM-7,SEM-8,SEM-9,CG-2,IPC-2,NET-8,UTS-1" },
};

const struct nsb_suite nsb_suite_setns =
	NSB_SUITE("setns", "setns(2) by ns fd and pidfd: joins, refusals and their errnos", setns_tests);
