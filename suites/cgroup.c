/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cgroup.c - cgroup namespaces (CG-1, in part). A new cgroup ns is rooted
 * at its creator's current cgroup, and every cgroup path is shown relative
 * to the reader's ns root (cgroup_namespaces(7)). Inside the lab, which has
 * a cgroup ns of its own, the test parent and the probe sit in the same
 * cgroup, which is also the lab's ns root: a new ns made there has the very
 * same root, so the paths read the same with and without cgroup in the
 * combination. Making them differ needs a second cgroup, and cgroupfs is
 * global: creating one would change the machine's hierarchy and could be
 * left behind by a killed run. So this suite does not create cgroups; it
 * checks that the views agree (and that the memory hierarchy, rooted above
 * the lab, reads "/../.." alike), and the one thing the ns type does change
 * here: who may mount cgroup2 (docs/namespaces/cgroup.md).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "suite.h"
#include "common/procfs.h"

/* Over a sysfs directory, which never holds the probes (NSBENCH_PROBE_DIR may be under /tmp). */
#define CG_BASE "/sys/kernel"
#define CG_DIR CG_BASE "/cg"

/* The parent's own view, keyed as the probe keys it (probes/cgroup.c). */
static void put(void *arg, const char *key, const char *value)
{
	nsb_tp_put(arg, key, "%s", value);
}

static int cg_before(struct nsb_tp *tp)
{
	int r;

	/* A private tmpfs for the probe's cgroup2 mount point (the parent's mount ns is its own). */
	if (mount("nsb-cg", CG_BASE, "tmpfs", 0, "size=16k,mode=755") < 0 || mkdir(CG_DIR, 0755) < 0)
		return -errno;
	if ((r = nsb_cgroup_paths(put, tp)) < 0 || (r = nsb_cgroup_mountroots(put, tp)) < 0)
		return r;
	return 0;
}

/*
 * Every path the parent reads, the probe reads alike (same cgroup, same ns
 * root). Mounting cgroup2 needs CAP_SYS_ADMIN over the user ns owning the
 * caller's cgroup ns (and mount ns): a probe in a new user ns has it only
 * with its own cgroup and mount namespaces.
 */
static void expect_cgroup(struct nsb_check *k)
{
	bool user = nsb_has(k, NSB_NS_USER);
	bool can = !user || (nsb_has(k, NSB_NS_CGROUP) && nsb_has(k, NSB_NS_MNT));
	const char *mounted;

	nsb_expect_key(k, "cgroup.lines", NSB_EQ, "parent.cgroup.lines");
	for (size_t i = 0; i < k->obs->n; i++) {
		const char *pk = k->obs->kv[i].key;

		if (strncmp(pk, "parent.cgroup.", 14) == 0 || strncmp(pk, "parent.mountroot.", 17) == 0)
			nsb_expect_key(k, pk + 7, NSB_EQ, pk);
	}
	nsb_expect_choice(k, "cgroup2.mount", can, "ok", "EPERM");
	/* A cgroup2 mount made inside a cgroup ns is rooted at that ns's root. */
	mounted = nsb_obs_get(k->obs, "cgroup2.mount");
	if (can && mounted && strcmp(mounted, "ok") == 0)
		nsb_expect_str(k, "cgroup2.root", NSB_EQ, "/");
}

static const struct nsb_test cgroup_tests[] = {
	{ .name = "view", .probe = "cgroup", .args = NSB_ARGS(CG_DIR), .expect = expect_cgroup,
	  .before = cg_before, .mutates = NSB_MASK(NSB_NS_MNT), .properties = "CG-1" },
};

const struct nsb_suite nsb_suite_cgroup =
	NSB_SUITE("cgroup", "cgroup namespaces: paths relative to the ns root, who may mount cgroup2", cgroup_tests);
