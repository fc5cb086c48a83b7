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

/* The ways a namespace can be made; nsbench's spawn uses clone3 (clone fallback), unshare for time. */
enum nsb_method {
	NSB_METHOD_UNSHARE,
	NSB_METHOD_CLONE3,
	NSB_METHOD_CLONE,
	_NSB_METHOD_MAX,
};

#define NSB_NOT_TRIED (-1)

/* An outcome is a setup step with err 0 (created), an errno, or NSB_NOT_TRIED. */
struct nsb_attempt {
	bool ok;			/* some method created it */
	struct nsb_setup_err main;	/* the decisive outcome: nsbench's own way, or the setup step */
	struct nsb_setup_err method[_NSB_METHOD_MAX];
};

struct nsb_support_row {
	struct nsb_attempt who[_NSB_WHO_MAX];
	struct nsb_reasons reasons;	/* one line per cause, for every "no" */
};

struct nsb_ns_where {
	unsigned long long ino;
	int initial;		/* 1 the machine's initial ns, 0 not, -1 cannot tell */
};

struct nsb_environment {
	char outer[32];			/* "none", "systemd-nspawn", "docker", "bubblewrap", ... */
	char outer_evidence[512];
	char virt[32];			/* "firecracker", "kvm", "qemu", ..., "none" */
	char virt_evidence[512];
	char cgroup_layout[16];		/* "v1", "hybrid", "v2", "none" */
	char lsm[256];			/* comma list, "" when unknown */
	char lsm_source[128];
	char clone3[96];		/* "available", "refused by a seccomp filter (ENOSYS)", ... */
	bool time_ns;
	int userns_levels;		/* more user ns that can still be nested, -1 unknown */
	int pidns_levels;
	char unpriv_as[128];		/* how the "unprivileged" attempts ran */
	struct nsb_ns_where ns[_NSB_NS_MAX];
	uid_t uid, euid;
	gid_t gid, egid;
};

struct nsb_support {
	bool computed;
	struct nsb_evidence ev;
	struct nsb_environment env;
	struct nsb_support_row row[_NSB_NS_MAX];
};

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

struct json_object;
/* The report's "support" array (one object per type) and "environment" object. */
struct json_object *nsb_support_json(const struct nsb_support *s);
struct json_object *nsb_environment_json(const struct nsb_support *s);

#endif
