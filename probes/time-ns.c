/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * time-ns - the clocks this process reads, before and after re-executing
 * itself, and the rules of timens_offsets in a time namespace the probe
 * makes itself (time_namespaces(7)).
 *
 * Usage: time-ns MONO_S BOOT_S   (the offsets to write in the probe's own ns)
 *
 * stdout (clock values in ns, CLOCK_* read through the vDSO by glibc and
 * through syscall(SYS_clock_gettime)):
 *   mono.vdso, mono.syscall, boot.vdso, boot.syscall, real.vdso
 *   uptime.cs         /proc/uptime's first field in centiseconds
 *   mono.exec         CLOCK_MONOTONIC again after execve of this probe
 * then, after unshare(CLONE_NEWTIME) (the probe's own, new ns for children):
 *   own.unshare       "ok" or the errno name
 *   own.tfc_differs   "yes" when ns/time_for_children != ns/time (before a child)
 *   own.bad_number, own.bad_clock, own.bad_nsec, own.range
 *                     writes of malformed, CLOCK_REALTIME, nsec >= 1e9 and
 *                     below-zero offsets: the errno names (EINVAL, ERANGE)
 *   own.write         writing "monotonic MONO_S 0" and "boottime BOOT_S 0"
 *   own.read          timens_offsets read back, ";"-joined, spaces squeezed
 *   own.before, own.after   this process's CLOCK_MONOTONIC around the child
 *   own.child_mono    CLOCK_MONOTONIC of a child, which enters the new ns
 *   own.child_in_tfc  "yes" when the child's ns/time is our time_for_children
 *   own.after_enter   writing the offsets again once a task has entered
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"
#include "common/uapi.h"
#include "common/errname.h"
#include "common/procfs.h"

static long long ns_of(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static long long vdso_now(clockid_t c)
{
	struct timespec ts;

	return clock_gettime(c, &ts) < 0 ? -1 : ns_of(&ts);
}

static long long syscall_now(clockid_t c)
{
	struct timespec ts;

	return syscall(SYS_clock_gettime, c, &ts) < 0 ? -1 : ns_of(&ts);
}

/* "12345.67 ..." -> 1234567, read as text: no floating point rounding. */
static long long uptime_cs(void)
{
	long long s;
	int cs;
	FILE *f = fopen("/proc/uptime", "re");
	int n = f ? fscanf(f, "%lld.%2d", &s, &cs) : 0;

	if (f)
		fclose(f);
	return n == 2 ? s * 100 + cs : -1;
}

static int write_offsets(const char *s)
{
	return -nsb_write_proc(0, "timens_offsets", s);
}

static void put_offsets_read(void)
{
	char buf[256], out[256];
	size_t o = 0;
	int fd = open("/proc/self/timens_offsets", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	if (n < 0) {
		probe_put("own.read", "%s", nsb_errno_name(errno));
		return;
	}
	buf[n] = '\0';
	/* Squeeze runs of blanks, lines joined with ';'. */
	for (ssize_t i = 0; i < n && o < sizeof(out) - 1; i++) {
		char c = buf[i] == '\n' ? ';' : buf[i] == '\t' ? ' ' : buf[i];

		if (c == ' ' && (o == 0 || out[o - 1] == ' ' || out[o - 1] == ';'))
			continue;
		if (c == ';' && o && out[o - 1] == ' ')
			o--;
		out[o++] = c;
	}
	while (o && out[o - 1] == ';')
		o--;
	out[o] = '\0';
	probe_put("own.read", "%s", out);
}

static unsigned long long ino_of(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 ? 0 : (unsigned long long)st.st_ino;
}

/* The child reads its clock and its time ns and writes both to fd. */
static int run_child(int *ret_in_tfc, long long *ret_mono)
{
	unsigned long long tfc = ino_of("/proc/self/ns/time_for_children");
	struct { long long mono; unsigned long long ino; } got = { -1, 0 };
	int p[2], st;
	pid_t c;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	c = fork();
	if (c < 0)
		return -errno;
	if (c == 0) {
		got.mono = vdso_now(CLOCK_MONOTONIC);
		got.ino = ino_of("/proc/self/ns/time");
		_exit(write(p[1], &got, sizeof(got)) == sizeof(got) ? 0 : 1);
	}
	close(p[1]);
	st = read(p[0], &got, sizeof(got)) == sizeof(got) ? 0 : -EPROTO;
	close(p[0]);
	(void)waitpid(c, NULL, 0);
	*ret_mono = got.mono;
	*ret_in_tfc = got.ino == tfc && tfc != 0;
	return st;
}

static int own_namespace(const char *mono_s, const char *boot_s)
{
	char offs[128];
	long long child_mono = -1;
	int in_tfc = 0, r;

	if (unshare(CLONE_NEWTIME) < 0)
		return errno == EPERM || errno == ENOSPC || errno == EUSERS ?
			probe_skip("unshare(CLONE_NEWTIME) for the probe's own ns: %s",
				   nsb_errno_name(errno)) :
			probe_error(errno, "unshare(CLONE_NEWTIME)");
	probe_put("own.unshare", "ok");
	probe_put("own.tfc_differs", "%s",
		  ino_of("/proc/self/ns/time") != ino_of("/proc/self/ns/time_for_children") ? "yes" : "no");
	probe_put("own.bad_number", "%s", nsb_errno_name(write_offsets("monotonic x 0\n")));
	probe_put("own.bad_clock", "%s", nsb_errno_name(write_offsets("realtime 1 0\n")));
	probe_put("own.bad_nsec", "%s", nsb_errno_name(write_offsets("monotonic 1 1000000000\n")));
	probe_put("own.range", "%s", nsb_errno_name(write_offsets("boottime -100000000000 0\n")));
	snprintf(offs, sizeof(offs), "monotonic %s 0\nboottime %s 0\n", mono_s, boot_s);
	probe_put("own.write", "%s", nsb_errno_name(write_offsets(offs)));
	put_offsets_read();
	probe_put("own.before", "%lld", vdso_now(CLOCK_MONOTONIC));
	r = run_child(&in_tfc, &child_mono);
	probe_put("own.after", "%lld", vdso_now(CLOCK_MONOTONIC));
	if (r < 0)
		return probe_error(-r, "child in the probe's time ns");
	probe_put("own.child_mono", "%lld", child_mono);
	probe_put("own.child_in_tfc", "%s", in_tfc ? "yes" : "no");
	probe_put("own.after_enter", "%s", nsb_errno_name(write_offsets(offs)));
	return probe_done();
}

int main(int argc, char *argv[])
{
	if (argc == 4 && strcmp(argv[3], "exec") == 0) {
		/* Read first: the ns of this process before it makes its own. */
		probe_put("mono.exec", "%lld", vdso_now(CLOCK_MONOTONIC));
		return own_namespace(argv[1], argv[2]);
	}
	if (argc != 3)
		return probe_error(0, "usage: time-ns MONO_S BOOT_S");
	probe_put("mono.vdso", "%lld", vdso_now(CLOCK_MONOTONIC));
	probe_put("mono.syscall", "%lld", syscall_now(CLOCK_MONOTONIC));
	probe_put("boot.vdso", "%lld", vdso_now(CLOCK_BOOTTIME));
	probe_put("boot.syscall", "%lld", syscall_now(CLOCK_BOOTTIME));
	probe_put("uptime.cs", "%lld", uptime_cs());
	probe_put("real.vdso", "%lld", vdso_now(CLOCK_REALTIME));
	if (probe_done() != PROBE_OK)
		return PROBE_ERROR;
	/* execve keeps the time ns (TIME-3): the same probe reads it again. */
	execv(argv[0], (char *[]){ argv[0], argv[1], argv[2], "exec", NULL });
	return probe_error(errno, "execv %s", argv[0]);
}
