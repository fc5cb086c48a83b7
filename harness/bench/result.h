/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * result.h - what a benchmark measured: the types the benchmark driver
 * fills and the report writers read (they include this, never bench.h),
 * plus the names and the stable id of a benchmark.
 */
#ifndef NSB_BENCH_RESULT_H
#define NSB_BENCH_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "perf.h"
#include "stats.h"

enum nsb_bench_op {
	NSB_OP_CLONE,		/* clone3(flags) + child _exit + reap; none = the baseline */
	NSB_OP_UNSHARE,		/* unshare(flags) alone, in a fresh child per sample */
	NSB_OP_SETNS,		/* setns() into a namespace nsbench made (and back where possible) */
	NSB_OP_TEARDOWN,	/* create+destroy: burst rate vs sustained rate */
	NSB_OP_SCALING,		/* creations/s with 1..CPUs workers, per creation method */
	NSB_OP_GROWTH,		/* mnt vs mounts; user and pid vs nesting depth */
	NSB_OP_NET,		/* a container's network: setup; TCP round trip and stream over veth, direct or bridged */
	_NSB_OP_MAX,
};

extern const char *const nsb_bench_op_names[_NSB_OP_MAX];

#define NSB_BENCH_MAX_ROUNDS 16

struct nsb_bench_opts {
	unsigned ops;		/* mask of (1 << enum nsb_bench_op) */
	unsigned ns_mask;	/* the types benchmarked: each alone, and all of them together */
	unsigned samples;	/* at most this many samples per benchmark */
	double min_time_s;	/* per benchmark: sample at least this long ... */
	double max_time_s;	/* ... and stop here even if the CI is still wide */
	unsigned warmup;	/* untimed iterations per worker before sampling */
	unsigned min_rounds;	/* fresh worker processes per benchmark, at least */
	int cpu;		/* pin workers to this CPU; -1: not pinned */
	double window_s;	/* teardown and scaling: length of the sustained window */
	double settle_s;	/* pause after a benchmark that made net namespaces (async cleanup) */
	bool quick;		/* the bench phase of `nsbench run all`: fewer growth points */
};

enum nsb_bench_status { NSB_BENCH_OK, NSB_BENCH_SKIPPED, NSB_BENCH_ERROR };

struct nsb_bench {
	enum nsb_bench_op op;
	unsigned combo;
	const char *variant;	/* "join+return", "join", "fork", "vfork", "mounts", "user-depth", "pid-depth",
				   net: "setup", "rr", "rr-bridge", "stream", "stream-bridge"; or NULL */
	const char *param_name;	/* "workers", "mounts_added", "depth" or NULL */
	long param;
	long mounts_total;	/* growth/mounts: lines of mountinfo in the measured namespace */
	enum nsb_bench_status status;
	char reason[192];
	double *samples;	/* ns, pooled over rounds, in the order taken */
	size_t n;
	bool has_stats;
	struct nsb_stats stats;
	bool converged;		/* the CI of the median is within +-2% */
	unsigned rounds;
	double run_medians[NSB_BENCH_MAX_ROUNDS];
	double marginal_median;	/* clone: median over rounds of (median - adjacent baseline median); NaN otherwise */
	double baseline_median;	/* clone: median of the interleaved baseline samples; NaN otherwise */
	double rate_per_s;	/* teardown, net setup: sustained rate; scaling: total rate; NaN otherwise */
	double burst_per_s;	/* teardown: rate of the first NSB_BENCH_BURST operations */
	size_t faulted;		/* samples during which the timing process took a page fault */
	bool used_clone;	/* clone3 refused: clone(2) used */
	struct nsb_perf_value counters[_NSB_PERF_MAX];
	bool counters_user_only;
	unsigned long counters_ops;	/* operations the counters cover, all rounds together */
	/* The worker's address space when it started (largest over its workers); -1 unknown. */
	long worker_maps, worker_rss_kb, worker_pte_kb;
	double wall_s;
};

#define NSB_BENCH_BURST 32

struct nsb_bench_set {
	struct nsb_bench *b;
	size_t n;
	struct nsb_bench_opts opts;
	double timer_overhead_ns;	/* median cost of one clock_gettime(CLOCK_MONOTONIC) */
	double cheapest_median_ns;	/* the smallest median measured */
	bool interrupted;
	double wall_s;
};

/* net setup is timed like teardown: one op after another for a window (burst and sustained). */
static inline bool nsb_bench_is_net_setup(const struct nsb_bench *b)
{
	return b->op == NSB_OP_NET && b->variant && strcmp(b->variant, "setup") == 0;
}

/* "clone.net", "setns.pid,uts", "growth.mnt.mounts=100", "scaling.uts.fork.workers=2". */
void nsb_bench_id(const struct nsb_bench *b, char *buf, size_t len);

#endif
