/* SPDX-License-Identifier: GPL-2.0-or-later */
/* step.c - the table of setup steps and the one "a refusal is a skip" rule. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "errname.h"
#include "nstypes.h"
#include "step.h"

const struct nsb_step_info nsb_steps[_NSB_STEP_MAX] = {
	[NSB_STEP_NONE]           = { "none",                 NULL,      false, NULL, false },
	[NSB_STEP_UNSHARE]        = { "unshare",              "unshare", true,  NULL, true },
	[NSB_STEP_UNSHARE_TP]     = { "unshare-test-parent",  "unshare", true,
				      " for the private test parent", true },
	[NSB_STEP_CLONE3]         = { "clone3",               "clone3",  true,  NULL, true },
	[NSB_STEP_CLONE]          = { "clone",                "clone",   true,  NULL, true },
	[NSB_STEP_SETNS]          = { "setns",                "setns",   true,  NULL, true },
	[NSB_STEP_UID_MAP]        = { "write uid_map",        NULL,      false, NULL, true },
	[NSB_STEP_SETGROUPS]      = { "write setgroups",      NULL,      false, NULL, true },
	[NSB_STEP_GID_MAP]        = { "write gid_map",        NULL,      false, NULL, true },
	[NSB_STEP_TIMENS_OFFSETS] = { "write timens_offsets", NULL,      false, NULL, true },
	[NSB_STEP_MOUNT_PROC]     = { "mount /proc",          "mount",   false, NULL, true },
	[NSB_STEP_MAKE_PRIVATE]   = { "mount --make-rprivate /", "mount", false, NULL, true },
	[NSB_STEP_SETHOSTNAME]    = { "sethostname",          NULL,      false, " in the lab", true },
	[NSB_STEP_ENTER_USERNS]   = { "enter-userns",         "unshare", true,
				      " to enter a user namespace", true },
	[NSB_STEP_DROP_PRIVS]     = { "drop privileges",      NULL,      false, NULL, false },
	[NSB_STEP_TRIAL_DIED]     = { "trial child died",     NULL,      false, NULL, false },
	[NSB_STEP_PIPE]           = { "pipe",                 NULL,      false, NULL, false },
	[NSB_STEP_FORK]           = { "fork",                 NULL,      false, NULL, false },
	[NSB_STEP_SYNC_PARENT]    = { "sync with parent",     NULL,      false, NULL, false },
	[NSB_STEP_SYNC_CHILD]     = { "sync with child",      NULL,      false, NULL, false },
	[NSB_STEP_DUP]            = { "dup2",                 NULL,      false, NULL, false },
	[NSB_STEP_EXEC]           = { "exec",                 NULL,      false, NULL, false },
	[NSB_STEP_CHILD]          = { "child setup",          NULL,      false, NULL, false },
	/*
	 * A hook's own operation (netlink, a mount, an IPC object in the test
	 * parent) refused here (a capability nspawn or a pod drops, a filter)
	 * is "not possible here" like any setup step: the test parent reports
	 * what the hook tried (suites/suite.h nsb_tp_refused: tp.hook*) with the errno.
	 */
	[NSB_STEP_HOOK_BEFORE]    = { "hook before",          NULL,      false, NULL, true },
	[NSB_STEP_HOOK_DURING]    = { "hook during",          NULL,      false, NULL, true },
	[NSB_STEP_HOOK_AFTER]     = { "hook after",           NULL,      false, NULL, true },
	[NSB_STEP_WAIT]           = { "waitid",               NULL,      false, NULL, false },
	[NSB_STEP_HOOK_SETUP]     = { "setup hook",           NULL,      false, NULL, false },
};

enum nsb_step nsb_step_from_name(const char *name)
{
	if (!name)
		return _NSB_STEP_INVALID;
	for (int s = 0; s < _NSB_STEP_MAX; s++)
		if (strcmp(nsb_steps[s].name, name) == 0)
			return (enum nsb_step)s;
	return _NSB_STEP_INVALID;
}

bool nsb_errno_is_refusal(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case EPERM: case EACCES: case EINVAL: case ENOSPC: case EUSERS: case ENOSYS: case EOPNOTSUPP:
		return true;
	default:
		return false;
	}
}

