/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pid - report this process's view of its own identity.
 *
 * stdout:
 *   pid=<getpid()>   ppid=<getppid()>
 *   proc_self=<pid that /proc/self resolves to, or the errno name>
 *
 * The harness expects pid=1 and ppid=0 exactly when pid is in the
 * combination (PID-1); with pid+mnt a fresh /proc is mounted, so /proc/self
 * must name 1 as well (PID-2).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "probe.h"
#include "common/errname.h"

int main(void)
{
	char buf[PATH_MAX];
	ssize_t n;

	probe_put("pid", "%d", (int)getpid());
	probe_put("ppid", "%d", (int)getppid());
	n = readlink("/proc/self", buf, sizeof(buf) - 1);
	if (n < 0) {
		probe_put("proc_self", "%s", nsb_errno_name(errno));
	} else {
		buf[n] = '\0';
		probe_put("proc_self", "%s", buf);
	}
	return probe_done();
}
