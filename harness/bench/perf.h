/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * perf.h - counters read with perf_event_open(2) around a benchmark's
 * measured region: the software events (task-clock, context switches, CPU
 * migrations, page faults) and, where the machine has a PMU, cycles and
 * instructions. Counters are inherited by the children the measured
 * process creates, so a clone's child or an unshare in a fresh child is
 * counted too. A counter the kernel refuses is "unsupported" (ENOENT,
 * EOPNOTSUPP: no such event here) or "unavailable" (EACCES, EPERM), never 0.
 */
#ifndef NSB_PERF_H
#define NSB_PERF_H

#include <stdbool.h>
#include <stdint.h>

enum nsb_perf_counter {
	NSB_PERF_TASK_CLOCK,
	NSB_PERF_CONTEXT_SWITCHES,
	NSB_PERF_CPU_MIGRATIONS,
	NSB_PERF_PAGE_FAULTS,
	NSB_PERF_CYCLES,
	NSB_PERF_INSTRUCTIONS,
	_NSB_PERF_MAX,
};

/* Report key of each counter ("task_clock_ns", "cycles", ...). */
extern const char *const nsb_perf_names[_NSB_PERF_MAX];

struct nsb_perf_value {
	bool ok;		/* value is valid */
	int err;		/* else the errno of perf_event_open (positive) */
	uint64_t value;
};

struct nsb_perf {
	int fd[_NSB_PERF_MAX];
	bool user_only;		/* perf_event_paranoid forced exclude_kernel */
};

/* Open the counters (disabled) for the calling process and its future children. Never fails as a whole. */
void nsb_perf_open(struct nsb_perf *p);
void nsb_perf_enable(struct nsb_perf *p);
void nsb_perf_disable(struct nsb_perf *p);
/* Read every counter into v[] (scaled if multiplexed), then close them. */
void nsb_perf_read_close(struct nsb_perf *p, struct nsb_perf_value v[_NSB_PERF_MAX]);
/* "unsupported" or "unavailable: EACCES" for a counter that is not ok. */
const char *nsb_perf_why(const struct nsb_perf_value *v, char *buf, unsigned long len);

#endif
