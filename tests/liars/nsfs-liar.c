/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsfs-liar - runs the real nsfs probe and passes its output on, except
 * that it claims SIOCGSKNS always worked (skns.own = its netns inode). The
 * kernel refuses it (EPERM) without CAP_NET_ADMIN over the socket's netns
 * owner: in a new user ns without a new netns. nsfs.ioctls must fail
 * exactly in those combinations.
 *
 * The real probe lives where the probe directory's other links point.
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
	char net[64] = "", skns[1024] = "";
	ssize_t n;
	FILE *p;

	snprintf(self, sizeof(self), "%s", argv[0]);
	snprintf(link, sizeof(link), "%s/ns-inodes", dirname(self));
	n = readlink(link, real, sizeof(real) - 16);
	if (n < 0 || argc < 2)
		return probe_error(0, "cannot find the real probes");
	real[n] = '\0';
	snprintf(cmd, sizeof(cmd), "%s/nsfs %s", dirname(real), argv[1]);
	p = popen(cmd, "r");
	if (!p)
		return probe_error(0, "popen");
	while (fgets(line, sizeof(line), p)) {
		if (strncmp(line, "ns.net=", 7) == 0)
			snprintf(net, sizeof(net), "%s", line + 7);
		if (strncmp(line, "skns.own=", 9) == 0) {
			snprintf(skns, sizeof(skns), "%s", line);
			continue;
		}
		fputs(line, stdout);
	}
	if (skns[0])
		printf("skns.own=%s", net);
	return pclose(p) == 0 ? probe_done() : PROBE_ERROR;
}
