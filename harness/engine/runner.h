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

struct nsb_run_opts {
	unsigned jobs;
	unsigned timeout_ms;
	const char *probe_dir;
	/*
	 * nsbench-tp (tp_prog.c), the test parent as a static program, which the
	 * scheduler posix_spawn(3)s per test; NULL: every test parent is a
	 * fork(2) of the scheduler. Tests of a .netlink suite are forked anyway.
	 */
	const char *tp_prog;
	int verbose;
	int progress;
	/* Called in the runner's process as soon as results[i] is judged (NULL: none). */
	void (*on_result)(void *arg, size_t i);
	void *on_result_arg;
};

/* The result id: "<suite>.<test>.<combo>". */
void nsb_job_id(const struct nsb_job *j, char *buf, size_t len);

/*
 * Run every job; results[i] belongs to jobs[i]. Returns 0, or -EINTR when
 * *stop became set (remaining jobs are left with ran == 0).
 */
int nsb_runner_run(const struct nsb_job *jobs, size_t n, const struct nsb_run_opts *o,
		   struct nsb_result *results, volatile sig_atomic_t *stop);

#endif
