/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lab.h - the lab: namespaces nsbench creates for itself before any test,
 * so that everything a test mutates (hostname, mounts, IPC objects, links),
 * negative controls included, stays inside them. The machine's initial
 * namespaces are never modified.
 *
 * nsbench (the supervisor) stays in the machine's namespaces. It forks the
 * lab's outer process, which unshares mnt, uts, ipc, net and cgroup (plus
 * user when not root) and pid for its children, makes every mount private,
 * then forks the lab init: PID 1 of the lab's pid namespace, which mounts a
 * fresh /proc and runs the tests. Each process dies with its parent
 * (PR_SET_PDEATHSIG), so when the supervisor dies, even by SIGKILL, the
 * init dies and the kernel kills everything in the lab's pid namespace.
 */
#ifndef NSB_LAB_H
#define NSB_LAB_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "common/nstypes.h"
#include "common/step.h"

/*
 * What the lab does with capabilities an exec would drop (nsbench given
 * file capabilities and run by another user than root: capabilities(7),
 * such an exec's new permitted set is the ambient set).
 */
enum nsb_lab_caps {
	/* Nothing: every exec drops them (nsbench shell: the user's shell never gets them). */
	NSB_LAB_CAPS_AS_THEY_ARE,
	/*
	 * Give them up, for a lab made as that user's (run, bench): its probes
	 * and workers would run without what the rules expect them to hold,
	 * and kept for them they would be within that user's reach.
	 */
	NSB_LAB_CAPS_GIVE_UP,
};

struct nsb_lab {
	unsigned types;		/* mask of the lab's own namespace types (what was made) */
	unsigned missing;	/* types the lab wanted but could not make: miss[] says why */
	unsigned by_clone;	/* types made by clone3/clone(2) of the init (unshare refused) */
	bool privileged;	/* made without a user ns (CAP_SYS_ADMIN here): no user ns needed */
	bool ok;		/* the lab exists; else setup and reason say why not */
	struct nsb_setup_err setup;	/* the step that failed, as data */
	struct nsb_setup_err miss[_NSB_NS_MAX];	/* per missing type: the refusal */
	int enospc_retries;	/* ENOSPC answers retried (namespaces still being freed) */
	long long enospc_wait_ms;	/* how long they were waited out */
	char reason[512];		/* the same as text: "<step>: <ERRNO>" */
	uid_t outer_uid;
	gid_t outer_gid;
};

/* The longest an ENOSPC (user.max_*_namespaces) is waited out while earlier namespaces are freed. */
#define NSB_LAB_ENOSPC_WAIT_MS 1000

/* nsb_lab_run()'s value when the lab could not be built: lab->reason says why. */
#define NSB_LAB_UNAVAILABLE (-1000)

/*
 * Enter the lab's namespaces (the calling process): the types a lab wants
 * that unshare(2) grants here, decided by trying, never by the uid:
 * directly first (CAP_SYS_ADMIN), else inside a new user ns; a type
 * neither grants is left to clone3/clone(2) of the init (lab->by_clone) or,
 * failing that too, left out (lab->missing, lab->miss[]). First, where
 * @caps says so, capabilities an exec would drop are given up, with one
 * warning: the process holds none and is dumpable again (prctl(2)
 * PR_SET_DUMPABLE), as any process of its user, and the lab is made as
 * that user's. Returns 0 or -errno (no lab at all), with lab->reason.
 */
int nsb_lab_enter(struct nsb_lab *lab, enum nsb_lab_caps caps);

/* "the lab has no net namespace (unshare(CLONE_NEWNET): EPERM)" for the missing types in @mask. */
char *nsb_lab_missing_text(const struct nsb_lab *lab, unsigned mask, char *buf, size_t len);

/*
 * Build the lab and run fn(arg) as its PID 1, which exits with fn's value,
 * doing with capabilities an exec would drop what @caps says (only in the
 * lab's processes: the caller keeps its own).
 * Fills *lab (lab->ok, lab->reason). Waits for it, forwarding SIGINT/SIGTERM/SIGHUP (counted in
 * *signals by the caller's handler) as SIGTERM and escalating to SIGKILL if
 * it does not stop. Returns the init's exit status, NSB_LAB_UNAVAILABLE, or
 * -errno.
 */
int nsb_lab_run(struct nsb_lab *lab, enum nsb_lab_caps caps, int (*fn)(void *), void *arg,
		volatile sig_atomic_t *signals);

#endif
