/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * labs-broken - a broken setup, not a lie: runs the real labs probe
 * (../probes/labs beside this build's liars/), adding "broken" when the
 * lab named in $NSB_LABS_BREAK is the one asked for, so the probe leaves
 * out the one step that lab depends on (see probes/labs.c) and reports
 * what real traffic then does. Only that lab's row may fail.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

int main(int argc, char **argv)
{
	const char *want = getenv("NSB_LABS_BREAK");
	char self[PATH_MAX], real[PATH_MAX + 16], *args[40];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int k = 0;

	if (n < 0 || argc > 36)
		return probe_error(n < 0 ? errno : E2BIG, "readlink /proc/self/exe");
	self[n] = '\0';
	snprintf(real, sizeof(real), "%s/../probes/labs", dirname(self));
	args[k++] = real;
	for (int i = 1; i < argc; i++)
		args[k++] = argv[i];
	if (argc > 1 && want && strcmp(want, argv[1]) == 0)
		args[k++] = "broken";
	args[k] = NULL;
	execv(real, args);
	return probe_error(errno, "exec %s", real);
}
