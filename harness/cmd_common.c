/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmd_common.c - helpers shared by `nsbench run` and `nsbench bench`. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_common.h"
#include "common/log.h"

volatile sig_atomic_t nsb_stop_signals;

static void on_signal(int sig)
{
	(void)sig;
	nsb_stop_signals++;
}

void nsb_catch_stop_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

double nsb_elapsed_s(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

void nsb_default_report_path(char *buf, size_t len)
{
	if (access(".", W_OK) == 0) {
		snprintf(buf, len, "nsbench-report.json");
		return;
	}
	snprintf(buf, len, "%s/nsbench-report-%u.json", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		 (unsigned)geteuid());
}

int nsb_report_path_set(char *buf, size_t len, const char *report)
{
	int r = 0;

	if (report && !*report) {
		log_error("--report needs a file name, not ''");
		return NSB_EXIT_USAGE;
	}
	if (!report)
		nsb_default_report_path(buf, len);
	else if (snprintf(buf, len, "%s", report) >= (int)len)
		r = -ENAMETOOLONG;
	if (r == 0)
		r = nsb_report_probe_path(buf);
	if (r < 0) {
		log_error_errno(r, "cannot write report '%s'", report ? report : buf);
		return NSB_EXIT_USAGE;
	}
	return 0;
}

char **nsb_argv_save(int argc, char **argv)
{
	char **copy = calloc((size_t)argc + 1, sizeof(*copy));

	if (copy)
		memcpy(copy, argv, (size_t)argc * sizeof(*copy));
	return copy;
}

_Static_assert(sizeof(((struct nsb_report_lab *)0)->reason) >= sizeof(((struct nsb_lab *)0)->reason),
	       "the report's lab reason holds the whole lab reason");

void nsb_report_lab_set(struct nsb_report_lab *out, const struct nsb_lab *lab)
{
	*out = (struct nsb_report_lab){
		.types = lab->types, .privileged = lab->privileged, .ok = lab->ok,
		.outer_uid = lab->outer_uid, .outer_gid = lab->outer_gid,
	};
	snprintf(out->reason, sizeof(out->reason), "%s", lab->reason);
}
