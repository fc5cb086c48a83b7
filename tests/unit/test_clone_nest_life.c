/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_clone_nest_life.c - the rules of the clone, nesting and lifecycle
 * suites fed with observations as this kernel gives them (pass) and with
 * one lie each (a wrong errno, a wrong depth, a namespace that outlived its
 * pin): every errno expectation must be able to turn the test to fail.
 */
#include <stdio.h>
#include <string.h>

#include "cmocka-wrap.h"
#include "common/clone.h"
#include "suites/expect.h"
#include "suites/suite.h"

#define PID NSB_MASK(NSB_NS_PID)
#define USER NSB_MASK(NSB_NS_USER)

static const struct nsb_test *find_test(const char *suite, const char *name)
{
	const struct nsb_test *t = nsb_test_find(suite, name);

	if (!t)
		fail_msg("no test %s.%s", suite, name);
	return t;
}

/* Judge @lines with "key=value" @lie (or NULL) replacing one observation. */
static enum nsb_verdict judge(const char *suite, const char *name, unsigned combo,
			      const char *lines, const char *lie, char *why)
{
	struct nsb_obs o;
	struct nsb_check k;
	enum nsb_verdict v;

	nsb_obs_init(&o);
	assert_int_equal(nsb_obs_parse(&o, lines, strlen(lines)), 0);
	assert_int_equal(o.malformed, 0);
	if (lie) {
		char key[64];
		const char *eq = strchr(lie, '=');

		assert_non_null(eq);
		snprintf(key, sizeof(key), "%.*s", (int)(eq - lie), lie);
		assert_non_null(nsb_obs_get(&o, key));	/* a lie replaces a real observation */
		assert_int_equal(nsb_obs_set(&o, key, eq + 1), 0);
	}
	nsb_check_init(&k, combo, &o, "nsb-t1");
	v = nsb_judge(find_test(suite, name), &k);
	if (why)
		snprintf(why, 256, "%s", k.reason);
	nsb_check_free(&k);
	nsb_obs_free(&o);
	return v;
}

static const char flags_truth[] =
	"unshare.minus1=EINVAL\nunshare.zero=ok\nunshare.pid_once=ok\nunshare.pid_twice=EINVAL\n"
	"clone.fs_newns=EINVAL\nclone3.fs_newns=EINVAL\nmt.unshare_user=EINVAL\n"
	"mt.unshare_mnt=ok\nmt.unshare_pid=ok\nfs.cwd_after_thread_chdir=/proc\n"
	"fs.cwd_after_thread_unshare_chdir=/\nunpriv.pid=EPERM\nunpriv_user.pid=ok\n"
	"unpriv.uts=EPERM\nunpriv_user.uts=ok\nunpriv.ipc=EPERM\nunpriv_user.ipc=ok\n"
	"unpriv.mnt=EPERM\nunpriv_user.mnt=ok\nunpriv.net=EPERM\nunpriv_user.net=ok\n"
	"unpriv.cgroup=EPERM\nunpriv_user.cgroup=ok\nunpriv.time=EPERM\nunpriv_user.time=ok\n"
	"unpriv_user.sethostname=EPERM\nunmapped.unshare_user=EPERM\nmapped.unshare_user=ok\n"
	"tp.exit=0\n";

static void clone_flags(void **state)
{
	static const char *const lies[] = {
		"mt.unshare_user=ok", "unshare.pid_twice=ok", "clone.fs_newns=ok",
		"clone3.fs_newns=EPERM", "unshare.minus1=EPERM", "unpriv.net=ok",
		"unpriv_user.mnt=EPERM", "unmapped.unshare_user=ok", "mapped.unshare_user=EPERM",
		"fs.cwd_after_thread_unshare_chdir=/proc", "unpriv_user.sethostname=ok",
		"mt.unshare_pid=EINVAL",
	};
	char why[256];

	(void)state;
	assert_int_equal(judge("clone", "flags", 0, flags_truth, NULL, NULL), NSB_PASS);
	assert_int_equal(judge("clone", "flags", USER | PID, flags_truth, NULL, NULL), NSB_PASS);
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++)
		assert_int_equal(judge("clone", "flags", USER, flags_truth, lies[i], NULL), NSB_FAIL);
	judge("clone", "flags", 0, flags_truth, "mt.unshare_user=ok", why);
	assert_string_equal(why, "mt.unshare_user: expected == EINVAL, observed ok");
}

