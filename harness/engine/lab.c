/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lab.c - build the lab's namespaces and run its init. See lab.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/securebits.h>

#include "common/clone.h"
#include "common/combo.h"
#include "common/procfs.h"
#include "common/util.h"
#include "common/log.h"
#include "lab.h"

#define LAB_HOSTNAME "nsbench-lab"
#define LAB_STOP_GRACE_MS 10000

static int fail(struct nsb_lab *lab, enum nsb_step step, unsigned types, int err)
{
	lab->setup = (struct nsb_setup_err){ .step = step, .types = types, .err = err };
	nsb_setup_err_format(&lab->setup, lab->reason, sizeof(lab->reason));
	return -err;
}

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * unshare(2), waiting out ENOSPC: namespaces are freed asynchronously
 * (the kernel drops a ucount only after the last reference goes, often in
 * an RCU callback), so right after other runs a limit of
 * user.max_*_namespaces may still count namespaces that are gone. Retries
 * with a doubling pause within NSB_LAB_ENOSPC_WAIT_MS in all (shared
 * through lab->enospc_wait_ms); a persisting ENOSPC is returned. -errno or 0.
 */
static int unshare_waiting(struct nsb_lab *lab, int flags)
{
	long long pause = 5;

	for (;;) {
		long long t0;

		if (unshare(flags) == 0)
			return 0;
		if (errno != ENOSPC || lab->enospc_wait_ms >= NSB_LAB_ENOSPC_WAIT_MS)
			return -errno;
		t0 = mono_ms();
		if (pause > NSB_LAB_ENOSPC_WAIT_MS - lab->enospc_wait_ms)
			pause = NSB_LAB_ENOSPC_WAIT_MS - lab->enospc_wait_ms;
		(void)nanosleep(&(struct timespec){ pause / 1000, (pause % 1000) * 1000000 }, NULL);
		lab->enospc_wait_ms += mono_ms() - t0 + (mono_ms() == t0);
		lab->enospc_retries++;
		pause *= 2;
	}
}

/* The lab's namespace types besides user, in the order they are tried one by one. */
#define LAB_TYPES (NSB_MASK(NSB_NS_PID) | NSB_MASK(NSB_NS_UTS) | NSB_MASK(NSB_NS_IPC) | \
		   NSB_MASK(NSB_NS_MNT) | NSB_MASK(NSB_NS_NET) | NSB_MASK(NSB_NS_CGROUP))

/* Can a child be cloned (clone3, else clone(2)) into @types from here? 0 or -errno. */
static int clone_works(unsigned types)
{
	bool used_clone = false;
	pid_t pid = nsb_clone_fork(nsb_combo_clone_flags(types), NULL, &used_clone);

	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return (int)pid;
	(void)waitpid(pid, NULL, 0);
	return 0;
}

/*
 * Make the lab's namespaces in the calling process, as lab->privileged
 * says (a user ns first, or not): all at once, else type by type; what
 * unshare refuses may still come with the init's clone3/clone(2)
 * (lab->by_clone, tried here in a throwaway child); the rest is missing.
 * Returns 0, or -errno when not even the user ns could be made.
 */
