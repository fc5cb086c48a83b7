/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c - the subcommand table, --help, --version, and shared CLI helpers. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "log.h"
#include "../reports/report.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "run", cmd_run, "run test suites across namespace combinations" },
	{ "list", cmd_list, "list suites, tests or combinations" },
};

static void usage(FILE *f)
{
	fprintf(f, "Usage:\n nsbench <command> [options]\n\n"
		   "Test and benchmark Linux namespaces.\n\nCommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, " %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nOptions:\n -h, --help     display this help\n"
		   " -V, --version  display version\n\n"
		   "Run 'nsbench <command> --help' for a command's options.\n");
}

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

int nsb_probe_dir(char *buf, unsigned long len)
{
	const char *env = getenv("NSBENCH_PROBE_DIR");
	char exe[PATH_MAX], *slash;
	ssize_t n;

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return is_dir(buf) ? 0 : -ENOENT;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		return -errno;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return -ENOENT;
	*slash = '\0';
	/* The build tree (build/nsbench, build/probes/) or an install (bin/, libexec/nsbench/probes). */
	snprintf(buf, len, "%s/probes", exe);
	if (is_dir(buf))
		return 0;
	snprintf(buf, len, "%s/../libexec/nsbench/probes", exe);
	return is_dir(buf) ? 0 : -ENOENT;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return nsb_usage_error("no command given");
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return NSB_EXIT_OK;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("nsbench (nsbench) %s\n", NSB_VERSION);
		return NSB_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	if (argv[1][0] == '-')
		return nsb_usage_error("unrecognized option '%s'", argv[1]);
	return nsb_usage_error("unknown command '%s'", argv[1]);
}
