/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lifecycle.c - how long a namespace lives: while a member task, an open ns
 * fd, a bind mount of its nsfs file or a socket made in it (net) pins it,
 * and not after the last pin goes (namespaces(7) "Namespace lifetime");
 * and a pid namespace whose init has exited refuses new members.
 */
#include <stdio.h>
#include <stdlib.h>

#include "suite.h"

#define M(t) NSB_MASK(NSB_NS_##t)

/*
 * Each pin alone keeps the namespace: its nsfs file handle reopens to the
 * same inode. Once the pin goes the handle is stale (open_by_handle_at(2):
 * ESTALE), which is the negative control of the same observation.
 */
static void expect_pins(struct nsb_check *k)
{
	static const char *const pins[] = { "task", "fd", "bind", "socket" };
	char key[32], ino[32];

	for (size_t i = 0; i < sizeof(pins) / sizeof(pins[0]); i++) {
		snprintf(key, sizeof(key), "%s.alive", pins[i]);
		nsb_expect_str(k, key, NSB_EQ, "ok");
		snprintf(key, sizeof(key), "%s.alive_ino", pins[i]);
		snprintf(ino, sizeof(ino), "%s.ino", pins[i]);
		nsb_expect_key(k, key, NSB_EQ, ino);
		snprintf(key, sizeof(key), "%s.gone", pins[i]);
		nsb_expect_str(k, key, NSB_EQ, "ESTALE");
	}
	/* A net ns bound onto a file stays reachable by path, as `ip netns add` relies on. */
	nsb_expect_key(k, "bind.path_ino", NSB_EQ, "bind.ino");
}

/* @key == (the integer observation @other) + @delta. */
static void expect_int_rel(struct nsb_check *k, const char *key, const char *other, long delta)
{
	const char *o = nsb_get(k, other);

	if (o)
		nsb_expect_int(k, key, NSB_EQ, strtol(o, NULL, 10) + delta);
}

/*
 * pid_namespaces(7): a signal from an ancestor ns shows si_pid 0, one from
 * inside the sender's PID there; while init lives the ns takes new members
 * (PIDs handed out in order in a fresh ns), once it has exited fork() fails
 * with ENOMEM.
 */
static void expect_pidns(struct nsb_check *k)
{
	nsb_expect_int(k, "sig.from_parent", NSB_EQ, 0);
	nsb_expect_key(k, "sig.from_child", NSB_EQ, "sig.child_pid");
	nsb_expect_str(k, "fork.while_init", NSB_EQ, "ok");
	expect_int_rel(k, "fork.while_init_pid", "sig.child_pid", 1);
	nsb_expect_str(k, "fork.after_init", NSB_EQ, "ENOMEM");
}

/*
 * pidfd_open(2)/PIDFD_GET_INFO: a child in its own user+pid ns exited with
 * status 7. While it is a zombie its pidfd gives its PID in the probe's pid
 * ns; after the reap the exit status is still there when asked for
 * (PIDFD_INFO_EXIT), and without asking the task is simply gone (ESRCH).
 */
static void expect_exit(struct nsb_check *k)
{
	nsb_expect_str(k, "exit.zombie_info", NSB_EQ, "ok");
	nsb_expect_key(k, "exit.zombie_pid", NSB_EQ, "exit.pid");
	nsb_expect_str(k, "exit.reaped_info", NSB_EQ, "ok");
	nsb_expect_str(k, "exit.reaped_has_exit", NSB_EQ, "yes");
	nsb_expect_int(k, "exit.reaped_code", NSB_EQ, 7 << 8);
	nsb_expect_str(k, "exit.reaped_no_exit", NSB_EQ, "ESRCH");
}

/*
 * The pins run with and without the probe's own user ns (handles are
 * checked against the opener's user ns), mnt ns and pid ns (the bind
 * source is a /proc/self/fd path); the pid ns rule with pid and user.
 */
static const struct nsb_test lifecycle_tests[] = {
	{ .name = "pins", .probe = "life-pins", .expect = expect_pins,
	  .excludes = NSB_ALL_MASK & ~(M(USER) | M(MNT) | M(PID)), .properties = "ID-9,NET-11" },
	{ .name = "pidns-init", .nest_pid = 1, .probe = "life-pidns", .expect = expect_pidns,
	  .excludes = NSB_ALL_MASK & ~(M(USER) | M(PID)), .properties = "PID-5,PID-6" },
	{ .name = "pidfd-exit", .nest_pid = 1, .nest_user = 1, .probe = "life-exit", .expect = expect_exit,
	  .excludes = NSB_ALL_MASK & ~(M(USER) | M(PID)), .properties = "PID-9" },
};

const struct nsb_suite nsb_suite_lifecycle =
	NSB_SUITE("lifecycle", "what keeps a namespace alive, and what happens when it goes",
		  lifecycle_tests);