static int make_namespaces(struct nsb_lab *lab)
{
	enum nsb_step step;
	unsigned rest;
	int r;

	lab->types = lab->missing = lab->by_clone = 0;
	if (!lab->privileged) {
		if ((r = unshare_waiting(lab, CLONE_NEWUSER)) < 0)
			return fail(lab, NSB_STEP_UNSHARE, NSB_MASK(NSB_NS_USER), -r);
		/* An unprivileged process may map its own ids, gid only after setgroups=deny (user_namespaces(7)). */
		if ((r = nsb_map_root(0, lab->outer_uid, lab->outer_gid, NSB_SETGROUPS_DENY, &step)) < 0)
			return fail(lab, step, NSB_MASK(NSB_NS_USER), -r);
		lab->types |= NSB_MASK(NSB_NS_USER);
	}
	if (unshare_waiting(lab, (int)nsb_combo_clone_flags(LAB_TYPES)) == 0) {
		lab->types |= LAB_TYPES;
		return 0;
	}
	NSB_FOREACH_NS(t) {
		if (!(LAB_TYPES & NSB_MASK(t)))
			continue;
		if ((r = unshare_waiting(lab, (int)nsb_nstypes[t].clone_flag)) == 0) {
			lab->types |= NSB_MASK(t);
			continue;
		}
		lab->missing |= NSB_MASK(t);
		lab->miss[t] = (struct nsb_setup_err){ NSB_STEP_UNSHARE, NSB_MASK(t), -r };
	}
	/* What unshare refused, clone3 (or clone(2)) may grant: a filter on unshare alone. */
	if (!(rest = lab->missing))
		return 0;
	if (clone_works(rest) == 0) {
		lab->by_clone = rest;
	} else {
		NSB_FOREACH_NS(t)
			if ((rest & NSB_MASK(t)) && clone_works(NSB_MASK(t)) == 0)
				lab->by_clone |= NSB_MASK(t);
	}
	lab->types |= lab->by_clone;
	lab->missing &= ~lab->by_clone;
	return 0;
}

/* Does the kernel treat us as root at exec (either uid 0, SECBIT_NOROOT clear)? */
static bool exec_as_root(void)
{
	return (getuid() == 0 || geteuid() == 0) && !(cap_get_secbits() & SECBIT_NOROOT);
}

/*
 * Would an exec drop capabilities this process holds (capabilities(7):
 * neither uid 0 with SECBIT_NOROOT clear, and a permitted set that is not
 * all ambient)? False where libcap cannot tell.
 */
static bool exec_drops_caps(void)
{
	cap_t c;
	bool drops = false;

	if (exec_as_root() || !(c = cap_get_proc()))
		return false;
	for (cap_value_t v = 0; !drops && v < (cap_value_t)cap_max_bits(); v++) {
		cap_flag_value_t p = CAP_CLEAR;

		drops = cap_get_flag(c, v, CAP_PERMITTED, &p) == 0 && p == CAP_SET && cap_get_ambient(v) != 1;
	}
	cap_free(c);
	return drops;
}

/* A trial in a throwaway child: make_namespaces() as @privileged says; *out is what it got. */
static void trial(struct nsb_lab *out, bool privileged)
{
	int p[2];
	pid_t pid;

	out->privileged = privileged;
	if (pipe2(p, O_CLOEXEC) < 0) {
		(void)fail(out, NSB_STEP_PIPE, 0, errno);
		return;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		(void)fail(out, NSB_STEP_FORK, 0, errno);
		close(p[0]);
		close(p[1]);
		return;
	}
	if (pid == 0) {
		close(p[0]);
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
		(void)make_namespaces(out);
		(void)!write(p[1], out, sizeof(*out));
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], out, sizeof(*out)) != (ssize_t)sizeof(*out))
		(void)fail(out, NSB_STEP_TRIAL_DIED, 0, EPROTO);
	close(p[0]);
	(void)waitpid(pid, NULL, 0);
}

static int popcount(unsigned m)
{
	return __builtin_popcount(m);
}

char *nsb_lab_missing_text(const struct nsb_lab *lab, unsigned mask, char *buf, size_t len)
{
	size_t off = 0;
	char step[512];

	buf[0] = '\0';
	NSB_FOREACH_NS(t) {
		if (!(mask & lab->missing & NSB_MASK(t)) || off + 1 >= len)
			continue;
		off += (size_t)snprintf(buf + off, len - off, "%sthe lab has no %s namespace (%s%s)",
					off ? "; " : "", nsb_nstypes[t].name,
					nsb_setup_err_format(&lab->miss[t], step, sizeof(step)),
					lab->miss[t].err == ENOSPC && lab->enospc_retries ?
					", still after waiting it out" : "");
	}
	return buf;
}

