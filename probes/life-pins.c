/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * life-pins - a namespace lives while something pins it: a member task, an
 * open ns fd, a bind mount of its nsfs file, a socket created in it (net).
 * Each case makes a fresh namespace in a child, takes an nsfs file handle
 * (name_to_handle_at(2)) while it exists, removes the other pins and then
 * the one under test, and reopens the handle (open_by_handle_at(2)) while
 * the pin holds and after it went.
 *
 * stdout, for <pin> in task, fd, bind, socket:
 *   <pin>.ino            the namespace's inode when it was made
 *   <pin>.alive          reopening the handle while only <pin> holds it ("ok" or errno)
 *   <pin>.alive_ino      the inode so reopened (0 if it failed)
 *   <pin>.gone           reopening after the pin went (teardown of a net ns is
 *                        asynchronous: retried for up to 2 s while it still opens)
 *   bind.path_ino        the inode seen through the bind mount after every other pin went
 * or skip=... when the pidfd namespace ioctls (6.11) or nsfs file handles
 * (6.18) are missing: the errno of the first that failed, and the release.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"
#include "common/clone.h"
#include "common/errname.h"

#ifndef PIDFD_GET_NET_NAMESPACE	/* linux/pidfd.h, 6.11 */
#define PIDFD_GET_NET_NAMESPACE _IO(0xFF, 4)
#define PIDFD_GET_UTS_NAMESPACE _IO(0xFF, 10)
#endif
#ifndef SIOCGSKNS
#define SIOCGSKNS 0x894C
#endif

struct nsh {
	struct file_handle fh;
	unsigned char buf[MAX_HANDLE_SZ];
};

struct target {
	pid_t pid;
	int pidfd;
	int hold;	/* closing it lets the member task exit */
};

static unsigned long long ino_fd(int fd)
{
	struct stat st;

	return fstat(fd, &st) < 0 ? 0 : (unsigned long long)st.st_ino;
}

