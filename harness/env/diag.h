/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * diag.h - why a namespace type cannot be created here, diagnosed from
 * evidence: kernel config text, /proc/self/status text, sysctl values and
 * the outcome of harmless system calls. No I/O happens here (support.c
 * gathers the evidence), so every rule is unit-tested on recorded inputs.
 */
#ifndef NSB_DIAG_H
#define NSB_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/nstypes.h"
#include "common/step.h"
#include "findings.h"

/* Evidence with nothing known: every field "unknown/absent". */
void nsb_evidence_init(struct nsb_evidence *ev);

/* Fill ev->kconfig[] from kernel config text (NULL: absent) read from @src. */
void nsb_diag_parse_kconfig(struct nsb_evidence *ev, const char *text, const char *src);
/* Fill seccomp mode, NoNewPrivs, CapEff and CapBnd from /proc/<pid>/status text. */
int nsb_diag_parse_status(struct nsb_evidence *ev, const char *text);

/*
 * Why @who could not create type @t: the step that failed (e.g. clone3 of
 * CLONE_NEWNET, write uid_map) with its errno (positive). Appends one line
 * per cause found to @out; at least one line (an unexplained refusal says
 * so). Returns the number of lines added.
 */
size_t nsb_diag_reasons(const struct nsb_evidence *ev, enum nsb_ns t, enum nsb_who who,
			const struct nsb_setup_err *step, struct nsb_reasons *out);

/*
 * For a test whose setup step failed: the causes for the types in @mask,
 * "; "-joined (no "unexplained" filler), into buf. @who is the lab's
 * position (current when privileged, via_userns when the lab is in a user
 * ns). Returns the length written (0: nothing found).
 */
size_t nsb_diag_explain(const struct nsb_evidence *ev, unsigned mask, enum nsb_who who,
			const struct nsb_setup_err *step, char *buf, size_t len);

#endif
