/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * clone.c - the contract of clone(2), clone3(2) and unshare(2) for
 * namespace flags: which combinations of flags are refused and with which
 * errno, the clone3 argument ABI, set_tid per pid ns level and
 * CLONE_INTO_CGROUP. Where the answer depends on where the probe stands
 * (its user ns, its pid ns level), the rule derives it from the
 * combination and from what the test parent measured in its own place.
 */
#define _GNU_SOURCE
#include <errno.h>
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

#define MAX_PID_NS_LEVEL 32

#define M(t) NSB_MASK(NSB_NS_##t)

static void expect_all(struct nsb_check *k, const char *const *keys, const char *want)
{
	for (size_t i = 0; keys[i]; i++)
		nsb_expect_str(k, keys[i], NSB_EQ, want);
}

/* @key == (the integer observation @other) + @delta. */
static void expect_int_rel(struct nsb_check *k, const char *key, const char *other, long delta)
{
	const char *o = nsb_get(k, other);

	if (o)
		nsb_expect_int(k, key, NSB_EQ, strtol(o, NULL, 10) + delta);
}

/*
 * unshare(2) and clone(2) flag rules (unshare(2), clone(2) ERRORS). None of
 * them depends on the combination: the probe always holds every capability
 * in its own user ns, and "unprivileged" is a child that dropped them.
 */
static void expect_flags(struct nsb_check *k)
{
	static const char *const einval[] = {
		"unshare.minus1",	/* unknown flag bits */
		"unshare.pid_twice",	/* pid_for_children already differs from the active pid ns */
		"clone.fs_newns",	/* a mount ns cannot share fs_struct */
		NULL,
	};
	static const char *const ok[] = {
		"unshare.zero", "unshare.pid_once",
		"unpriv_user.pid", "unpriv_user.uts", "unpriv_user.ipc", "unpriv_user.mnt",
		"unpriv_user.net", "unpriv_user.cgroup", "unpriv_user.time",
		"mapped.unshare_user", NULL,
	};
	static const char *const eperm[] = {
		"unpriv.pid", "unpriv.uts", "unpriv.ipc", "unpriv.mnt", "unpriv.net",
		"unpriv.cgroup", "unpriv.time",
		"unpriv_user.sethostname",	/* caps in the new user ns, not over the old uts ns */
		"unmapped.unshare_user",	/* the caller's euid is not mapped where it stands */
		NULL,
	};

	expect_all(k, einval, "EINVAL");
	expect_all(k, ok, "ok");
	expect_all(k, eperm, "EPERM");
	/* Where a filter refuses clone3 (probe: clone3=EPERM), its rows are a skip naming it. */
	if (!nsb_refused(k, "clone3", "clone3", NSB_IFACE_SYSCALL))
		nsb_expect_str(k, "clone3.fs_newns", NSB_EQ, "EINVAL");
	/* Threads: glibc makes them with clone3 only (threads=EPERM under such a filter). */
	if (nsb_refused(k, "threads", "pthread_create (clone3)", NSB_IFACE_SYSCALL))
		return;
	nsb_expect_str(k, "mt.unshare_user", NSB_EQ, "EINVAL");	/* a user ns needs a single thread */
	nsb_expect_str(k, "mt.unshare_mnt", NSB_EQ, "ok");
	nsb_expect_str(k, "mt.unshare_pid", NSB_EQ, "ok");
	/* unshare(CLONE_NEWNS) implies CLONE_FS: the thread's chdir stays its own. */
	nsb_expect_str(k, "fs.cwd_after_thread_chdir", NSB_EQ, "/proc");
	nsb_expect_str(k, "fs.cwd_after_thread_unshare_chdir", NSB_EQ, "/");
}

/* clone3(2): the struct size ABI, CLONE_NEWTIME's reach, CLONE_INTO_CGROUP. */
static void expect_clone3(struct nsb_check *k)
{
	static const char *const einval[] = { "size.0", "size.ver0_minus1", "exit_signal.65",
					      "exit_signal.high_bits", NULL };
	static const char *const e2big[] = { "size.bigger_nonzero_tail", "size.over_page", NULL };
	static const char *const ok[] = { "size.ver0", "size.bigger_zero_tail", NULL };
	const char *w;

	expect_all(k, einval, "EINVAL");
	expect_all(k, e2big, "E2BIG");
	expect_all(k, ok, "ok");
	/* clone(2) reads bit 0x80 as part of the exit signal: no new time ns. */
	nsb_expect_key(k, "time.clone.child", NSB_EQ, "time.self");
	nsb_expect_key(k, "time.clone3.child", NSB_NE, "time.self");
	/* unshare(CLONE_NEWTIME) moves only the children (time_namespaces(7)). */
	nsb_expect_key(k, "time.unshare.time", NSB_EQ, "time.self");
	nsb_expect_key(k, "time.unshare.for_children", NSB_NE, "time.self");
	/* cgroup_get_from_file(): anything but a cgroup2 directory is EBADF. */
	nsb_expect_str(k, "cgroup.into_non_cgroup", NSB_EQ, "EBADF");
	/* Migration needs write access to cgroup.procs of the target (cgroups(7)). */
	w = nsb_get(k, "cgroup.procs_writable");
	if (!w)
		return;
	nsb_expect_choice(k, "cgroup.into_own", strcmp(w, "yes") == 0, "ok", "EACCES");
	if (strcmp(w, "yes") == 0)
		nsb_expect_key(k, "cgroup.child", NSB_EQ, "cgroup.self");
}

