/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench.c - the benchmark driver: which benchmarks, how many fresh worker
 * processes (rounds) each gets, when to stop, and the statistics.
 *
 * Stopping rule: a benchmark gets at least min_rounds workers, each with
 * min_time / min_rounds seconds of sampling; after that it stops as soon as
 * the 95% CI of the pooled median is within +-2% of it, or when max_time,
 * the sample budget or NSB_BENCH_MAX_ROUNDS is reached. The pooled samples
 * give the statistics; each round's median is kept, and their median and
 * spread are reported (BENCH-NOTES.md hazard 3).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_ops.h"
#include "common/step.h"
#include "common/combo.h"
#include "common/errname.h"
#include "common/log.h"
#include "common/util.h"

#define CI_TARGET 0.02
/* nsbench bench's default --samples and --window, also the quick teardown and scaling settings. */
#define FULL_SAMPLES 3000
#define FULL_WINDOW_S 0.3

void nsb_bench_opts_default(struct nsb_bench_opts *o, bool quick)
{
	*o = (struct nsb_bench_opts){
		.ops = (1u << _NSB_OP_MAX) - 1,
		.ns_mask = NSB_ALL_MASK,
		.samples = quick ? 1500 : FULL_SAMPLES,
		.min_time_s = quick ? 0.25 : 0.5,
		.max_time_s = quick ? 0.5 : 1.0,
		.warmup = 10,
		.min_rounds = quick ? 3 : 5,
		.cpu = -1,
		/*
		 * Not shorter when quick: a sustained rate depends on the window's
		 * length (the cleanup backlog grows with it), and run all's teardown
		 * and scaling figures must be comparable with nsbench bench's
		 * (0.15 s read 18-46 % faster teardown than 0.3 s, issue 15).
		 */
		.window_s = FULL_WINDOW_S,
		.settle_s = 0.1,
		.quick = quick,
	};
}

