/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * result.h - what the judge decides for one test in one combination: the
 * verdict, its reason, both sides of every comparison, and a failed setup
 * step as data. The report writers read only this (and suite.h's tables).
 */
#ifndef NSB_RESULT_H
#define NSB_RESULT_H

#include "common/step.h"
#include "obs.h"

enum nsb_verdict {
	NSB_PASS,
	NSB_FAIL,
	NSB_SKIP,
	NSB_ERROR,	/* the harness or the probe itself broke */
	NSB_TIMEOUT,
	_NSB_VERDICT_MAX,
};

/*
 * The longest reason: a probe's skip line (at most 4 KiB, the test parent's
 * line buffer) or a setup step with every cause the diagnosis appends
 * (harness/cmd_run.c asserts it fits), for the buffers a reason is built in.
 * Reasons are never cut.
 */
#define NSB_RESULT_REASON_MAX 4352

struct nsb_suite;
struct nsb_test;

struct nsb_result {
	const struct nsb_suite *suite;
	const struct nsb_test *test;
	unsigned combo;
	char id[160];
	enum nsb_verdict verdict;
	/*
	 * NULL: none. Else a malloc(3)ed string of its own length, which
	 * nsb_result_free() frees: a run holds thousands of results, most
	 * without a reason, and a fixed 4 KiB each was most of the judge's
	 * memory (issue 15). Read it with nsb_result_reason().
	 */
	char *reason;
	struct nsb_setup_err setup;	/* the failed setup step (step NSB_STEP_NONE: none) */
	struct nsb_obs expected;
	struct nsb_obs observed;
	long long duration_us;
	int ran;		/* 0: never started (run interrupted) */
	int used_clone;		/* clone3 refused, clone(2) fallback used */
};

/* "pass", "fail", "skip", "error", "timeout": the report's spelling. */
const char *nsb_verdict_name(enum nsb_verdict v);

/* Free what a result owns (its reason, its observation sets); the struct itself is the caller's. */
void nsb_result_free(struct nsb_result *r);

/* @r's reason, "" when it has none. */
static inline const char *nsb_result_reason(const struct nsb_result *r)
{
	return r->reason ? r->reason : "";
}

/*
 * Make @r's reason the printf(3)-style @fmt, whole (vasprintf(3)); the old
 * one is freed after @fmt is formatted, so an argument may be the old
 * reason. Returns 0, or -ENOMEM (the old reason is then kept).
 */
int nsb_result_set_reason(struct nsb_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
