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

static const char *const entries[] = { "pid", "uts", "ipc", "mnt", "net", "user",
				       "cgroup", "time", "pid_for_children", "time_for_children" };

int main(void)
{
	for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
		char path[64], key[64];
		struct stat st;

		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)getppid());
		if (i != 4 || getppid() == 0 || stat(path, &st) < 0)
			snprintf(path, sizeof(path), "/proc/self/ns/%s", entries[i]);
		if (stat(path, &st) < 0)
			return probe_error(0, "stat %s", path);
		snprintf(key, sizeof(key), "ns.%s", entries[i]);
		probe_put(key, "%llu", (unsigned long long)st.st_ino);
	}
	return probe_done();
}
