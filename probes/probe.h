/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe.h - the only API probes share. A probe reports what it sees, one
 * "key=value" per line on stdout, and never judges: the harness knows the
 * combination and decides the verdict.
 *
 * Exit status: 0 observations printed; 4 cannot observe here ("skip=<reason>"
 * printed, = KSFT_SKIP); anything else means the probe itself broke.
 */
#ifndef NSB_PROBE_H
#define NSB_PROBE_H

#include <sys/types.h>

#include "common/step.h"

enum {
	PROBE_OK = 0,
	PROBE_ERROR = 1,
	PROBE_SKIP = 4,
};

void probe_put(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int probe_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * The kernel's answer @err (sign ignored) to @iface, a @kind of interface
 * ("PIDFD_GET_PID_NAMESPACE", NSB_IFACE_IOCTL): when it means "no such
 * interface here" (nsb_errno_is_absent) or "refused by a filter"
 * (nsb_errno_is_filtered), prints skip=<nsb_absent_format()> and returns
 * PROBE_SKIP; otherwise logs it as probe_error() does and returns
 * PROBE_ERROR. Use it where a probe cannot go on without @iface, after any
 * older interface that observes the same property has been tried.
 */
int probe_absent(const char *iface, enum nsb_iface kind, int err);
/*
 * A step the probe takes to build what it observes (a helper's unshare, a
 * clone) failed with @err (sign ignored; the helper's own errno, passed back
 * as itself, never EPROTO): a refusal (nsb_errno_is_refusal: EPERM, ENOSPC,
 * EUSERS, ...) is "not possible here", a skip "<what>: <ERRNO> (refused
 * here)"; anything else is probe_error(). Returns PROBE_SKIP or PROBE_ERROR.
 */
int probe_setup_failed(const char *what, int err);
/*
 * probe_skip_if_filtered(@what, @err), else probe_setup_failed(@what, @err):
 * for a helper's unshare/mount a container's filter may refuse (systemd-nspawn
 * --system-call-filter=~unshare). Returns PROBE_SKIP or PROBE_ERROR.
 */
int probe_refused(const char *what, int err);
/* True when probe_absent() would skip for this answer. */
bool probe_is_absent(enum nsb_iface kind, int err);
/*
 * An fd of the namespace /proc/<pid>/ns/<entry> ("net", "pid_for_children")
 * of the process behind @pidfd. PIDFD_GET_<ENTRY>_NAMESPACE first (6.11,
 * include/uapi/linux/pidfd.h); where the kernel has no such ioctl (ENOTTY,
 * nsb_errno_is_absent), the same namespace through /proc, which observes the
 * same thing: the pid as the /proc mounted here numbers it (the pidfd's
 * fdinfo "Pid:" line, translated into that /proc's pid ns, kernel/pid.c
 * pidfd_show_fdinfo), then /proc/<that pid>/ns/<entry>, and the fdinfo read
 * again to be sure the process did not go meanwhile. Both need ptrace read
 * access to the process. *via (may be NULL) becomes "pidfd" or "proc".
 * Returns the fd (O_CLOEXEC) or -errno (ESRCH: not visible in this /proc or
 * gone; ENOENT: no such entry).
 */
int probe_pidfd_ns(int pidfd, const char *entry, const char **via);

/*
 * Whether clone3(2) works here: a plain clone3 child that exits at once.
 * 0, or the errno of a refusal (nsb_clone3_refused: ENOSYS, or EPERM from a
 * seccomp filter, as container profiles answer it), or another errno.
 */
int probe_clone3_works(void);
/*
 * Whether threads can be made here: pthread_create(3) of one that returns at
 * once (glibc makes threads with clone3 and falls back to clone(2) only on
 * ENOSYS, so a filter's EPERM refuses every thread). 0 or the errno.
 */
int probe_threads_work(void);

/*
 * The one place a refusal by a seccomp filter is told from the kernel's
 * answer: when this process runs under a filter (Seccomp: 2 in
 * /proc/self/status) and @err is what filters answer (EPERM, ENOSYS,
 * EACCES), print skip "<call>: <ERR> under a seccomp filter ..." and return
 * PROBE_SKIP; otherwise return -1 and the caller goes on as without one
 * (its own kernel-interface skip or observation).
 */
int probe_skip_if_filtered(const char *call, int err);
/*
 * The one place a probe tells a missing capability from the kernel's answer:
 * when @err (sign ignored) is EPERM or EACCES and @cap (CAP_NET_ADMIN) is not
 * in this process's effective set (cap_get_proc(3)), print skip "<what>:
 * EPERM: this process lacks CAP_NET_ADMIN (not in its effective set: dropped
 * where nsbench was started)" and return PROBE_SKIP; otherwise -1. Call it
 * before probe_skip_if_filtered(): under systemd-nspawn a process runs under
 * a filter *and* without CAP_NET_ADMIN, and the EPERM is the capability's.
 */
int probe_skip_if_lacks_cap(const char *what, int err, int cap);
/* Logs "probe: msg: strerror" on stderr and returns PROBE_ERROR. */
int probe_error(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Flush stdout; a failed write is an error, not a pass. */
int probe_done(void);

/*
 * Run fn(arg) in a forked child (fork(2), stdout flushed first so nothing is
 * printed twice) and wait for it. Returns its exit status, or -1 when fork or
 * waitpid failed or the child did not exit normally.
 */
int probe_in_child(int (*fn)(void *), void *arg);
/* A helper child started by probe_kid_start(). */
struct probe_kid {
	pid_t pid;
	void *stack;	/* its mapping (guard page included); NULL: a fork-style child */
};
/*
 * A helper child of the probe's own (a process in a new user ns, say):
 * clone(2) with @flags (CLONE_NEW* but CLONE_NEWTIME, whose bit is CSIGNAL's;
 * never CLONE_THREAD or CLONE_SETTLS; SIGCHLD is added) running fn(arg).
 * Where it may, the child shares our memory on a stack of its own (128 KiB
 * under a PROT_NONE guard page) until it execs or exits: CLONE_VM,
 * posix_spawn(3)'s way, so no copy of our page tables is made and torn down
 * (issue 15). So the caller and the child must take turns with stdio, the
 * heap and errno (handshakes over pipes, stdout flushed before each), fn
 * must end in execve(2) or _exit(2), must not read a frame of the caller's
 * that the caller may have left, and must not use what relies on a thread's
 * own id (raise(3), abort(3), pthread_kill(3): the child shares our thread
 * pointer). A fork-style child (a copy of our memory; fork(2) when @flags
 * is 0) instead: where the kernel or a seccomp filter refuses CLONE_VM
 * (nsb_clone3_vm_refused(): EINVAL, EPERM, ENOSYS) or no stack can be
 * mapped, under AddressSanitizer (it cannot follow a second task on our
 * memory), and for a new user ns whose owner could ptrace the child into
 * our memory: a user other than root holding capabilities
 * (nsb_vm_share_with_userns_ok()). Stdout is flushed first. Returns 0 with
 * k->pid set, or -errno of clone(2) (fork(2)).
 */
int probe_kid_start(struct probe_kid *k, unsigned long flags, int (*fn)(void *), void *arg);
/*
 * waitpid(2) for k's child until it is gone (*status may be NULL), then its
 * stack is unmapped. 0, or -errno of waitpid(2) (ECHILD where SIGCHLD is
 * ignored: the child is gone all the same).
 */
int probe_kid_wait(struct probe_kid *k, int *status);

/*
 * Tell the harness a checkpoint was reached ("sync=<name>") and block until it
 * has looked at the parent side (it closes our stdin). Returns 0 or -errno.
 */
int probe_sync(const char *name);

/*
 * unshare(CLONE_NEWUSER | more), then map our euid/egid to 0 with setgroups
 * denied first, as an unprivileged writer must (nsb_map_root(),
 * user_namespaces(7)). Returns 0 or -errno; errno is set too.
 */
int probe_enter_userns(int more);
/*
 * Whether a user ns can be created here at all (user.max_user_namespaces,
 * an LSM or seccomp may forbid it), tried in a child: 0 or the errno.
 */
int probe_userns_allowed(void);
/*
 * Write to fd our pid as /proc names it: with a new pid ns but the lab's
 * /proc (pid without mnt), getpid() is not the number under /proc.
 * Returns 0 or -errno.
 */
int probe_tell_proc_pid(int fd);

#endif
