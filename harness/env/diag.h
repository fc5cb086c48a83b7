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

enum nsb_kcfg {
	NSB_KCFG_UNKNOWN,	/* no config, or the symbol is not in it */
	NSB_KCFG_YES,		/* =y */
	NSB_KCFG_NO,		/* "# CONFIG_X is not set" */
};

/* System calls a seccomp filter may refuse, each probed by a harmless call. */
enum nsb_sc {
	NSB_SC_UNSHARE,		/* unshare(0): 0 */
	NSB_SC_CLONE,		/* clone(CLONE_SIGHAND): EINVAL (needs CLONE_VM) */
	NSB_SC_CLONE3,		/* clone3(NULL, 0): EINVAL (size too small) */
	NSB_SC_SETNS,		/* setns(-1, 0): EBADF */
	NSB_SC_MOUNT,		/* mount(NULL, NULL, ...): EFAULT */
	_NSB_SC_MAX,
};

/* Who tries: the process as it is, uid 65534 without caps, or that user inside a new user ns. */
enum nsb_who {
	NSB_WHO_CURRENT,
	NSB_WHO_UNPRIV,
	NSB_WHO_VIA_USERNS,
	_NSB_WHO_MAX,
};

#define NSB_SC_UNTESTED (-1)
#define NSB_SYSCTL_ABSENT (-1LL)

struct nsb_evidence {
	char kconfig_src[128];		/* "/proc/config.gz", or "" when none was found */
	enum nsb_kcfg kconfig[_NSB_NS_MAX];
	long long max_ns[_NSB_NS_MAX];	/* user.max_<type>_namespaces, or NSB_SYSCTL_ABSENT */
	long long userns_clone;		/* kernel.unprivileged_userns_clone (Debian) */
	long long apparmor_restrict;	/* kernel.apparmor_restrict_unprivileged_userns (Ubuntu) */
	bool in_init_userns;		/* sysctls above are the machine's, not INT_MAX copies */
	int seccomp_mode;		/* 0 none, 1 strict, 2 filter, -1 unknown */
	bool no_new_privs;
	uint64_t cap_eff, cap_bnd;	/* capability bit masks */
	bool caps_known;
	int sc_errno[_NSB_SC_MAX];	/* errno of the harmless call (0: it ran), or NSB_SC_UNTESTED */
	uid_t euid;
	uid_t unpriv_uid;		/* the identity of the "unprivileged" trials (65534, or 0 when unmapped) */
};

#define NSB_REASONS_MAX 12
#define NSB_REASON_LEN 256

struct nsb_reasons {
	size_t n;
	char r[NSB_REASONS_MAX][NSB_REASON_LEN];
};

/* "current", "unprivileged", "unprivileged_via_userns": the report's keys. */
const char *nsb_who_name(enum nsb_who w);

/* Evidence with nothing known: every field "unknown/absent". */
void nsb_evidence_init(struct nsb_evidence *ev);

/* Fill ev->kconfig[] from kernel config text (NULL: absent) read from @src. */
void nsb_diag_parse_kconfig(struct nsb_evidence *ev, const char *text, const char *src);
/* Fill seccomp mode, NoNewPrivs, CapEff and CapBnd from /proc/<pid>/status text. */
int nsb_diag_parse_status(struct nsb_evidence *ev, const char *text);

/* The syscall's name ("unshare") and the harmless call used to probe it. */
const char *nsb_sc_name(enum nsb_sc sc);
const char *nsb_sc_probe_desc(enum nsb_sc sc);
/* The errno the harmless call gives when nothing filters it (0: success). */
int nsb_sc_expected_errno(enum nsb_sc sc);
/* True when the harmless call gave something else than expected: a filter refuses it. */
bool nsb_diag_sc_refused(const struct nsb_evidence *ev, enum nsb_sc sc);

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
