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
#define _GNU_SOURCE	/* O_PATH */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe.h"
#include "common/nstypes.h"

/* The entry's stat(2), through /proc/self/ns opened once (a path walk less per entry). */
static int put_entry(int dfd, const char *entry)
{
	char key[64];
	struct stat st;

	if (fstatat(dfd, entry, &st, 0) < 0)
		return probe_error(errno, "stat /proc/self/ns/%s", entry);
	snprintf(key, sizeof(key), "ns.%s", entry);
	probe_put(key, "%llu", (unsigned long long)st.st_ino);
	snprintf(key, sizeof(key), "nsdev.%s", entry);
	probe_put(key, "%llu", (unsigned long long)st.st_dev);
	return PROBE_OK;
}

int main(void)
{
	int dfd = open("/proc/self/ns", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (dfd < 0)
		return probe_error(errno, "open /proc/self/ns");
	/* The types in table order, then the *_for_children entries. */
	NSB_FOREACH_NS(t)
		if (put_entry(dfd, nsb_nstypes[t].name) != PROBE_OK)
			return PROBE_ERROR;
	NSB_FOREACH_NS(t)
		if (nsb_nstypes[t].name_children &&
		    put_entry(dfd, nsb_nstypes[t].name_children) != PROBE_OK)
			return PROBE_ERROR;
	close(dfd);
	return probe_done();
}
