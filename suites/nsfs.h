/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nsfs.h - test-parent observations shared by the nsfs and setns suites. */
#ifndef NSB_SUITE_NSFS_H
#define NSB_SUITE_NSFS_H

#include <stdbool.h>

#include "suite.h"

/* Record "parent.cap_sys_admin=0|1": CAP_SYS_ADMIN in the test parent's effective set. */
int nsb_nsfs_put_cap(struct nsb_tp *tp);

/*
 * The probe holds CAP_SYS_ADMIN in its own user ns: always with a new user
 * ns (it runs as uid 0 there), else exactly when the test parent does.
 */
bool nsb_nsfs_probe_cap(struct nsb_check *k);

#endif
