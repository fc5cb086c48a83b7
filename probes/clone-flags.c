/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * clone-flags - what unshare(2) and clone(2) answer to the namespace flag
 * rules. Every attempt runs in a forked child, so a call the kernel wrongly
 * accepts changes nothing in the probe; the child reports the errno as its
 * exit status.
 *
 * stdout (errno names, "ok" for success):
 *   unshare.minus1, unshare.zero                     unshare(-1), unshare(0)
 *   unshare.pid_once, unshare.pid_twice              two unshare(CLONE_NEWPID), no fork between
 *   clone.fs_newns, clone3.fs_newns                  CLONE_FS|CLONE_NEWNS
 *   mt.unshare_user, mt.unshare_mnt, mt.unshare_pid  with a second thread alive
 *   fs.cwd_after_thread_chdir, fs.cwd_after_thread_unshare_chdir
 *                        the main thread's cwd after another thread chdir()s to
 *                        /proc, without and with unshare(CLONE_NEWNS) first
 *   unpriv.<type>        unshare(CLONE_NEW<type>) with every capability dropped
 *   unpriv_user.<type>   the same with CLONE_NEWUSER added
 *   unpriv_user.sethostname  sethostname() after unshare(CLONE_NEWUSER) alone
 *   unmapped.unshare_user    unshare(CLONE_NEWUSER) from a user ns without maps
 *   mapped.unshare_user      ... and from one where the caller mapped itself
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "common/clone.h"
#include "common/uapi.h"
#include "common/errname.h"
#include "common/nstypes.h"
#include "common/procfs.h"

#define CHILD_BROKEN 255

/* Run fn in a forked child; returns its errno (0 = ok), or -1 when the child broke. */
static int in_child(int (*fn)(long), long arg)
{
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg));
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) == CHILD_BROKEN)
		return -1;
	return WEXITSTATUS(st);
}

static int put_result(const char *key, int (*fn)(long), long arg)
{
	int r = in_child(fn, arg);

	if (r < 0)
		return probe_error(0, "%s: the test child broke", key);
	probe_put(key, "%s", nsb_errno_name(r));
	return 0;
}

static int try_unshare(long flags)
{
	return unshare((int)flags) < 0 ? errno : 0;
}

static int pid_twice(long second)
{
	if (unshare(CLONE_NEWPID) < 0)
		return errno;
	if (second && unshare(CLONE_NEWPID) < 0)
		return errno;
	return 0;
}

/* Legacy clone(2) on x86-64: flags, stack, parent_tid, child_tid, tls. No CLONE_VM: fork-like. */
static int clone_fs_newns(long unused)
{
	long pid = syscall(SYS_clone, CLONE_FS | CLONE_NEWNS | SIGCHLD, NULL, NULL, NULL, 0);

	(void)unused;
	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return errno;
	(void)waitpid((pid_t)pid, NULL, 0);
	return 0;
}

static int clone3_fs_newns(long unused)
{
	struct clone_args a = { .flags = CLONE_FS | CLONE_NEWNS, .exit_signal = SIGCHLD };
	long pid = syscall(SYS_clone3, &a, sizeof(a));

	(void)unused;
	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return errno;
	(void)waitpid((pid_t)pid, NULL, 0);
	return 0;
}

struct thr {
	int fd;		/* the thread blocks on it until the main thread is done */
	long unshare_flags;
	int err;
	int done[2];
};

static void *thread_main(void *p)
{
	struct thr *t = p;
	char c;

	/* unshare(2) acts on the calling thread only; glibc's wrapper is the plain syscall. */
	if (t->unshare_flags && unshare((int)t->unshare_flags) < 0)
		t->err = errno;
	else if (!t->unshare_flags || t->unshare_flags == CLONE_NEWNS)
		t->err = chdir("/proc") < 0 ? errno : 0;
	(void)!write(t->done[1], "x", 1);
	(void)!read(t->fd, &c, 1);
	return NULL;
}

/* A second thread is alive while the main thread calls unshare(flags). */
static int mt_unshare(long flags)
{
	struct thr t = { .unshare_flags = 0 };
	int hold[2];
	pthread_t th;
	char c;
	int r;

	if (pipe(hold) < 0 || pipe(t.done) < 0)
		return CHILD_BROKEN;
	t.fd = hold[0];
	if (pthread_create(&th, NULL, thread_main, &t) != 0)
		return CHILD_BROKEN;
	(void)!read(t.done[0], &c, 1);
	r = unshare((int)flags) < 0 ? errno : 0;
	close(hold[1]);
	pthread_join(th, NULL);
	return r;
}

/*
 * unshare(CLONE_NEWNS) implies CLONE_FS (unshare(2)): a thread that does it
 * gets its own cwd. Returns 1 when the main thread's cwd followed the other
 * thread's chdir("/proc"), 0 when it stayed at "/".
 */