/* A filter refuses clone3 (EPERM): the clone3 and thread parts are a skip naming it. */
static const char flags_filtered[] =
	"unshare.minus1=EINVAL\nunshare.zero=ok\nunshare.pid_once=ok\nunshare.pid_twice=EINVAL\n"
	"clone.fs_newns=EINVAL\nclone3=EPERM\nthreads=EPERM\nunpriv.pid=EPERM\nunpriv_user.pid=ok\n"
	"unpriv.uts=EPERM\nunpriv_user.uts=ok\nunpriv.ipc=EPERM\nunpriv_user.ipc=ok\n"
	"unpriv.mnt=EPERM\nunpriv_user.mnt=ok\nunpriv.net=EPERM\nunpriv_user.net=ok\n"
	"unpriv.cgroup=EPERM\nunpriv_user.cgroup=ok\nunpriv.time=EPERM\nunpriv_user.time=ok\n"
	"unpriv_user.sethostname=EPERM\nunmapped.unshare_user=EPERM\nmapped.unshare_user=ok\n"
	"tp.exit=0\n";

static void clone_flags_clone3_refused(void **state)
{
	char why[256];

	(void)state;
	assert_int_equal(judge("clone", "flags", 0, flags_filtered, NULL, why), NSB_SKIP);
	assert_non_null(strstr(why, "clone3 refused (EPERM) on kernel "));
	/* What does not need clone3 is still judged: a lie there fails. */
	assert_int_equal(judge("clone", "flags", 0, flags_filtered, "unshare.minus1=ok", NULL),
			 NSB_FAIL);
	/* ENOSYS is absence too; EBADF is neither. */
	assert_int_equal(judge("clone", "flags", 0, flags_filtered, "clone3=ENOSYS", why), NSB_SKIP);
	assert_int_equal(judge("clone", "flags", 0, flags_filtered, "threads=EBADF", NULL), NSB_ERROR);
}

/*
 * The spawn's clone3(CLONE_VM): EINVAL (6.1 with a pending time namespace)
 * and the refusals of clone3 itself leave the fork-style clone to try; an
 * errno that says the namespaces cannot be made does not (it is the answer).
 */
static void clone3_vm_fallback(void **state)
{
	static const int retry[] = { EINVAL, -EINVAL, ENOSYS, EPERM, -EPERM };
	static const int final[] = { 0, ENOSPC, -ENOSPC, EAGAIN, ENOMEM, EUSERS, EACCES, EBADF };

	(void)state;
	for (size_t i = 0; i < sizeof(retry) / sizeof(retry[0]); i++)
		assert_true(nsb_clone3_vm_refused(retry[i]));
	for (size_t i = 0; i < sizeof(final) / sizeof(final[0]); i++)
		assert_false(nsb_clone3_vm_refused(final[i]));
	/* The clone(2) fallback of the fork-style path is still only for refusals, not EINVAL. */
	assert_false(nsb_clone3_refused(EINVAL));
}

static const char abi_truth[] =
	"size.0=EINVAL\nsize.ver0_minus1=EINVAL\nsize.ver0=ok\nsize.bigger_zero_tail=ok\n"
	"size.bigger_nonzero_tail=E2BIG\nsize.over_page=E2BIG\nexit_signal.65=EINVAL\n"
	"exit_signal.high_bits=EINVAL\ntime.self=11\ntime.clone.child=11\ntime.clone3.child=12\n"
	"time.unshare.time=11\ntime.unshare.for_children=13\ncgroup.self=/\n"
	"cgroup.into_non_cgroup=EBADF\ncgroup.procs_writable=yes\ncgroup.into_own=ok\n"
	"cgroup.child=/\ntp.exit=0\n";

