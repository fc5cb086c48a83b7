/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * setns-liar - runs the real setns probe and passes its output on, except
 * that it claims setns(CLONE_NEWNS) from a process sharing its fs_struct
 * always failed with EINVAL. The kernel checks capabilities first, so
 * without CAP_SYS_ADMIN over its own mount ns (a new user ns without a new
 * mount ns) it answers EPERM: setns.join must fail exactly there.
 */
#define _GNU_SOURCE
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "probes/probe.h"

int main(int argc, char *argv[])
{
	char self[PATH_MAX], link[PATH_MAX], real[PATH_MAX + 16], cmd[2 * PATH_MAX], line[1024];
	ssize_t n;
	FILE *p;

	snprintf(self, sizeof(self), "%s", argv[0]);
	snprintf(link, sizeof(link), "%s/ns-inodes", dirname(self));
	n = readlink(link, real, sizeof(real) - 16);
	if (n < 0 || argc < 3)
		return probe_error(0, "cannot find the real probes");
	real[n] = '\0';
	snprintf(cmd, sizeof(cmd), "%s/setns %s %s", dirname(real), argv[1], argv[2]);
	p = popen(cmd, "r");
	if (!p)
		return probe_error(0, "popen");
	while (fgets(line, sizeof(line), p))
		fputs(strncmp(line, "mnt.shared_fs=", 14) == 0 ? "mnt.shared_fs=EINVAL\n" : line, stdout);
	return pclose(p) == 0 ? probe_done() : PROBE_ERROR;
}
