/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ns-inodes - report the nsfs (dev, inode) of every /proc/self/ns entry.
 *
 * stdout:
 *   ns.<type>=<inode>          for pid uts ipc mnt net user cgroup time
 *   ns.pid_for_children=<inode>, ns.time_for_children=<inode>
 *   nsdev.<type>=<dev>         the nsfs device (the same for all entries)
 *
 * The harness compares each inode with its own (the test parent's): it must
 * differ exactly when the type is in the combination (ID-1).
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "probe.h"

static const char *const entries[] = {
	"pid", "uts", "ipc", "mnt", "net", "user", "cgroup", "time",
	"pid_for_children", "time_for_children",
};

int main(void)
{
	for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
		char path[64], key[64];
		struct stat st;

		snprintf(path, sizeof(path), "/proc/self/ns/%s", entries[i]);
		if (stat(path, &st) < 0)
			return probe_error(errno, "stat %s", path);
		snprintf(key, sizeof(key), "ns.%s", entries[i]);
		probe_put(key, "%llu", (unsigned long long)st.st_ino);
		snprintf(key, sizeof(key), "nsdev.%s", entries[i]);
		probe_put(key, "%llu", (unsigned long long)st.st_dev);
	}
	return probe_done();
}
