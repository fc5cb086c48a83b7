/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * clone.h - creating a child with fork semantics (no CLONE_VM, no new
 * stack) in new namespaces: clone3(2), and clone(2) as the fallback where a
 * seccomp filter refuses clone3 (container runtimes answer it with ENOSYS,
 * older profiles with EPERM). The one place that knows clone(2)'s argument
 * order on each architecture (clone(2) NOTES; kernel/fork.c
 * CONFIG_CLONE_BACKWARDS*).
 */
#ifndef NSB_CLONE_H
#define NSB_CLONE_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * clone3(2) with fork semantics: flags (CLONE_NEW*, CLONE_PIDFD, ...),
 * SIGCHLD on exit; with CLONE_PIDFD the pidfd is stored in *pidfd. Returns 0
 * in the child, the pid in the parent, or -errno (ENOSYS before 5.3).
 */
pid_t nsb_sys_clone3(unsigned long flags, int *pidfd);

/*
 * clone(2) with fork semantics and SIGCHLD; with CLONE_PIDFD (5.2) the pidfd
 * is stored in *pidfd (the parent_tid argument). CLONE_NEWTIME has no clone(2)
 * form (its bit is CSIGNAL's): -EINVAL. Returns as nsb_sys_clone3().
 */
pid_t nsb_sys_clone(unsigned long flags, int *pidfd);

/* True when clone3's errno means "refused here, clone(2) may work": ENOSYS or EPERM. */
bool nsb_clone3_refused(int err);

/*
 * True when the errno of a clone3(2) with CLONE_VM (a child on its own stack
 * that shares our memory until it execs) means "a fork-style clone may
 * work": a refusal of clone3 itself (nsb_clone3_refused()), or EINVAL, which
 * is what 6.1's copy_process() (kernel/fork.c: "If the new process will be in
 * a different time namespace do not allow it to share VM or a thread group
 * with the forking task") answers after unshare(CLONE_NEWTIME); 6.18 accepts
 * it. Decided by trying, not by the kernel version: the fork-style clone then
 * gives its own answer, so an EINVAL with another cause is still reported.
 * @err: errno or -errno.
 */
bool nsb_clone3_vm_refused(int err);

/*
 * clone3(flags) like fork(), falling back to clone(2) when clone3 is refused
 * (nsb_clone3_refused()). *used_clone is in/out: set once clone(2) was
 * tried, and then clone3 is not tried again (a filter does not change its
 * mind), so a failure names the call that failed. @pidfd may be NULL;
 * otherwise CLONE_PIDFD is added and *pidfd is set (-EBADF on failure).
 * Returns 0 in the child, the pid in the parent, or -errno of the last call.
 */
pid_t nsb_clone_fork(unsigned long flags, int *pidfd, bool *used_clone);

/*
 * May a child of ours that shares our memory (CLONE_VM) be put in a new
 * user ns? Not where we hold capabilities as a user other than root
 * (ambient ones, or file capabilities in `nsbench shell`): that user owns
 * the new user ns and so is ns_capable(CAP_SYS_PTRACE) over the child, and
 * /proc/<child>/mem would write into our memory (ptrace(2), "Ptrace access
 * mode checking"; kernel/ptrace.c __ptrace_may_access). True for root
 * (either uid 0) and for a process holding no permitted capability; false
 * where capget(2) fails.
 */
bool nsb_vm_share_with_userns_ok(void);

#endif
