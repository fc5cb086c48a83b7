/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * time.c - what a time namespace changes: CLOCK_MONOTONIC and
 * CLOCK_BOOTTIME (vDSO and syscall) and /proc/uptime carry the offsets the
 * harness wrote before the probe existed, across execve too; CLOCK_REALTIME
 * never does. In a time ns the probe makes itself: the timens_offsets
 * format and errors, time_for_children, and EACCES once a task has entered.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <linux/capability.h>

#include "expect.h"
#include "suite.h"
#include "common/timens.h"

#define NS_PER_S 1000000000LL
/* The offsets the probe writes in its own time ns (1 and 2 days). */
#define OWN_MONO_S 86400
#define OWN_BOOT_S 172800
#define STR_(x) #x
#define STR(x) STR_(x)

static long long obs_ll(struct nsb_check *k, const char *key)
{
	const char *v = nsb_get(k, key);

	return v ? strtoll(v, NULL, 10) : 0;
}

/*
 * Every clock reading of the probe happened between the test parent's
 * "before" and "after" readings, so it must lie in that bracket, shifted
 * by the offset exactly when time is in the combination: the tolerance is
 * the measured interval itself. /proc/uptime truncates to centiseconds.
 */
static void expect_clocks(struct nsb_check *k)
{
	/* The probe's offsets minus the test parent's: 0 without time, even when nsbench started in a time ns. */
	long long pm = nsb_probe_time_offset_ns(k, "monotonic");
	long long om = pm - nsb_start_time_offset_ns(k, "monotonic");
	long long ob = nsb_probe_time_offset_ns(k, "boottime") - nsb_start_time_offset_ns(k, "boottime");
	long long mb = obs_ll(k, "parent.mono.before") + om, ma = obs_ll(k, "parent.mono.after") + om;
	long long bb = obs_ll(k, "parent.boot.before") + ob, ba = obs_ll(k, "parent.boot.after") + ob;
	long long shift = (long long)OWN_MONO_S * NS_PER_S - pm;

	nsb_expect_between(k, "mono.vdso", mb, ma);
	nsb_expect_between(k, "mono.syscall", mb, ma);
	nsb_expect_between(k, "mono.exec", mb, ma);
	nsb_expect_between(k, "boot.vdso", bb, ba);
	nsb_expect_between(k, "boot.syscall", bb, ba);
	nsb_expect_between(k, "uptime.cs", bb / 10000000, ba / 10000000);
	nsb_expect_between(k, "real.vdso", obs_ll(k, "parent.real.before"),
			   obs_ll(k, "parent.real.after"));
	/* The probe's own ns: offsets relative to the machine's clock, not to ours. */
	nsb_expect_str(k, "own.unshare", NSB_EQ, "ok");
	nsb_expect_str(k, "own.tfc_differs", NSB_EQ, "yes");
	nsb_expect_str(k, "own.bad_number", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "own.bad_clock", NSB_EQ, "EINVAL");
	/*
	 * Writing offsets needs CAP_SYS_TIME over the ns's owner
	 * (time_namespaces(7)): without a user ns of its own the probe has
	 * the test parent's capabilities, and nspawn drops CAP_SYS_TIME. The
	 * nanoseconds are parsed first (EINVAL), the capability is checked
	 * before the range (kernel/time/namespace.c proc_timens_set_offset,
	 * measured on 6.18): a range or a valid write is EPERM, and what
	 * would follow from a write is not there to observe.
	 */
	nsb_expect_str(k, "own.bad_nsec", NSB_EQ, "EINVAL");
	if (!nsb_has(k, NSB_NS_USER) && !nsb_parent_has_cap(k, CAP_SYS_TIME)) {
		nsb_expect_str(k, "own.range", NSB_EQ, "EPERM");
		nsb_expect_str(k, "own.write", NSB_EQ, "EPERM");
		return;
	}
	nsb_expect_str(k, "own.range", NSB_EQ, "ERANGE");
	nsb_expect_str(k, "own.write", NSB_EQ, "ok");
	nsb_expect_str(k, "own.read", NSB_EQ,
		       "monotonic " STR(OWN_MONO_S) " 0;boottime " STR(OWN_BOOT_S) " 0");
	nsb_expect_between(k, "own.child_mono", obs_ll(k, "own.before") + shift,
			   obs_ll(k, "own.after") + shift);
	nsb_expect_str(k, "own.child_in_tfc", NSB_EQ, "yes");
	nsb_expect_str(k, "own.after_enter", NSB_EQ, "EACCES");
}

static int put_clocks(struct nsb_tp *tp, const char *when)
{
	static const struct { const char *name; clockid_t id; } clocks[] = {
		{ "mono", CLOCK_MONOTONIC }, { "boot", CLOCK_BOOTTIME }, { "real", CLOCK_REALTIME },
	};
	char key[32];

	for (size_t i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		struct timespec ts;

		if (clock_gettime(clocks[i].id, &ts) < 0)
			return -errno;
		snprintf(key, sizeof(key), "%s.%s", clocks[i].name, when);
		nsb_tp_put(tp, key, "%lld", ts.tv_sec * NS_PER_S + ts.tv_nsec);
	}
	return 0;
}

/* The test parent stays in the lab's time ns: its clocks carry the offsets nsbench started with (parent.time_offset.*). */
static int clocks_before(struct nsb_tp *tp)
{
	return put_clocks(tp, "before");
}

static int clocks_after(struct nsb_tp *tp)
{
	return put_clocks(tp, "after");
}

static const struct nsb_test time_tests[] = {
	{ .name = "clocks", .probe = "time-ns", .args = NSB_ARGS(STR(OWN_MONO_S), STR(OWN_BOOT_S)),
	  .expect = expect_clocks, .before = clocks_before, .after = clocks_after,
	  .properties = "TIME-1,TIME-2,TIME-3" },
};

const struct nsb_suite nsb_suite_time =
	NSB_SUITE("time", "what a time namespace changes", time_tests);
