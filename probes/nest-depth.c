/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nest-depth - "matryoshka": how deep pid and user namespaces nest below
 * this probe, where this probe stands, and who owns what a nested user ns
 * creates.
 *
 * stdout:
 *   pid.level           the level of this probe's pid ns (0 = initial): the
 *                       smallest set_tid_size clone3() refuses with EINVAL,
 *                       minus 2 (alloc_pid() allows level + 1 entries and
 *                       checks that before anything else)
 *   pid.depth, pid.limit    how many pid ns nest below this one (a chain of
 *                       clone3(CLONE_NEWPID) children) and the errno that stops it
 *   user.depth, user.limit  how many user ns nest below (unshare(CLONE_NEWUSER)
 *                       repeated, mapping itself each time) and the errno that stops it
 *   owner.creator_uid   this probe's euid
 *   owner.uid           NS_GET_OWNER_UID of a child's new user ns
 *   owner.user_parent   inode of NS_GET_PARENT of that user ns; owner.self_user: ours
 *   owner.child_user    that user ns's inode
 *   owner.net, owner.pid, owner.uts   inodes of NS_GET_USERNS of the child's
 *                       net, pid and uts ns, created together with that user ns
 *                       (0 where an ioctl failed)
 * The child's namespaces come through PIDFD_GET_*_NAMESPACE, or /proc where
 * the kernel lacks those ioctls (6.11; probe_pidfd_ns). skip=... only when
 * clone3 itself is refused (set_tid has no older form).
 *
 * The user ns level cannot be seen from inside (NS_GET_PARENT stops at the
 * caller's own user ns with EPERM): the harness compares user.depth with the
 * test parent's instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "common/clone.h"
#include "common/errname.h"
#include "common/procfs.h"


#define SET_TID_MAX 33	/* copy_clone_args() refuses more than MAX_PID_NS_LEVEL (32) anyway */

/* The smallest refused set_tid_size (EINVAL), 0 none, or -errno when clone3 itself is refused. */
static int settid_first_einval(void)
{
	pid_t t[SET_TID_MAX];
	int refused = 0;

	for (int n = 1; n <= SET_TID_MAX; n++) {
		struct clone_args a = { .exit_signal = SIGCHLD, .set_tid = (uint64_t)(uintptr_t)t,
					.set_tid_size = (uint64_t)n };
		long pid;

		for (int i = 0; i < n; i++)
			t[i] = (pid_t)(310 + i);
		fflush(stdout);
		pid = syscall(SYS_clone3, &a, sizeof(a));
		if (pid == 0)
			_exit(0);
		if (pid > 0)
			(void)waitpid((pid_t)pid, NULL, 0);
		else if (errno == EINVAL)
			return n;
		/* EPERM at a small n may be no CAP over the pid ns; refused at every n: clone3 is. */
		if (pid < 0 && nsb_clone3_refused(errno) && refused >= 0)
			refused = errno;
		else
			refused = -1;
	}
	return refused > 0 ? -refused : 0;
}

struct chain_res {
	int depth;
	int err;
};

/* One link of the pid chain: make a child in a new pid ns, which goes on; report at the end. */
static void __attribute__((noreturn)) pid_link(int depth, int fd)
{
	bool used_clone = false;
	long pid = nsb_clone_fork(CLONE_NEWPID, NULL, &used_clone);	/* clone(2) where clone3 is refused */

	if (pid == 0)
		pid_link(depth + 1, fd);
	if (pid < 0) {
		struct chain_res r = { depth, (int)-pid };

		(void)!write(fd, &r, sizeof(r));
		_exit(0);
	}
	(void)waitpid((pid_t)pid, NULL, 0);
	_exit(0);
}

static int pid_chain(struct chain_res *r)
{
	int p[2];
	pid_t pid;
	ssize_t n;

	if (pipe(p) < 0)
		return -errno;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		pid_link(0, p[1]);
	}
	close(p[1]);
	n = pid < 0 ? -1 : read(p[0], r, sizeof(*r));
	close(p[0]);
	if (pid > 0)
		(void)waitpid(pid, NULL, 0);
	return n == sizeof(*r) ? 0 : -EPROTO;
}

/* In a child: unshare a user ns again and again; the kernel wants the euid mapped each time. */
static int user_chain(struct chain_res *r)
{
	int p[2];
	pid_t pid;
	ssize_t n;

	if (pipe(p) < 0)
		return -errno;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct chain_res c = { 0, 0 };

		for (;;) {
			uid_t uid = geteuid();
			gid_t gid = getegid();

			if (unshare(CLONE_NEWUSER) < 0) {
				c.err = errno;
				break;
			}
			c.depth++;
			if (nsb_map_root(0, uid, gid, NSB_SETGROUPS_DENY, NULL) < 0) {
				c.err = -1;
				break;
			}
		}
		(void)!write(p[1], &c, sizeof(c));
		_exit(0);
	}
	close(p[1]);
	n = pid < 0 ? -1 : read(p[0], r, sizeof(*r));
	close(p[0]);
	if (pid > 0)
		(void)waitpid(pid, NULL, 0);
	return n == sizeof(*r) && r->err > 0 ? 0 : -EPROTO;
}

