/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsfs - what the nsfs ioctls, pidfd namespace ioctls and SIOCGSKNS report
 * about this process's own namespaces (ioctl_nsfs(2), pidfd_open(2),
 * socket(7)). argv[1] picks the mode; every value is either a number or the
 * errno name the kernel answered with.
 *
 * ioctls:
 *   ns.<t>, ns.pid_for_children, ns.time_for_children   /proc/self/ns inodes
 *   nstype.<t>        NS_GET_NSTYPE
 *   id.<t>            NS_GET_ID (has_ns_get_id=0|1 says whether it exists)
 *   owner.<t>         inode of NS_GET_USERNS, or the errno
 *   getparent.<t>     inode of NS_GET_PARENT, or the errno
 *   owner_uid.user    NS_GET_OWNER_UID on the user ns; owner_uid.uts on a uts ns
 *   netns_cookie      SO_NETNS_COOKIE; mntns_id NS_GET_MNTNS_ID
 *   enotty.nsfs       NS_GET_NSTYPE on /proc/self/stat; enotty.pidfd a pidfd
 *                     ioctl on an nsfs fd
 *   skns.own          inode of SIOCGSKNS on a socket made here, or the errno
 *   skns.enotty       SIOCGSKNS on a regular file
 *   cap_sys_admin     CAP_SYS_ADMIN in the effective set (0|1)
 *
 * pidfd-ns, handles, relations, mntns-walk and listns: see their functions below.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>

#include "probe.h"
#include "common/uapi.h"
#include "common/errname.h"
#include "common/nstypes.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))


static int open_ns(const char *entry)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/ns/%s", entry);
	return open(path, O_RDONLY | O_CLOEXEC);
}

static unsigned long long fd_ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) < 0 ? 0 : (unsigned long long)st.st_ino;
}

/* An ioctl that returns an fd: report the fd's inode or the errno. */
static void put_fd_result(const char *key, int fd)
{
	if (fd < 0) {
		probe_put(key, "%s", nsb_errno_name(errno));
		return;
	}
	probe_put(key, "%llu", fd_ino(fd));
	close(fd);
}

static int cap_sys_admin(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	return !!(d[CAP_SYS_ADMIN / 32].effective & (1u << (CAP_SYS_ADMIN % 32)));
}

static int ns_ioctls(const char *t, int fd, int *has_id)
{
	char key[64];
	uint64_t id = 0;
	int r;

	snprintf(key, sizeof(key), "ns.%s", t);
	probe_put(key, "%llu", fd_ino(fd));
	snprintf(key, sizeof(key), "nstype.%s", t);
	r = ioctl(fd, NS_GET_NSTYPE);
	if (r < 0)
		probe_put(key, "%s", nsb_errno_name(errno));
	else
		probe_put(key, "%d", r);
	snprintf(key, sizeof(key), "id.%s", t);
	if (ioctl(fd, NS_GET_ID, &id) < 0) {
		if (errno == ENOTTY)
			*has_id = 0;
		probe_put(key, "%s", nsb_errno_name(errno));
	} else {
		probe_put(key, "%llu", (unsigned long long)id);
	}
	snprintf(key, sizeof(key), "owner.%s", t);
	put_fd_result(key, ioctl(fd, NS_GET_USERNS));
	snprintf(key, sizeof(key), "getparent.%s", t);
	put_fd_result(key, ioctl(fd, NS_GET_PARENT));
	return 0;
}

static void put_owner_uid(const char *key, const char *entry)
{
	int fd = open_ns(entry);
	uid_t uid = (uid_t)-1;

	if (fd < 0 || ioctl(fd, NS_GET_OWNER_UID, &uid) < 0)
		probe_put(key, "%s", nsb_errno_name(errno));
	else
		probe_put(key, "%u", (unsigned)uid);
	if (fd >= 0)
		close(fd);
}

static void put_cookies(void)
{
	uint64_t cookie = 0, mntid = 0;
	socklen_t len = sizeof(cookie);
	int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int fd = open_ns("mnt");

	if (s < 0 || getsockopt(s, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) < 0)
		probe_put("netns_cookie", "%s", nsb_errno_name(errno));
	else
		probe_put("netns_cookie", "%llu", (unsigned long long)cookie);
	if (fd < 0 || ioctl(fd, NS_GET_MNTNS_ID, &mntid) < 0)
		probe_put("mntns_id", "%s", nsb_errno_name(errno));
	else
		probe_put("mntns_id", "%llu", (unsigned long long)mntid);
	/* SIOCGSKNS needs CAP_NET_ADMIN over the socket's netns (socket(7)). */
	put_fd_result("skns.own", s < 0 ? -1 : ioctl(s, SIOCGSKNS));
	if (s >= 0)
		close(s);
	if (fd >= 0)
		close(fd);
}

