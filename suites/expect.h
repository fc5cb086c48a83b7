/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * expect.h - the judge. nsb_expect_*() compare observations with what the
 * combination implies and record both sides for the report; nsb_judge()
 * turns a finished test (setup errors, probe exit, observations) into a
 * verdict. This is the one place where verdicts are made.
 */
#ifndef NSB_EXPECT_H
#define NSB_EXPECT_H

#include <stdbool.h>

#include "common/combo.h"
#include "common/step.h"
#include "obs.h"
#include "result.h"

enum nsb_op {
	NSB_EQ,
	NSB_NE,
};

struct nsb_check {
	unsigned combo;
	const struct nsb_obs *obs;	/* probe keys, parent.*, tp.* */
	const char *token;		/* unique per test in this run */
	struct nsb_obs expected;	/* key -> "== value" / "!= value" */
	struct nsb_obs observed;	/* key -> value seen */
	bool failed;
	bool missing;			/* an expected key was not reported: error */
	char reason[256];		/* the first failure, for the report */
	struct nsb_setup_err setup;	/* the test parent's failed setup step, if any */
};

static inline bool nsb_has(const struct nsb_check *k, enum nsb_ns t)
{
	return nsb_combo_has(k->combo, t);
}

/* The observation @key, or NULL (and the check is marked missing). */
const char *nsb_get(struct nsb_check *k, const char *key);
void nsb_expect_str(struct nsb_check *k, const char *key, enum nsb_op op, const char *want);
void nsb_expect_int(struct nsb_check *k, const char *key, enum nsb_op op, long long want);
/* Compare two observations, e.g. "ns.uts" against "parent.ns.uts". */
void nsb_expect_key(struct nsb_check *k, const char *key, enum nsb_op op, const char *other);
/* Expect key == want_if_true when cond, else key == want_if_false. */
void nsb_expect_choice(struct nsb_check *k, const char *key, bool cond, const char *want_if_true,
		       const char *want_if_false);

void nsb_check_init(struct nsb_check *k, unsigned combo, const struct nsb_obs *obs,
		    const char *token);
void nsb_check_free(struct nsb_check *k);

struct nsb_test;
/*
 * Decide the verdict of a finished test from its observations. Fills
 * k->reason; runs test->expect only when the probe reported (exit 0).
 */
enum nsb_verdict nsb_judge(const struct nsb_test *test, struct nsb_check *k);
/*
 * Judge recorded observations ("key=value" lines, as a test parent relays
 * them) for @test in @combo; the reason goes to @reason. For replaying
 * recorded runs and for the rules' unit tests. Returns the verdict, or
 * NSB_ERROR when the text cannot be held (ENOMEM).
 */
enum nsb_verdict nsb_judge_text(const struct nsb_test *test, unsigned combo, const char *lines,
				size_t len, const char *token, char *reason, size_t reason_len);

/*
 * Expect the integer observation @key to lie in [lo, hi] (both inclusive),
 * e.g. a clock read by the probe between two readings of the test parent.
 */
void nsb_expect_between(struct nsb_check *k, const char *key, long long lo, long long hi);

#endif