int nsb_lab_enter(struct nsb_lab *lab, enum nsb_lab_caps caps)
{
	struct nsb_lab direct, userns;
	struct nsb_lab *pick;
	int r;

	memset(lab, 0, sizeof(*lab));
	lab->outer_uid = geteuid();
	lab->outer_gid = getegid();
	if (caps == NSB_LAB_CAPS_GIVE_UP && exec_drops_caps()) {
		/*
		 * Every exec would drop them, and each probe run without what
		 * the rules expect it to hold. Kept for the programs instead
		 * (the ambient set), they would reach the user through every
		 * process of ours in a user ns that user owns (ptrace(2)): a
		 * child sharing our memory, a worker's shared region. So all
		 * are given up, and the process is dumpable again as any of
		 * that user's (prctl(2) PR_SET_DUMPABLE: an exec with file
		 * capabilities cleared it, and /proc/self/uid_map would stay
		 * root's): the lab is made in a user ns of our own, as that
		 * user's would be.
		 */
		cap_t none = cap_init();

		if (!none || cap_set_proc(none) < 0 || prctl(PR_SET_DUMPABLE, 1) < 0) {
			int err = errno;

			cap_free(none);
			return fail(lab, NSB_STEP_DROP_PRIVS, 0, err);
		}
		cap_free(none);
		log_warning("the capabilities given to this nsbench by its file are given up (uid %u): its "
			    "probes would lose them at every exec, and kept for them they would be within this "
			    "user's reach; the lab is made in a user namespace, as this user's", (unsigned)getuid());
	}
	/*
	 * By capabilities, not by the uid: try the lab directly (root with
	 * CAP_SYS_ADMIN); without a full lab that way, inside a user ns of our
	 * own (root without CAP_SYS_ADMIN in a pod or nspawn, any other user).
	 * Take whichever makes more of it, direct on a tie.
	 */
	direct = *lab;
	trial(&direct, true);
	pick = &direct;
	if (direct.missing || direct.setup.step) {
		userns = *lab;
		trial(&userns, false);
		if (!userns.setup.step &&
		    (direct.setup.step || popcount(userns.types & LAB_TYPES) > popcount(direct.types & LAB_TYPES)))
			pick = &userns;
	}
	/* Nothing at all either way: the direct refusal, unless it is only "no privilege". */
	if (!(pick->types & LAB_TYPES)) {
		const struct nsb_setup_err *e = userns.setup.step ? &userns.setup : &direct.setup;

		if (!userns.setup.step) {
			NSB_FOREACH_NS(t)
				if (userns.missing & NSB_MASK(t)) {
					e = &userns.miss[t];
					break;
				}
			NSB_FOREACH_NS(t)
				if ((direct.missing & NSB_MASK(t)) && direct.miss[t].err != EPERM) {
					e = &direct.miss[t];
					break;
				}
		}
		lab->enospc_retries = direct.enospc_retries + userns.enospc_retries;
		lab->enospc_wait_ms = direct.enospc_wait_ms + userns.enospc_wait_ms;
		r = fail(lab, e->step, e->types ? e->types : LAB_TYPES, e->err);
		if (e->err == ENOSPC && lab->enospc_retries)
			snprintf(lab->reason + strlen(lab->reason), sizeof(lab->reason) - strlen(lab->reason),
				 " (still after %d retries over %lld ms: not namespaces being freed)",
				 lab->enospc_retries, lab->enospc_wait_ms);
		return r;
	}
	/* Now for real, the same way; what the trial could make, this makes too (or says why not). */
	lab->privileged = pick->privileged;
	if ((r = make_namespaces(lab)) < 0)
		return r;
	lab->ok = true;
	return 0;
}

/*
 * The init's own setup, in the namespaces it lives in: mounts made private
 * and a fresh /proc only when the lab has its own mount ns (never the
 * machine's mounts), a hostname only in the lab's own uts ns.
 */
