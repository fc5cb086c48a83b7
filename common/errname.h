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

#endif
