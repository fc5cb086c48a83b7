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

#include "common/step.h"

struct nsb_lab {
	unsigned types;		/* mask of the lab's own namespace types */
	bool privileged;	/* root in the initial user ns: no user ns needed */
	bool ok;		/* the lab exists; else setup and reason say why not */
	struct nsb_setup_err setup;	/* the step that failed, as data */
	char reason[256];		/* the same as text: "<step>: <ERRNO>" */
	uid_t outer_uid;
	gid_t outer_gid;
};

/* nsb_lab_run()'s value when the lab could not be built: lab->reason says why. */
#define NSB_LAB_UNAVAILABLE (-1000)

/* Enter the lab's namespaces (the calling process). Returns 0 or -errno, with lab->reason. */
int nsb_lab_enter(struct nsb_lab *lab);

/*
 * Build the lab and run fn(arg) as its PID 1, which exits with fn's value.
 * Fills *lab (lab->ok, lab->reason). Waits for it, forwarding SIGINT/SIGTERM/SIGHUP (counted in
 * *signals by the caller's handler) as SIGTERM and escalating to SIGKILL if
 * it does not stop. Returns the init's exit status, NSB_LAB_UNAVAILABLE, or
 * -errno.
 */
int nsb_lab_run(struct nsb_lab *lab, int (*fn)(void *), void *arg,
		volatile sig_atomic_t *signals);

#endif
