/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ns-inodes-liar - reports true inodes, except that ns.net is its parent's
 * (via /proc/<ppid>) whenever it can see its parent (no pid ns) and may look
 * at it (no user ns): the ns-inodes test must fail exactly in the
 * combinations with net and without pid and user.
 */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/probe.h"
#include "common/nstypes.h"

int main(void)
{
	/* The /proc/self/ns entries in table order, then the *_for_children ones. */
	for (int i = 0; i < 2 * _NSB_NS_MAX; i++) {
		enum nsb_ns t = (enum nsb_ns)(i % _NSB_NS_MAX);
		const char *entry = i < _NSB_NS_MAX ? nsb_nstypes[t].name : nsb_nstypes[t].name_children;
		char path[64], key[64];
		struct stat st;

		if (!entry)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)getppid());
		if (i != NSB_NS_NET || getppid() == 0 || stat(path, &st) < 0)
			snprintf(path, sizeof(path), "/proc/self/ns/%s", entry);
		if (stat(path, &st) < 0)
			return probe_error(0, "stat %s", path);
		snprintf(key, sizeof(key), "ns.%s", entry);
		probe_put(key, "%llu", (unsigned long long)st.st_ino);
	}
	return probe_done();
}
