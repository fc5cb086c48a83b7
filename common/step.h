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

/*
 * What kind of interface a call tried, for nsb_errno_is_absent(): the
 * kernel answers "there is no such thing here" differently for each.
 */
enum nsb_iface {
	NSB_IFACE_SYSCALL,	/* a system call number: ENOSYS (a filter may say EPERM) */
	NSB_IFACE_IOCTL,	/* an ioctl command: ENOTTY (some drivers: EINVAL, EOPNOTSUPP) */
	NSB_IFACE_FLAG,		/* a flag or field of an existing call: EINVAL, EOPNOTSUPP */
	NSB_IFACE_FEATURE,	/* a file system or link kind: EOPNOTSUPP, ENODEV, ENOENT */
	_NSB_IFACE_MAX,
};

/* "syscall", "ioctl", "flag", "feature" (stable, used in observations); NULL when out of range. */
const char *nsb_iface_name(enum nsb_iface kind);
/* The kind named @name, or -1. */
int nsb_iface_from_name(const char *name);

/*
 * The rule, once, for "this interface does not exist on this kernel", decided
 * by trying (never by version numbers): true when @err (sign ignored) is how
 * the kernel answers a @kind it does not know: ENOSYS for a system call
 * (kernel/sys_ni.c, arch syscall tables), ENOTTY for an ioctl command
 * (fs/ioctl.c vfs_ioctl: -ENOIOCTLCMD becomes ENOTTY; a file without
 * ioctls at all: ENOTTY), EINVAL for an unknown flag (every syscall's
 * "flags & ~KNOWN" check), EOPNOTSUPP for an operation its file system or
 * object does not implement, ENODEV/ENOENT for a link kind or file system
 * type that is not built (rtnl_newlink, get_fs_type). EOPNOTSUPP counts for
 * every kind.
 */
bool nsb_errno_is_absent(int err, enum nsb_iface kind);

/*
 * True when @err (sign ignored) is how a filter (seccomp, an LSM) or missing
 * privilege refuses a call that the kernel has: EPERM, EACCES. For
 * clone3/fanotify/open_by_handle_at under a container's seccomp profile.
 */
bool nsb_errno_is_filtered(int err);

/*
 * The one text of such a skip: "<iface>: <ERRNO> on kernel <release> (no
 * such <kind> here)" for an absent interface, "<iface> refused (<ERRNO>) on
 * kernel <release>, probably a seccomp filter or an LSM" for EPERM/EACCES.
 * @release NULL: uname(2)'s. Returns buf.
 */
char *nsb_absent_format(const char *iface, enum nsb_iface kind, int err, const char *release,
			char *buf, size_t len);

/*
 * True when @reason (a result's skip reason) is nsb_absent_format()'s text for
 * an interface this kernel lacks ("...: ENOTTY on kernel 6.1.0 (no such ioctl
 * here)"), as opposed to a refusal, a limit or any other skip: for compare,
 * where pass -> skip for this reason means "the kernel lacks this", not a
 * regression.
 */
bool nsb_reason_is_absence(const char *reason);

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
