/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cgroup-liar - runs the real cgroup probe (../probes/cgroup next to its
 * own binary) and passes its lines on, except that a refused cgroup2 mount
 * becomes "ok": cgroup.view must fail exactly where a user ns lacks its own
 * cgroup and mount namespaces, and pass everywhere else.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probes/probe.h"

int main(int argc, char *argv[])
{
	char exe[PATH_MAX], real[PATH_MAX + 32], line[4096];
	ssize_t n;
	FILE *f;
	int st;

	(void)argc;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		return probe_error(errno, "readlink /proc/self/exe");
	exe[n] = '\0';
	snprintf(real, sizeof(real), "%s/../probes/cgroup", dirname(exe));
	/* popen() takes a shell command: run it with argv through "exec" and quote-free paths. */
	snprintf(line, sizeof(line), "exec '%s' '%s'", real, argv[1] ? argv[1] : "");
	f = popen(line, "r");
	if (!f)
		return probe_error(errno, "popen");
	while (fgets(line, sizeof(line), f)) {
		if (strcmp(line, "cgroup2.mount=EPERM\n") == 0) {
			fputs("cgroup2.mount=ok\ncgroup2.root=/\n", stdout);
			continue;
		}
		fputs(line, stdout);
	}
	st = pclose(f);
	if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return probe_error(0, "real probe failed (%d)", st);
	return probe_done();
}
