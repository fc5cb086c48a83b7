/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cli.c - argument parsers and the usage-error line shared by cmd_*.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "common/log.h"
#include "tp-build.h"

int nsb_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("nsbench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'nsbench --help' for more information.\n", stderr);
	return NSB_EXIT_USAGE;
}

int nsb_getopt_error(int opt, char *const *argv)
{
	if (opt == ':')
		return nsb_usage_error("option '%s' needs an argument", argv[optind - 1]);
	return nsb_usage_error("unrecognized option '%s'", argv[optind - 1]);
}

int nsb_parse_uint(const char *s, unsigned min, unsigned max, unsigned *ret)
{
	char *end;
	unsigned long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*ret = (unsigned)v;
	return 0;
}

int nsb_parse_seconds_ms(const char *s, unsigned *ret_ms)
{
	char *end;
	double v;

	if (!s || !*s)
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (*end || errno || !isfinite(v))
		return -EINVAL;
	if (v <= 0 || v > 86400)
		return -ERANGE;
	*ret_ms = (unsigned)(v * 1000 + 0.5);
	return *ret_ms ? 0 : -ERANGE;
}

static int is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of our own binary (/proc/self/exe) into @buf: 0 or -errno. */
static int exe_dir(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;

	if (n < 0)
		return -errno;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return -ENOENT;
	*slash = '\0';
	return 0;
}

/*
 * Is @prog nsbench-tp of this build? Its `--build-id` answer against our
 * NSB_TP_BUILD. fork(2), not posix_spawn(3), which is clone3 (a filter may
 * refuse it): once a run, before the lab.
 */
static bool same_build(const char *prog)
{
	char buf[64], *const argv[] = { (char *)prog, "--build-id", NULL };
	ssize_t n = -1, got;
	int p[2], st = -1;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return false;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if (dup2(p[1], STDOUT_FILENO) >= 0)
			execv(prog, argv);
		_exit(127);
	}
	close(p[1]);
	if (pid > 0) {
		n = 0;
		while (n < (ssize_t)sizeof(buf) - 1 &&
		       ((got = read(p[0], buf + n, sizeof(buf) - 1 - (size_t)n)) > 0 || (got < 0 && errno == EINTR)))
			n += got > 0 ? got : 0;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	close(p[0]);
	if (n <= 0 || st != 0)
		return false;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return strcmp(buf, NSB_TP_BUILD) == 0;
}

int nsb_tp_prog(char *buf, unsigned long len, const char **ret)
{
	const char *env = secure_getenv("NSBENCH_TP");
	char exe[PATH_MAX];

	*ret = NULL;
	if (env) {
		if (!*env || strcmp(env, "fork") == 0)
			return 0;
		snprintf(buf, len, "%s", env);
		if (access(buf, X_OK) < 0)
			return -errno;
		*ret = buf;
		return 0;
	}
	if (exe_dir(exe, sizeof(exe)) < 0)
		return 0;
	snprintf(buf, len, "%s/nsbench-tp", exe);
	if (access(buf, X_OK) < 0)
		snprintf(buf, len, "%s/../libexec/nsbench/nsbench-tp", exe);
	if (access(buf, X_OK) < 0)
		return 0;
	if (!same_build(buf)) {
		log_warning("%s is not this build's test parent program: every test parent is forked", buf);
		return 0;
	}
	*ret = buf;
	return 0;
}

int nsb_probe_dir(char *buf, unsigned long len)
{
	const char *env = secure_getenv("NSBENCH_PROBE_DIR");
	char exe[PATH_MAX];
	int r;

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return is_dir(buf) ? 0 : -ENOENT;
	}
	if ((r = exe_dir(exe, sizeof(exe))) < 0)
		return r;
	/* The build tree (build/nsbench, build/probes/) or an install (bin/, libexec/nsbench/probes). */
	snprintf(buf, len, "%s/probes", exe);
	if (is_dir(buf))
		return 0;
	snprintf(buf, len, "%s/../libexec/nsbench/probes", exe);
	return is_dir(buf) ? 0 : -ENOENT;
}