static int lab_setup_init(struct nsb_lab *lab)
{
	unsigned t = lab->types;

	/*
	 * The new mount namespace is a copy whose mounts may be shared with the
	 * machine's: make them private first, or the lab's mounts would propagate
	 * out (mount_namespaces(7)).
	 */
	if ((t & NSB_MASK(NSB_NS_MNT)) && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return fail(lab, NSB_STEP_MAKE_PRIVATE, 0, errno);
	/* A /proc of the lab's own pid namespace: /proc/<pid> must name lab processes. */
	if ((t & NSB_MASK(NSB_NS_MNT)) && (t & NSB_MASK(NSB_NS_PID)) &&
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return fail(lab, NSB_STEP_MOUNT_PROC, NSB_MASK(NSB_NS_PID), errno);
	if ((t & NSB_MASK(NSB_NS_UTS)) && sethostname(LAB_HOSTNAME, strlen(LAB_HOSTNAME)) < 0)
		return fail(lab, NSB_STEP_SETHOSTNAME, NSB_MASK(NSB_NS_UTS), errno);
	/* Without a pid ns of its own the init is no PID 1: orphans must still come to it. */
	if (!(t & NSB_MASK(NSB_NS_PID)))
		(void)prctl(PR_SET_CHILD_SUBREAPER, 1);
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* After PR_SET_PDEATHSIG: if the parent already died, its end of the pipe is closed. */
static void die_with_parent(int alive_fd)
{
	char c;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || read(alive_fd, &c, 1) != 1)
		_exit(2);
	close(alive_fd);
}

/*
 * fork() a child that dies with us (in new namespaces of @clone_types, if
 * any); the child runs fn(arg) and exits with its value. Returns the
 * child's pid and pidfd, or -errno.
 */
static pid_t fork_tied(int (*fn)(void *), void *arg, unsigned clone_types, int *ret_alive_w,
		       int *ret_pidfd)
{
	bool used_clone = false;
	int alive[2];
	pid_t pid;

	if (pipe2(alive, O_CLOEXEC) < 0)
		return -errno;
	fflush(NULL);
	/* New namespaces for the child only where unshare was refused (clone3, else clone(2)). */
	pid = clone_types ? nsb_clone_fork(nsb_combo_clone_flags(clone_types), NULL, &used_clone) : fork();
	if (pid < 0) {
		int r = clone_types ? (int)pid : -errno;

		close(alive[0]);
		close(alive[1]);
		return r;
	}
	if (pid == 0) {
		close(alive[1]);
		die_with_parent(alive[0]);
		int r = fn(arg);
		fflush(NULL);
		_exit(r);
	}
	close(alive[0]);
	/* One byte says "alive"; our end stays open until we exit, however we exit. */
	(void)!write(alive[1], "a", 1);
	*ret_alive_w = alive[1];
	*ret_pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (*ret_pidfd < 0) {
		int r = -errno;

		kill(pid, SIGKILL);
		(void)waitpid(pid, NULL, 0);
		close(alive[1]);
		return r;
	}
	return pid;
}

/*
 * Wait for pid, forwarding SIGINT/SIGTERM/SIGHUP (counted in *signals) as
 * SIGTERM. A terminal's Ctrl-C reaches every process of the foreground
 * group at once, and the supervisor forwards it too: signals within a second
 * of the first are that same request. A later one (the user insisting), or
 * the grace time running out, means SIGKILL. Returns the exit status
 * (128 + signal if killed) or -errno.
 */
static int wait_forwarding(pid_t pid, int pidfd, volatile sig_atomic_t *signals)
{
	int seen = 0;
	long long first = -1, kill_at = -1;
	siginfo_t si;

	for (;;) {
		struct pollfd p = { pidfd, POLLIN, 0 };
		long long now = now_ms();
		int tmo = kill_at < 0 ? -1 : (int)(kill_at - now);

		if (*signals > seen) {
			seen = *signals;
			if (first < 0) {
				kill(pid, SIGTERM);
				first = now;
				kill_at = now + LAB_STOP_GRACE_MS;
			} else if (now - first >= 1000) {
				kill(pid, SIGKILL);
			}
			continue;
		}
		if (kill_at >= 0 && tmo <= 0) {
			kill(pid, SIGKILL);
			kill_at = now + 60000;
			continue;
		}
		if (poll(&p, 1, tmo < 0 ? -1 : tmo) > 0)
			break;
	}
	if (waitid(P_PID, (id_t)pid, &si, WEXITED) < 0)
		return -errno;
	close(pidfd);
	return si.si_code == CLD_EXITED ? si.si_status : 128 + si.si_status;
}

struct lab_args {
	struct nsb_lab *lab;
	int (*fn)(void *);
	void *arg;
	int status_w;
	volatile sig_atomic_t *signals;
	enum nsb_lab_caps caps;
};

/* PID 1 of the lab's pid namespace: finishes the lab, tells the supervisor, runs fn. */
static int lab_init(void *p)
{
	struct lab_args *a = p;
	int r = lab_setup_init(a->lab);

	if (r < 0)
		a->lab->ok = false;
	(void)!write(a->status_w, a->lab, sizeof(*a->lab));
	close(a->status_w);
	if (r < 0) {
		log_error("cannot set up the lab: %s", a->lab->reason);
		return 2;
	}
	return a->fn(a->arg);
}

/*
 * The lab's outer process: it unshares the lab's namespaces (so the
 * supervisor itself never leaves the machine's), forks the init (the one
 * that tells the supervisor how the lab went; the outer tells it only when
 * it fails first) and relays its exit status.
 */
static int lab_outer(void *p)
{
	struct lab_args *a = p;
	int r = nsb_lab_enter(a->lab, a->caps), alive_w, pidfd;
	pid_t pid = -1;

	if (r == 0) {
		pid = fork_tied(lab_init, a, a->lab->by_clone, &alive_w, &pidfd);
		if (pid < 0) {
			a->lab->ok = false;
			(void)fail(a->lab, a->lab->by_clone ? NSB_STEP_CLONE3 : NSB_STEP_FORK,
				   a->lab->by_clone, (int)-pid);
		}
	}
	if (pid < 0)
		(void)!write(a->status_w, a->lab, sizeof(*a->lab));
	close(a->status_w);
	if (pid < 0)
		return r < 0 ? 0 : 2;
	return wait_forwarding(pid, pidfd, a->signals);
}

int nsb_lab_run(struct nsb_lab *lab, enum nsb_lab_caps caps, int (*fn)(void *), void *arg,
		volatile sig_atomic_t *signals)
{
	struct lab_args a = { lab, fn, arg, -EBADF, signals, caps };
	int st[2], alive_w, pidfd, r;
	pid_t pid;
	ssize_t n;

	if (pipe2(st, O_CLOEXEC) < 0)
		return -errno;
	a.status_w = st[1];
	pid = fork_tied(lab_outer, &a, 0, &alive_w, &pidfd);
	close(st[1]);
	if (pid < 0) {
		close(st[0]);
		return pid;
	}
	n = read(st[0], lab, sizeof(*lab));
	close(st[0]);
	if (n != sizeof(*lab)) {
		memset(lab, 0, sizeof(*lab));
		snprintf(lab->reason, sizeof(lab->reason), "the lab process died while starting");
	}
	/* A given-up lab is dumpable, so its user could write this: never read past the text. */
	lab->reason[sizeof(lab->reason) - 1] = '\0';
	r = wait_forwarding(pid, pidfd, signals);
	close(alive_w);
	if (!lab->ok)
		return NSB_LAB_UNAVAILABLE;
	return r;
}