/* A member task in a new ns of @flag, blocked until hold closes. */
static int target_start(struct target *t, unsigned long flag)
{
	bool used_clone = false;
	int p[2];
	long pid;
	char c;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	fflush(stdout);
	/* clone(2) where clone3 is refused (not for CLONE_NEWTIME, which has no clone(2) form). */
	pid = nsb_clone_fork(flag, &t->pidfd, &used_clone);
	if (pid == 0) {
		close(p[1]);
		(void)!read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	if (pid < 0) {
		close(p[1]);
		return (int)pid;
	}
	t->pid = (pid_t)pid;
	t->hold = p[1];
	return 0;
}

static void target_stop(struct target *t)
{
	if (t->hold >= 0)
		close(t->hold);
	t->hold = -1;
	if (t->pid > 0)
		(void)waitpid(t->pid, NULL, 0);
	t->pid = -1;
	if (t->pidfd >= 0)
		close(t->pidfd);
	t->pidfd = -1;
}

static int get_handle(int nsfd, struct nsh *h)
{
	int mnt;

	h->fh.handle_bytes = MAX_HANDLE_SZ;
	return name_to_handle_at(nsfd, "", &h->fh, &mnt, AT_EMPTY_PATH) < 0 ? -errno : 0;
}

/* Reopen by handle: 0 and the inode in *ino, or -errno. */
static int reopen(int mntfd, struct nsh *h, unsigned long long *ino)
{
	int fd = open_by_handle_at(mntfd, &h->fh, O_RDONLY | O_CLOEXEC);

	*ino = 0;
	if (fd < 0)
		return -errno;
	*ino = ino_fd(fd);
	close(fd);
	return 0;
}

static void put_alive(const char *pin, int mntfd, struct nsh *h)
{
	unsigned long long ino;
	char key[32];
	int r = reopen(mntfd, h, &ino);

	snprintf(key, sizeof(key), "%s.alive", pin);
	probe_put(key, "%s", nsb_errno_name(-r));
	snprintf(key, sizeof(key), "%s.alive_ino", pin);
	probe_put(key, "%llu", ino);
}

static void put_gone(const char *pin, int mntfd, struct nsh *h)
{
	struct timespec d = { 0, 10 * 1000 * 1000 };
	unsigned long long ino;
	char key[32];
	int r = 0;

	for (int i = 0; i < 200 && (r = reopen(mntfd, h, &ino)) == 0; i++)
		nanosleep(&d, NULL);
	snprintf(key, sizeof(key), "%s.gone", pin);
	probe_put(key, "%s", nsb_errno_name(-r));
}

static void put_ino(const char *pin, unsigned long long ino)
{
	char key[32];

	snprintf(key, sizeof(key), "%s.ino", pin);
	probe_put(key, "%llu", ino);
}

/* Make the target, its ns fd and its handle. Returns the ns fd or -errno. */
static int make_ns(struct target *t, unsigned long flag, unsigned long get, struct nsh *h)
{
	int r = target_start(t, flag), nsfd;

	if (r < 0)
		return r;
	nsfd = ioctl(t->pidfd, get, 0);
	if (nsfd < 0)
		return -errno;
	r = get_handle(nsfd, h);
	if (r < 0) {
		close(nsfd);
		return r;
	}
	return nsfd;
}

static int pin_task(int mntfd)
{
	struct target t = { -1, -1, -1 };
	struct nsh h;
	int nsfd = make_ns(&t, CLONE_NEWUTS, PIDFD_GET_UTS_NAMESPACE, &h);

	if (nsfd < 0)
		return nsfd;
	put_ino("task", ino_fd(nsfd));
	close(nsfd);
	put_alive("task", mntfd, &h);
	target_stop(&t);
	put_gone("task", mntfd, &h);
	return 0;
}

static int pin_fd(int mntfd)
{
	struct target t = { -1, -1, -1 };
	struct nsh h;
	int nsfd = make_ns(&t, CLONE_NEWUTS, PIDFD_GET_UTS_NAMESPACE, &h);

	if (nsfd < 0)
		return nsfd;
	put_ino("fd", ino_fd(nsfd));
	target_stop(&t);
	put_alive("fd", mntfd, &h);
	close(nsfd);
	put_gone("fd", mntfd, &h);
	return 0;
}

/*
 * In a child with its own mount ns (so nothing is mounted anywhere else): a
 * tmpfs on /tmp holds the file the net ns is bound onto, as `ip netns add` does.
 */
static int pin_bind_child(void *arg)
{
	int mntfd = *(const int *)arg;
	struct target t = { -1, -1, -1 };
	char src[64];
	struct nsh h;
	int nsfd, fd;

	if (unshare(CLONE_NEWNS) < 0)
		return probe_refused("unshare(CLONE_NEWNS)", errno);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("nsb", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=64k") < 0)
		return probe_error(errno, "mount tmpfs on /tmp");
	fd = open("/tmp/netns", O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0)
		return probe_error(errno, "create /tmp/netns");
	close(fd);
	nsfd = make_ns(&t, CLONE_NEWNET, PIDFD_GET_NET_NAMESPACE, &h);
	if (nsfd < 0)
		return probe_error(-nsfd, "new net ns");
	put_ino("bind", ino_fd(nsfd));
	snprintf(src, sizeof(src), "/proc/self/fd/%d", nsfd);
	if (mount(src, "/tmp/netns", NULL, MS_BIND, NULL) < 0)
		return probe_error(errno, "bind %s", src);
	close(nsfd);
	target_stop(&t);
	put_alive("bind", mntfd, &h);
	fd = open("/tmp/netns", O_RDONLY | O_CLOEXEC);
	probe_put("bind.path_ino", "%llu", fd < 0 ? 0 : ino_fd(fd));
	if (fd >= 0)
		close(fd);
	if (umount2("/tmp/netns", MNT_DETACH) < 0)
		return probe_error(errno, "umount /tmp/netns");
	put_gone("bind", mntfd, &h);
	return probe_done();
}

static int pin_bind(int mntfd)
{
	int st = probe_in_child(pin_bind_child, &mntfd);

	/* PROBE_SKIP: the child said why (skip=); the caller ends the probe with it. */
	return st == PROBE_SKIP ? PROBE_SKIP : st ? -EPROTO : 0;
}

/* Receive one fd over a unix socket (unix(7) SCM_RIGHTS). */
static int recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))], c;
	struct iovec iov = { &c, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(sock, &m, MSG_CMSG_CLOEXEC) <= 0)
		return -1;
	cm = CMSG_FIRSTHDR(&m);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
	return fd;
}

