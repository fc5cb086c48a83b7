/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * support.h - which namespace types this environment lets us create, found
 * by TRYING in throwaway forked children (never in the calling process),
 * plus the evidence diag.c needs to explain each refusal, and "where am I":
 * outer environment, virtualisation, cgroup layout, LSMs, initial namespaces.
 */
#ifndef NSB_SUPPORT_H
#define NSB_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "diag.h"
#include "findings.h"

/* Gather the evidence, run the trials and diagnose. Returns 0 or -errno (fork/pipe failed). */
int nsb_support_compute(struct nsb_support *s);

/* True when every type can be created by the current process. */
bool nsb_support_all_current(const struct nsb_support *s);

/* Read the evidence only (no trials): sysctls, kernel config, status, caps, seccomp calls. */
int nsb_evidence_gather(struct nsb_evidence *ev);

/*
 * A test's setup step failed with a refusal (a skip): append to @reason the
 * causes the evidence shows, e.g. "clone3(CLONE_NEWNET): ENOSPC" becomes
 * "clone3(CLONE_NEWNET): ENOSPC; user.max_net_namespaces=0". The types are
 * the step's, else @combo's. @who is where the lab stands.
 */
void nsb_support_enrich(const struct nsb_support *s, enum nsb_who who,
			const struct nsb_setup_err *e, unsigned combo, char *reason, size_t len);


#endif
