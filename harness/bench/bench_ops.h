/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_ops.h - the worker side of the benchmarks: what one fresh worker
 * process does for one benchmark (set up, warm up, sample). The worker is
 * its own small program (build/nsbench-worker, worker.c), exec'd fresh by
 * the driver (bench.c): its address space is the same however nsbench was
 * started. Its orders and its results share one memfd-backed MAP_SHARED
 * region the driver reads after the worker exits.
 */
#ifndef NSB_BENCH_OPS_H
#define NSB_BENCH_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "bench.h"

/* What the driver asks of one worker (no pointers: they cross an exec). */
struct nsb_worker_args {
	struct nsb_bench_opts o;
	enum nsb_bench_op op;
	unsigned combo;
	char variant[16];	/* "" for none */
	long param;
	double budget_s;
	bool loop;
	int go_fd;		/* -1 if none */
};

/* The worker's address space when it starts sampling (/proc/self/maps and status). */
struct nsb_worker_footprint {
	long maps;		/* mappings (lines of /proc/self/maps) */
	long rss_kb;		/* VmRSS */
	long pte_kb;		/* VmPTE: its page tables */
};

struct nsb_bench_shm {
	struct nsb_worker_args args;
	struct nsb_worker_footprint fp;
	int err;		/* positive errno of the failed step, 0 if none */
	bool broken;		/* the harness itself failed (an error, not a skip) */
	bool in_warmup;		/* err happened before the first timed sample */
	char reason[192];
	size_t cap;		/* room for cap samples in each series */
	size_t n_a, n_b;	/* samples of the benchmark (a) and of its interleaved baseline (b) */
	size_t faulted;
	bool used_clone;
	char variant[16];	/* setns: "join+return" or "join"; "" if unchanged */
	long mounts_total;
	uint64_t ops;		/* scaling/teardown: operations in the window */
	double window_s;	/* ... and the window's real length */
	double burst_s;		/* teardown: time of the first NSB_BENCH_BURST operations */
	struct nsb_perf_value counters[_NSB_PERF_MAX];
	bool user_only;
	unsigned counted_ops;	/* operations of the counting pass the counters cover */
	struct {
		double ns;
		int err;
		int faulted;
	} slot;			/* one sample handed up by a fresh child */
	double data[];		/* a: [0, cap), b: [cap, 2 * cap) */
};

struct nsb_worker {
	const struct nsb_bench_opts *o;
	enum nsb_bench_op op;
	unsigned combo;
	const char *variant;
	long param;
	double budget_s;	/* sampling time of this worker */
	bool loop;		/* --loop: do not stop at cap, overwrite */
	int go_fd;		/* scaling: read() returns when every worker may start; -1 if none */
	struct nsb_bench_shm *sh;
};

size_t nsb_bench_shm_size(size_t cap);
/* The worker's whole life, in a fresh process; returns what it exits with. */
int nsb_worker_main(struct nsb_worker *w);
/* Fill *fp from /proc/self/maps and /proc/self/status; -1 for what cannot be read. No malloc. */
void nsb_worker_footprint(struct nsb_worker_footprint *fp);

static inline uint64_t nsb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#endif
