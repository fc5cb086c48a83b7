/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runner.h - run (test, combination) jobs over --jobs test-parent processes,
 * with a per-test timeout (pidfd + poll; a timed-out test's process group is
 * killed, and with it any pid namespace it made), and judge each one.
 */
#ifndef NSB_RUNNER_H
#define NSB_RUNNER_H

#include <signal.h>
#include <stddef.h>

#include "suites/expect.h"
#include "suites/suite.h"

struct nsb_job {
	const struct nsb_suite *suite;
	const struct nsb_test *test;
	unsigned combo;
};

struct nsb_result {
	const struct nsb_suite *suite;
	const struct nsb_test *test;
	unsigned combo;
	char id[160];
	enum nsb_verdict verdict;
	char reason[256];
	struct nsb_obs expected;
	struct nsb_obs observed;
	long long duration_us;
	int ran;		/* 0: never started (run interrupted) */
	int used_clone;		/* clone3 refused, clone(2) fallback used */
};

struct nsb_support;

struct nsb_run_opts {
	const struct nsb_support *support;	/* the supervisor's trials, to explain skips (or NULL) */
	int support_who;			/* enum nsb_who: where the lab stands */
	unsigned jobs;
	unsigned timeout_ms;
	const char *probe_dir;
	int verbose;
	int progress;
};

/* The result id: "<suite>.<test>.<combo>". */
void nsb_job_id(const struct nsb_job *j, char *buf, size_t len);

/*
 * Run every job; results[i] belongs to jobs[i]. Returns 0, or -EINTR when
 * *stop became set (remaining jobs are left with ran == 0).
 */
int nsb_runner_run(const struct nsb_job *jobs, size_t n, const struct nsb_run_opts *o,
		   struct nsb_result *results, volatile sig_atomic_t *stop);

/* The test parent: runs in a forked process, writes observations to out_fd. Never returns. */
void __attribute__((noreturn)) nsb_tp_main(const struct nsb_job *job, const char *token,
					   const struct nsb_run_opts *o, int out_fd);

void nsb_result_free(struct nsb_result *r);

#endif