static void clone3_abi(void **state)
{
	static const char *const lies[] = {
		"size.over_page=EINVAL", "size.bigger_nonzero_tail=ok", "size.bigger_zero_tail=E2BIG",
		"size.ver0_minus1=ok", "exit_signal.65=ok", "time.clone.child=12",
		"time.clone3.child=11", "time.unshare.time=13", "cgroup.into_non_cgroup=ok",
		"cgroup.into_own=EACCES", "cgroup.child=/x",
	};

	(void)state;
	assert_int_equal(judge("clone", "clone3-abi", 0, abi_truth, NULL, NULL), NSB_PASS);
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++)
		assert_int_equal(judge("clone", "clone3-abi", 0, abi_truth, lies[i], NULL), NSB_FAIL);
	/* Without write access to cgroup.procs the migration must be refused. */
	assert_int_equal(judge("clone", "clone3-abi", 0, abi_truth, "cgroup.procs_writable=no", NULL),
			 NSB_FAIL);
}

static const char settid_user[] =
	"parent.first_einval_size=3\nown.set_tid=EPERM\nown.too_many_levels=EINVAL\n"
	"own.first_einval_size=3\nsub.first_einval_size=4\nsub.free=ok\nsub.free_pid=300\n"
	"sub.in_use=EEXIST\nsub.zero=EINVAL\nsub.over_max=EINVAL\nsub.nested=ok\n"
	"sub.nested_pid=301\nsub.nested_inner=1\nsub.unprivileged=EPERM\ntp.exit=0\n";

static void set_tid(void **state)
{
	static const char *const lies[] = {
		"own.set_tid=ok", "sub.in_use=ok", "sub.unprivileged=ok", "sub.nested_pid=7",
		"sub.first_einval_size=3", "own.too_many_levels=E2BIG", "sub.zero=ok",
	};

	(void)state;
	/* A user ns alone: the pid ns stays the parent's, owned by an ancestor: EPERM. */
	assert_int_equal(judge("clone", "set-tid", USER, settid_user, NULL, NULL), NSB_PASS);
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++)
		assert_int_equal(judge("clone", "set-tid", USER, settid_user, lies[i], NULL), NSB_FAIL);
	/* The same EPERM with user+pid is wrong (and the probe would be a level deeper). */
	assert_int_equal(judge("clone", "set-tid", USER | PID, settid_user, NULL, NULL), NSB_FAIL);
	assert_int_equal(judge("clone", "set-tid", 0, settid_user, NULL, NULL), NSB_FAIL);
}

static const char depth_none[] =
	"parent.pid_level=1\nparent.user_depth=33\npid.level=1\npid.depth=31\npid.limit=ENOSPC\n"
	"user.depth=33\nuser.limit=ENOSPC\nowner.creator_uid=0\nowner.uid=0\n"
	"owner.child_user=50\nowner.user_parent=40\nowner.self_user=40\nowner.net=50\n"
	"owner.pid=50\nowner.uts=50\ntp.exit=0\n";

static void depth(void **state)
{
	static const char *const lies[] = {
		"pid.depth=32", "pid.limit=EINVAL", "user.depth=32", "user.limit=EUSERS",
		"pid.level=2", "owner.net=40", "owner.uid=65534", "owner.user_parent=50",
	};
	char why[256];

	(void)state;
	assert_int_equal(judge("nesting", "depth", 0, depth_none, NULL, NULL), NSB_PASS);
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++)
		assert_int_equal(judge("nesting", "depth", 0, depth_none, lies[i], NULL), NSB_FAIL);
	/* The none observations in a pid+user combination: no level was used. */
	assert_int_equal(judge("nesting", "depth", PID | USER, depth_none, NULL, why), NSB_FAIL);
	assert_string_equal(why, "pid.level: expected == 2, observed 1");
}