static int add(struct nsb_bench_set *set, enum nsb_bench_op op, unsigned combo, const char *variant,
	       const char *param_name, long param)
{
	struct nsb_bench *n = realloc(set->b, (set->n + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	set->b = n;
	n = &set->b[set->n++];
	*n = (struct nsb_bench){ .op = op, .combo = combo, .variant = variant,
				 .param_name = param_name, .param = param,
				 .marginal_median = NAN, .baseline_median = NAN,
				 .rate_per_s = NAN, .burst_per_s = NAN, .mounts_total = -1 };
	return 0;
}

/* The combinations of an op: each selected type alone, then all selected together. */
static int add_combos(struct nsb_bench_set *set, enum nsb_bench_op op, unsigned mask, bool baseline,
		      bool together, const char *variant, const char *pname, long param)
{
	int r = 0;

	if (baseline)
		r = add(set, op, 0, variant, pname, param);
	NSB_FOREACH_NS(t)
		if (r == 0 && (mask & NSB_MASK(t)))
			r = add(set, op, NSB_MASK(t), variant, pname, param);
	if (r == 0 && together && __builtin_popcount(mask) > 1)
		r = add(set, op, mask, variant, pname, param);
	return r;
}

static int plan(const struct nsb_bench_opts *o, struct nsb_bench_set *set)
{
	static const long mounts[] = { 0, 10, 100, 1000 };
	static const long depth_full[] = { 1, 2, 4, 8, 16, 31, 32 }, depth_quick[] = { 1, 8, 31 };
	const long *depth = o->quick ? depth_quick : depth_full;
	size_t n_depth = o->quick ? 3 : 7;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned m = o->ns_mask;
	int r = 0;

	if (o->ops & (1u << NSB_OP_CLONE))
		r = r ?: add_combos(set, NSB_OP_CLONE, m, true, true, NULL, NULL, 0);
	if (o->ops & (1u << NSB_OP_UNSHARE))
		r = r ?: add_combos(set, NSB_OP_UNSHARE, m, true, true, NULL, NULL, 0);
	if (o->ops & (1u << NSB_OP_SETNS))
		r = r ?: add_combos(set, NSB_OP_SETNS, m, false, true, NULL, NULL, 0);
	if (o->ops & (1u << NSB_OP_TEARDOWN))
		r = r ?: add_combos(set, NSB_OP_TEARDOWN, m, true, true, NULL, NULL, 0);
	if (o->ops & (1u << NSB_OP_SCALING))
		for (long w = 1; w <= (cpus > 0 ? cpus : 1); w++) {
			r = r ?: add_combos(set, NSB_OP_SCALING, m, true, false, "fork", "workers", w);
			r = r ?: add_combos(set, NSB_OP_SCALING, m, true, false, "vfork", "workers", w);
		}
	/* Not in the quick phase of `run all`: each makes and drops network namespaces by the hundred. */
	if ((o->ops & (1u << NSB_OP_NET)) && (m & NSB_MASK(NSB_NS_NET)) && !o->quick) {
		static const char *const net[] = { "setup", "rr", "rr-bridge", "stream", "stream-bridge" };

		for (size_t i = 0; i < ARRAY_SIZE(net); i++)
			r = r ?: add(set, NSB_OP_NET, NSB_MASK(NSB_NS_NET), net[i], NULL, 0);
	}
	if (o->ops & (1u << NSB_OP_GROWTH)) {
		for (size_t i = 0; (m & NSB_MASK(NSB_NS_MNT)) && i < 4; i++)
			r = r ?: add(set, NSB_OP_GROWTH, NSB_MASK(NSB_NS_MNT), "mounts", "mounts_added", mounts[i]);
		for (size_t i = 0; (m & NSB_MASK(NSB_NS_USER)) && i < n_depth; i++)
			r = r ?: add(set, NSB_OP_GROWTH, NSB_MASK(NSB_NS_USER), "user-depth", "depth", depth[i]);
		for (size_t i = 0; (m & NSB_MASK(NSB_NS_PID)) && i < n_depth; i++)
			r = r ?: add(set, NSB_OP_GROWTH, NSB_MASK(NSB_NS_PID), "pid-depth", "depth", depth[i]);
	}
	return r;
}

static void pin(int cpu)
{
	cpu_set_t s;

	if (cpu < 0)
		return;
	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	(void)sched_setaffinity(0, sizeof(s), &s);
}

/*
 * The worker program: $NSBENCH_WORKER, else nsbench-worker (the net
 * benchmarks: nsbench-worker-net, linked against the shared libmnl) beside
 * our own binary (the build tree), else in ../libexec/nsbench/ (an install).
 */
static const char *worker_path(bool net)
{
	static char path[2][PATH_MAX];
	const char *env = secure_getenv("NSBENCH_WORKER"), *name = net ? "nsbench-worker-net" : "nsbench-worker";
	char exe[PATH_MAX], *slash;
	ssize_t n;

	if (env && *env)
		return env;
	if (path[net][0])
		return path[net];
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		return name;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	snprintf(path[net], sizeof(path[net]), "%s/%s", exe, name);
	if (access(path[net], X_OK) != 0)
		snprintf(path[net], sizeof(path[net]), "%s/../libexec/nsbench/%s", exe, name);
	return path[net];
}

/* A shared region a worker can map after exec: memfd-backed. Sets *fd; NULL on failure. */
static struct nsb_bench_shm *shm_new(size_t sz, int *fd)
{
	void *p;

	*fd = memfd_create("nsbench-shm", MFD_CLOEXEC);
	if (*fd < 0)
		return NULL;
	if (ftruncate(*fd, (off_t)sz) < 0 ||
	    (p = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_SHARED, *fd, 0)) == MAP_FAILED) {
		close(*fd);
		*fd = -1;
		return NULL;
	}
	return p;
}

static void shm_free(struct nsb_bench_shm *sh, size_t sz, int fd)
{
	munmap(sh, sz);
	close(fd);
}

/*
 * Fork, pin and exec the worker program with its orders in w->sh (the
 * region behind shm_fd); it exits when we die (PR_SET_PDEATHSIG, checked
 * against getppid() for the race; exec keeps both). An exec that fails is
 * told through the region as the harness's own error.
 */
static pid_t start_worker(struct nsb_worker *w, int cpu, int shm_fd)
{
	pid_t parent = getpid(), pid;
	struct nsb_bench_shm *sh = w->sh;
	const char *path = worker_path(w->op == NSB_OP_NET);

	sh->args = (struct nsb_worker_args){ .o = *w->o, .op = w->op, .combo = w->combo,
					     .param = w->param, .budget_s = w->budget_s,
					     .loop = w->loop, .go_fd = -1 };
	snprintf(sh->args.variant, sizeof(sh->args.variant), "%s", w->variant ?: "");
	fflush(NULL);
	pid = fork();
	if (pid != 0)
		return pid < 0 ? -errno : pid;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(127);
	pin(cpu);
	/* F_DUPFD: copies without FD_CLOEXEC, so that the worker inherits them. */
	int fd = fcntl(shm_fd, F_DUPFD, 3);
	char arg[16];

	if (w->go_fd >= 0)
		sh->args.go_fd = fcntl(w->go_fd, F_DUPFD, 3);
	if (fd < 0 || (w->go_fd >= 0 && sh->args.go_fd < 0)) {
		sh->err = errno;
		snprintf(sh->reason, sizeof(sh->reason), "dup for the worker: %s", nsb_errno_name(errno));
		_exit(127);
	}
	snprintf(arg, sizeof(arg), "%d", fd);
	execv(path, (char *[]){ (char *)path, arg, NULL });
	sh->err = errno;
	sh->broken = true;
	snprintf(sh->reason, sizeof(sh->reason), "exec %s: %s", path, nsb_errno_name(errno));
	_exit(127);
}

/* A worker's wait status -> the benchmark's; a worker that died abnormally makes it an error. */
static void finish_status(struct nsb_bench *b, int st, struct nsb_bench_shm *sh)
{
	if (sh->err) {
		/* Refused in setup or warm-up: not possible here (the step table's rule, as for tests). */
		bool refusal = !sh->broken && nsb_errno_is_refusal(sh->err);

		b->status = refusal && (sh->in_warmup || !sh->n_a) ? NSB_BENCH_SKIPPED : NSB_BENCH_ERROR;
		snprintf(b->reason, sizeof(b->reason), "%s", sh->reason);
	} else if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		b->status = NSB_BENCH_ERROR;
		if (WIFSIGNALED(st))
			snprintf(b->reason, sizeof(b->reason), "worker killed by signal %s",
				 sigabbrev_np(WTERMSIG(st)) ?: "?");
		else
			snprintf(b->reason, sizeof(b->reason), "worker exited %d", WEXITSTATUS(st));
	}
}

