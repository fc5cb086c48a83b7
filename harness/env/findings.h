/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * findings.h - what the environment check found: the evidence (kernel
 * config, sysctls, capabilities, seccomp), each type's trials and their
 * diagnosis, and where nsbench runs. Types and their names only: the
 * report writers include this, never support.h or diag.h.
 */
#ifndef NSB_FINDINGS_H
#define NSB_FINDINGS_H

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

/* What the suites need beyond creating namespaces, tried as the lab would (see nsb_needs in support.c). */
enum nsb_need {
	NSB_NEED_NETLINK,	/* netlink changes in a new net ns (CAP_NET_ADMIN): net suites' hooks */
	NSB_NEED_TIME_OFFSETS,	/* timens_offsets of a new time ns (CAP_SYS_TIME) */
	NSB_NEED_FILE_HANDLES,	/* name_to_handle_at + open_by_handle_at on an nsfs file */
	NSB_NEED_FANOTIFY,	/* fanotify_init (mount notifications) */
	NSB_NEED_STATMOUNT,	/* statmount(2) / listmount(2) */
	NSB_NEED_MOUNT_PROC,	/* a fresh proc in a new mnt+pid ns */
	NSB_NEED_MOUNT_SYSFS,	/* sysfs in a new mnt+net ns */
	NSB_NEED_MOUNT_CGROUP,	/* cgroup2 in a new mnt+cgroup ns */
	_NSB_NEED_MAX,
};

struct nsb_need_row {
	bool tried;
	int err;		/* 0: works; else the errno */
	char why[256];		/* the cause, when refused: capability, filter, kernel */
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
	int userns_stop_err;		/* the errno that ended the count (ENOSPC/EUSERS: the depth) */
	int pidns_stop_err;		/* ... (0: not measured) */
	char unpriv_as[128];		/* how the "unprivileged" attempts ran */
	char link_kinds[128];		/* "dummy yes, ifb yes, veth no (EOPNOTSUPP)": what the net suite can make */
	int enospc_retries;		/* ENOSPC answers retried (namespaces still being freed) */
	long long enospc_waited_ms;	/* ... and how long, within NSB_CHECK_ENOSPC_WAIT_MS */
	bool needs_in_userns;		/* the needs were tried inside a user ns (as the lab is built) */
	struct nsb_need_row need[_NSB_NEED_MAX];
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

/* "netlink", "time_offsets", ...: the report's keys; what each is, for people. */
const char *nsb_need_name(enum nsb_need n);
const char *nsb_need_desc(enum nsb_need n);

/* "current", "unprivileged", "unprivileged_via_userns": the report's keys. */
const char *nsb_who_name(enum nsb_who w);

/* The syscall's name ("unshare") and the harmless call used to probe it. */
const char *nsb_sc_name(enum nsb_sc sc);
const char *nsb_sc_probe_desc(enum nsb_sc sc);
/* The errno the harmless call gives when nothing filters it (0: success). */
int nsb_sc_expected_errno(enum nsb_sc sc);
/* True when the harmless call gave something else than expected: a filter refuses it. */
bool nsb_diag_sc_refused(const struct nsb_evidence *ev, enum nsb_sc sc);

#endif
