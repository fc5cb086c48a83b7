/* SPDX-License-Identifier: GPL-2.0-or-later */
/* probe.c - key=value output, skip/error exits and the sync handshake for probes. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "common/procfs.h"

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