/* Wait for a worker, then finish_status(). */
static void finish_worker(struct nsb_bench *b, pid_t pid, struct nsb_bench_shm *sh)
{
	int st;

	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	finish_status(b, st, sh);
}

static int append(struct nsb_bench *b, const double *x, size_t n)
{
	double *s = realloc(b->samples, (b->n + n + 1) * sizeof(*s));

	if (!s)
		return -ENOMEM;
	b->samples = s;
	memcpy(s + b->n, x, n * sizeof(*x));
	b->n += n;
	return 0;
}

static double median_of(const double *x, size_t n)
{
	struct nsb_stats s;

	return n && nsb_stats_compute(x, n, &s) == 0 ? s.median : NAN;
}

static void add_counters(struct nsb_bench *b, const struct nsb_bench_shm *sh, bool first)
{
	for (int i = 0; i < _NSB_PERF_MAX; i++) {
		if (first)
			b->counters[i] = sh->counters[i];
		else if (b->counters[i].ok && sh->counters[i].ok)
			b->counters[i].value += sh->counters[i].value;
	}
	b->counters_user_only |= sh->user_only;
	b->counters_ops = (first ? 0 : b->counters_ops) + sh->counted_ops;
}

static void reset_shm(struct nsb_bench_shm *sh, size_t cap)
{
	memset(sh, 0, sizeof(*sh));
	sh->cap = cap;
	sh->fp = (struct nsb_worker_footprint){ -1, -1, -1 };
}

