/* SPDX-License-Identifier: GPL-2.0-or-later */
/* probe.c - key=value output, skip/error exits and the sync handshake for probes. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sched.h>
#include <pthread.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/sched.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "common/clone.h"
#include "common/errname.h"
#include "common/nstypes.h"
#include "common/procfs.h"
#include "common/uapi.h"

/*
 * stdout fully buffered from the first line, in one buffer large enough for
 * every probe's output: the test parent wakes once per write, and a wakeup
 * costs more than the write here. musl's stdout starts line-buffered until
 * its first write finds no terminal, glibc's 4 KiB buffer (1 KiB with musl)
 * splits a long output: 2-4 writes per probe, one in most (issue 15). The
 * probes flush before they fork, and probe_done() before they exit.
 */
static char out_buf[16384];

__attribute__((constructor)) static void out_full_buffering(void)
{
	(void)setvbuf(stdout, out_buf, _IOFBF, sizeof(out_buf));
}

void probe_put(const char *key, const char *fmt, ...)
{
	va_list ap;

	printf("%s=", key);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

int probe_skip(const char *fmt, ...)
{
	va_list ap;

	printf("skip=");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return probe_done() == PROBE_OK ? PROBE_SKIP : PROBE_ERROR;
}

bool probe_is_absent(enum nsb_iface kind, int err)
{
	return nsb_errno_is_absent(err, kind) || nsb_errno_is_filtered(err);
}

int probe_absent(const char *iface, enum nsb_iface kind, int err)
{
	char why[512];
	int sk;

	if (err < 0)
		err = -err;
	/* Under a seccomp filter, EPERM/ENOSYS/EACCES are the filter's: say so. */
	if ((sk = probe_skip_if_filtered(iface, err)) >= 0)
		return sk;
	if (!probe_is_absent(kind, err))
		return probe_error(err, "%s", iface);
	return probe_skip("%s", nsb_absent_format(iface, kind, err, NULL, why, sizeof(why)));
}

int probe_setup_failed(const char *what, int err)
{
	if (err < 0)
		err = -err;
	if (!nsb_errno_is_refusal(err))
		return probe_error(err, "%s", what);
	return probe_skip("%s: %s (refused here)", what, nsb_errno_name(err));
}

int probe_refused(const char *what, int err)
{
	int sk;

	if (err < 0)
		err = -err;
	sk = probe_skip_if_filtered(what, err);
	return sk >= 0 ? sk : probe_setup_failed(what, err);
}

int probe_skip_if_filtered(const char *call, int err)
{
	int saved = errno;	/* callers test errno after us */
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	int mode = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Seccomp: %d", &mode) == 1)
			break;
	if (f)
		fclose(f);
	errno = saved;
	if (mode != 2 || (err != EPERM && err != ENOSYS && err != EACCES))
		return -1;
	{
		struct utsname u;

		return probe_skip("%s: %s on kernel %s under a seccomp filter (Seccomp: 2 in "
				  "/proc/self/status): the filter's refusal, not the kernel's answer",
				  call, nsb_errno_name(err), uname(&u) == 0 ? u.release : "?");
	}
}

int probe_skip_if_lacks_cap(const char *what, int err, int cap)
{
	int saved = errno;
	cap_t c;
	cap_flag_value_t v = CAP_SET;

	if (err < 0)
		err = -err;
	if (err != EPERM && err != EACCES)
		return -1;
	c = cap_get_proc();
	if (!c || cap_get_flag(c, (cap_value_t)cap, CAP_EFFECTIVE, &v) < 0)
		v = CAP_SET;	/* unknown: not claimed */
	cap_free(c);
	errno = saved;
	if (v == CAP_SET)
		return -1;
	return probe_skip("%s: %s: this process lacks %s (not in its effective set: dropped where "
			  "nsbench was started)", what, nsb_errno_name(err), nsb_cap_name(cap) ?: "a capability");
}

int probe_error(int err, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("probe: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
	return PROBE_ERROR;
}

int probe_done(void)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		return probe_error(errno, "write stdout");
	return PROBE_OK;
}

int probe_sync(const char *name)
{
	char c;
	ssize_t n;

	probe_put("sync", "%s", name);
	if (fflush(stdout) != 0)
		return -errno;
	/* The harness closes our stdin once it has looked: read returns 0. */
	do
		n = read(STDIN_FILENO, &c, 1);
	while (n > 0 || (n < 0 && errno == EINTR));
	return n < 0 ? -errno : 0;
}

int probe_enter_userns(int more)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (unshare(CLONE_NEWUSER | more) < 0)
		return -errno;
	return nsb_map_root(0, uid, gid, NSB_SETGROUPS_DENY, NULL);
}

