/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * isolation.c - the core isolation checks, run in every combination. Each
 * expect_*() line is both the positive test and its negative control: the
 * expectation flips with membership of the type in the combination.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "suite.h"

/* Every /proc/self/ns inode differs from the parent's exactly when its type is in the combination. */
static void expect_inodes(struct nsb_check *k)
{
	char key[64], parent[64];

	NSB_FOREACH_NS(t) {
		snprintf(key, sizeof(key), "ns.%s", nsb_nstypes[t].name);
		snprintf(parent, sizeof(parent), "parent.ns.%s", nsb_nstypes[t].name);
		nsb_expect_key(k, key, nsb_has(k, t) ? NSB_NE : NSB_EQ, parent);
	}
	nsb_expect_key(k, "ns.pid_for_children", nsb_has(k, NSB_NS_PID) ? NSB_NE : NSB_EQ,
		       "parent.ns.pid_for_children");
	/* A child in a new pid ns has pid_for_children == its own pid ns. */
	nsb_expect_key(k, "ns.pid_for_children", NSB_EQ, "ns.pid");
}

/*
 * PID 1 with ppid 0 exactly with a new pid namespace; /proc/self names that
 * pid exactly when /proc belongs to the probe's pid namespace (pid+mnt, a
 * fresh /proc) or no pid namespace was made at all.
 */
static void expect_pid(struct nsb_check *k)
{
	bool own = nsb_has(k, NSB_NS_PID);

	nsb_expect_int(k, "pid", own ? NSB_EQ : NSB_NE, 1);
	nsb_expect_int(k, "ppid", own ? NSB_EQ : NSB_NE, 0);
	nsb_expect_key(k, "proc_self", own && !nsb_has(k, NSB_NS_MNT) ? NSB_NE : NSB_EQ, "pid");
}

/*
 * The child may set a hostname unless it is in a new user ns without its
 * own uts ns (no CAP_SYS_ADMIN over the parent's uts ns); the parent sees
 * the change exactly when the child shared its uts ns and could make it.
 */
static void expect_uts(struct nsb_check *k)
{
	bool own = nsb_has(k, NSB_NS_UTS);
	bool can_set = own || !nsb_has(k, NSB_NS_USER);

	nsb_expect_choice(k, "sethostname", can_set, "ok", "EPERM");
	nsb_expect_str(k, "hostname.after", can_set ? NSB_EQ : NSB_NE, k->token);
	nsb_expect_str(k, "parent.hostname", own || !can_set ? NSB_NE : NSB_EQ, k->token);
}

static int uts_after(struct nsb_tp *tp)
{
	char name[HOST_NAME_MAX + 1];

	if (gethostname(name, sizeof(name)) < 0)
		return -errno;
	nsb_tp_put(tp, "hostname", "%s", name);
	return 0;
}

static const struct nsb_test isolation_tests[] = {
	{ .name = "ns-inodes", .probe = "ns-inodes", .expect = expect_inodes,
	  .properties = "ID-1" },
	{ .name = "pid-init", .probe = "pid", .expect = expect_pid,
	  .properties = "PID-1,PID-2" },
	{ .name = "uts-hostname", .probe = "uts", .args = NSB_ARGS("@token"), .expect = expect_uts,
	  .after = uts_after, .mutates = NSB_MASK(NSB_NS_UTS), .properties = "UTS-1,USER-6" },
};

const struct nsb_suite nsb_suite_isolation =
	NSB_SUITE("isolation", "each namespace type isolates what it should", isolation_tests);
