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
	char reason[NSB_RESULT_REASON_MAX];	/* the first failure, for the report (whole) */
	char absent[256];		/* the first interface found absent (nsb_absent), or "" */
	struct nsb_setup_err setup;	/* the test parent's failed setup step, if any */
};

static inline bool nsb_has(const struct nsb_check *k, enum nsb_ns t)
{
	return nsb_combo_has(k->combo, t);
}

/* The observation @key, or NULL (and the check is marked missing). */
const char *nsb_get(struct nsb_check *k, const char *key);
/*
 * Whether the probe holds capability @cap (a CAP_* number) in its own user
 * ns: every one in a new one (user in the combination), else those of the
 * test parent's effective set (parent.cap_eff), which the probe keeps
 * across execve (capabilities(7): root's sets survive it, another user's
 * where they are ambient; file capabilities are given up, nsb_lab_enter()).
 * A missing parent.cap_eff marks the check missing.
 */
bool nsb_probe_has_cap(struct nsb_check *k, int cap);
void nsb_expect_str(struct nsb_check *k, const char *key, enum nsb_op op, const char *want);
void nsb_expect_int(struct nsb_check *k, const char *key, enum nsb_op op, long long want);
/* Compare two observations, e.g. "ns.uts" against "parent.ns.uts". */
void nsb_expect_key(struct nsb_check *k, const char *key, enum nsb_op op, const char *other);
/* Expect key == want_if_true when cond, else key == want_if_false. */
void nsb_expect_choice(struct nsb_check *k, const char *key, bool cond, const char *want_if_true,
		       const char *want_if_false);

/*
 * The rules' side of "no such interface here": when the observation @key is
 * the errno name with which the kernel answers a @kind of interface it
 * lacks (common/step.h nsb_errno_is_absent), the check notes @iface
 * (the first one: "<iface>: <ERRNO> on kernel <release> (no such ...)") and
 * returns true; the rule then leaves out what depends on @iface. A check
 * with such a note is a skip, unless another expectation failed (a lie is
 * still a fail) or a key is missing (error). A @key not reported is not an
 * absence (false): what depends on it is then expected as usual.
 */
bool nsb_absent(struct nsb_check *k, const char *key, const char *iface, enum nsb_iface kind);
/*
 * The same, and also a filter's refusal (EPERM, EACCES: nsb_errno_is_filtered),
 * for keys where the probe reports only whether it could use @iface at all
 * (clone3=, threads=): never for a key whose value the rule expects to be
 * EPERM somewhere, where a lying EPERM must fail.
 */
bool nsb_refused(struct nsb_check *k, const char *key, const char *iface, enum nsb_iface kind);

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

/*
 * The offset in ns of @clock ("monotonic", "boottime") of the time ns the
 * probe lives in: nsbench's own offsets (common/timens.h) when time is in
 * the combination, else those of the time ns the test parent started in
 * (parent.time_offset.<clock>, read from /proc/self/timens_offsets; 0 when
 * not reported, i.e. no time namespaces). Offsets are relative to the
 * machine's initial time ns (time_namespaces(7)).
 */
long long nsb_probe_time_offset_ns(struct nsb_check *k, const char *clock);
/* The offset in ns of @clock of the time ns the test parent (and the lab) started in. */
long long nsb_start_time_offset_ns(struct nsb_check *k, const char *clock);
/*
 * True when the test parent's effective set holds capability @cap
 * (parent.cap_eff, capget(2)): where nsbench was started without it (nspawn
 * drops CAP_NET_ADMIN and CAP_SYS_TIME), a probe without a user ns of its
 * own lacks it too, and the rules expect the refusal.
 */
bool nsb_parent_has_cap(struct nsb_check *k, int cap);

#endif