/* The worker names its setns variant as text; the report keeps a literal. */
static const char *variant_literal(const char *v)
{
	static const char *const known[] = { "join+return", "join" };

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(v, known[i]) == 0)
			return known[i];
	return NULL;
}

/* The largest footprint any of the benchmark's workers had (they should all be alike). */
static void add_footprint(struct nsb_bench *b, const struct nsb_worker_footprint *fp)
{
	if (fp->maps > b->worker_maps)
		b->worker_maps = fp->maps;
	if (fp->rss_kb > b->worker_rss_kb)
		b->worker_rss_kb = fp->rss_kb;
	if (fp->pte_kb > b->worker_pte_kb)
		b->worker_pte_kb = fp->pte_kb;
}

/* clone, unshare, setns, growth: rounds of fresh workers until the stopping rule. */
static int measure_rounds(const struct nsb_bench_opts *o, struct nsb_bench *b, struct nsb_bench_shm *sh,
			  int shm_fd, size_t cap, volatile sig_atomic_t *stop)
{
	double marg[NSB_BENCH_MAX_ROUNDS], *base = NULL;
	size_t n_base = 0;
	uint64_t t0 = nsb_now_ns();
	int r = 0;

	for (unsigned k = 0; k < NSB_BENCH_MAX_ROUNDS && !*stop; k++) {
		struct nsb_worker w = { o, b->op, b->combo, b->variant, b->param,
					o->min_time_s / o->min_rounds, false, -1, sh };
		double elapsed;
		pid_t pid;

		reset_shm(sh, cap);
		pid = start_worker(&w, o->cpu, shm_fd);
		if (pid < 0)
			return pid;
		finish_worker(b, pid, sh);
		if (b->status != NSB_BENCH_OK)
			break;
		if ((r = append(b, sh->data, sh->n_a)) < 0)
			break;
		if (sh->n_b) {
			double *nb = realloc(base, (n_base + sh->n_b) * sizeof(*nb));

			if (!nb) {
				r = -ENOMEM;
				break;
			}
			base = nb;
			memcpy(base + n_base, sh->data + cap, sh->n_b * sizeof(double));
			n_base += sh->n_b;
			marg[k] = median_of(sh->data, sh->n_a) - median_of(sh->data + cap, sh->n_b);
		}
		b->run_medians[k] = median_of(sh->data, sh->n_a);
		b->rounds = k + 1;
		b->faulted += sh->faulted;
		b->used_clone |= sh->used_clone;
		b->variant = variant_literal(sh->variant) ?: b->variant;
		add_footprint(b, &sh->fp);
		b->mounts_total = sh->mounts_total ?: b->mounts_total;
		add_counters(b, sh, k == 0);
		if (nsb_stats_compute(b->samples, b->n, &b->stats) < 0)
			continue;
		b->converged = nsb_stats_converged(&b->stats, CI_TARGET);
		elapsed = (double)(nsb_now_ns() - t0) / 1e9;
		if (b->rounds >= o->min_rounds && elapsed >= o->min_time_s && b->converged)
			break;
		if (b->rounds >= o->min_rounds && (elapsed >= o->max_time_s || b->n >= o->samples))
			break;
	}
	if (n_base && b->status == NSB_BENCH_OK) {
		b->baseline_median = median_of(base, n_base);
		b->marginal_median = median_of(marg, b->rounds);
	}
	free(base);
	return r;
}

