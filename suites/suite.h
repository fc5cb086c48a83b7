/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * suite.h - a suite is a table of tests; a test is a probe plus the rule
 * that derives what it should see from the combination. The runner supplies
 * the combinations (all 256 unless restricted) and a private test parent.
 */
#ifndef NSB_SUITE_H
#define NSB_SUITE_H

#include <stdbool.h>
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
	bool refused;		/* nsb_tp_refused() has recorded the hook's failure */
};

/* Record "parent.<key>=<value>" as an observation of the test parent. */
void nsb_tp_put(struct nsb_tp *tp, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* nsb_tp_refused()'s @kind when @what is an operation, not an interface the kernel may lack. */
#define NSB_HOOK_OP (-1)
/* nsb_tp_refused()'s @cap when no capability is named. */
#define NSB_HOOK_NO_CAP (-1)

/*
 * THE way a hook reports that it could not do @what (sign of @err ignored;
 * 0 counts as EIO), whatever the cause: the environment refused it (a
 * capability nsbench was started without, a seccomp filter, a limit), the
 * kernel lacks the interface, or the hook broke. It records the failure as
 * data, for the judge (suites/expect.c) to decide: tp.hook (the step:
 * "hook before", "hook during", "hook after"), tp.hook_what (@what),
 * tp.hook_kind (nsb_iface_name(@kind), only when @err is that kind's "no
 * such interface" answer or a filter's, common/step.h nsb_errno_is_absent
 * and nsb_errno_is_filtered), tp.hook_cap (nsb_cap_name(@cap): the
 * capability @what needs; the judge reads parent.cap_eff for whether the
 * test parent lacked it), tp.hook_errno and tp.release (uname(2)).
 *   @kind: an enum nsb_iface when @what is an interface this kernel may
 *          lack ("NS_GET_MNTNS_ID", NSB_IFACE_IOCTL), else NSB_HOOK_OP.
 *   @cap:  the capability @what needs (CAP_NET_ADMIN), else NSB_HOOK_NO_CAP.
 * Returns -err: the hook returns it. The test parent then stops (the probe
 * is not spawned from .before, not waited for from .during). Only the first
 * call of a test counts. A hook that returns a bare -errno without calling
 * this is recorded the same way by the test parent, as "the suite's hook",
 * no interface, no capability named.
 */
int nsb_tp_refused(struct nsb_tp *tp, const char *what, int kind, int cap, int err);

struct nsb_test {
	const char *name;		/* kebab-case; the result id is suite.name.combo */
	const char *probe;		/* program in the probe directory */
	const char *const *args;	/* argv[1..]; "@token" becomes the test's token */
	void (*expect)(struct nsb_check *k);
	/*
	 * Hooks run in the test parent; return 0 or -errno, after
	 * nsb_tp_refused() where they can say what they tried (-> a skip
	 * naming the capability, the filter or the interface, or an error).
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
};

struct nsb_suite {
	const char *name;
	const char *summary;
	const struct nsb_test *tests;
	size_t n_tests;
	/*
	 * Its hooks use libmnl (common/netlink.c), which Debian ships only
	 * shared: not in the static nsbench-tp (tp_prog.c); its test parents
	 * are forked from nsbench.
	 */
	bool netlink;
};

#define NSB_ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NSB_SUITE(n, s, t) { .name = (n), .summary = (s), .tests = (t), .n_tests = sizeof(t) / sizeof((t)[0]) }
#define NSB_SUITE_NETLINK(n, s, t) \
	{ .name = (n), .summary = (s), .tests = (t), .n_tests = sizeof(t) / sizeof((t)[0]), .netlink = true }

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