static const char limits_truth[] =
	"outer.inotify=ok\nu1.net_max_initial=2147483647\nu1.set_net_max_1=ok\nu1.net_first=ok\n"
	"u1.net_second=ENOSPC\nu1.set_inotify_max_0=ok\nu1.inotify=EMFILE\n"
	"u2.net_max_initial=2147483647\nu2.set_net_max_100=ok\nu2.net=ENOSPC\nu2.uts=ok\n"
	"u2.set_without_cap=EACCES\ntp.exit=0\n";

static void limits(void **state)
{
	static const char *const lies[] = {
		"u2.net=ok", "u1.net_second=ok", "u1.inotify=ok", "u2.set_without_cap=ok",
		"u2.net_max_initial=1", "u2.uts=ENOSPC",
	};

	(void)state;
	assert_int_equal(judge("nesting", "userns-limits", USER, limits_truth, NULL, NULL), NSB_PASS);
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++)
		assert_int_equal(judge("nesting", "userns-limits", USER, limits_truth, lies[i], NULL),
				 NSB_FAIL);
}

static const char mounts_truth[] =
	"lock.inner_clear_rdonly=EPERM\nlock.inner_clear_nosuid=EPERM\nlock.inner_clear_nodev=EPERM\n"
	"lock.inner_clear_noexec=EPERM\nlock.inner_keep=ok\nlock.outer_clear_rdonly=ok\n"
	"pivot.not_mountpoint=EINVAL\npivot.put_old_outside=EINVAL\npivot.notdir=ENOTDIR\n"
	"pivot.unprivileged=EPERM\npivot.ok=ok\npivot.root_marker=yes\npts.mount=ok\npts.index=0\n"
	"pts.dev_differs=yes\ntp.exit=0\n";

static void mounts(void **state)
{
	static const char *const lies[] = {
		"lock.inner_clear_rdonly=ok", "lock.inner_keep=EPERM", "lock.outer_clear_rdonly=EPERM",
		"pivot.not_mountpoint=ok", "pivot.unprivileged=ok", "pivot.root_marker=no",
		"pts.index=3", "pts.dev_differs=no",
	};

	(void)state;
	assert_int_equal(judge("nesting", "mounts", USER, mounts_truth, NULL, NULL), NSB_PASS);
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++)
		assert_int_equal(judge("nesting", "mounts", USER, mounts_truth, lies[i], NULL), NSB_FAIL);
}

static void sysfs(void **state)
{
	static const char own[] = "sysfs.mount_a=ok\nsysfs.a_lo_before=10\nsysfs.mount_b=ok\n"
				  "sysfs.a_lo_after=10\nsysfs.b_lo=20\ntp.exit=0\n";
	static const char foreign[] = "sysfs.mount_a=EPERM\nsysfs.a_lo_before=0\nsysfs.mount_b=ok\n"
				      "sysfs.a_lo_after=0\nsysfs.b_lo=20\ntp.exit=0\n";

	(void)state;
	assert_int_equal(judge("nesting", "sysfs-netns", 0, own, NULL, NULL), NSB_PASS);
	assert_int_equal(judge("nesting", "sysfs-netns", USER, foreign, NULL, NULL), NSB_PASS);
	/* The mount of A following the reader into B is the lie this test exists for. */
	assert_int_equal(judge("nesting", "sysfs-netns", 0, own, "sysfs.a_lo_after=20", NULL), NSB_FAIL);
	/* A sysfs mount over an ancestor's net ns must be refused, and allowed over one's own. */
	assert_int_equal(judge("nesting", "sysfs-netns", USER, own, NULL, NULL), NSB_FAIL);
	assert_int_equal(judge("nesting", "sysfs-netns", USER | NSB_MASK(NSB_NS_NET), foreign, NULL, NULL),
			 NSB_FAIL);
}