/* teardown: one worker, burst then sustained; scaling: param workers at once. */
static int measure_window(const struct nsb_bench_opts *o, struct nsb_bench *b, size_t cap)
{
	unsigned nw = b->op == NSB_OP_SCALING ? (unsigned)b->param : 1;
	size_t sz = nsb_bench_shm_size(cap / nw);
	struct nsb_bench_shm *sh[64];
	int shm_fd[64];
	pid_t pid[64];
	int go[2], r = 0;
	uint64_t ops = 0;
	double window = 0, burst = 0;

	if (nw > 64 || pipe2(go, O_CLOEXEC) < 0)
		return -EINVAL;
	for (unsigned i = 0; i < nw; i++) {
		struct nsb_worker w = { o, b->op, b->combo, b->variant, b->param, 0, false, go[0], NULL };

		sh[i] = shm_new(sz, &shm_fd[i]);
		if (!sh[i]) {
			nw = i;
			r = -ENOMEM;
			break;
		}
		reset_shm(sh[i], cap / nw);
		w.sh = sh[i];
		/* Pinned: worker i on CPU (cpu + i) mod CPUs, so that workers do not share one CPU. */
		pid[i] = start_worker(&w, o->cpu < 0 ? -1 : (o->cpu + (int)i) % (int)sysconf(_SC_NPROCESSORS_ONLN),
				      shm_fd[i]);
		if (pid[i] < 0) {
			shm_free(sh[i], sz, shm_fd[i]);
			nw = i;
			r = pid[i];
			break;
		}
	}
	close(go[0]);
	/* One byte each: every worker starts now (they hold the write end too, so no EOF). */
	for (unsigned i = 0; i < nw; i++)
		(void)!write(go[1], "g", 1);
	close(go[1]);
	for (unsigned i = 0; i < nw; i++) {
		finish_worker(b, pid[i], sh[i]);
		if (b->status == NSB_BENCH_OK && r == 0) {
			r = append(b, sh[i]->data, sh[i]->n_a);
			ops += sh[i]->ops;
			window = sh[i]->window_s > window ? sh[i]->window_s : window;
			burst += sh[i]->burst_s;
			b->faulted += sh[i]->faulted;
			b->used_clone |= sh[i]->used_clone;
			b->run_medians[b->rounds < NSB_BENCH_MAX_ROUNDS ? b->rounds++ : 0] =
				median_of(sh[i]->data, sh[i]->n_a);
			add_counters(b, sh[i], i == 0);
			add_footprint(b, &sh[i]->fp);
		}
		shm_free(sh[i], sz, shm_fd[i]);
	}
	if (b->status == NSB_BENCH_OK && r == 0 && window > 0) {
		b->rate_per_s = (double)ops / window;
		if ((b->op == NSB_OP_TEARDOWN || b->op == NSB_OP_NET) && burst > 0)
			b->burst_per_s = NSB_BENCH_BURST / burst;
		if (b->n && nsb_stats_compute(b->samples, b->n, &b->stats) == 0)
			b->converged = nsb_stats_converged(&b->stats, CI_TARGET);
	}
	return r;
}

static int measure(const struct nsb_bench_opts *o, struct nsb_bench *b, volatile sig_atomic_t *stop)
{
	size_t cap = o->samples / o->min_rounds + 1;
	uint64_t t0 = nsb_now_ns();
	struct nsb_bench_shm *sh;
	size_t sz = nsb_bench_shm_size(cap);
	int r, fd;

	b->worker_maps = b->worker_rss_kb = b->worker_pte_kb = -1;
	if (b->op == NSB_OP_TEARDOWN || b->op == NSB_OP_SCALING || nsb_bench_is_net_setup(b)) {
		/* The quick run's fewer samples are for the rounds: a window keeps the full cap. */
		r = measure_window(o, b, o->quick && o->samples < FULL_SAMPLES ? FULL_SAMPLES : o->samples);
	} else {
		sh = shm_new(sz, &fd);
		if (!sh)
			return -ENOMEM;
		r = measure_rounds(o, b, sh, fd, cap, stop);
		shm_free(sh, sz, fd);
	}
	b->has_stats = b->status == NSB_BENCH_OK && b->n > 0;
	b->wall_s = (double)(nsb_now_ns() - t0) / 1e9;
	/* A dropped net namespace is cleaned up later by a kernel worker: let it land here (hazard 7). */
	if (nsb_combo_has(b->combo, NSB_NS_NET) && b->op != NSB_OP_GROWTH)
		usleep((useconds_t)(o->settle_s * 1e6));
	return r;
}

