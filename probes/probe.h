/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe.h - the only API probes share. A probe reports what it sees, one
 * "key=value" per line on stdout, and never judges: the harness knows the
 * combination and decides the verdict.
 *
 * Exit status: 0 observations printed; 4 cannot observe here ("skip=<reason>"
 * printed, = KSFT_SKIP); anything else means the probe itself broke.
 */
#ifndef NSB_PROBE_H
#define NSB_PROBE_H

#include <sys/types.h>

enum {
	PROBE_OK = 0,
	PROBE_ERROR = 1,
	PROBE_SKIP = 4,
};

void probe_put(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int probe_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Logs "probe: msg: strerror" on stderr and returns PROBE_ERROR. */
int probe_error(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Flush stdout; a failed write is an error, not a pass. */
int probe_done(void);
/*
 * Tell the harness a checkpoint was reached ("sync=<name>") and block until it
 * has looked at the parent side (it closes our stdin). Returns 0 or -errno.
 */
int probe_sync(const char *name);

/*
 * unshare(CLONE_NEWUSER | more), then map our euid/egid to 0 with setgroups
 * denied first, as an unprivileged writer must (nsb_map_root(),
 * user_namespaces(7)). Returns 0 or -errno; errno is set too.
 */
int probe_enter_userns(int more);
/*
 * Whether a user ns can be created here at all (user.max_user_namespaces,
 * an LSM or seccomp may forbid it), tried in a child: 0 or the errno.
 */
int probe_userns_allowed(void);
/*
 * Write to fd our pid as /proc names it: with a new pid ns but the lab's
 * /proc (pid without mnt), getpid() is not the number under /proc.
 * Returns 0 or -errno.
 */
int probe_tell_proc_pid(int fd);

#endif