static const char pins_truth[] =
	"task.ino=5\ntask.alive=ok\ntask.alive_ino=5\ntask.gone=ESTALE\nfd.ino=6\nfd.alive=ok\n"
	"fd.alive_ino=6\nfd.gone=ESTALE\nbind.ino=7\nbind.alive=ok\nbind.alive_ino=7\n"
	"bind.path_ino=7\nbind.gone=ESTALE\nsocket.ino=8\nsocket.alive=ok\nsocket.alive_ino=8\n"
	"socket.gone=ESTALE\ntp.exit=0\n";

static void pins(void **state)
{
	static const char *const lies[] = {
		"fd.gone=ok", "bind.alive=ESTALE", "socket.gone=ok", "task.alive_ino=9",
		"bind.path_ino=8", "task.gone=ENOENT",
	};

	(void)state;
	assert_int_equal(judge("lifecycle", "pins", USER, pins_truth, NULL, NULL), NSB_PASS);
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++)
		assert_int_equal(judge("lifecycle", "pins", USER, pins_truth, lies[i], NULL), NSB_FAIL);
	/* A handle that does not work at all is a skip with the errno, decided by the probe. */
	assert_int_equal(judge("lifecycle", "pins", 0,
			       "skip=name_to_handle_at on an nsfs file: EOPNOTSUPP (kernel 6.1.0)\ntp.exit=4\n",
			       NULL, NULL), NSB_SKIP);
}

static const char pidns_truth[] =
	"sig.from_parent=0\nsig.from_child=2\nsig.child_pid=2\nfork.while_init=ok\n"
	"fork.while_init_pid=3\nfork.after_init=ENOMEM\ntp.exit=0\n";

static void pidns(void **state)
{
	static const char *const lies[] = {
		"fork.after_init=ok", "fork.after_init=EAGAIN", "sig.from_parent=77",
		"sig.from_child=0", "fork.while_init=ENOMEM",
	};

	(void)state;
	assert_int_equal(judge("lifecycle", "pidns-init", PID, pidns_truth, NULL, NULL), NSB_PASS);
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++)
		assert_int_equal(judge("lifecycle", "pidns-init", PID, pidns_truth, lies[i], NULL),
				 NSB_FAIL);
}

static void pidfd_exit(void **state)
{
	static const char truth[] =
		"exit.pid=40\nexit.zombie_info=ok\nexit.zombie_pid=40\nexit.reaped_info=ok\n"
		"exit.reaped_has_exit=yes\nexit.reaped_code=1792\nexit.reaped_no_exit=ESRCH\ntp.exit=0\n";

	(void)state;
	assert_int_equal(judge("lifecycle", "pidfd-exit", PID, truth, NULL, NULL), NSB_PASS);
	assert_int_equal(judge("lifecycle", "pidfd-exit", PID, truth, "exit.reaped_no_exit=ok", NULL),
			 NSB_FAIL);
	assert_int_equal(judge("lifecycle", "pidfd-exit", PID, truth, "exit.reaped_code=0", NULL),
			 NSB_FAIL);
	assert_int_equal(judge("lifecycle", "pidfd-exit", PID, truth, "exit.zombie_pid=1", NULL),
			 NSB_FAIL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clone_flags),
		cmocka_unit_test(clone_flags_clone3_refused),
		cmocka_unit_test(clone3_vm_fallback),
		cmocka_unit_test(clone3_abi),
		cmocka_unit_test(set_tid),     cmocka_unit_test(depth),
		cmocka_unit_test(limits),      cmocka_unit_test(mounts),
		cmocka_unit_test(sysfs),
		cmocka_unit_test(pins),
		cmocka_unit_test(pidns),       cmocka_unit_test(pidfd_exit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
