/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * errname.c - errno <-> name and signal abbreviations: glibc's strerrorname_np(3)
 * and sigabbrev_np(3) where the C library is glibc; elsewhere (the probes built
 * with musl, which has neither) tables generated from the kernel's uapi headers
 * by scripts/uapi-names.sh, which tests/unit/test_errname.c checks against glibc.
 */
#define _GNU_SOURCE
#include <string.h>

#include "errname.h"
#include "uapi-names.h"	/* generated into $(O)/gen */

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

const char *nsb_uapi_errno_name(int err)
{
	return err > 0 && (unsigned)err < ARRAY_LEN(nsb_uapi_errno_names) ? nsb_uapi_errno_names[err] : NULL;
}

const char *nsb_uapi_signal_abbrev(int sig)
{
	return sig > 0 && (unsigned)sig < ARRAY_LEN(nsb_uapi_signal_abbrevs) ? nsb_uapi_signal_abbrevs[sig] :
									     NULL;
}

static const char *errno_name(int err)
{
#ifdef __GLIBC__
	return strerrorname_np(err);
#else
	return nsb_uapi_errno_name(err);
#endif
}

const char *nsb_signal_abbrev(int sig)
{
#ifdef __GLIBC__
	return sigabbrev_np(sig);
#else
	return nsb_uapi_signal_abbrev(sig);
#endif
}

/* errno values are small; glibc's table ends below this (asm-generic/errno.h: 133). */
#define NSB_ERRNO_LIMIT 256

const char *nsb_errno_name(int err)
{
	const char *s;

	if (err < 0)
		err = -err;
	if (!err)
		return "ok";
	s = errno_name(err);
	return s ? s : "E?";
}

int nsb_errno_from_name(const char *name)
{
	if (!name)
		return 0;
	for (int e = 1; e < NSB_ERRNO_LIMIT; e++) {
		const char *n = errno_name(e);

		if (n && strcmp(n, name) == 0)
			return e;
	}
	return 0;
}

/* include/uapi/linux/capability.h, in its order: the index is the capability's number. */
static const char *const cap_names[] = {
	"CAP_CHOWN",
	"CAP_DAC_OVERRIDE",
	"CAP_DAC_READ_SEARCH",
	"CAP_FOWNER",
	"CAP_FSETID",
	"CAP_KILL",
	"CAP_SETGID",
	"CAP_SETUID",
	"CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE",
	"CAP_NET_BROADCAST",
	"CAP_NET_ADMIN",
	"CAP_NET_RAW",
	"CAP_IPC_LOCK",
	"CAP_IPC_OWNER",
	"CAP_SYS_MODULE",
	"CAP_SYS_RAWIO",
	"CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE",
	"CAP_SYS_PACCT",
	"CAP_SYS_ADMIN",
	"CAP_SYS_BOOT",
	"CAP_SYS_NICE",
	"CAP_SYS_RESOURCE",
	"CAP_SYS_TIME",
	"CAP_SYS_TTY_CONFIG",
	"CAP_MKNOD",
	"CAP_LEASE",
	"CAP_AUDIT_WRITE",
	"CAP_AUDIT_CONTROL",
	"CAP_SETFCAP",
	"CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN",
	"CAP_SYSLOG",
	"CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND",
	"CAP_AUDIT_READ",
	"CAP_PERFMON",
	"CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

const char *nsb_cap_name(int cap)
{
	return cap >= 0 && cap < (int)(sizeof(cap_names) / sizeof(cap_names[0])) ? cap_names[cap] : NULL;
}

int nsb_cap_from_name(const char *name)
{
	for (int c = 0; name && c < (int)(sizeof(cap_names) / sizeof(cap_names[0])); c++)
		if (strcmp(cap_names[c], name) == 0)
			return c;
	return -1;
}