bool nsb_setup_err_is_skip(const struct nsb_setup_err *e)
{
	return e->step > NSB_STEP_NONE && e->step < _NSB_STEP_MAX &&
	       nsb_steps[e->step].refusal_is_skip && nsb_errno_is_refusal(e->err);
}

char *nsb_step_format(enum nsb_step s, unsigned types, char *buf, size_t len)
{
	const struct nsb_step_info *i;
	char flags[160];

	if (s < 0 || s >= _NSB_STEP_MAX) {
		snprintf(buf, len, "unknown step");
		return buf;
	}
	i = &nsb_steps[s];
	if (i->with_types)
		snprintf(buf, len, "%s(%s)%s", i->syscall, nsb_ns_flag_names(types, flags, sizeof(flags)),
			 i->suffix ? i->suffix : "");
	else
		snprintf(buf, len, "%s%s", i->name, i->suffix ? i->suffix : "");
	return buf;
}

char *nsb_setup_err_format(const struct nsb_setup_err *e, char *buf, size_t len)
{
	char step[224];

	snprintf(buf, len, "%s: %s", nsb_step_format(e->step, e->types, step, sizeof(step)),
		 nsb_errno_name(e->err));
	return buf;
}

static const char *const iface_names[_NSB_IFACE_MAX] = {
	[NSB_IFACE_SYSCALL] = "syscall", [NSB_IFACE_IOCTL] = "ioctl",
	[NSB_IFACE_FLAG] = "flag", [NSB_IFACE_FEATURE] = "feature",
};

const char *nsb_iface_name(enum nsb_iface kind)
{
	return kind >= 0 && kind < _NSB_IFACE_MAX ? iface_names[kind] : NULL;
}

int nsb_iface_from_name(const char *name)
{
	for (int k = 0; name && k < _NSB_IFACE_MAX; k++)
		if (strcmp(iface_names[k], name) == 0)
			return k;
	return -1;
}

bool nsb_errno_is_absent(int err, enum nsb_iface kind)
{
	if (err < 0)
		err = -err;
	if (err == EOPNOTSUPP)
		return true;
	switch (kind) {
	case NSB_IFACE_SYSCALL:
		return err == ENOSYS;
	case NSB_IFACE_IOCTL:
		return err == ENOTTY;
	case NSB_IFACE_FLAG:
		return err == EINVAL;
	case NSB_IFACE_FEATURE:
		return err == ENODEV || err == ENOENT || err == ENOSYS;
	default:
		return false;
	}
}

bool nsb_errno_is_filtered(int err)
{
	if (err < 0)
		err = -err;
	return err == EPERM || err == EACCES;
}

char *nsb_absent_format(const char *iface, enum nsb_iface kind, int err, const char *release,
			char *buf, size_t len)
{
	struct utsname u;
	char why[96];

	if (!release)
		release = uname(&u) == 0 ? u.release : "?";
	if (!nsb_errno_is_absent(err, kind) && nsb_errno_is_filtered(err)) {
		snprintf(buf, len, "%s refused (%s) on kernel %s, probably a seccomp filter or an LSM",
			 iface, nsb_errno_name(err), release);
		return buf;
	}
	if (nsb_errno_is_absent(err, kind))
		snprintf(why, sizeof(why), "no such %s here", nsb_iface_name(kind) ?: "interface");
	else
		snprintf(why, sizeof(why), "unexpected answer");
	snprintf(buf, len, "%s: %s on kernel %s (%s)", iface, nsb_errno_name(err), release, why);
	return buf;
}

bool nsb_reason_is_absence(const char *reason)
{
	const char *k = reason ? strstr(reason, " on kernel ") : NULL;
	const char *why = k ? strstr(k, " (no such ") : NULL;

	if (!why || strcmp(why + strlen(why) - 6, " here)") != 0)
		return false;
	for (int kind = 0; kind < _NSB_IFACE_MAX; kind++) {
		size_t n = strlen(iface_names[kind]);

		if (strncmp(why + 10, iface_names[kind], n) == 0 && strcmp(why + 10 + n, " here)") == 0)
			return true;
	}
	return false;
}
