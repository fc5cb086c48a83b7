/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * errname.h - stable errno names ("EPERM") for reports, reasons and probe
 * output, in both directions. One spelling for the harness and the probes.
 */
#ifndef NSB_ERRNAME_H
#define NSB_ERRNAME_H

/*
 * "EPERM" for EPERM or -EPERM (the sign is ignored), "ok" for 0, "E?" for a
 * number glibc has no name for (strerrorname_np(3)). Never NULL.
 */
const char *nsb_errno_name(int err);
/* The errno named @name ("ENOSPC"), or 0 when it names none. */
int nsb_errno_from_name(const char *name);

/*
 * "KILL" for SIGKILL, as sigabbrev_np(3) spells it (signal(7) names without
 * "SIG"); NULL for a number with no name (0, real-time signals, out of range).
 */
const char *nsb_signal_abbrev(int sig);

/*
 * The tables generated from the kernel's uapi headers (scripts/uapi-names.sh)
 * that nsb_errno_name()/nsb_signal_abbrev() use where the C library has no
 * such functions (musl); NULL outside them. For the unit test.
 */
const char *nsb_uapi_errno_name(int err);
const char *nsb_uapi_signal_abbrev(int sig);

/*
 * "CAP_NET_ADMIN" for capability number CAP_NET_ADMIN (capabilities(7),
 * include/uapi/linux/capability.h: 0 CAP_CHOWN .. 40 CAP_CHECKPOINT_RESTORE);
 * NULL for a number outside that table.
 */
const char *nsb_cap_name(int cap);
/* The capability number named @name ("CAP_SYS_TIME"), or -1. */
int nsb_cap_from_name(const char *name);

#endif