static int cwd_follows(long newns)
{
	struct thr t = { .unshare_flags = newns ? CLONE_NEWNS : 0 };
	char cwd[PATH_MAX], c;
	int hold[2];
	pthread_t th;

	if (chdir("/") < 0 || pipe(hold) < 0 || pipe(t.done) < 0)
		return CHILD_BROKEN;
	t.fd = hold[0];
	if (pthread_create(&th, NULL, thread_main, &t) != 0)
		return CHILD_BROKEN;
	(void)!read(t.done[0], &c, 1);
	if (t.err || !getcwd(cwd, sizeof(cwd)))
		return CHILD_BROKEN;
	close(hold[1]);
	pthread_join(th, NULL);
	return strcmp(cwd, "/proc") == 0;
}

static int drop_caps(void)
{
	cap_t none = cap_init();
	int r;

	if (!none)
		return -errno;
	r = cap_set_proc(none) < 0 ? -errno : 0;
	cap_free(none);
	return r;
}

/* "Unprivileged": uid 0 kept (so it stays mapped), every capability dropped. */
static int unpriv_unshare(long flags)
{
	if (drop_caps() < 0)
		return CHILD_BROKEN;
	return unshare((int)flags) < 0 ? errno : 0;
}

/* New capabilities in a new user ns do not reach the parent's uts ns. */
static int unpriv_user_sethostname(long unused)
{
	(void)unused;
	if (drop_caps() < 0 || unshare(CLONE_NEWUSER) < 0)
		return CHILD_BROKEN;
	return sethostname("nsb-never", 9) < 0 ? errno : 0;
}

/* A user ns can only be created by a caller whose euid/egid are mapped where it stands. */
static int nested_user(long mapped)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (unshare(CLONE_NEWUSER) < 0)
		return CHILD_BROKEN;
	if (mapped && nsb_map_root(0, uid, gid, NSB_SETGROUPS_DENY, NULL) < 0)
		return CHILD_BROKEN;
	return unshare(CLONE_NEWUSER) < 0 ? errno : 0;
}

static int put_cwd(const char *key, long newns)
{
	int r = in_child(cwd_follows, newns);

	if (r < 0 || r > 1)
		return probe_error(0, "%s: the test child broke", key);
	probe_put(key, "%s", r ? "/proc" : "/");
	return 0;
}

int main(void)
{
	char key[64];
	int r = 0, c3, th;

	/*
	 * unshare(0) does nothing and succeeds on every kernel: refused, a filter
	 * answers every unshare here (systemd-nspawn --system-call-filter=~unshare)
	 * and nothing below would observe the kernel.
	 */
	if (unshare(0) < 0)
		return probe_refused("unshare(0)", errno);
	r |= put_result("unshare.minus1", try_unshare, -1);
	r |= put_result("unshare.zero", try_unshare, 0);
	r |= put_result("unshare.pid_once", pid_twice, 0);
	r |= put_result("unshare.pid_twice", pid_twice, 1);
	r |= put_result("clone.fs_newns", clone_fs_newns, 0);
	c3 = probe_clone3_works();
	probe_put("clone3", "%s", nsb_errno_name(c3));
	if (!nsb_clone3_refused(c3))
		r |= put_result("clone3.fs_newns", clone3_fs_newns, 0);
	/* glibc's threads need clone3 unless it is ENOSYS: a filter's EPERM refuses them. */
	th = probe_threads_work();
	probe_put("threads", "%s", nsb_errno_name(th));
	if (th == 0) {
		r |= put_result("mt.unshare_user", mt_unshare, CLONE_NEWUSER);
		r |= put_result("mt.unshare_mnt", mt_unshare, CLONE_NEWNS);
		r |= put_result("mt.unshare_pid", mt_unshare, CLONE_NEWPID);
		r |= put_cwd("fs.cwd_after_thread_chdir", 0);
		r |= put_cwd("fs.cwd_after_thread_unshare_chdir", 1);
	}
	/* Every type but user, alone and together with a new user ns. */
	NSB_FOREACH_NS(t) {
		long flag = (long)nsb_nstypes[t].clone_flag;

		if (t == NSB_NS_USER)
			continue;
		snprintf(key, sizeof(key), "unpriv.%s", nsb_nstypes[t].name);
		r |= put_result(key, unpriv_unshare, flag);
		snprintf(key, sizeof(key), "unpriv_user.%s", nsb_nstypes[t].name);
		r |= put_result(key, unpriv_unshare, flag | CLONE_NEWUSER);
	}
	r |= put_result("unpriv_user.sethostname", unpriv_user_sethostname, 0);
	r |= put_result("unmapped.unshare_user", nested_user, 0);
	r |= put_result("mapped.unshare_user", nested_user, 1);
	return r ? PROBE_ERROR : probe_done();
}