static void __attribute__((noreturn)) socket_maker(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 }, c = 'x';
	struct iovec iov = { &c, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
	int s;

	if (unshare(CLONE_NEWNET) < 0)
		_exit(1);
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		_exit(1);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &s, sizeof(s));
	_exit(sendmsg(sock, &m, 0) == 1 ? 0 : 1);
}

/* A socket made in a net ns by a task that then exits; SIOCGSKNS finds the ns. */
static int pin_socket(int mntfd)
{
	struct nsh h;
	int sp[2], s, nsfd, r;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sp) < 0)
		return -errno;
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		socket_maker(sp[1]);
	close(sp[1]);
	s = pid < 0 ? -1 : recv_fd(sp[0]);
	close(sp[0]);
	if (pid > 0)
		(void)waitpid(pid, NULL, 0);
	if (s < 0)
		return -EPROTO;
	nsfd = ioctl(s, SIOCGSKNS);
	if (nsfd < 0)
		return -errno;
	put_ino("socket", ino_fd(nsfd));
	r = get_handle(nsfd, &h);
	close(nsfd);
	if (r < 0)
		return r;
	put_alive("socket", mntfd, &h);
	close(s);
	put_gone("socket", mntfd, &h);
	return 0;
}

/* 0 when a pidfd of this process gives its uts ns, else the errno. */
static int pidfd_ioctls_work(void)
{
	int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0), fd, err;

	if (pidfd < 0)
		return errno;
	fd = ioctl(pidfd, PIDFD_GET_UTS_NAMESPACE, 0);
	err = fd < 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	close(pidfd);
	return err;
}

int main(void)
{
	int mntfd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC), r;
	struct nsh h;

	if (mntfd < 0)
		return probe_error(errno, "open /proc/self/ns/uts");
	/* Decided by trying: the pidfd namespace ioctls arrived in 6.11. */
	r = pidfd_ioctls_work();
	if (r)
		return probe_absent("PIDFD_GET_UTS_NAMESPACE", NSB_IFACE_IOCTL, r);
	/* Decided by trying: nsfs file handles arrived in 6.18. */
	r = get_handle(mntfd, &h);
	if (r == 0 && open_by_handle_at(-1, &(struct file_handle){ .handle_bytes = 0 }, O_RDONLY) < 0) {
		int sk = probe_skip_if_filtered("open_by_handle_at", errno);

		if (sk >= 0)
			return sk;
	}
	if (r < 0)
		return probe_absent("name_to_handle_at(nsfs)", NSB_IFACE_FEATURE, r);
	if ((r = pin_task(mntfd)) < 0)
		return probe_error(-r, "task pin");
	if ((r = pin_fd(mntfd)) < 0)
		return probe_error(-r, "fd pin");
	if ((r = pin_bind(mntfd)) == PROBE_SKIP)
		return PROBE_SKIP;
	if (r < 0)
		return probe_error(-r, "bind pin");
	/* SIOCGSKNS needs CAP_NET_ADMIN over the socket's netns owner (socket(7)): nspawn drops it. */
	if ((r = pin_socket(mntfd)) == -EPERM)
		return probe_skip("SIOCGSKNS for the socket pin: EPERM (needs CAP_NET_ADMIN over the "
				  "socket's net ns owner, which this process lacks)");
	if (r < 0)
		return probe_error(-r, "socket pin");
	close(mntfd);
	return probe_done();
}
