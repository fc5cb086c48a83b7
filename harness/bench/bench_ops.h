/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_ops.h - the worker side of the benchmarks: what one fresh worker
 * process does for one benchmark (set up, warm up, sample). Results go to
 * a MAP_SHARED region the driver (bench.c) reads after the worker exits.
 */
#ifndef NSB_BENCH_OPS_H
#define NSB_BENCH_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "bench.h"

struct nsb_bench_shm {
	int err;		/* positive errno of the failed step, 0 if none */
	bool broken;		/* the harness itself failed (an error, not a skip) */
	bool in_warmup;		/* err happened before the first timed sample */
	char reason[192];
	size_t cap;		/* room for cap samples in each series */
	size_t n_a, n_b;	/* samples of the benchmark (a) and of its interleaved baseline (b) */
	size_t faulted;
	bool used_clone;
	const char *variant;	/* setns: "join+return" or "join" (a string literal of the binary) */
	long mounts_total;
	uint64_t ops;		/* scaling/teardown: operations in the window */
	double window_s;	/* ... and the window's real length */
	double burst_s;		/* teardown: time of the first NSB_BENCH_BURST operations */
	struct nsb_perf_value counters[_NSB_PERF_MAX];
	bool user_only;
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
/* The worker's whole life, in a forked process; returns what it exits with. */
int nsb_worker_main(struct nsb_worker *w);

static inline uint64_t nsb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#endif