int probe_userns_allowed(void)
{
	int p[2], err = EPROTO;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return errno;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int r = probe_enter_userns(0);

		err = r < 0 ? -r : 0;
		_exit(write(p[1], &err, sizeof(err)) == sizeof(err) ? 0 : 1);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &err, sizeof(err)) != sizeof(err))
		err = EPROTO;
	close(p[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return err;
}

int probe_tell_proc_pid(int fd)
{
	char buf[32];
	ssize_t n = readlink("/proc/self", buf, sizeof(buf) - 1);
	pid_t pid;

	if (n < 0)
		return -errno;
	buf[n] = '\0';
	pid = (pid_t)atoi(buf);
	return write(fd, &pid, sizeof(pid)) == sizeof(pid) ? 0 : -EPIPE;
}

/*
 * The "Pid:" of a pidfd's fdinfo into *pid: > 0 the pid in our /proc's pid
 * ns, 0 not there, -1 gone. Returns 0 or -errno (ENOSYS: no "Pid:" line).
 */
static int pidfd_proc_pid(int pidfd, long *pid)
{
	char path[64], line[128];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "Pid: %ld", pid) == 1;
	fclose(f);
	return found ? 0 : -ENOSYS;
}

int probe_pidfd_ns(int pidfd, const char *entry, const char **via)
{
	char path[96];
	long pid = 0, again = 0;
	const char *e;
	int fd = -1, err = ENOENT;

	for (unsigned nr = 1; (e = nsb_pidfd_entry(nr)); nr++) {
		if (strcmp(e, entry) != 0)
			continue;
		fd = ioctl(pidfd, NSB_PIDFD_GET_NS(nr), 0);
		err = fd < 0 ? errno : 0;
		break;
	}
	if (fd >= 0 || !nsb_errno_is_absent(err, NSB_IFACE_IOCTL)) {
		if (via)
			*via = "pidfd";
		return fd >= 0 ? fd : -err;
	}
	if (via)
		*via = "proc";
	if ((err = pidfd_proc_pid(pidfd, &pid)) < 0)
		return err;
	if (pid <= 0)		/* not in this /proc's pid ns, or gone */
		return -ESRCH;
	snprintf(path, sizeof(path), "/proc/%ld/ns/%s", pid, entry);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (pidfd_proc_pid(pidfd, &again) < 0 || again != pid) {	/* gone meanwhile: the pid may be another's now */
		close(fd);
		return -ESRCH;
	}
	return fd;
}

int probe_clone3_works(void)
{
	long pid;

	fflush(stdout);
	pid = nsb_sys_clone3(0, NULL);
	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return (int)-pid;
	(void)waitpid((pid_t)pid, NULL, 0);
	return 0;
}

static void *nothing(void *arg)
{
	return arg;
}

int probe_threads_work(void)
{
	pthread_t th;
	int r = pthread_create(&th, NULL, nothing, NULL);

	if (r == 0)
		pthread_join(th, NULL);
	return r;
}

#define KID_STACK (128 * 1024)
#define KID_GUARD 4096	/* at least a page: PROT_NONE below the stack */

int probe_kid_start(struct probe_kid *k, unsigned long flags, int (*fn)(void *), void *arg)
{
	long pid = -1;
	int err = EINVAL;

	k->pid = -1;
	k->stack = NULL;
	fflush(stdout);
#ifndef __SANITIZE_ADDRESS__
	if (!(flags & CLONE_NEWUSER) || nsb_vm_share_with_userns_ok()) {
		char *m = mmap(NULL, KID_GUARD + KID_STACK, PROT_NONE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

		if (m != MAP_FAILED) {
			/* The stack grows down from its top, 16-byte aligned as the ABI wants. */
			if (mprotect(m + KID_GUARD, KID_STACK, PROT_READ | PROT_WRITE) == 0) {
				pid = clone(fn, m + KID_GUARD + KID_STACK, (int)(flags | CLONE_VM | SIGCHLD),
					    arg);
				err = errno;
			}
			if (pid < 0)
				munmap(m, KID_GUARD + KID_STACK);
			else
				k->stack = m;
		}
	}
#endif
	if (pid < 0 && nsb_clone3_vm_refused(err)) {	/* EINVAL too: no stack */
		pid = flags ? syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL) : fork();
		err = errno;
		if (pid == 0)
			_exit(fn(arg));
	}
	if (pid < 0)
		return -err;
	k->pid = (pid_t)pid;
	return 0;
}

int probe_kid_wait(struct probe_kid *k, int *status)
{
	int r = 0;

	while (waitpid(k->pid, status, 0) < 0)
		if (errno != EINTR) {
			r = -errno;
			break;
		}
	/* The child is gone (ECHILD too: SIGCHLD ignored, waitpid waited all the same). */
	if (k->stack)
		munmap(k->stack, KID_GUARD + KID_STACK);
	k->stack = NULL;
	return r;
}

int probe_in_child(int (*fn)(void *), void *arg)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(fn(arg));
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}
