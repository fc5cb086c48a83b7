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

/* Offsets every new time namespace gets; probes and expectations use them. */
#define NSB_TIME_OFFSET_MONOTONIC_S 864000LL	/* 10 days */
#define NSB_TIME_OFFSET_BOOTTIME_S 1728000LL	/* 20 days */

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
	 * and names its failed step in *step (a string that outlives the call).
	 */
	int (*parent_setup)(pid_t pid, void *arg, const char **step);
	int (*child_setup)(void *arg, const char **step);
	void *setup_arg;
};

struct nsb_spawn_res {
	pid_t pid;
	int pidfd;
	bool used_clone;	/* clone3 was refused, clone(2) was used */
	const char *step;	/* on failure: the step that failed */
	int err;		/* on failure: its errno (positive) */
	char step_buf[96];
};

/*
 * Returns 0 with res->pid/pidfd of the running child, or -errno with
 * res->step naming the failed step. The caller must be single-threaded.
 */
int nsb_spawn(const struct nsb_spawn_req *req, struct nsb_spawn_res *res);

/*
 * clone3(flags | CLONE_PIDFD) like fork(): returns 0 in the child, the pid in
 * the parent, or -errno. Falls back to clone(2) when clone3 is refused with
 * ENOSYS or EPERM (a seccomp filter), setting *ret_used_clone. CLONE_NEWTIME
 * has no clone(2) form (its bit is CSIGNAL's), so the fallback refuses it.
 */
pid_t nsb_clone_pidfd(unsigned long flags, int *ret_pidfd, bool *ret_used_clone);

/* Write "0 <outer> 1" maps for the user namespace of pid (setgroups=deny when needed). */
int nsb_write_id_maps(pid_t pid, uid_t uid, gid_t gid, const char **ret_step);

#endif
