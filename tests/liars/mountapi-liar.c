/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mountapi-liar - stands in for the mountapi, mountapi-timens or
 * mountapi-notify probe (which one: the name it was started as), runs the
 * real one and passes its output on with one lie each:
 *   mountapi:        the test parent's mount ns is always within reach
 *                    (other.listmount=ok, other.statmount=ok,
 *                    other.ns_id=ns.parent). The kernel refuses it without
 *                    CAP_SYS_ADMIN over its owner: with a new user ns.
 *                    mountapi.listmount must fail exactly there, and
 *                    mountapi.propagation never (it does not look).
 *   mountapi-timens: an entered time ns is the only reason offsets are
 *                    refused (tfc.write=EACCES). Without CAP_SYS_TIME over
 *                    the owner it is EPERM: with a new user ns, as root.
 *   mountapi-notify: the group marking the other mount ns saw our mount
 *                    (other.after_own=attach:other): false everywhere.
 *
 * The real probes live where the probe directory's other links point.
 */
#define _GNU_SOURCE
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "probes/probe.h"

static int starts(const char *line, const char *key)
{
	return strncmp(line, key, strlen(key)) == 0;
}

int main(int argc, char *argv[])
{
	char self[PATH_MAX], name[PATH_MAX], link[PATH_MAX], real[PATH_MAX + 16];
	char cmd[2 * PATH_MAX + 64], line[1024], parent[64] = "";
	const char *which;
	int timens, notify;
	ssize_t n;
	FILE *p;

	snprintf(self, sizeof(self), "%s", argv[0]);
	snprintf(name, sizeof(name), "%s", argv[0]);
	which = basename(name);
	timens = strcmp(which, "mountapi-timens") == 0;
	notify = strcmp(which, "mountapi-notify") == 0;
	snprintf(link, sizeof(link), "%s/ns-inodes", dirname(self));
	n = readlink(link, real, sizeof(real) - 16);
	if (n < 0 || (timens && argc != 2))
		return probe_error(0, "cannot find the real probes");
	real[n] = '\0';
	/* The row's argument (an offset, "propagation", "listmount") goes to the real probe. */
	if (argc >= 2 && strspn(argv[1], "abcdefghijklmnopqrstuvwxyz0123456789") != strlen(argv[1]))
		return probe_error(0, "unexpected argument");
	snprintf(cmd, sizeof(cmd), "%s/%s %s", dirname(real),
		 timens ? "mountapi-timens" : notify ? "mountapi-notify" : "mountapi",
		 argc >= 2 ? argv[1] : "");
	p = popen(cmd, "r");
	if (!p)
		return probe_error(0, "popen");
	while (fgets(line, sizeof(line), p)) {
		if (starts(line, "ns.parent="))
			snprintf(parent, sizeof(parent), "%s", line + 10);
		if (timens ? starts(line, "tfc.write=") :
		    notify ? starts(line, "other.after_own=") : starts(line, "other."))
			continue;
		fputs(line, stdout);
	}
	if (timens) {
		printf("tfc.write=EACCES\n");
	} else if (notify) {
		printf("other.after_own=attach:other\n");
	} else {
		printf("other.listmount=ok\nother.statmount=ok\n");
		printf("other.ns_id=%s", parent);
	}
	return pclose(p) == 0 ? probe_done() : PROBE_ERROR;
}
