/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * uts.c - hostname and NIS domain name per uts namespace, through the
 * syscalls and through the kernel.hostname / kernel.domainname sysctl files
 * (isolation.uts-hostname checks the hostname alone). Both rows rename the
 * test parent's uts ns when uts is not in the combination: a private one
 * (.mutates).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "suite.h"
#include "common/errname.h"

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

static const struct nsb_test uts_tests[] = {
	{ .name = "names", .probe = "uts-names", .args = NSB_ARGS("syscall", "@token"),
	  .expect = expect_uts_names, .after = uts_names_after, .mutates = NSB_MASK(NSB_NS_UTS),
	  .properties = "UTS-1" },
	{ .name = "sysctl", .probe = "uts-names", .args = NSB_ARGS("sysctl", "@token"),
	  .expect = expect_uts_sysctl, .before = uts_names_before, .after = uts_names_after,
	  .mutates = NSB_MASK(NSB_NS_UTS), .properties = "UTS-2" },
};

const struct nsb_suite nsb_suite_uts =
	NSB_SUITE("uts", "hostname and domain name per uts namespace", uts_tests);
