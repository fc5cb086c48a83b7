/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spawn.h - create one child in exactly a combination of new namespaces and
 * exec a program in it: clone3 (falling back to clone when clone3 is
 * refused), uid/gid maps written by the parent over a sync pipe, time
 * offsets written before the first task enters, a fresh /proc for pid+mnt.
 */
#ifndef NSB_SPAWN_H
#define NSB_SPAWN_H

#include <stdbool.h>
#include <sys/types.h>

#include "common/step.h"

struct nsb_spawn_req {
	unsigned combo;
	const char *path;
	char *const *argv;
	int fd_in, fd_out, fd_err;	/* become the child's 0, 1, 2 */
	/*
	 * Optional (`nsbench shell`): parent_setup runs in the caller once the
	 * child exists and its id maps are written, before it may go on (to
	 * move a link into its netns); child_setup runs in the child after
	 * /proc and before exec (hostname, loopback). Each returns 0 or -errno
	 * and names what failed in *what (a string that outlives the call);
	 * the failure is NSB_STEP_HOOK_SETUP with that text in res->what.
	 */
	int (*parent_setup)(pid_t pid, void *arg, const char **what);
	int (*child_setup)(void *arg, const char **what);
	void *setup_arg;
};

struct nsb_spawn_res {
	pid_t pid;
	int pidfd;
	bool used_clone;	/* clone3 was refused, clone(2) was used */
	struct nsb_setup_err setup;	/* on failure: the step, its types and errno */
	char what[64];			/* NSB_STEP_HOOK_SETUP: what the hook said failed */
};

/*
 * Returns 0 with res->pid/pidfd of the running child, or -errno with
 * res->setup naming the failed step. The caller must be single-threaded.
 */
int nsb_spawn(const struct nsb_spawn_req *req, struct nsb_spawn_res *res);

#endif
