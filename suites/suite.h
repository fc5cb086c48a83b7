/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * suite.h - a suite is a table of tests; a test is a probe plus the rule
 * that derives what it should see from the combination. The runner supplies
 * the combinations (all 256 unless restricted) and a private test parent.
 */
#ifndef NSB_SUITE_H
#define NSB_SUITE_H

#include <stddef.h>

#include "expect.h"

/*
 * The test parent: a process forked per test inside the lab. It unshares
 * the types in .mutates (so the probe's negative control changes only this
 * private parent), runs the hooks and spawns the probe child.
 */
struct nsb_tp {
	const struct nsb_test *test;
	unsigned combo;
	const char *token;
	int out_fd;		/* where nsb_tp_put() writes */
	int child_pidfd;	/* the probe child, from .during on */
	int child_pid;
	void *data;		/* for the hooks of one test */
};

/* Record "parent.<key>=<value>" as an observation of the test parent. */
void nsb_tp_put(struct nsb_tp *tp, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * A hook met @iface answering @err (sign ignored): when the answer means "no
 * such interface here" or "refused by a filter" (common/step.h
 * nsb_errno_is_absent, nsb_errno_is_filtered), it is recorded as data
 * (tp.absent, tp.absent_kind, tp.absent_errno, tp.release) and the hook is
 * to return what this returns, NSB_HOOK_SKIP: the probe is not spawned
 * (from .before) and the judge makes the test a skip naming the interface,
 * the errno and the kernel release. Any other answer returns -err: an
 * error, as before.
 */
#define NSB_HOOK_SKIP 1
int nsb_tp_absent(struct nsb_tp *tp, const char *iface, enum nsb_iface kind, int err);

struct nsb_test {
	const char *name;		/* kebab-case; the result id is suite.name.combo */
	const char *probe;		/* program in the probe directory */
	const char *const *args;	/* argv[1..]; "@token" becomes the test's token */
	void (*expect)(struct nsb_check *k);
	/*
	 * Hooks run in the test parent; return 0, -errno (-> verdict error) or
	 * nsb_tp_absent()'s NSB_HOOK_SKIP (-> skip naming the interface).
	 */
	int (*before)(struct nsb_tp *tp);	/* before the probe is spawned */
	int (*during)(struct nsb_tp *tp);	/* when the probe prints sync=... */
	int (*after)(struct nsb_tp *tp);	/* after the probe has exited */
	unsigned mutates;		/* types the test parent unshares first */
	unsigned needs;			/* run only in combinations with all of these */
	unsigned excludes;		/* ...and none of these */
	const char *properties;		/* PROPERTIES.md ids, "PID-1,PID-2" */
	unsigned timeout_ms;		/* 0: the run's --timeout */
	/*
	 * Levels of pid and user namespaces the probe nests below its own
	 * (beyond the combination's): where nsbench starts deep, a test whose
	 * levels are not left is a skip that says how many are.
	 */
	unsigned char nest_pid, nest_user;
	/*
	 * What the hooks do, for the skip a refused hook becomes ("netlink:
	 * links and addresses in the test parent's net ns"), and the
	 * capability they need (CAP_NET_ADMIN; 0: none named): the test parent
	 * says whether it lacks it.
	 */
	const char *hook_op;
	int hook_cap;
};

struct nsb_suite {
	const char *name;
	const char *summary;
	const struct nsb_test *tests;
	size_t n_tests;
};

#define NSB_ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NSB_SUITE(n, s, t) { .name = (n), .summary = (s), .tests = (t), .n_tests = sizeof(t) / sizeof((t)[0]) }

/* All suites, NULL-terminated; the order is the run order (suites.c). */
extern const struct nsb_suite *const nsb_suites[];

const struct nsb_suite *nsb_suite_find(const char *name);
/* The test @name of suite @suite, or NULL. */
const struct nsb_test *nsb_test_find(const char *suite, const char *name);
/* True when test applies to combo (.needs and .excludes). */
static inline int nsb_test_applies(const struct nsb_test *t, unsigned combo)
{
	return (combo & t->needs) == t->needs && !(combo & t->excludes);
}

#endif
