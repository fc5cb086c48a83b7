/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_ops.c - one worker process per (benchmark, round): set up, warm up,
 * then sample until its time budget or its share of samples is spent.
 *
 * What each sample times (t0/t1 are CLOCK_MONOTONIC reads via the vDSO):
 *  clone     clone3(flags) + the child's _exit + waitpid, in the worker.
 *            A benchmark with flags interleaves flagless samples (ABBA
 *            order): its adjacent baseline (BENCH-NOTES.md hazard 5).
 *  unshare   unshare(flags) alone, in a fresh forked child that first
 *            warms up: two clock reads, unshare(0), getrusage (hazards 1, 2).
 *  setns     without user: setns(target) + setns(back to our own), in the
 *            worker ("join+return"); with user, whose join cannot be
 *            undone, setns(target) alone in a fresh child ("join").
 *  teardown  clone round trips back to back for a window; the first
 *            NSB_BENCH_BURST give the burst rate (hazard 7).
 *  scaling   as teardown, in 1..CPUs workers started together, creating
 *            with fork-style clone3 or vfork-style clone (hazard 6).
 *  growth    unshare(CLONE_NEWNS) with N mounts of our own private
 *            namespace; unshare(CLONE_NEWUSER) and clone3(CLONE_NEWPID)
 *            from N - 1 levels of nesting.
 *  net       setup: one container's network as a runtime makes it, timed
 *            as teardown is (a window, burst and sustained): a new netns,
 *            a veth pair, one end moved in, addresses on both, both up,
 *            lo up, a route (never a default one), all over rtnetlink.
 *            rr, rr-bridge: one 1-byte TCP request and its 1-byte answer
 *            (netperf's TCP_RR) between two netns over a veth, or over two
 *            veths through a bridge in a third netns, to a server process.
 *            stream, stream-bridge: the time to write 1 MiB into a TCP
 *            connection whose server drains it (steady state after the
 *            warm-up): Gbit/s = 8388608 / ns.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_ops.h"
#include "common/clone.h"
#include "common/combo.h"
#include "common/errname.h"
#include "common/procfs.h"
#include "common/uapi.h"
#include "common/util.h"
#include "common/log.h"
#include "common/netlink.h"

typedef int (*sample_fn)(struct nsb_worker *w, bool base, double *ns, bool *faulted);

size_t nsb_bench_shm_size(size_t cap)
{
	return sizeof(struct nsb_bench_shm) + 2 * cap * sizeof(double);
}

static int fail(struct nsb_worker *w, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct nsb_worker *w, int err, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	w->sh->err = err;
	snprintf(w->sh->reason, sizeof(w->sh->reason), "%s: %s", what, nsb_errno_name(err));
	return -err;
}

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static void reap(pid_t pid)
{
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

static const char *flag_names(unsigned long flags, char *buf, size_t len)
{
	unsigned mask = 0;

	NSB_FOREACH_NS(t)
		if (flags & nsb_nstypes[t].clone_flag)
			mask |= NSB_MASK(t);
	return nsb_ns_flag_names(mask, buf, len);
}

/*
 * Test only: NSBENCH_TEST_DELAY_NS="clone.<combo>=N" adds a busy-wait of N ns
 * inside each timed sample of that clone benchmark (not its baseline), so
 * that tests/integration/compare-slowdown.sh can inject a known slowdown.
 */
static uint64_t test_delay_ns(const struct nsb_worker *w)
{
	static bool done;
	static uint64_t ns;
	const char *e, *eq;
	char want[NSB_COMBO_STRLEN + 8];

	/*
	 * Read once, then only read: a write to our data in every sample would
	 * cost the clone round trip a copy-on-write fault that the minimal loop
	 * of bench-xcheck.sh does not take (every fork write-protects our pages).
	 */
	if (done)
		return ns;
	done = true;
	e = getenv("NSBENCH_TEST_DELAY_NS");
	if (e && (eq = strrchr(e, '=')) &&
	    snprintf(want, sizeof(want), "clone.%s", nsb_combo_format(w->combo, (char[NSB_COMBO_STRLEN]){ 0 },
									NSB_COMBO_STRLEN)) > 0 &&
	    strlen(want) == (size_t)(eq - e) && strncmp(e, want, strlen(want)) == 0)
		ns = strtoull(eq + 1, NULL, 10);
	return ns;
}

static int s_clone(struct nsb_worker *w, bool base, double *ns, bool *faulted)
{
	unsigned long flags = base ? 0 : nsb_combo_clone_flags(w->combo);
	long f0 = minflt();
	uint64_t t0 = nsb_now_ns(), t1;
	pid_t pid = nsb_clone_fork(flags, NULL, &w->sh->used_clone);
	char names[160];

	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return fail(w, -pid, "clone3(%s)", flag_names(flags, names, sizeof(names)));
	reap(pid);
	if (!base && w->op == NSB_OP_CLONE && test_delay_ns(w))
		for (uint64_t until = nsb_now_ns() + test_delay_ns(w); nsb_now_ns() < until;)
			;
	t1 = nsb_now_ns();
	*ns = (double)(t1 - t0);
	*faulted = minflt() != f0;
	return 0;
}

/* vfork-style: the child shares our memory and runs on its own small stack until _exit. */
static char vstack[64 * 1024] __attribute__((aligned(16)));

/* Not instrumented: ASan would see the switch to vstack before _exit and warn (google/sanitizers#189). */
__attribute__((no_sanitize("address"))) static int vchild(void *arg)
{
	(void)arg;
	_exit(0);
}

static int s_vclone(struct nsb_worker *w, bool base, double *ns, bool *faulted)
{
	static int share_ok = -1;	/* asked once: not a syscall per sample */
	unsigned long flags = base ? 0 : nsb_combo_clone_flags(w->combo);
	uint64_t t0, t1;
	pid_t pid;
	char names[160];

	if ((flags & CLONE_NEWUSER) && share_ok < 0)
		share_ok = nsb_vm_share_with_userns_ok();
	if ((flags & CLONE_NEWUSER) && !share_ok)
		return fail(w, EPERM, "clone(CLONE_VM|CLONE_VFORK|%s) holding capabilities as uid %u (a "
			    "child sharing our memory in a user ns that user owns could be ptraced)",
			    flag_names(flags, names, sizeof(names)), (unsigned)getuid());
	t0 = nsb_now_ns();
	pid = clone(vchild, vstack + sizeof(vstack), (int)(CLONE_VM | CLONE_VFORK | flags | SIGCHLD), NULL);
	if (pid < 0)
		return fail(w, errno, "clone(CLONE_VM|CLONE_VFORK|%s)", flag_names(flags, names, sizeof(names)));
	reap(pid);
	t1 = nsb_now_ns();
	*ns = (double)(t1 - t0);
	*faulted = false;
	return 0;
}

/*
 * In a fresh child: everything the timed call needs is faulted in and bound
 * before t0. Text pages are not copied at fork: the first call of any libc
 * function in the child faults (~2 us here), so only clock_gettime and the
 * timed call (both warmed) run between t0 and t1.
 */
static void __attribute__((noreturn)) timed_unshare(unsigned long flags, struct nsb_bench_shm *sh)
{
	long f0, f1;
	uint64_t t0, t1;
	int r, err;

	sh->slot.err = 0;
	nsb_now_ns();
	nsb_now_ns();
	(void)unshare(0);
	(void)minflt();	/* its copy-out may fault the stack page (COW): not in f0 */
	f0 = minflt();
	t0 = nsb_now_ns();
	r = unshare((int)flags);
	t1 = nsb_now_ns();
	f1 = minflt();
	err = errno;	/* after t1: __errno_location's text page may not be mapped in a fresh child yet */
	sh->slot.faulted = f1 != f0;
	sh->slot.err = r < 0 ? err : 0;
	sh->slot.ns = (double)(t1 - t0);
	_exit(0);
}

static int fresh_child_sample(struct nsb_worker *w, void (*fn)(struct nsb_worker *, unsigned long),
			      unsigned long flags, const char *what, double *ns, bool *faulted)
{
	pid_t pid;
	char names[160];

	w->sh->slot.err = EPROTO;
	pid = nsb_clone_fork(0, NULL, &w->sh->used_clone);
	if (pid < 0)
		return fail(w, -pid, "fork");
	if (pid == 0)
		fn(w, flags);
	reap(pid);
	if (w->sh->slot.err)
		return fail(w, w->sh->slot.err, "%s(%s)", what, flag_names(flags, names, sizeof(names)));
	*ns = w->sh->slot.ns;
	*faulted = w->sh->slot.faulted;
	return 0;
}

static void __attribute__((noreturn)) unshare_child(struct nsb_worker *w, unsigned long flags)
{
	timed_unshare(flags, w->sh);
}

static int s_unshare(struct nsb_worker *w, bool base, double *ns, bool *faulted)
{
	unsigned long flags = base ? 0 : nsb_combo_clone_flags(w->combo);

	return fresh_child_sample(w, unshare_child, flags, "unshare", ns, faulted);
}

/* setns: a holder process made with the combination keeps the target namespaces alive. */
static struct {
	pid_t holder;
	int holder_w;		/* closing it lets the holder exit */
	int target;		/* the holder's ns fd (one type) or pidfd (several) */
	int self;		/* ours, to return to */
	int nstype;		/* setns()'s second argument */
} sn = { -1, -1, -1, -1, 0 };

static int open_ns(pid_t pid, enum nsb_ns t)
{
	char path[64];

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, nsb_nstypes[t].name);
	else
		snprintf(path, sizeof(path), "/proc/self/ns/%s", nsb_nstypes[t].name);
	return open(path, O_RDONLY | O_CLOEXEC);
}

static int setns_setup(struct nsb_worker *w)
{
	unsigned long flags = nsb_combo_clone_flags(w->combo);
	int p[2], single = -1;
	char c, names[160];
	pid_t pid;

	NSB_FOREACH_NS(t)
		if (w->combo == NSB_MASK(t))
			single = (int)t;
	if (pipe2(p, O_CLOEXEC) < 0)
		return fail(w, errno, "pipe");
	pid = nsb_clone_fork(flags, NULL, &w->sh->used_clone);
	if (pid < 0)
		return fail(w, -pid, "clone3(%s) for the target namespaces", flag_names(flags, names, sizeof(names)));
	if (pid == 0) {
		close(p[1]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		(void)!read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	sn.holder = pid;
	sn.holder_w = p[1];
	sn.nstype = (int)flags;
	if (single >= 0) {
		sn.target = open_ns(pid, (enum nsb_ns)single);
		sn.self = open_ns(0, (enum nsb_ns)single);
	} else {
		/* setns(2) with a pidfd joins several of its namespaces at once (Linux 5.8). */
		sn.target = (int)syscall(SYS_pidfd_open, pid, 0);
		sn.self = (int)syscall(SYS_pidfd_open, getpid(), 0);
	}
	if (sn.target < 0 || sn.self < 0)
		return fail(w, errno, "open the namespaces of the target");
	return 0;
}

static void setns_cleanup(void)
{
	safe_close(&sn.target);
	safe_close(&sn.self);
	safe_close(&sn.holder_w);
	if (sn.holder > 0)
		reap(sn.holder);
	sn.holder = -1;
}

static int s_setns_return(struct nsb_worker *w, bool base, double *ns, bool *faulted)
{
	long f0 = minflt();
	uint64_t t0, t1;
	int r1, r2 = 0, err = 0;

	(void)base;
	t0 = nsb_now_ns();
	r1 = setns(sn.target, sn.nstype);
	if (r1 == 0)
		r2 = setns(sn.self, sn.nstype);
	if (r1 < 0 || r2 < 0)
		err = errno;
	t1 = nsb_now_ns();
	if (err)
		return fail(w, err, "setns(%s, %s)", r1 < 0 ? "target" : "back to our own",
			    nsb_ns_flag_names(w->combo, (char[160]){ 0 }, 160));
	*ns = (double)(t1 - t0);
	*faulted = minflt() != f0;
	return 0;
}

static void __attribute__((noreturn)) setns_child(struct nsb_worker *w, unsigned long flags)
{
	struct nsb_bench_shm *sh = w->sh;
	long f0, f1;
	uint64_t t0, t1;
	int r, err;

	sh->slot.err = 0;
	nsb_now_ns();
	nsb_now_ns();
	(void)getppid();
	(void)minflt();
	f0 = minflt();
	t0 = nsb_now_ns();
	r = setns(sn.target, (int)flags);
	t1 = nsb_now_ns();
	f1 = minflt();
	err = errno;	/* after t1: __errno_location's text page may not be mapped in a fresh child yet */
	sh->slot.faulted = f1 != f0;
	sh->slot.err = r < 0 ? err : 0;
	sh->slot.ns = (double)(t1 - t0);
	_exit(0);
}

static int s_setns_join(struct nsb_worker *w, bool base, double *ns, bool *faulted)
{
	(void)base;
	return fresh_child_sample(w, setns_child, (unsigned long)sn.nstype, "setns", ns, faulted);
}

static void take(struct nsb_worker *w, bool base, double ns, bool faulted)
{
	struct nsb_bench_shm *sh = w->sh;
	size_t *n = base ? &sh->n_b : &sh->n_a;

	sh->data[(base ? sh->cap : 0) + *n % sh->cap] = ns;
	if (!w->loop || *n + 1 < sh->cap)
		(*n)++;
	if (faulted && !base)
		sh->faulted++;
}

static int one(struct nsb_worker *w, sample_fn f, bool base)
{
	double ns;
	bool flt;
	int r = f(w, base, &ns, &flt);

	if (r == 0)
		take(w, base, ns, flt);
	return r;
}

/* Operations in the counting pass that follows the timed ones. */
#define NSB_COUNT_OPS 50

/*
 * The perf counters: a separate pass of NSB_COUNT_OPS operations (each with its
 * baseline when @interleave) after the timed samples, never during them. The
 * counters are inherited (they count the children too), so every fork copies
 * the events into its child and its exit folds them back: +20-25% on a
 * fork-style clone round trip here (median 104 vs 80 us, six alternations;
 * issue 15), which the timed samples must not carry. 0 or -errno.
 */
static int count_pass(struct nsb_worker *w, sample_fn f, bool interleave)
{
	struct nsb_bench_shm *sh = w->sh;
	struct nsb_perf perf;
	unsigned n;
	double ns;
	bool flt;
	int r = 0;

	nsb_perf_open(&perf);
	nsb_perf_enable(&perf);
	for (n = 0; n < NSB_COUNT_OPS; n++)
		if ((r = f(w, false, &ns, &flt)) < 0 || (interleave && (r = f(w, true, &ns, &flt)) < 0))
			break;
	nsb_perf_disable(&perf);
	nsb_perf_read_close(&perf, sh->counters);
	sh->user_only = perf.user_only;
	sh->counted_ops = n;
	return r;
}

/* Warm up, then sample until the budget or cap; then count_pass(). */
static int sample_loop(struct nsb_worker *w, sample_fn f, bool interleave)
{
	struct nsb_bench_shm *sh = w->sh;
	uint64_t end;
	double ns;
	bool flt;
	int r = 0;

	sh->in_warmup = true;
	for (unsigned i = 0; i < w->o->warmup; i++)
		if ((r = f(w, false, &ns, &flt)) < 0 || (interleave && (r = f(w, true, &ns, &flt)) < 0))
			return r;
	sh->in_warmup = false;
	end = nsb_now_ns() + (uint64_t)(w->budget_s * 1e9);
	for (unsigned k = 0; (w->loop || sh->n_a < sh->cap) && nsb_now_ns() < end; k++) {
		/* ABBA: neither series always goes first. */
		bool base_first = interleave && (k & 1);

		if (base_first && (r = one(w, f, true)) < 0)
			break;
		if ((r = one(w, f, false)) < 0)
			break;
		if (interleave && !base_first && (r = one(w, f, true)) < 0)
			break;
	}
	return r < 0 ? r : count_pass(w, f, interleave);
}

/* teardown and scaling: back-to-back creations for the window, timed one by one. */
static int window_loop(struct nsb_worker *w, sample_fn f)
{
	struct nsb_bench_shm *sh = w->sh;
	uint64_t t0, end;
	double ns;
	bool flt;
	char c;
	int r = 0;

	sh->in_warmup = true;
	if ((r = f(w, false, &ns, &flt)) < 0)
		return r;
	sh->in_warmup = false;
	if (w->go_fd >= 0)
		(void)!read(w->go_fd, &c, 1);
	t0 = nsb_now_ns();
	/* A container's network takes milliseconds, and its cleanup runs behind: a longer window. */
	end = t0 + (uint64_t)((w->op == NSB_OP_NET && w->o->window_s < 1.0 ? 1.0 : w->o->window_s) * 1e9);
	while (nsb_now_ns() < end) {
		if ((r = f(w, false, &ns, &flt)) < 0)
			break;
		if (sh->ops < NSB_BENCH_BURST)
			sh->burst_s += ns / 1e9;
		if (sh->n_a < sh->cap)
			take(w, false, ns, flt);
		sh->ops++;
	}
	sh->window_s = (double)(nsb_now_ns() - t0) / 1e9;
	return r < 0 ? r : count_pass(w, f, false);
}

static int mounts_setup(struct nsb_worker *w)
{
	char path[64], line[1024];
	FILE *f;

	/* Our own mount namespace, private: nothing below propagates anywhere (mount_namespaces(7)). */
	if (unshare(CLONE_NEWNS) < 0)
		return fail(w, errno, "unshare(CLONE_NEWNS) for the mounts");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return fail(w, errno, "mount --make-rprivate /");
	if (mount("nsbench", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0700") < 0)
		return fail(w, errno, "mount tmpfs on /tmp");
	for (long i = 0; i < w->param; i++) {
		snprintf(path, sizeof(path), "/tmp/m%ld", i);
		if (mkdir(path, 0700) < 0)
			return fail(w, errno, "mkdir %s", path);
		if (mount(path, path, NULL, MS_BIND, NULL) < 0)
			return fail(w, errno, "bind mount %s", path);
	}
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return fail(w, errno, "open /proc/self/mountinfo");
	while (fgets(line, sizeof(line), f))
		w->sh->mounts_total++;
	fclose(f);
	return 0;
}

/* depth - 1 levels of user namespaces, each mapping root to its parent's root (user_namespaces(7)). */
static int user_depth_setup(struct nsb_worker *w)
{
	int r;

	for (long i = 1; i < w->param; i++) {
		if (unshare(CLONE_NEWUSER) < 0)
			return fail(w, errno, "unshare(CLONE_NEWUSER) at nesting depth %ld", i);
		if ((r = nsb_map_root(0, 0, 0, NSB_SETGROUPS_DENY, NULL)) < 0)
			return fail(w, -r, "id maps at nesting depth %ld", i);
	}
	return 0;
}

/*
 * depth - 1 levels of pid namespaces: a pid namespace is entered by a new
 * child, so each level forks its PID 1 and waits for it; the innermost one
 * samples. Returns 0 in the innermost process only.
 */
static int pid_depth_setup(struct nsb_worker *w)
{
	for (long i = 1; i < w->param; i++) {
		pid_t pid;

		if (unshare(CLONE_NEWPID) < 0)
			return fail(w, errno, "unshare(CLONE_NEWPID) at nesting depth %ld", i);
		pid = nsb_clone_fork(0, NULL, &w->sh->used_clone);
		if (pid < 0)
			return fail(w, -pid, "fork at nesting depth %ld", i);
		if (pid > 0) {
			reap(pid);
			_exit(0);
		}
		prctl(PR_SET_PDEATHSIG, SIGKILL);
	}
	return 0;
}

static int growth(struct nsb_worker *w)
{
	int r;

	if (strcmp(w->variant, "mounts") == 0) {
		if ((r = mounts_setup(w)) < 0)
			return r;
		return sample_loop(w, s_unshare, false);
	}
	if (strcmp(w->variant, "user-depth") == 0) {
		if ((r = user_depth_setup(w)) < 0)
			return r;
		return sample_loop(w, s_unshare, false);
	}
	if ((r = pid_depth_setup(w)) < 0)
		return r;
	return sample_loop(w, s_clone, false);
}

/*
 * Joining a user namespace cannot be undone, and returning needs
 * CAP_SYS_ADMIN over our own namespace's owner, which a lab in a user
 * namespace lacks for the machine's time namespace (setns(2)): then only the
 * join is timed, in a fresh child per sample.
 */
static int setns_op(struct nsb_worker *w)
{
	int r = setns_setup(w);
	bool join = nsb_combo_has(w->combo, NSB_NS_USER);

	if (r == 0 && !join) {
		snprintf(w->sh->variant, sizeof(w->sh->variant), "join+return");
		r = sample_loop(w, s_setns_return, false);
		join = r == -EPERM && w->sh->in_warmup;
	}
	if (join && (r == 0 || r == -EPERM)) {
		w->sh->err = 0;
		w->sh->reason[0] = '\0';
		snprintf(w->sh->variant, sizeof(w->sh->variant), "join");
		r = sample_loop(w, s_setns_join, false);
	}
	setns_cleanup();
	return r;
}

#ifndef NSB_WORKER_NO_NET
/*
 * The net benchmarks need libmnl, shared only (Debian): they run in the
 * dynamically linked nsbench-worker-net; nsbench-worker, built with
 * NSB_WORKER_NO_NET, stays static for the clone round trips (issue 15).
 */
/* The net benchmarks' namespaces and connection; they live as long as the worker. */
static struct {
	int host;	/* the worker's own netns */
	int cfd;	/* rr, stream: the client's socket, in netns a */
	unsigned made;	/* setup: containers made so far, for unique link names */
	char buf[1 << 20];
} lab = { -EBADF, -EBADF, 0, "" };

#define NET_PORT 7401

/* A new netns with lo up, left by its fd; we stay in @back. 0 fd or -errno with the step in *what. */
static int netns_new(int back, const char **what)
{
	int fd, r;

	*what = "unshare(CLONE_NEWNET)";
	if (unshare(CLONE_NEWNET) < 0)
		return -errno;
	*what = "open /proc/thread-self/ns/net";
	if ((fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	*what = "RTM_SETLINK lo up";
	if ((r = nsb_nl_link_set("lo", true, 0)) < 0 || (r = setns(back, CLONE_NEWNET) < 0 ? -errno : 0) < 0) {
		close(fd);
		return r;
	}
	return fd;
}

/* In netns @ns: @addr/24 on @dev, @dev up. */
static int addr_up(int ns, const char *dev, const char *addr, const char **what)
{
	struct in_addr a;
	int r;

	inet_pton(AF_INET, addr, &a);
	*what = "setns(CLONE_NEWNET)";
	if (setns(ns, CLONE_NEWNET) < 0)
		return -errno;
	*what = "RTM_NEWADDR";
	/* The kernel answers EINTR when a signal meets its rtnl lock wait: ask again (a few times). */
	for (int tries = 0; (r = nsb_nl_addr_add(dev, AF_INET, &a, 24)) == -EINTR && tries < 5; tries++)
		;
	if (r < 0)
		return r;
	*what = "RTM_SETLINK up";
	return nsb_nl_link_set(dev, true, 0);
}

/*
 * One container: netns, veth pair (host end nb<N>, container end nc<N>),
 * the container end moved in, 192.0.2.1/24 and 192.0.2.2/24, both up,
 * lo up, a route to 198.51.100.0/24 via the host end. Timed whole; the
 * container's netns is dropped after (untimed), taking its veth pair.
 */
static int s_net_setup(struct nsb_worker *w, bool base, double *ns, bool *faulted)
{
	char h[16], c[16];
	struct in_addr dst, gw;
	const char *what = "";
	long f0 = minflt();
	uint64_t t0, t1;
	int fd, r;

	(void)base;
	snprintf(h, sizeof(h), "nb%u", lab.made);
	snprintf(c, sizeof(c), "nc%u", lab.made++);
	inet_pton(AF_INET, "198.51.100.0", &dst);
	inet_pton(AF_INET, "192.0.2.1", &gw);
	t0 = nsb_now_ns();
	if ((fd = netns_new(lab.host, &what)) < 0)
		return fail(w, -fd, "%s", what);
	what = "RTM_NEWLINK veth";
	r = nsb_nl_link_add(h, "veth", c);
	if (r == 0 && (what = "RTM_SETLINK IFLA_NET_NS_FD", r = nsb_nl_link_move_fd(c, fd)) == 0 &&
	    (r = addr_up(lab.host, h, "192.0.2.1", &what)) == 0 &&
	    (r = addr_up(fd, c, "192.0.2.2", &what)) == 0)
		what = "RTM_NEWROUTE", r = nsb_nl_route_add(AF_INET, &dst, 24, &gw, NULL);
	t1 = nsb_now_ns();
	if (setns(lab.host, CLONE_NEWNET) < 0 && r == 0)
		r = -errno, what = "setns back";
	close(fd);
	if (r < 0)
		return fail(w, -r, "%s", what);
	*ns = (double)(t1 - t0);
	*faulted = minflt() != f0;
	return 0;
}

/* veth @a in netns @na, its peer @b moved to netns @nb. */
static int veth_between(int na, const char *a, int nb, const char *b, const char **what)
{
	int r;

	*what = "setns(CLONE_NEWNET)";
	if (setns(na, CLONE_NEWNET) < 0)
		return -errno;
	*what = "RTM_NEWLINK veth";
	if ((r = nsb_nl_link_add(a, "veth", b)) < 0)
		return r;
	*what = "RTM_SETLINK IFLA_NET_NS_FD";
	return nsb_nl_link_move_fd(b, nb);
}

/*
 * Netns a (192.0.2.1) and b (192.0.2.2), joined by a veth or through br0
 * in a third netns; a server process in b echoes (rr) or drains (stream);
 * the worker connects from a. The server dies with the worker.
 */
static int net_pair_setup(struct nsb_worker *w, bool bridge, bool rr)
{
	const char *what = "";
	int a, b, br = -EBADF, ready[2], r, one = 1;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(NET_PORT) };
	pid_t pid;
	char c;

	inet_pton(AF_INET, "192.0.2.2", &sa.sin_addr);
	if ((a = netns_new(lab.host, &what)) < 0)
		return fail(w, -a, "%s", what);
	if ((b = netns_new(lab.host, &what)) < 0)
		return fail(w, -b, "%s", what);
	if (bridge && (br = netns_new(lab.host, &what)) < 0)
		return fail(w, -br, "%s", what);
	if (bridge) {
		if ((r = veth_between(br, "pa", a, "eth0", &what)) < 0 ||
		    (r = veth_between(br, "pb", b, "eth0", &what)) < 0)
			return fail(w, -r, "%s", what);
		what = "RTM_NEWLINK bridge";
		if ((r = nsb_nl_link_add("br0", "bridge", NULL)) < 0)
			return fail(w, -r, "%s", what);
		what = "RTM_SETLINK IFLA_MASTER";
		if ((r = nsb_nl_link_master("pa", "br0")) < 0 || (r = nsb_nl_link_master("pb", "br0")) < 0 ||
		    (what = "RTM_SETLINK up", r = nsb_nl_link_set("pa", true, 0)) < 0 ||
		    (r = nsb_nl_link_set("pb", true, 0)) < 0 || (r = nsb_nl_link_set("br0", true, 0)) < 0)
			return fail(w, -r, "%s", what);
	} else if ((r = veth_between(a, "eth0", b, "peer", &what)) < 0) {
		return fail(w, -r, "%s", what);
	}
	if ((r = addr_up(a, "eth0", "192.0.2.1", &what)) < 0 ||
	    (r = addr_up(b, bridge ? "eth0" : "peer", "192.0.2.2", &what)) < 0)
		return fail(w, -r, "%s", what);
	if (pipe2(ready, O_CLOEXEC) < 0)
		return fail(w, errno, "pipe");
	pid = fork();
	if (pid < 0)
		return fail(w, errno, "fork");
	if (pid == 0) {
		int l, s;
		ssize_t n;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (l < 0 || bind(l, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(l, 1) < 0)
			_exit(1);
		(void)!write(ready[1], "r", 1);
		if ((s = accept4(l, NULL, NULL, SOCK_CLOEXEC)) < 0)
			_exit(1);
		setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		while ((n = read(s, lab.buf, rr ? 1 : sizeof(lab.buf))) > 0)
			if (rr && write(s, lab.buf, (size_t)n) != n)
				break;
		_exit(0);
	}
	/* The server must bind in b: it was forked while we stood there (addr_up ended in b). */
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1)
		return fail(w, EPIPE, "the server did not start");
	close(ready[0]);
	if (setns(a, CLONE_NEWNET) < 0)
		return fail(w, errno, "setns(CLONE_NEWNET)");
	for (uint64_t end = nsb_now_ns() + 2000000000ull;;) {
		lab.cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (lab.cfd < 0)
			return fail(w, errno, "socket");
		if (connect(lab.cfd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			break;
		r = errno;
		close(lab.cfd);
		if (nsb_now_ns() > end)
			return fail(w, r, "connect 192.0.2.2:%d", NET_PORT);
		usleep(10000);
	}
	setsockopt(lab.cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return 0;
}

static int s_net_rr(struct nsb_worker *w, bool base, double *ns, bool *faulted)
{
	long f0 = minflt();
	uint64_t t0 = nsb_now_ns(), t1;
	char c = 'x';

	(void)base;
	if (write(lab.cfd, &c, 1) != 1 || read(lab.cfd, &c, 1) != 1)
		return fail(w, errno ? errno : EPIPE, "TCP round trip");
	t1 = nsb_now_ns();
	*ns = (double)(t1 - t0);
	*faulted = minflt() != f0;
	return 0;
}

static int s_net_stream(struct nsb_worker *w, bool base, double *ns, bool *faulted)
{
	long f0 = minflt();
	uint64_t t0 = nsb_now_ns(), t1;
	size_t done = 0;
	ssize_t n;

	(void)base;
	while (done < sizeof(lab.buf)) {
		n = write(lab.cfd, lab.buf + done, sizeof(lab.buf) - done);
		if (n <= 0)
			return fail(w, n < 0 ? errno : EPIPE, "TCP stream");
		done += (size_t)n;
	}
	t1 = nsb_now_ns();
	*ns = (double)(t1 - t0);
	*faulted = minflt() != f0;
	return 0;
}

static int net_op(struct nsb_worker *w)
{
	const char *v = w->variant ? w->variant : "";
	bool bridge = strstr(v, "bridge") != NULL;

	if ((lab.host = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)) < 0)
		return fail(w, errno, "open /proc/thread-self/ns/net");
	if (strcmp(v, "setup") == 0)
		return window_loop(w, s_net_setup);
	if (net_pair_setup(w, bridge, strncmp(v, "rr", 2) == 0) < 0)
		return -w->sh->err;
	return sample_loop(w, strncmp(v, "rr", 2) == 0 ? s_net_rr : s_net_stream, false);
}
#endif

int nsb_worker_main(struct nsb_worker *w)
{
	bool vfork_style = w->variant && strcmp(w->variant, "vfork") == 0;

	switch (w->op) {
	case NSB_OP_CLONE:
		return sample_loop(w, s_clone, w->combo != 0) < 0;
	case NSB_OP_UNSHARE:
		return sample_loop(w, s_unshare, false) < 0;
	case NSB_OP_SETNS:
		return setns_op(w) < 0;
	case NSB_OP_TEARDOWN:
		return window_loop(w, s_clone) < 0;
	case NSB_OP_SCALING:
		if (vfork_style && nsb_combo_has(w->combo, NSB_NS_TIME))
			return fail(w, EINVAL, "clone(2) cannot express CLONE_NEWTIME (its bit is in CSIGNAL)") < 0;
		return window_loop(w, vfork_style ? s_vclone : s_clone) < 0;
	case NSB_OP_GROWTH:
		return growth(w) < 0;
	case NSB_OP_NET:
#ifdef NSB_WORKER_NO_NET
		return fail(w, EINVAL, "the net benchmarks run in nsbench-worker-net, not here") < 0;
#else
		return net_op(w) < 0;
#endif
	default:
		return fail(w, EINVAL, "unknown operation") < 0;
	}
}

/* Lines of a /proc file, or the kB value of its "key:" line; read with plain read(2). */
static long proc_scan(const char *path, const char *key)
{
	char buf[4096];
	long lines = 0, val = -1;
	size_t klen = key ? strlen(key) : 0, have = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - 1 - have);
		char *p = buf, *nl;

		if (n <= 0)
			break;
		have += (size_t)n;
		buf[have] = '\0';
		while ((nl = memchr(p, '\n', have - (size_t)(p - buf)))) {
			lines++;
			if (key && strncmp(p, key, klen) == 0)
				val = strtol(p + klen, NULL, 10);
			p = nl + 1;
		}
		have -= (size_t)(p - buf);
		memmove(buf, p, have);
		if (have == sizeof(buf) - 1)
			have = 0;	/* an endless line: skip it */
	}
	close(fd);
	return key ? val : lines;
}

void nsb_worker_footprint(struct nsb_worker_footprint *fp)
{
	fp->maps = proc_scan("/proc/self/maps", NULL);
	fp->rss_kb = proc_scan("/proc/self/status", "VmRSS:");
	fp->pte_kb = proc_scan("/proc/self/status", "VmPTE:");
}
