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
};

struct nsb_spawn_res {
	pid_t pid;
	int pidfd;
	bool used_clone;	/* clone3 was refused, clone(2) was used */
	struct nsb_setup_err setup;	/* on failure: the step, its types and errno */
};

/*
 * Returns 0 with res->pid/pidfd of the running child, or -errno with
 * res->setup naming the failed step. The caller must be single-threaded.
 */
int nsb_spawn(const struct nsb_spawn_req *req, struct nsb_spawn_res *res);

#endif
