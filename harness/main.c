/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c - the subcommand table, --help and --version. */
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
#include "common/log.h"
#include "common/version.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "run", cmd_run, "run test suites across namespace combinations" },
	{ "list", cmd_list, "list suites, tests, combinations or property coverage" },
	{ "compare", cmd_compare, "compare two reports: regressions and benchmark changes" },
	{ "check", cmd_check, "which namespace types can be created here, and why not" },
	{ "bench", cmd_bench, "time clone, unshare and setns per namespace type" },
	{ "report", cmd_report, "turn a JSON report into a self-contained HTML page" },
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