static int put_enotty(void)
{
	int f = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	int n = open_ns("net");

	if (f < 0 || n < 0)
		return probe_error(errno, "open /proc/self/stat or ns/net");
	probe_put("enotty.nsfs", "%s", nsb_errno_name(ioctl(f, NS_GET_NSTYPE) < 0 ? errno : 0));
	put_fd_result("enotty.pidfd", ioctl(n, NSB_PIDFD_GET_NS(4), 0));
	put_fd_result("skns.enotty", ioctl(f, SIOCGSKNS));
	close(f);
	close(n);
	return 0;
}

static int put_pidfd_namespaces(void)
{
	int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	char key[64];
	const char *e;

	if (pidfd < 0)
		return probe_error(errno, "pidfd_open");
	for (unsigned nr = 1; (e = nsb_pidfd_entry(nr)); nr++) {
		snprintf(key, sizeof(key), "pidfd.%s", e);
		put_fd_result(key, ioctl(pidfd, NSB_PIDFD_GET_NS(nr), 0));
	}
	close(pidfd);
	return 0;
}

static int mode_ioctls(void)
{
	int has_id = 1;
	int fd;

	NSB_FOREACH_NS(t) {
		fd = open_ns(nsb_nstypes[t].name);
		if (fd < 0)
			return probe_error(errno, "open /proc/self/ns/%s", nsb_nstypes[t].name);
		ns_ioctls(nsb_nstypes[t].name, fd, &has_id);
		close(fd);
	}
	fd = open_ns("pid_for_children");
	probe_put("ns.pid_for_children", "%llu", fd < 0 ? 0 : fd_ino(fd));
	if (fd >= 0)
		close(fd);
	fd = open_ns("time_for_children");
	probe_put("ns.time_for_children", "%llu", fd < 0 ? 0 : fd_ino(fd));
	if (fd >= 0)
		close(fd);
	probe_put("has_ns_get_id", "%d", has_id);
	put_owner_uid("owner_uid.user", "user");
	put_owner_uid("owner_uid.uts", "uts");
	put_cookies();
	if (put_enotty())
		return PROBE_ERROR;
	probe_put("cap_sys_admin", "%d", cap_sys_admin());
	return probe_done();
}

/*
 * pidfd-ns: ns.<entry> (/proc/self/ns) and pidfd.<entry>
 * (PIDFD_GET_<ENTRY>_NAMESPACE on our own pidfd, 6.11) for every entry,
 * the inode or the errno (ENOTTY: no such ioctl here; the rule skips).
 */
static int mode_pidfd_ns(void)
{
	const char *e;
	char key[64];

	for (unsigned nr = 1; (e = nsb_pidfd_entry(nr)); nr++) {
		int fd = open_ns(e);

		snprintf(key, sizeof(key), "ns.%s", e);
		probe_put(key, "%llu", fd < 0 ? 0 : fd_ino(fd));
		if (fd >= 0)
			close(fd);
	}
	if (put_pidfd_namespaces())
		return PROBE_ERROR;
	return probe_done();
}

/* ---- helpers for the modes that make their own namespaces ---- */

/*
 * A helper child that runs @fn and then waits until we are done with it
 * (its death signal follows ours). Returns its pid; the result of @fn comes
 * back as one byte on the returned pipe.
 */
