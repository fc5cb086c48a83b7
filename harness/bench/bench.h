/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench.h - timing namespace operations. A benchmark is (operation,
 * combination[, variant, parameter]). Every benchmark is measured in fresh
 * worker processes forked by the caller (the lab's init: everything a
 * benchmark creates or mounts lives in namespaces nsbench made), each
 * worker warms up, then samples; the samples of all workers are pooled,
 * and each worker's own median is kept too (run-to-run bimodality,
 * /work/shared/BENCH-NOTES.md hazard 3). See README.md "Benchmarks".
 */
#ifndef NSB_BENCH_H
#define NSB_BENCH_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "result.h"

/* Defaults of `nsbench bench` (quick: the phase of `nsbench run all`). */
void nsb_bench_opts_default(struct nsb_bench_opts *o, bool quick);

/* Run the selected benchmarks, in this (single-threaded) process's namespaces. 0, -EINTR or -ENOMEM. */
int nsb_bench_run(const struct nsb_bench_opts *o, struct nsb_bench_set *set,
		  volatile sig_atomic_t *stop);
void nsb_bench_set_free(struct nsb_bench_set *set);

/*
 * --loop: repeat one operation on combo for seconds, in a process named
 * "nsbench-loop". *stop is looked at every 20 ms: once set, the worker is
 * killed and -EINTR returned. 0, -EINTR, -EIO (the worker failed) or -errno.
 */
int nsb_bench_loop(const struct nsb_bench_opts *o, enum nsb_bench_op op, unsigned combo,
		   double seconds, volatile sig_atomic_t *stop);

#endif
