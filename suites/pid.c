/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pid.c - what a pid namespace isolates: the first process is PID 1 with
 * no parent, session or group in view; a fresh /proc shows only the
 * namespace; the test parent can be neither seen nor signalled; NSpid has
 * one entry per level; init ignores unhandled signals from inside, the
 * parent ns can kill it and its death kills every descendant.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suite.h"

/* The value of a parent observation as a number (0 if missing: nsb_get marks it). */
static long long parent_int(struct nsb_check *k, const char *key)
{
	const char *v = nsb_get(k, key);

	return v ? strtoll(v, NULL, 10) : 0;
}

/*
 * own: the probe is PID 1 of a new pid ns; then its parent, session and
 * group leaders are outside it and read as 0 (getppid(2), getsid(2)), and the
 * test parent's pid names nobody (ESRCH). proc: /proc is the probe's own
 * (pid+mnt: spawn mounts a fresh one), listing only the probe; otherwise it
 * is the lab's. NSpid lists the pid from /proc's namespace down to the
 * probe's: one level more than the test parent's with a new pid ns seen
 * through the lab's /proc, a single level through its own /proc.
 */
static void expect_view(struct nsb_check *k)
{
	bool own = nsb_has(k, NSB_NS_PID), proc = own && nsb_has(k, NSB_NS_MNT);
	long long levels = parent_int(k, "parent.nspid.levels");

	if (own) {
		nsb_expect_int(k, "pid", NSB_EQ, 1);
		nsb_expect_key(k, "pid", NSB_NE, "parent.child_pid");
		nsb_expect_int(k, "ppid", NSB_EQ, 0);
		nsb_expect_int(k, "sid.inherited", NSB_EQ, 0);
		nsb_expect_int(k, "pgid.inherited", NSB_EQ, 0);
	} else {
		nsb_expect_key(k, "pid", NSB_EQ, "parent.child_pid");
		nsb_expect_key(k, "ppid", NSB_EQ, "parent.pid");
		nsb_expect_key(k, "sid.inherited", NSB_EQ, "parent.sid");
		nsb_expect_key(k, "pgid.inherited", NSB_EQ, "parent.pgid");
	}
	nsb_expect_str(k, "setsid", NSB_EQ, "ok");
	nsb_expect_int(k, "sid", own ? NSB_EQ : NSB_NE, 1);
	nsb_expect_key(k, "sid", NSB_EQ, "pid");
	nsb_expect_key(k, "pgid", NSB_EQ, "pid");
	nsb_expect_int(k, "proc.count", proc ? NSB_EQ : NSB_NE, 1);
	nsb_expect_choice(k, "proc.tp", proc, "ENOENT", "ok");
	nsb_expect_choice(k, "kill.tp", own, "ESRCH", "ok");
	nsb_expect_int(k, "nspid.levels", NSB_EQ, proc ? 1 : own ? levels + 1 : levels);
	nsb_expect_key(k, "nspid.last", NSB_EQ, "pid");
	if (proc)
		nsb_expect_int(k, "nspid.first", NSB_EQ, 1);
	else
		nsb_expect_key(k, "nspid.first", NSB_EQ, "parent.child_pid");
}

static int count_nspid_levels(void)
{
	char line[256], *tok, *save = NULL;
	FILE *f = fopen("/proc/self/status", "re");
	int n = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "NSpid:", 6) == 0) {
			for (tok = strtok_r(line + 6, " \t\n", &save); tok;
			     tok = strtok_r(NULL, " \t\n", &save))
				n++;
			break;
		}
	fclose(f);
	return n ? n : -ENOENT;
}

/* The test parent's identity, and its pid for the probe (argv is fixed per row). */
static int view_before(struct nsb_tp *tp)
{
	char pid[16];
	int levels = count_nspid_levels();

	if (levels < 0)
		return levels;
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	if (setenv("NSBENCH_TP_PID", pid, 1) < 0)
		return -errno;
	nsb_tp_put(tp, "pid", "%s", pid);
	nsb_tp_put(tp, "sid", "%d", (int)getsid(0));
	nsb_tp_put(tp, "pgid", "%d", (int)getpgid(0));
	nsb_tp_put(tp, "nspid.levels", "%d", levels);
	return 0;
}

static int view_after(struct nsb_tp *tp)
{
	nsb_tp_put(tp, "child_pid", "%d", tp->child_pid);
	return 0;
}

/*
 * Only the probe's own PID 1 is attacked: without a pid ns the probe
 * reports "not-init". The control (a non-init member dies of SIGTERM) and
 * the nested namespace (SIGKILL from the parent ns ends its init, and with
 * it every descendant two levels down) hold in every combination.
 */
static void expect_signals(struct nsb_check *k)
{
	bool own = nsb_has(k, NSB_NS_PID);

	nsb_expect_choice(k, "init", own, "yes", "no");
	nsb_expect_choice(k, "init.survived", own, "SIGUSR1,SIGTERM,SIGKILL", "not-init");
	nsb_expect_str(k, "member.killed_by", NSB_EQ, "SIGTERM");
	nsb_expect_str(k, "nested.killed_by", NSB_EQ, "SIGKILL");
	nsb_expect_str(k, "nested.descendants", NSB_EQ, "gone");
}

static const struct nsb_test pid_tests[] = {
	{ .name = "view", .probe = "pid-ns", .expect = expect_view, .before = view_before,
	  .after = view_after, .properties = "PID-1,PID-2,PID-4,PID-7" },
	{ .name = "signals", .nest_pid = 2, .probe = "pid-signals", .expect = expect_signals,
	  .properties = "PID-3" },
};

const struct nsb_suite nsb_suite_pid =
	NSB_SUITE("pid", "what a pid namespace isolates", pid_tests);
