/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * isolation.c - the core isolation checks, run in every combination. Each
 * expect_*() line is both the positive test and its negative control: the
 * expectation flips with membership of the type in the combination.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "suite.h"
#include "../harness/log.h"

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

/*
 * Hostname and domain name through the syscalls: set exactly when the child
 * has CAP_SYS_ADMIN over its uts ns (its own, or the shared one when it has
 * no new user ns); the parent sees both names exactly when the child shared
 * its uts ns and could set them. The sysctl files read back what uname(2)
 * says: they belong to the caller's uts ns.
 */
static void expect_uts_names(struct nsb_check *k)
{
	bool own = nsb_has(k, NSB_NS_UTS);
	bool can_set = own || !nsb_has(k, NSB_NS_USER);

	nsb_expect_choice(k, "set.hostname", can_set, "ok", "EPERM");
	nsb_expect_choice(k, "set.domainname", can_set, "ok", "EPERM");
	nsb_expect_str(k, "uname.hostname", can_set ? NSB_EQ : NSB_NE, k->token);
	nsb_expect_str(k, "uname.domainname", can_set ? NSB_EQ : NSB_NE, k->token);
	nsb_expect_str(k, "parent.hostname", can_set && !own ? NSB_EQ : NSB_NE, k->token);
	nsb_expect_str(k, "parent.domainname", can_set && !own ? NSB_EQ : NSB_NE, k->token);
	nsb_expect_key(k, "sysctl.hostname", NSB_EQ, "uname.hostname");
	nsb_expect_key(k, "sysctl.domainname", NSB_EQ, "uname.domainname");
}

/*
 * kernel.hostname and kernel.domainname written through /proc/sys change
 * the writer's uts ns, so the parent sees them exactly without uts (UTS-2).
 * Writing is a file-mode check against the *global* root uid
 * (proc_sys_permission), not a capability over the uts ns: a child in a new
 * user ns whose uid 0 is the machine's root may write even where
 * sethostname(2) is refused, and the lab's root in a user ns (nsbench run as
 * non-root) may not write even its own. The child's ids are the test
 * parent's outside its user ns, so the parent's own access(W_OK) tells.
 */
static void expect_uts_sysctl(struct nsb_check *k)
{
	const char *w = nsb_get(k, "parent.sysctl_w");
	bool own = nsb_has(k, NSB_NS_UTS), can_set = w && strcmp(w, "ok") == 0;

	nsb_expect_key(k, "set.hostname", NSB_EQ, "parent.sysctl_w");
	nsb_expect_key(k, "set.domainname", NSB_EQ, "parent.sysctl_w");
	nsb_expect_str(k, "sysctl.hostname", can_set ? NSB_EQ : NSB_NE, k->token);
	nsb_expect_key(k, "uname.domainname", NSB_EQ, "sysctl.domainname");
	nsb_expect_str(k, "parent.hostname", can_set && !own ? NSB_EQ : NSB_NE, k->token);
	nsb_expect_str(k, "parent.domainname", can_set && !own ? NSB_EQ : NSB_NE, k->token);
}

static int uts_names_before(struct nsb_tp *tp)
{
	bool w = access("/proc/sys/kernel/hostname", W_OK) == 0;

	nsb_tp_put(tp, "sysctl_w", "%s", w ? "ok" : nsb_errno_name(errno));
	return 0;
}

static int uts_names_after(struct nsb_tp *tp)
{
	struct utsname u;

	if (uname(&u) < 0)
		return -errno;
	nsb_tp_put(tp, "hostname", "%s", u.nodename);
	nsb_tp_put(tp, "domainname", "%s", u.domainname);
	return 0;
}

static const struct nsb_test isolation_tests[] = {
	{ .name = "ns-inodes", .probe = "ns-inodes", .expect = expect_inodes,
	  .properties = "ID-1" },
	{ .name = "pid-init", .probe = "pid", .expect = expect_pid,
	  .properties = "PID-1,PID-2" },
	{ .name = "uts-hostname", .probe = "uts", .args = NSB_ARGS("@token"), .expect = expect_uts,
	  .after = uts_after, .mutates = NSB_MASK(NSB_NS_UTS), .properties = "UTS-1,USER-6" },
	{ .name = "uts-names", .probe = "uts-names", .args = NSB_ARGS("syscall", "@token"),
	  .expect = expect_uts_names, .after = uts_names_after, .mutates = NSB_MASK(NSB_NS_UTS),
	  .properties = "UTS-1" },
	{ .name = "uts-sysctl", .probe = "uts-names", .args = NSB_ARGS("sysctl", "@token"),
	  .expect = expect_uts_sysctl, .before = uts_names_before, .after = uts_names_after,
	  .mutates = NSB_MASK(NSB_NS_UTS), .properties = "UTS-2" },
};

const struct nsb_suite nsb_suite_isolation =
	NSB_SUITE("isolation", "each namespace type isolates what it should", isolation_tests);