static unsigned long long ino_fd(int fd)
{
	struct stat st;

	return fstat(fd, &st) < 0 ? 0 : (unsigned long long)st.st_ino;
}

static unsigned long long ino_path(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 ? 0 : (unsigned long long)st.st_ino;
}

/* inode of the ns fd ioctl(fd, req) returns, or 0 */
static unsigned long long ino_ioctl(int fd, unsigned long req)
{
	int r = ioctl(fd, req, 0);
	unsigned long long ino = 0;

	if (r >= 0) {
		ino = ino_fd(r);
		close(r);
	}
	return ino;
}

/*
 * An ns fd of the child through its pidfd (PIDFD_GET_*_NAMESPACE, or /proc
 * where the kernel lacks those: probe_pidfd_ns), looked at with @req.
 */
static unsigned long long pidfd_ns_ioctl(int pidfd, const char *entry, unsigned long req)
{
	int fd = probe_pidfd_ns(pidfd, entry, NULL);
	unsigned long long ino;

	if (fd < 0)
		return 0;
	ino = req ? ino_ioctl(fd, req) : ino_fd(fd);
	close(fd);
	return ino;
}

/*
 * A child creates user+net+pid+uts at once; we look at its namespaces from
 * outside, through a pidfd (a /proc/PID path would need our pid ns's /proc).
 */
static int ownership(void)
{
	static const struct {
		const char *key;
		const char *entry;
	} types[] = {
		{ "owner.net", "net" },
		{ "owner.pid", "pid" },
		{ "owner.uts", "uts" },
	};
	int pidfd = -1, hold[2], fd;
	bool used_clone = false;
	uid_t owner = (uid_t)-1;
	long pid;
	char c;

	if (pipe(hold) < 0)
		return probe_error(errno, "pipe");
	fflush(stdout);
	pid = nsb_clone_fork(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWUTS, &pidfd,
			     &used_clone);
	if (pid == 0) {
		close(hold[1]);
		(void)!read(hold[0], &c, 1);	/* until the parent has looked */
		_exit(0);
	}
	close(hold[0]);
	if (pid < 0)
		return probe_error((int)-pid, "clone3(CLONE_NEWUSER|CLONE_NEWNET|CLONE_NEWPID|CLONE_NEWUTS)");
	probe_put("owner.creator_uid", "%u", (unsigned)geteuid());
	/* PIDFD_GET_USER_NAMESPACE (6.11), else the child's /proc/<pid>/ns/user. */
	fd = probe_pidfd_ns(pidfd, "user", NULL);
	if (fd < 0) {
		close(hold[1]);
		(void)waitpid((pid_t)pid, NULL, 0);
		return probe_error(-fd, "the child's user ns");
	}
	if (ioctl(fd, NS_GET_OWNER_UID, &owner) < 0)
		owner = (uid_t)-1;
	probe_put("owner.uid", "%d", (int)owner);
	probe_put("owner.child_user", "%llu", ino_fd(fd));
	probe_put("owner.user_parent", "%llu", ino_ioctl(fd, NS_GET_PARENT));
	probe_put("owner.self_user", "%llu", ino_path("/proc/self/ns/user"));
	close(fd);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		probe_put(types[i].key, "%llu", pidfd_ns_ioctl(pidfd, types[i].entry, NS_GET_USERNS));
	close(hold[1]);
	(void)waitpid((pid_t)pid, NULL, 0);
	close(pidfd);
	return 0;
}

int main(void)
{
	struct chain_res r;
	int n;

	n = settid_first_einval();
	if (n < 0)	/* set_tid exists only in clone3: no older way to see the level */
		return probe_absent("clone3(set_tid)", NSB_IFACE_SYSCALL, -n);
	if (n == 0)
		return probe_error(0, "set_tid: no size refused with EINVAL");
	probe_put("pid.level", "%d", n - 2);
	if (pid_chain(&r) < 0)
		return probe_error(0, "the pid ns chain reported nothing");
	probe_put("pid.depth", "%d", r.depth);
	probe_put("pid.limit", "%s", nsb_errno_name(r.err));
	if (user_chain(&r) < 0)
		return probe_error(0, "the user ns chain broke");
	probe_put("user.depth", "%d", r.depth);
	probe_put("user.limit", "%s", nsb_errno_name(r.err));
	n = ownership();
	return n ? n : probe_done();
}
