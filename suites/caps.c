/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * caps.c - the capability sets a probe holds in each combination, recorded
 * in every result: the full set in the combination's own user ns, the test
 * parent's (the lab root's) sets otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <sys/capability.h>
#include <unistd.h>

#include "suite.h"

/*
 * With user, the probe is the first process of a new user ns: every
 * capability in its permitted, effective and bounding sets, none
 * inheritable or ambient (user_namespaces(7), capabilities(7)); as uid 0
 * it keeps them across execve. Without user it has the test parent's uid
 * and sets: root's survive execve as they are, another user's where they
 * are ambient (capsh --addamb; file capabilities are given up instead,
 * nsb_lab_enter()).
 */
static void expect_sets(struct nsb_check *k)
{
	bool own = nsb_has(k, NSB_NS_USER);

	nsb_expect_key(k, "cap.eff", NSB_EQ, own ? "parent.cap.full" : "parent.cap.eff");
	nsb_expect_key(k, "cap.prm", NSB_EQ, own ? "parent.cap.full" : "parent.cap.prm");
	nsb_expect_key(k, "cap.bnd", NSB_EQ, own ? "parent.cap.full" : "parent.cap.bnd");
	if (own) {
		nsb_expect_str(k, "cap.inh", NSB_EQ, "0");
		nsb_expect_str(k, "cap.amb", NSB_EQ, "0");
	} else {
		nsb_expect_key(k, "cap.inh", NSB_EQ, "parent.cap.inh");
		nsb_expect_key(k, "cap.amb", NSB_EQ, "parent.cap.amb");
	}
	/* In its own user ns the probe is the root the test parent mapped; else the parent's uid. */
	if (own)
		nsb_expect_int(k, "uid", NSB_EQ, 0);
	else
		nsb_expect_key(k, "uid", NSB_EQ, "parent.uid");
}

static uint64_t mask_of(cap_t c, cap_flag_t flag, unsigned n)
{
	uint64_t mask = 0;

	for (unsigned i = 0; i < n; i++) {
		cap_flag_value_t v = CAP_CLEAR;

		if (cap_get_flag(c, (cap_value_t)i, flag, &v) == 0 && v == CAP_SET)
			mask |= 1ULL << i;
	}
	return mask;
}

/* The test parent's own sets, and the full set of this kernel (cap_last_cap). */
static int caps_before(struct nsb_tp *tp)
{
	unsigned n = (unsigned)cap_max_bits();
	uint64_t bnd = 0, amb = 0;
	cap_t c = cap_get_proc();

	if (!c)
		return -errno;
	nsb_tp_put(tp, "cap.eff", "%#llx", (unsigned long long)mask_of(c, CAP_EFFECTIVE, n));
	nsb_tp_put(tp, "cap.prm", "%#llx", (unsigned long long)mask_of(c, CAP_PERMITTED, n));
	nsb_tp_put(tp, "cap.inh", "%#llx", (unsigned long long)mask_of(c, CAP_INHERITABLE, n));
	cap_free(c);
	for (unsigned i = 0; i < n; i++) {
		bnd |= cap_get_bound((cap_value_t)i) > 0 ? 1ULL << i : 0;
		amb |= cap_get_ambient((cap_value_t)i) > 0 ? 1ULL << i : 0;
	}
	nsb_tp_put(tp, "cap.bnd", "%#llx", (unsigned long long)bnd);
	nsb_tp_put(tp, "cap.amb", "%#llx", (unsigned long long)amb);
	nsb_tp_put(tp, "cap.full", "%#llx", (unsigned long long)(n >= 64 ? ~0ULL : (1ULL << n) - 1));
	nsb_tp_put(tp, "uid", "%u", (unsigned)getuid());
	return 0;
}

static const struct nsb_test caps_tests[] = {
	{ .name = "sets", .probe = "caps", .expect = expect_sets, .before = caps_before,
	  .properties = "USER-1,USER-6" },
};

const struct nsb_suite nsb_suite_caps =
	NSB_SUITE("caps", "capability sets inside each combination", caps_tests);