static pid_t helper(int (*fn)(void *), void *arg, int *ret_status_fd)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		char r;

		close(p[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		r = (char)fn(arg);
		if (write(p[1], &r, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(p[1]);
	*ret_status_fd = p[0];
	return pid;
}

static int helper_wait(int status_fd)
{
	char r = -1;

	if (read(status_fd, &r, 1) != 1)
		r = -1;
	close(status_fd);
	return r;
}

static void helper_end(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/*
 * Another process's namespace through its pidfd (probe_pidfd_ns():
 * PIDFD_GET_*_NAMESPACE, or /proc/<pid as our /proc numbers it>/ns where
 * the kernel lacks that ioctl): works whatever pid ns our /proc belongs to.
 * Returns the fd, or -1 with errno set.
 */
static int open_pid_ns(pid_t pid, const char *entry)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0), fd;

	if (pidfd < 0)
		return -1;
	fd = probe_pidfd_ns(pidfd, entry, NULL);
	close(pidfd);
	if (fd < 0) {
		errno = -fd;
		return -1;
	}
	return fd;
}

/* ---- handles: nsfs file handles (name_to_handle_at(2), 6.18+) ---- */

struct fh {
	struct file_handle h;
	unsigned char buf[MAX_HANDLE_SZ];
};

static int get_handle(int nsfd, struct fh *fh)
{
	int mnt_id;

	fh->h.handle_bytes = MAX_HANDLE_SZ;
	return name_to_handle_at(nsfd, "", &fh->h, &mnt_id, AT_EMPTY_PATH) < 0 ? -errno : 0;
}

static const char *reopen(struct fh *fh, int flags, unsigned long long want_ino)
{
	int fd = open_by_handle_at(NSB_FD_NSFS_ROOT, &fh->h, flags);
	unsigned long long ino;

	if (fd < 0)
		return nsb_errno_name(errno);
	ino = fd_ino(fd);
	close(fd);
	return ino == want_ino ? "ok" : "other-ns";
}

static int new_netns(void *arg)
{
	(void)arg;
	return probe_enter_userns(CLONE_NEWNET) < 0 ? 1 : 0;
}

/*
 * The handle of a netns owned by a new user ns of our own child: we may
 * open it (we own its user ns), a process in a sibling user ns may not.
 */
static void handle_of_other(void)
{
	struct fh fh;
	int sfd, nfd;
	pid_t pid = helper(new_netns, NULL, &sfd), sib;

	if (pid < 0 || helper_wait(sfd) != 0 || (nfd = open_pid_ns(pid, "net")) < 0 ||
	    get_handle(nfd, &fh) < 0) {
		probe_put("fh.child", "setup-%s", nsb_errno_name(errno));
		probe_put("fh.sibling", "setup");
		if (pid > 0)
			helper_end(pid);
		return;
	}
	probe_put("fh.child", "%s", reopen(&fh, O_RDONLY, fd_ino(nfd)));
	fflush(stdout);
	sib = fork();
	if (sib == 0) {
		int r = probe_enter_userns(0);

		probe_put("fh.sibling", "%s", r < 0 ? "setup" : reopen(&fh, O_RDONLY, fd_ino(nfd)));
		fflush(stdout);
		_exit(0);
	}
	waitpid(sib, NULL, 0);
	close(nfd);
	helper_end(pid);
}

static void handle_errors(int nsfd, struct fh *good)
{
	unsigned long long ino = fd_ino(nsfd);
	struct fh fh = *good;
	struct nsb_nsfs_handle *nh = (void *)fh.h.f_handle;
	int fd;

	probe_put("fh.err.wronly", "%s", reopen(&fh, O_WRONLY, ino));
	probe_put("fh.err.directory", "%s", reopen(&fh, O_RDONLY | O_DIRECTORY, ino));
	nh->ns_type = CLONE_NEWNS == (int)nh->ns_type ? CLONE_NEWUTS : CLONE_NEWNS;
	probe_put("fh.err.bad_type", "%s", reopen(&fh, O_RDONLY, ino));
	fh = *good;
	fh.h.handle_bytes = 0;
	probe_put("fh.err.zero_bytes", "%s", reopen(&fh, O_RDONLY, ino));
	fd = open_by_handle_at(-10042, &good->h, O_RDONLY);
	probe_put("fh.err.bad_dirfd", "%s", nsb_errno_name(fd < 0 ? errno : 0));
	if (fd >= 0)
		close(fd);
}

/* The handle of our own user ns, seen from a child user ns: ESTALE. */
static void handle_from_child_userns(struct fh *own_user, unsigned long long ino)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int r = probe_enter_userns(0);

		probe_put("fh.own_user_from_child", "%s", r < 0 ? "setup" : reopen(own_user, O_RDONLY, ino));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

/*
 * handles:
 *   fh.type.<t>=<handle_type>  fh.nstype.<t>  fh.id.<t>  fh.inum.<t>  ns.<t>  id.<t>
 *   fh.reopen.<t>=ok|other-ns|<errno>   open_by_handle_at(FD_NSFS_ROOT) of our own ns
 *   fh.own_user_from_child   our user ns's handle opened from a child user ns
 *   fh.child, fh.sibling     a child's netns opened by us / by a sibling user ns
 *   fh.err.{wronly,directory,bad_type,zero_bytes,bad_dirfd}
 */
static int mode_handles(void)
{
	struct fh user_fh;
	unsigned long long user_ino = 0;
	int err = probe_userns_allowed();

	if (err)
		return probe_skip("unshare(CLONE_NEWUSER): %s", nsb_errno_name(err));
	/* A bad fd: EBADF where the call is let through; a filter (nspawn's) answers EPERM first. */
	if (open_by_handle_at(-1, &(struct file_handle){ .handle_bytes = 0 }, O_RDONLY) < 0 && (err = probe_skip_if_filtered("open_by_handle_at", errno)) >= 0)
		return err;

	NSB_FOREACH_NS(t) {
		const char *name = nsb_nstypes[t].name;
		int fd = open_ns(name);
		struct fh fh;
		struct nsb_nsfs_handle *nh = (void *)fh.h.f_handle;
		uint64_t id = 0;
		char key[64];
		int r;

		if (fd < 0)
			return probe_error(errno, "open ns %s", name);
		r = get_handle(fd, &fh);
		if (r == -EOPNOTSUPP || nsb_errno_is_filtered(r)) {	/* nsfs handles: 6.18 */
			close(fd);
			return probe_absent("name_to_handle_at(nsfs)", NSB_IFACE_FEATURE, r);
		}
		if (r < 0) {
			close(fd);
			return probe_error(-r, "name_to_handle_at(%s)", name);
		}
		/* Handles encode the id (6.18 both): a kernel with handles has NS_GET_ID. */
		if (ioctl(fd, NS_GET_ID, &id) < 0) {
			int e = errno;

			close(fd);
			return probe_absent("NS_GET_ID", NSB_IFACE_IOCTL, e);
		}
		snprintf(key, sizeof(key), "ns.%s", name);
		probe_put(key, "%llu", fd_ino(fd));
		snprintf(key, sizeof(key), "id.%s", name);
		probe_put(key, "%llu", (unsigned long long)id);
		snprintf(key, sizeof(key), "fh.type.%s", name);
		probe_put(key, "%d", fh.h.handle_type);
		snprintf(key, sizeof(key), "fh.nstype.%s", name);
		probe_put(key, "%u", nh->ns_type);
		snprintf(key, sizeof(key), "fh.id.%s", name);
		probe_put(key, "%llu", (unsigned long long)nh->ns_id);
		snprintf(key, sizeof(key), "fh.inum.%s", name);
		probe_put(key, "%u", nh->ns_inum);
		snprintf(key, sizeof(key), "fh.reopen.%s", name);
		probe_put(key, "%s", reopen(&fh, O_RDONLY, fd_ino(fd)));
		if (t == NSB_NS_USER) {
			user_fh = fh;
			user_ino = fd_ino(fd);
		}
		if (t == NSB_NS_NET)
			handle_errors(fd, &fh);
		close(fd);
	}
	handle_from_child_userns(&user_fh, user_ino);
	handle_of_other();
	return probe_done();
}

/* ---- relations: nested user and pid namespaces seen from here ---- */

/*
 * A child in a new user ns (u1) whose own child is in a user ns nested in
 * it (u2) with a new pid ns for its children (p2). Returns the first
 * child's pid and the grandchild's pid in *ret_gc (both in our pid ns).
 */
static pid_t nested_helper(pid_t *ret_gc)
{
	int p[2];
	pid_t c1;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	fflush(stdout);
	c1 = fork();
	if (c1 == 0) {
		pid_t gc = -1;
		int q[2];
		char ok = 0;

		int r;

		close(p[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* gc's pid, or -errno of the step that failed: the helper's errno, as itself. */
		r = probe_enter_userns(0);
		if (r == 0 && pipe2(q, O_CLOEXEC) < 0)
			r = -errno;
		if (r == 0 && (gc = fork()) == 0) {
			int h[2];

			prctl(PR_SET_PDEATHSIG, SIGKILL);
			r = probe_enter_userns(CLONE_NEWPID);
			if (r == 0 && pipe2(h, O_CLOEXEC) < 0)
				r = -errno;
			/*
			 * pid_for_children opens only once the new ns has its init
			 * (ENOENT before). The init waits for EOF on a pipe only we
			 * hold: it ends with us even if we die before its
			 * PR_SET_PDEATHSIG is in place.
			 */
			if (r == 0 && fork() == 0) {
				char c;

				close(h[1]);
				(void)!read(h[0], &c, 1);
				_exit(0);
			}
			ok = r < 0 ? (char)(-r > 127 ? 127 : -r) : 0;	/* 0: ok, else the errno */
			if (write(q[1], &ok, 1) != 1)
				_exit(1);
			pause();
			_exit(0);
		}
		if (r == 0 && gc < 0)
			r = -errno;
		if (gc > 0 && read(q[0], &ok, 1) != 1)
			r = -EPIPE;
		else if (gc > 0 && ok)
			r = -ok;
		if (r < 0)
			gc = r;
		if (write(p[1], &gc, sizeof(gc)) != sizeof(gc))
			_exit(1);
		pause();
		_exit(0);
	}
	close(p[1]);
	if (c1 > 0 && read(p[0], ret_gc, sizeof(*ret_gc)) != sizeof(*ret_gc))
		*ret_gc = -EPIPE;	/* the helper died before it said */
	close(p[0]);
	return c1;
}

static void put_rel(const char *key, int fd, unsigned long cmd)
{
	put_fd_result(key, fd < 0 ? -1 : ioctl(fd, cmd));
}

/*
 * NS_MNT_GET_NEXT/PREV (ioctl_nsfs(2), 6.12+) step through mount namespaces
 * in id order. Other processes make mount namespaces concurrently, so walk
 * (a bounded number of steps) until the one we expect comes up.
 */
static const char *mntns_walk(int from, uint64_t want, unsigned long cmd)
{
	int fd = fcntl(from, F_DUPFD_CLOEXEC, 0);

	for (int step = 0; fd >= 0 && step < 4096; step++) {
		struct mnt_ns_info info = { .size = MNT_NS_INFO_SIZE_VER0 };
		int next = ioctl(fd, cmd, &info);

		close(fd);
		if (next < 0)
			return nsb_errno_name(errno);
		if (info.mnt_ns_id == want) {
			close(next);
			return "reached";
		}
		fd = next;
	}
	if (fd >= 0)
		close(fd);
	return "not-reached";
}

/*
 *   mntns.unshare     three unshare(CLONE_NEWNS) in a child, in our own user ns
 *   mntns.info        NS_MNT_GET_INFO on each (ENOTTY: no such ioctl, before 6.12)
 *   mntns.next        NEXT from the first reaches the second; mntns.prev PREV from the third
 */
static void mntns_iterate(void)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct mnt_ns_info info[3];
		int fd[3];

		for (int i = 0; i < 3; i++) {
			info[i] = (struct mnt_ns_info){ .size = MNT_NS_INFO_SIZE_VER0 };
			if (unshare(CLONE_NEWNS) < 0 || (fd[i] = open_ns("mnt")) < 0) {
				probe_put("mntns.unshare", "%s", nsb_errno_name(errno));
				fflush(stdout);
				_exit(0);
			}
			if (ioctl(fd[i], NS_MNT_GET_INFO, &info[i]) < 0) {
				probe_put("mntns.unshare", "ok");
				probe_put("mntns.info", "%s", nsb_errno_name(errno));
				fflush(stdout);
				_exit(0);
			}
		}
		probe_put("mntns.unshare", "ok");
		probe_put("mntns.info", "ok");
		probe_put("mntns.next", "%s", mntns_walk(fd[0], info[1].mnt_ns_id, NS_MNT_GET_NEXT));
		probe_put("mntns.prev", "%s", mntns_walk(fd[2], info[1].mnt_ns_id, NS_MNT_GET_PREV));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

/*
 * relations:
 *   ns.user, ns.pid     ours
 *   u1, u2              inodes of a child's user ns and its child's nested user ns
 *   rel.parent.u2       NS_GET_PARENT(u2) (== u1); rel.parent.u1 (== ns.user)
 *   rel.owner.p2        NS_GET_USERNS of u2's pid_for_children (== u2)
 *   rel.parent.p2       NS_GET_PARENT of that pid ns (== ns.pid)
 * (mntns.*, NS_MNT_GET_*: mode mntns-walk, see mntns_iterate())
 */
static int mode_relations(void)
{
	int u1, u2, p2, fd, err = probe_userns_allowed();
	pid_t c1, gc = -1;

	if (err)
		return probe_skip("unshare(CLONE_NEWUSER): %s", nsb_errno_name(err));

	fd = open_ns("user");
	probe_put("ns.user", "%llu", fd_ino(fd));
	close(fd);
	fd = open_ns("pid");
	probe_put("ns.pid", "%llu", fd_ino(fd));
	close(fd);
	c1 = nested_helper(&gc);
	if (c1 < 0 || gc < 0) {
		int e = c1 < 0 ? errno : -gc;

		if (c1 > 0)
			helper_end(c1);
		return probe_setup_failed("nested user ns helper (user ns, then user+pid ns)", e);
	}
	u1 = open_pid_ns(c1, "user");
	u2 = open_pid_ns(gc, "user");
	p2 = open_pid_ns(gc, "pid_for_children");
	probe_put("u1", "%llu", u1 < 0 ? 0 : fd_ino(u1));
	probe_put("u2", "%llu", u2 < 0 ? 0 : fd_ino(u2));
	put_rel("rel.parent.u2", u2, NS_GET_PARENT);
	put_rel("rel.parent.u1", u1, NS_GET_PARENT);
	put_rel("rel.owner.p2", p2, NS_GET_USERNS);
	put_rel("rel.parent.p2", p2, NS_GET_PARENT);
	helper_end(c1);	/* the grandchild follows through PDEATHSIG */
	for (int *f = (int[]){ u1, u2, p2 }, i = 0; i < 3; i++)
		if (f[i] >= 0)
			close(f[i]);
	return probe_done();
}

/* mntns-walk: cap_sys_admin and mntns.* (NS_MNT_GET_*, 6.12), apart from the older relations. */
static int mode_mntns_walk(void)
{
	/* unshare(0) is a no-op on every kernel: refused, a filter would answer mntns.unshare, not the kernel. */
	if (unshare(0) < 0)
		return probe_refused("unshare(0)", errno);
	probe_put("cap_sys_admin", "%d", cap_sys_admin());
	mntns_iterate();
	return probe_done();
}

/* ---- listns(2): 6.19+; decided by trying it ---- */

/*
 * listns:
 *   id.net              NS_GET_ID of our netns
 *   listns.own_net      1 when our netns id is listed (ns_type=CLONE_NEWNET), paged 64 at a time
 *   listns.increasing   1 when every page is in increasing id order
 *   listns.bad_flags    listns with flags=1 (EINVAL)
 */
static int mode_listns(void)
{
	struct nsb_ns_id_req req = { .size = NSB_NS_ID_REQ_SIZE_VER0, .ns_type = CLONE_NEWNET };
	uint64_t ids[64], own = 0, last = 0;
	int fd = open_ns("net"), found = 0, increasing = 1;
	long n;

	if (fd < 0)
		return probe_error(errno, "open /proc/self/ns/net");
	if (ioctl(fd, NS_GET_ID, &own) < 0)	/* 6.18 */
		return probe_absent("NS_GET_ID", NSB_IFACE_IOCTL, errno);
	close(fd);
	n = syscall(NSB_NR_LISTNS, &req, ids, ARRAY_LEN(ids), 0);
	if (n < 0 && probe_is_absent(NSB_IFACE_SYSCALL, errno))	/* 6.19 */
		return probe_absent("listns(2)", NSB_IFACE_SYSCALL, errno);
	probe_put("id.net", "%llu", (unsigned long long)own);
	for (int page = 0; n > 0 && page < 64; page++) {
		for (long i = 0; i < n; i++) {
			if (ids[i] == own)
				found = 1;
			if (ids[i] <= last)
				increasing = 0;
			last = ids[i];
		}
		req.ns_id = last;
		n = syscall(NSB_NR_LISTNS, &req, ids, ARRAY_LEN(ids), 0);
	}
	probe_put("listns.own_net", "%d", found);
	probe_put("listns.increasing", "%d", increasing);
	n = syscall(NSB_NR_LISTNS, &req, ids, ARRAY_LEN(ids), 1);
	probe_put("listns.bad_flags", "%s", nsb_errno_name(n < 0 ? errno : 0));
	return probe_done();
}

int main(int argc, char *argv[])
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "ioctls") == 0)
		return mode_ioctls();
	if (strcmp(mode, "handles") == 0)
		return mode_handles();
	if (strcmp(mode, "relations") == 0)
		return mode_relations();
	if (strcmp(mode, "listns") == 0)
		return mode_listns();
	if (strcmp(mode, "pidfd-ns") == 0)
		return mode_pidfd_ns();
	if (strcmp(mode, "mntns-walk") == 0)
		return mode_mntns_walk();
	return probe_error(EINVAL, "usage: nsfs ioctls|pidfd-ns|handles|relations|mntns-walk|listns");
}
