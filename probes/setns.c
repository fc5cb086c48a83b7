/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * setns - join namespaces with setns(2) and report what happened.
 *
 * The probe makes its own target: a child in a new user ns (owned by us,
 * so we have every capability over it) that unshares all other types, sets
 * a hostname, creates a SysV message queue and an abstract unix socket,
 * gives its time ns a monotonic offset, and forks the target process T (PID
 * 1 of the new pid ns, in the new time ns). Every attempt runs in a forked
 * child of the probe, so each starts from the probe's own namespaces.
 * argv[1] is the test's token (names the target's objects), argv[2] the
 * monotonic offset of the target's time ns in days (the rule derives
 * all.time_jump_days from the same number).
 *
 * stdout (values: "ok", an errno name, 0|1, or a number):
 *   cap_sys_admin               CAP_SYS_ADMIN in our effective set
 *   all.setns                   setns(pidfd, all eight CLONE_NEW*) on T
 *   all.same.<t>                1 when our <t> (pid: pid_for_children) is T's afterwards
 *   all.own_pid_kept            our pid ns and getpid() did not change (SEM-7)
 *   all.child_in_target         a child forked afterwards is in T's pid ns
 *   all.time_jump_days          CLOCK_MONOTONIC jump on joining T's time ns
 *   all.procnet, all.sysvipc, all.hostname   /proc/net/unix, /proc/sysvipc/msg
 *                               and the hostname show T's objects (1) or not (0);
 *                               before.procnet, before.sysvipc likewise before joining
 *   incr.all_same               the same, type by type: 1 when all match T
 *   fd0.<t>                     setns(fd of T's <t>, 0) after joining T's user ns
 *   err.ebadf, err.regular, err.memfd, err.bad_nstype, err.mismatch.<t>
 *   err.pidfd_zero, err.pidfd_all_bits, err.pidfd_clone_vm
 *   dead.setns, dead.unchanged  setns(pidfd of a reaped child, USER|NET|UTS)
 *   nocap.<t>                   setns(fd of T's <t>, 0) with no effective capabilities
 *   direct.net, direct.uts      setns(fd of T's net/uts, 0) without joining its user ns
 *   uts.back, uts.back_is_ours  ...and back into our own uts ns, by fd
 *   sibling.user, sibling.net   the same from a sibling user ns
 *   user.current, user.multithreaded, user.shared_fs, mnt.shared_fs
 *   pidns.first_is_1, pidns.ancestor, pidns.own_active
 *   timens.unshare, timens.self_kept, timens.child_in_new
 *   cgroup.unshare
 *   via.pidfd, via.proc         how many namespace fds came through PIDFD_GET_*_NAMESPACE
 *                               (6.11) and how many through /proc/<pid>/ns where the
 *                               kernel lacks those ioctls (probe_pidfd_ns())
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>

#include "probe.h"
#include "common/clone.h"
#include "common/uapi.h"
#include "common/errname.h"
#include "common/nstypes.h"
#include "common/procfs.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Types are joined, and their keys printed, in nsb_ns_join_order: the user
 * ns first, so that the rest is checked against it. J(i) is the i-th type
 * in that order; per-type arrays are indexed by enum nsb_ns.
 */
#define J(i) (nsb_ns_join_order[(i)])
#define NS_FLAG(n) ((int)nsb_nstypes[(n)].clone_flag)
#define NS_NAME(n) (nsb_nstypes[(n)].name)
#define NS_PIDFD(n) (nsb_nstypes[(n)].pidfd_nr)

struct target {
	pid_t helper, pid;
	int pidfd;
	int fd[_NSB_NS_MAX];		/* by enum nsb_ns */
	unsigned long long ino[_NSB_NS_MAX];
	char hostname[64], sockname[64];
	key_t msgkey;
};

static const char *en(int r)
{
	return nsb_errno_name(r < 0 ? errno : 0);
}

static unsigned long long fd_ino(int fd)
{
	struct stat st;

	return fd < 0 || fstat(fd, &st) < 0 ? 0 : (unsigned long long)st.st_ino;
}

/*
 * The namespace @entry of the process behind @pidfd: PIDFD_GET_*_NAMESPACE,
 * or /proc where the kernel lacks it (probe_pidfd_ns). Counts which way was
 * taken, for via.* at the end. Returns the fd, or -1 with errno set.
 */
static unsigned n_via_pidfd, n_via_proc;

static int ns_of(int pidfd, const char *entry)
{
	const char *via = NULL;
	int fd = pidfd < 0 ? -EBADF : probe_pidfd_ns(pidfd, entry, &via);

	if (via && strcmp(via, "proc") == 0)
		n_via_proc++;
	else if (via)
		n_via_pidfd++;
	if (fd < 0) {
		errno = -fd;
		return -1;
	}
	return fd;
}

/* Our own namespace through a pidfd of ourselves, whatever /proc shows. */
static unsigned long long self_ino(unsigned nr)
{
	int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	const char *e = nsb_pidfd_entry(nr);
	int fd = e ? ns_of(pidfd, e) : -1;
	unsigned long long ino = fd_ino(fd);

	if (fd >= 0)
		close(fd);
	if (pidfd >= 0)
		close(pidfd);
	return ino;
}

static int open_self(enum nsb_ns t)
{
	int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	int fd = ns_of(pidfd, NS_NAME(t));

	if (pidfd >= 0)
		close(pidfd);
	return fd;
}

static int cap_sys_admin(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	return !!(d[CAP_SYS_ADMIN / 32].effective & (1u << (CAP_SYS_ADMIN % 32)));
}

static int drop_effective_caps(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return -errno;
	d[0].effective = d[1].effective = 0;
	return syscall(SYS_capset, &h, d) < 0 ? -errno : 0;
}

/* ---- the target ---- */

/* In the helper, after unshare: T's objects, then T itself. Returns T's pid or -1. */
static pid_t target_populate(const struct target *t, long long offset_days)
{
	char offs[64];
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s;
	pid_t pid;

	snprintf(offs, sizeof(offs), "monotonic %lld 0", offset_days * 86400);
	if (nsb_write_proc(0, "timens_offsets", offs) < 0 ||
	    sethostname(t->hostname, strlen(t->hostname)) < 0 ||
	    msgget(t->msgkey, IPC_CREAT | 0600) < 0)
		return -1;
	/* An abstract name: nothing on disk, gone with the netns (unix(7)). */
	memcpy(sa.sun_path + 1, t->sockname, strlen(t->sockname));
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&sa,
			  (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(t->sockname))) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		pause();
		_exit(0);
	}
	return pid;
}

static int target_make(struct target *t, const char *token, long long offset_days)
{
	int p[2];

	snprintf(t->hostname, sizeof(t->hostname), "t-%s", token);
	snprintf(t->sockname, sizeof(t->sockname), "nsb-setns-%s", token);
	t->msgkey = (key_t)(0x6e5b0000 | (getpid() & 0xffff));
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	fflush(stdout);
	t->helper = fork();
	if (t->helper < 0)
		return -errno;
	if (t->helper == 0) {
		/* T's pid, or -errno of the step that failed: the helper's errno, as itself. */
		pid_t pid = probe_enter_userns(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET |
					      CLONE_NEWCGROUP | CLONE_NEWPID | CLONE_NEWTIME);

		close(p[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (pid == 0) {
			pid = target_populate(t, offset_days);
			if (pid < 0)
				pid = -(errno ? errno : EIO);
		}
		if (write(p[1], &pid, sizeof(pid)) != sizeof(pid))
			_exit(1);
		pause();
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &t->pid, sizeof(t->pid)) != sizeof(t->pid) || t->pid <= 0) {
		int r = t->pid < 0 ? t->pid : -EPIPE;	/* EPIPE: the helper died before it said */

		close(p[0]);
		t->pid = 0;
		return r;
	}
	close(p[0]);
	t->pidfd = (int)syscall(SYS_pidfd_open, t->pid, 0);
	if (t->pidfd < 0)
		return -errno;
	for (int i = 0; i < _NSB_NS_MAX; i++) {
		enum nsb_ns n = J(i);

		t->fd[n] = ns_of(t->pidfd, NS_NAME(n));
		if (t->fd[n] < 0)
			return -errno;
		t->ino[n] = fd_ino(t->fd[n]);
	}
	return 0;
}

static void target_end(struct target *t)
{
	if (t->helper > 0) {
		kill(t->helper, SIGKILL);	/* T follows through PDEATHSIG */
		waitpid(t->helper, NULL, 0);
	}
}

/* ---- observations after joining ---- */

static int file_has(const char *path, const char *needle)
{
	char line[512];
	FILE *f = fopen(path, "re");
	int found = 0;

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

/* /proc/sysvipc/msg lists the reader's ipc ns; the key is the first column. */
static int sysvipc_has(key_t key)
{
	char line[512];
	FILE *f = fopen("/proc/sysvipc/msg", "re");
	int found = 0;
	long k;

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%ld", &k) == 1 && k == (long)key;
	fclose(f);
	return found;
}

static int hostname_is(const char *want)
{
	char h[256] = "";

	gethostname(h, sizeof(h) - 1);
	return strcmp(h, want) == 0;
}

static long long monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* 1 when every type is T's now (pid: for our children only), else 0. */
static int all_same(const struct target *t, const char *prefix)
{
	char key[64];
	int all = 1;

	for (int i = 0; i < _NSB_NS_MAX; i++) {
		enum nsb_ns n = J(i);
		unsigned long long mine = self_ino(n == NSB_NS_PID ?
						   nsb_nstypes[n].pidfd_nr_children : NS_PIDFD(n));
		int same = mine == t->ino[n];

		if (prefix) {
			snprintf(key, sizeof(key), "%s.same.%s", prefix, NS_NAME(n));
			probe_put(key, "%d", same);
		}
		all &= same;
	}
	return all;
}

typedef void (*sub_fn)(const struct target *t);

struct sub_arg {
	sub_fn fn;
	const struct target *t;
};

static int sub_main(void *p)
{
	const struct sub_arg *a = p;

	a->fn(a->t);
	fflush(stdout);
	_exit(0);
}

/*
 * Run @fn in a child, so that whatever it joins leaves the probe as it was.
 * With @share_mm the child may share our memory (probe_kid_start(); we only
 * wait for it). Not for what joins a time ns, which the kernel refuses to a
 * caller sharing its memory (timens_install(): EUSERS, an observation of
 * its own), nor for what makes a thread. With @makes_userns (@fn itself
 * enters a new user ns), only where its owner could not ptrace it into our
 * memory (nsb_vm_share_with_userns_ok()).
 */
static void sub(sub_fn fn, const struct target *t, bool share_mm, bool makes_userns)
{
	struct sub_arg a = { fn, t };
	struct probe_kid k;
	pid_t pid;

	if (share_mm && (!makes_userns || nsb_vm_share_with_userns_ok())) {
		/* Its ns_of() counts land in our memory: via.* counts ours only, as before. */
		unsigned via_pidfd = n_via_pidfd, via_proc = n_via_proc;

		if (probe_kid_start(&k, 0, sub_main, &a) == 0)
			(void)probe_kid_wait(&k, NULL);
		n_via_pidfd = via_pidfd;
		n_via_proc = via_proc;
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		sub_main(&a);
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

/* pidfd setns with every type at once (SEM-3, SEM-7, SEM-9, NET-8, IPC-2, UTS-1). */
static void join_all(const struct target *t)
{
	unsigned long long own_pid = self_ino(NS_PIDFD(NSB_NS_PID));
	pid_t me = getpid(), child;
	long long before;
	int flags = 0, r, p[2];

	for (int i = 0; i < _NSB_NS_MAX; i++)
		flags |= NS_FLAG(J(i));
	probe_put("before.procnet", "%d", file_has("/proc/net/unix", t->sockname));
	probe_put("before.sysvipc", "%d", sysvipc_has(t->msgkey));
	before = monotonic_s();
	r = setns(t->pidfd, flags);
	probe_put("all.setns", "%s", en(r));
	if (r < 0)
		return;
	probe_put("all.time_jump_days", "%lld", (monotonic_s() - before + 43200) / 86400);
	all_same(t, "all");
	probe_put("all.own_pid_kept", "%d", getpid() == me && self_ino(NS_PIDFD(NSB_NS_PID)) == own_pid);
	probe_put("all.procnet", "%d", file_has("/proc/net/unix", t->sockname));
	probe_put("all.sysvipc", "%d", sysvipc_has(t->msgkey));
	probe_put("all.hostname", "%d", hostname_is(t->hostname));
	if (pipe2(p, O_CLOEXEC) < 0)
		return;
	fflush(stdout);
	child = fork();
	if (child == 0) {
		char in = self_ino(NS_PIDFD(NSB_NS_PID)) == t->ino[NSB_NS_PID];

		_exit(write(p[1], &in, 1) == 1 ? 0 : 1);
	}
	close(p[1]);
	{
		char in = 0;

		probe_put("all.child_in_target", "%d", read(p[0], &in, 1) == 1 && in);
	}
	close(p[0]);
	waitpid(child, NULL, 0);
}

/* The same, one type at a time through the pidfd: must end where one-shot ends (SEM-3). */
static void join_incremental(const struct target *t)
{
	for (int i = 0; i < _NSB_NS_MAX; i++)
		if (setns(t->pidfd, NS_FLAG(J(i))) < 0) {
			probe_put("incr.all_same", "%s-%s", NS_NAME(J(i)), nsb_errno_name(errno));
			return;
		}
	probe_put("incr.all_same", "%d", all_same(t, NULL));
}

/* By fd with nstype 0, after joining the user ns by fd (SEM-2). */
static void join_fd_zero(const struct target *t)
{
	char key[64];

	for (int i = 0; i < _NSB_NS_MAX; i++) {
		snprintf(key, sizeof(key), "fd0.%s", NS_NAME(J(i)));
		probe_put(key, "%s", en(setns(t->fd[J(i)], 0)));
	}
}

/* Refusals that change nothing (SEM-1, SEM-3). */
static void refusals(const struct target *t)
{
	int reg = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	int mfd = memfd_create("nsb-setns", MFD_CLOEXEC);
	char key[64];

	probe_put("err.ebadf", "%s", en(setns(-1, 0)));
	probe_put("err.regular", "%s", en(setns(reg, 0)));
	probe_put("err.memfd", "%s", en(setns(mfd, 0)));
	probe_put("err.bad_nstype", "%s", en(setns(t->fd[NSB_NS_NET], CLONE_VM)));
	/* Each type's fd with the flag of the next type in join order. */
	for (int i = 0; i < _NSB_NS_MAX; i++) {
		snprintf(key, sizeof(key), "err.mismatch.%s", NS_NAME(J(i)));
		probe_put(key, "%s", en(setns(t->fd[J(i)], NS_FLAG(J((i + 1) % _NSB_NS_MAX)))));
	}
	probe_put("err.pidfd_zero", "%s", en(setns(t->pidfd, 0)));
	probe_put("err.pidfd_all_bits", "%s", en(setns(t->pidfd, -1)));
	probe_put("err.pidfd_clone_vm", "%s", en(setns(t->pidfd, CLONE_VM)));
	close(reg);
	close(mfd);
}

/* A target that died: ESRCH, and nothing changed, not even the user ns (SEM-3). */
static void dead_target(const struct target *t)
{
	unsigned long long before[_NSB_NS_MAX], after;
	int pidfd, unchanged = 1;
	pid_t pid;

	(void)t;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		_exit(probe_enter_userns(CLONE_NEWNET | CLONE_NEWUTS) < 0);
	}
	pidfd = pid < 0 ? -1 : (int)syscall(SYS_pidfd_open, pid, 0);
	waitpid(pid, NULL, 0);
	NSB_FOREACH_NS(n)
		before[n] = self_ino(NS_PIDFD(n));
	probe_put("dead.setns", "%s", en(setns(pidfd, CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWUTS)));
	NSB_FOREACH_NS(n) {
		after = self_ino(NS_PIDFD(n));
		unchanged &= after == before[n];
	}
	probe_put("dead.unchanged", "%d", unchanged);
	if (pidfd >= 0)
		close(pidfd);
}

/* With no effective capability, every type but user is refused (SEM-1). */
static void no_caps(const struct target *t)
{
	char key[64];

	if (drop_effective_caps() < 0)
		return;
	for (int i = 1; i < _NSB_NS_MAX; i++) {	/* J(0) is user */
		snprintf(key, sizeof(key), "nocap.%s", NS_NAME(J(i)));
		probe_put(key, "%s", en(setns(t->fd[J(i)], 0)));
	}
}

/*
 * Without joining T's user ns: CAP_SYS_ADMIN over T's owner we have (we own
 * it), but setns(2) also wants it in our own user ns. Then back, by fd.
 */
static void direct(const struct target *t)
{
	int own_uts = open_self(NSB_NS_UTS), r;
	char h0[256] = "";

	gethostname(h0, sizeof(h0) - 1);
	probe_put("direct.net", "%s", en(setns(t->fd[NSB_NS_NET], CLONE_NEWNET)));
	r = setns(t->fd[NSB_NS_UTS], CLONE_NEWUTS);
	probe_put("direct.uts", "%s", en(r));
	if (r == 0) {
		probe_put("direct.uts_is_target", "%d", hostname_is(t->hostname));
		probe_put("uts.back", "%s", en(setns(own_uts, CLONE_NEWUTS)));
		probe_put("uts.back_is_ours", "%d", hostname_is(h0));
	}
	close(own_uts);
}

/* From a sibling user ns, T's namespaces are out of reach (SEM-4). */
static void sibling(const struct target *t)
{
	if (probe_enter_userns(0) < 0) {
		probe_put("sibling.user", "setup");
		return;
	}
	probe_put("sibling.user", "%s", en(setns(t->fd[NSB_NS_USER], CLONE_NEWUSER)));
	probe_put("sibling.net", "%s", en(setns(t->fd[NSB_NS_NET], CLONE_NEWNET)));
}

static void *idle_thread(void *arg)
{
	(void)arg;
	pause();
	return NULL;
}

static int shared_fs_child(void *arg)
{
	const struct target *t = arg;
	int own_mnt = open_self(NSB_NS_MNT);

	probe_put("user.shared_fs", "%s", en(setns(t->fd[NSB_NS_USER], CLONE_NEWUSER)));
	probe_put("mnt.shared_fs", "%s", en(setns(own_mnt, CLONE_NEWNS)));
	fflush(stdout);
	return 0;
}

/*
 * Where glibc cannot make a thread (it uses clone3 and falls back only on
 * ENOSYS, so a filter's EPERM refuses pthread_create), a thread all the
 * same: clone(2) with CLONE_THREAD on a stack of its own, which only waits
 * (raw syscalls, no libc state) until the process exits. Enough for what
 * setns(2) asks: "is the caller multithreaded". Returns its tid or -errno.
 */
static int raw_idle_fn(void *arg)
{
	(void)arg;
	for (;;)
		syscall(SYS_pause);
	return 0;
}

static int raw_idle_thread(void)
{
	size_t size = 64 * 1024;
	char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK,
			   -1, 0);
	int tid;

	if (stack == MAP_FAILED)
		return -errno;
	tid = clone(raw_idle_fn, stack + size, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
					       CLONE_THREAD | CLONE_SYSVSEM, NULL);
	return tid < 0 ? -errno : tid;
}

/* setns(userns) refusals with EINVAL (SEM-5), and mnt with a shared fs_struct (SEM-6). */
static void user_einval(const struct target *t)
{
	int own_user = open_self(NSB_NS_USER);
	pthread_t th;
	pid_t pid;

	probe_put("user.current", "%s", en(setns(own_user, CLONE_NEWUSER)));
	close(own_user);
	/* A process sharing our fs_struct (CLONE_FS without CLONE_VM: a copy-on-write fork). */
	fflush(stdout);
	pid = (pid_t)syscall(SYS_clone, CLONE_FS | SIGCHLD, NULL, NULL, NULL, 0);
	if (pid == 0)
		_exit(shared_fs_child((void *)t));
	if (pid > 0)
		waitpid(pid, NULL, 0);
	if (pthread_create(&th, NULL, idle_thread, NULL) != 0 && raw_idle_thread() < 0)
		return;
	probe_put("user.multithreaded", "%s", en(setns(t->fd[NSB_NS_USER], CLONE_NEWUSER)));
	fflush(stdout);
	_exit(0);	/* ends the idle thread too */
}

/*
 * A pid ns of our own (A) with its init Y; Y unshares another (B) and forks
 * Z. From Z, A is an ancestor (EINVAL); B, its own, may be joined (SEM-7, SEM-8).
 */
static void pid_ancestor(const struct target *t)
{
	pid_t y;

	(void)t;
	if (probe_enter_userns(CLONE_NEWPID) < 0) {
		probe_put("pidns.first_is_1", "setup");
		return;
	}
	fflush(stdout);
	y = fork();
	if (y == 0) {
		int a = open_self(NSB_NS_PID), b;
		pid_t z;

		probe_put("pidns.first_is_1", "%d", getpid() == 1);
		if (a < 0 || unshare(CLONE_NEWPID) < 0)
			_exit(1);
		fflush(stdout);
		z = fork();
		if (z == 0) {
			b = open_self(NSB_NS_PID);
			probe_put("pidns.ancestor", "%s", en(setns(a, CLONE_NEWPID)));
			probe_put("pidns.own_active", "%s", en(setns(b, CLONE_NEWPID)));
			fflush(stdout);
			_exit(0);
		}
		waitpid(z, NULL, 0);
		_exit(0);
	}
	waitpid(y, NULL, 0);
}

/* unshare(CLONE_NEWTIME) changes only time_for_children (SEM-9); CLONE_NEWCGROUP needs CAP_SYS_ADMIN (CG-2). */
static void unshare_time_cgroup(const struct target *t)
{
	unsigned long long own = self_ino(NS_PIDFD(NSB_NS_TIME));
	int r = unshare(CLONE_NEWTIME);
	pid_t pid;
	int p[2];

	(void)t;
	probe_put("timens.unshare", "%s", en(r));
	if (r == 0 && pipe2(p, O_CLOEXEC) == 0) {
		unsigned long long kids = self_ino(8);	/* PIDFD_GET_TIME_FOR_CHILDREN_NAMESPACE */
		char in = 0;

		probe_put("timens.self_kept", "%d", self_ino(NS_PIDFD(NSB_NS_TIME)) == own && kids != own);
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			in = self_ino(NS_PIDFD(NSB_NS_TIME)) == kids;
			_exit(write(p[1], &in, 1) == 1 ? 0 : 1);
		}
		close(p[1]);
		probe_put("timens.child_in_new", "%d", read(p[0], &in, 1) == 1 && in);
		close(p[0]);
		waitpid(pid, NULL, 0);
	}
	probe_put("cgroup.unshare", "%s", en(unshare(CLONE_NEWCGROUP)));
}

int main(int argc, char *argv[])
{
	/* In this order; share_mm: it joins no time ns and makes no thread (sub()). */
	static const struct {
		sub_fn fn;
		bool share_mm, makes_userns;
	} subs[] = { { join_all, false, false }, { join_incremental, false, false },
		     { refusals, true, false }, { dead_target, true, false }, { no_caps, false, false },
		     { direct, true, false }, { sibling, false, true }, { user_einval, false, false },
		     { pid_ancestor, true, true }, { unshare_time_cgroup, true, false } };
	struct target t = { .helper = -1, .pidfd = -1 };
	long long days;
	char *end;
	int r;

	if (argc < 3)
		return probe_error(EINVAL, "usage: setns TOKEN OFFSET_DAYS");
	errno = 0;
	days = strtoll(argv[2], &end, 10);
	if (errno || end == argv[2] || *end || days < 0 || days > 100000)
		return probe_error(EINVAL, "OFFSET_DAYS: not a number of days in 0..100000: %s", argv[2]);
	r = probe_userns_allowed();
	if (r)
		return probe_skip("unshare(CLONE_NEWUSER): %s", nsb_errno_name(r));
	probe_put("cap_sys_admin", "%d", cap_sys_admin());
	/* glibc's threads need clone3 unless it is ENOSYS: user.multithreaded needs one. */
	probe_put("threads", "%s", nsb_errno_name(probe_threads_work()));
	r = target_make(&t, argv[1], days);
	if (r < 0) {
		target_end(&t);
		return probe_setup_failed("making the target namespaces (a user ns with all other types)", r);
	}
	for (size_t i = 0; i < ARRAY_LEN(subs); i++)
		sub(subs[i].fn, &t, subs[i].share_mm, subs[i].makes_userns);
	/* fd0 joins the user ns first, by fd; kept after the pidfd checks. */
	sub(join_fd_zero, &t, false, false);
	target_end(&t);
	/* Which way the namespace fds came: PIDFD_GET_*_NAMESPACE or /proc (informative). */
	probe_put("via.pidfd", "%u", n_via_pidfd);
	probe_put("via.proc", "%u", n_via_proc);
	return probe_done();
}