/* Median cost of one clock read: two reads back to back, 10,000 times. */
static double timer_overhead(int cpu)
{
	enum { N = 10000 };
	static double d[N];
	cpu_set_t old;
	bool restore = sched_getaffinity(0, sizeof(old), &old) == 0;

	pin(cpu);
	for (int i = 0; i < N; i++) {
		uint64_t t0 = nsb_now_ns();

		d[i] = (double)(nsb_now_ns() - t0);
	}
	if (restore && cpu >= 0)
		(void)sched_setaffinity(0, sizeof(old), &old);
	return median_of(d, N);
}

int nsb_bench_run(const struct nsb_bench_opts *o, struct nsb_bench_set *set, volatile sig_atomic_t *stop)
{
	uint64_t t0 = nsb_now_ns();
	int r;

	memset(set, 0, sizeof(*set));
	set->opts = *o;
	set->cheapest_median_ns = NAN;
	if ((r = plan(o, set)) < 0)
		return r;
	set->timer_overhead_ns = timer_overhead(o->cpu);
	for (size_t i = 0; i < set->n; i++) {
		struct nsb_bench *b = &set->b[i];

		if (*stop) {
			set->interrupted = true;
			b->status = NSB_BENCH_SKIPPED;
			snprintf(b->reason, sizeof(b->reason), "interrupted");
			continue;
		}
		if ((r = measure(o, b, stop)) < 0)
			return r;
		/* The baselines (no namespace: unshare(0), a plain fork) are references, not operations. */
		if (b->has_stats && b->combo &&
		    (isnan(set->cheapest_median_ns) || b->stats.median < set->cheapest_median_ns))
			set->cheapest_median_ns = b->stats.median;
	}
	set->interrupted |= *stop != 0;
	set->wall_s = (double)(nsb_now_ns() - t0) / 1e9;
	return set->interrupted ? -EINTR : 0;
}

void nsb_bench_set_free(struct nsb_bench_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		free(set->b[i].samples);
	free(set->b);
	set->b = NULL;
	set->n = 0;
}

int nsb_bench_loop(const struct nsb_bench_opts *o, enum nsb_bench_op op, unsigned combo,
		   double seconds, volatile sig_atomic_t *stop)
{
	struct nsb_bench b = { .op = op, .combo = combo };
	size_t cap = 4096, sz = nsb_bench_shm_size(cap);
	int fd;
	struct nsb_bench_shm *sh = shm_new(sz, &fd);
	struct nsb_worker w = { o, op, combo, NULL, 1, seconds, true, -1, sh };
	struct timespec tick = { 0, 20 * 1000000L };
	pid_t pid;
	int st;

	if (!sh)
		return -ENOMEM;
	reset_shm(sh, cap);
	pid = start_worker(&w, o->cpu, fd);
	if (pid < 0) {
		shm_free(sh, sz, fd);
		return pid;
	}
	/*
	 * The loop runs for `seconds`: look at *stop every 20 ms meanwhile (a
	 * signal between a look and a blocking wait could otherwise go unseen
	 * until the end), and on SIGINT/SIGTERM kill the worker: it holds nothing
	 * that outlives it, and the lab's pid namespace takes what it made.
	 */
	while (waitpid(pid, &st, WNOHANG) == 0) {
		if (*stop) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			shm_free(sh, sz, fd);
			return -EINTR;
		}
		nanosleep(&tick, NULL);
	}
	/*
	 * The exec'd worker has the default dispositions: Ctrl-C to the process
	 * group ends it as it sets *stop here. Interrupted, not an error.
	 */
	if (*stop) {
		shm_free(sh, sz, fd);
		return -EINTR;
	}
	finish_status(&b, st, sh);
	if (b.status != NSB_BENCH_OK)
		log_error("loop: %s", b.reason);
	shm_free(sh, sz, fd);
	return b.status == NSB_BENCH_OK ? 0 : -EIO;
}