/*
 * set_tid (clone(2)): choosing a PID needs CAP_SYS_ADMIN (or
 * CAP_CHECKPOINT_RESTORE) over the user ns owning that pid ns. The probe's
 * pid_for_children ns is owned by its own user ns exactly when the
 * combination made both, or made no user ns; a new user ns alone leaves it
 * in the test parent's pid ns, owned by an ancestor: EPERM.
 */
static void expect_settid(struct nsb_check *k)
{
	bool caps = nsb_has(k, NSB_NS_PID) || !nsb_has(k, NSB_NS_USER);

	nsb_expect_choice(k, "own.set_tid", caps, "ok", "EPERM");
	nsb_expect_str(k, "own.too_many_levels", NSB_EQ, "EINVAL");
	/* One level deeper than the test parent exactly with a new pid ns; S one deeper still. */
	expect_int_rel(k, "own.first_einval_size", "parent.first_einval_size",
		       nsb_has(k, NSB_NS_PID) ? 1 : 0);
	expect_int_rel(k, "sub.first_einval_size", "own.first_einval_size", 1);
	nsb_expect_str(k, "sub.free", NSB_EQ, "ok");
	nsb_expect_int(k, "sub.free_pid", NSB_EQ, 300);
	nsb_expect_str(k, "sub.in_use", NSB_EQ, "EEXIST");
	nsb_expect_str(k, "sub.zero", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "sub.over_max", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "sub.nested", NSB_EQ, "ok");
	nsb_expect_int(k, "sub.nested_pid", NSB_EQ, 301);
	nsb_expect_int(k, "sub.nested_inner", NSB_EQ, 1);
	nsb_expect_str(k, "sub.unprivileged", NSB_EQ, "EPERM");
}

/*
 * The test parent measures its own pid ns level the way the probe does:
 * alloc_pid() refuses more set_tid entries than (level + 1) with EINVAL
 * before it checks anything else.
 */
static int settid_before(struct nsb_tp *tp)
{
	pid_t t[MAX_PID_NS_LEVEL + 1];

	for (int n = 1; n <= MAX_PID_NS_LEVEL + 1; n++) {
		struct clone_args a = { .exit_signal = SIGCHLD, .set_tid = (uint64_t)(uintptr_t)t,
					.set_tid_size = (uint64_t)n };
		long pid;

		for (int i = 0; i < n; i++)
			t[i] = (pid_t)(310 + i);
		pid = syscall(SYS_clone3, &a, sizeof(a));
		if (pid == 0)
			_exit(0);
		if (pid > 0) {
			(void)waitpid((pid_t)pid, NULL, 0);
			continue;
		}
		if (errno == EINVAL) {
			nsb_tp_put(tp, "first_einval_size", "%d", n);
			return 0;
		}
		/* Never EINVAL, refused to the end: a filter refuses clone3 (set_tid has no other form). */
		if (n == MAX_PID_NS_LEVEL + 1 && nsb_clone3_refused(errno))
			return nsb_tp_refused(tp, "clone3(set_tid)", NSB_IFACE_SYSCALL, NSB_HOOK_NO_CAP, errno);
	}
	return -EPROTO;
}

/*
 * Few combinations suffice: these rules only change with user and pid; mnt
 * adds the fresh /proc, time a probe inside a time ns (for CLONE_NEWTIME),
 * cgroup a probe inside a cgroup ns (for CLONE_INTO_CGROUP).
 */
#define OTHERS (M(UTS) | M(IPC) | M(NET) | M(CGROUP) | M(TIME))

static const struct nsb_test clone_tests[] = {
	{ .name = "flags", .nest_pid = 1, .nest_user = 2, .probe = "clone-flags", .expect = expect_flags, .excludes = OTHERS,
	  .properties = "SEM-10,SEM-11,SEM-12,SEM-13,SEM-14" },
	{ .name = "clone3-abi", .probe = "clone3-abi", .expect = expect_clone3,
	  .excludes = M(UTS) | M(IPC) | M(NET) | M(MNT), .properties = "SEM-15,SEM-16,SEM-18" },
	{ .name = "set-tid", .nest_pid = 2, .probe = "clone3-settid", .expect = expect_settid,
	  .before = settid_before, .excludes = OTHERS, .properties = "SEM-17" },
};

const struct nsb_suite nsb_suite_clone =
	NSB_SUITE("clone", "clone, clone3 and unshare: namespace flag rules and errors", clone_tests);
