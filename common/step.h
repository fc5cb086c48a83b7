/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * step.h - THE table of setup steps: every step nsbench takes to build a
 * namespace (the lab, a test parent, a probe child, a benchmark worker, a
 * trial of `check`), the system call behind it, and whether the kernel's
 * refusal of it means "not possible here" (a skip, LTP's TCONF) rather than
 * "the harness broke" (an error, LTP's TBROK). Producers record a failed
 * step as data (struct nsb_setup_err); the judge, the diagnosis and the
 * reports read it through this table, so rewording the text users read
 * cannot turn a skip into an error.
 */
#ifndef NSB_STEP_H
#define NSB_STEP_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

enum nsb_step {
	NSB_STEP_NONE,
	NSB_STEP_UNSHARE,		/* unshare(CLONE_NEW...) */
	NSB_STEP_UNSHARE_TP,		/* the test parent's private unshare of .mutates */
	NSB_STEP_CLONE3,		/* clone3(CLONE_NEW...) */
	NSB_STEP_CLONE,			/* clone(CLONE_NEW...), clone3's fallback */
	NSB_STEP_SETNS,			/* setns(fd, CLONE_NEW...) */
	NSB_STEP_UID_MAP,		/* write uid_map */
	NSB_STEP_SETGROUPS,		/* write setgroups */
	NSB_STEP_GID_MAP,		/* write gid_map */
	NSB_STEP_TIMENS_OFFSETS,	/* write timens_offsets */
	NSB_STEP_MOUNT_PROC,		/* mount a fresh /proc */
	NSB_STEP_MAKE_PRIVATE,		/* mount(MS_REC|MS_PRIVATE) of / in the lab */
	NSB_STEP_SETHOSTNAME,		/* the lab's own hostname */
	NSB_STEP_ENTER_USERNS,		/* check: unshare(CLONE_NEWUSER) before trying as that user */
	NSB_STEP_DROP_PRIVS,		/* check: become uid 65534 without capabilities */
	NSB_STEP_TRIAL_DIED,		/* check: the trial child died before it reported */
	NSB_STEP_PIPE,
	NSB_STEP_FORK,
	NSB_STEP_SYNC_PARENT,		/* the child waiting for its parent */
	NSB_STEP_SYNC_CHILD,		/* the parent releasing its child */
	NSB_STEP_DUP,
	NSB_STEP_EXEC,
	NSB_STEP_CHILD,			/* the child reported a step nsbench does not know */
	NSB_STEP_HOOK_BEFORE,		/* a suite's .before hook in the test parent */
	NSB_STEP_HOOK_DURING,		/* a suite's .during hook (the probe waits at sync=) */
	NSB_STEP_HOOK_AFTER,		/* a suite's .after hook (the probe has exited) */
	NSB_STEP_WAIT,			/* waiting for the probe */
	NSB_STEP_HOOK_SETUP,		/* a spawn's parent_setup/child_setup hook (nsbench shell) */
	_NSB_STEP_MAX,
	_NSB_STEP_INVALID = -EINVAL,
};

struct nsb_step_info {
	const char *name;	/* stable key ("clone3", "write uid_map"): observations, reports */
	const char *syscall;	/* the system call a seccomp filter could refuse, or NULL */
	bool with_types;	/* shown as name(CLONE_NEW...|...) */
	const char *suffix;	/* shown after it, or NULL */
	bool refusal_is_skip;	/* a refusal errno (nsb_errno_is_refusal) here: skip */
};

extern const struct nsb_step_info nsb_steps[_NSB_STEP_MAX];

/* A failed setup step, as data: which step, for which types (a combination mask), which errno (positive). */
struct nsb_setup_err {
	enum nsb_step step;
	unsigned types;
	int err;
};

/* The step whose name is @name (exactly), or _NSB_STEP_INVALID. */
enum nsb_step nsb_step_from_name(const char *name);

/*
 * The errnos with which the kernel refuses to create or set up a namespace
 * here: EPERM, EACCES (no privilege, an LSM, a seccomp filter), EINVAL (an
 * unknown flag), ENOSPC, EUSERS (a limit or the nesting depth), ENOSYS,
 * EOPNOTSUPP (no such interface). Sign ignored.
 */
bool nsb_errno_is_refusal(int err);

/* The rule, once: true when @e failed in a way that means "not possible here" (skip). */
bool nsb_setup_err_is_skip(const struct nsb_setup_err *e);

/*
 * The text users read: "clone3(CLONE_NEWNET|CLONE_NEWUSER)", "write uid_map",
 * "unshare(CLONE_NEWIPC) for the private test parent". Returns buf.
 */
char *nsb_step_format(enum nsb_step s, unsigned types, char *buf, size_t len);

/* "<step text>: <ERRNO>", the reason of a skip or error. Returns buf. */
char *nsb_setup_err_format(const struct nsb_setup_err *e, char *buf, size_t len);

#endif
