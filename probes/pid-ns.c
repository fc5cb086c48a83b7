/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pid-ns - what this process sees of its pid namespace and of the test
 * parent's. The test parent's pid (in its own namespace, the lab's) comes in
 * $NSBENCH_TP_PID: a probe in a new pid ns has no way to learn it, and that
 * number is the meaningful target, because it is never 1 (the lab's init
 * is) and, before this probe forks, the only pid of a new namespace is 1.
 *
 * stdout:
 *   pid, ppid                 getpid(), getppid()
 *   sid.inherited, pgid.inherited   getsid(0), getpgid(0) as cloned: 0 when
 *                             the session and group leaders are not in our ns
 *   setsid                    "ok" or the errno name; the probe calls setsid()
 *                             itself (as pidns tests do), since a cloned child
 *                             starts in its parent's session and group
 *   sid, pgid                 after setsid()
 *   proc.count                numeric entries of /proc (pids listed)
 *   proc.tp                   stat("/proc/<test parent>"): "ok" or errno name
 *   kill.tp                   kill(<test parent>, 0): "ok" or errno name (ESRCH)
 *   nspid.levels, nspid.first, nspid.last   the NSpid line of /proc/self/status
 *
 * After setsid() the probe leaves the test parent's process group; it still
 * dies with the test parent (PR_SET_PDEATHSIG survives execve).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe.h"
#include "common/errname.h"

static int count_proc_pids(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -errno;
	while ((e = readdir(d)))
		n += isdigit((unsigned char)e->d_name[0]) ? 1 : 0;
	closedir(d);
	return n;
}

/* NSpid: one pid per level, from the /proc mount's pid ns down to ours. */
static int put_nspid(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256], *tok, *save = NULL;
	int levels = 0;
	long first = -1, last = -1;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "NSpid:", 6) == 0)
			break;
	fclose(f);
	if (strncmp(line, "NSpid:", 6) != 0)
		return -ENOENT;
	for (tok = strtok_r(line + 6, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		last = strtol(tok, NULL, 10);
		if (!levels++)
			first = last;
	}
	probe_put("nspid.levels", "%d", levels);
	probe_put("nspid.first", "%ld", first);
	probe_put("nspid.last", "%ld", last);
	return 0;
}

int main(void)
{
	const char *tp_env = getenv("NSBENCH_TP_PID");
	char path[64];
	struct stat st;
	pid_t tp;
	int n;

	if (!tp_env || (tp = (pid_t)atoi(tp_env)) <= 1)
		return probe_error(0, "NSBENCH_TP_PID not set by the test parent");
	probe_put("pid", "%d", (int)getpid());
	probe_put("ppid", "%d", (int)getppid());
	probe_put("sid.inherited", "%d", (int)getsid(0));
	probe_put("pgid.inherited", "%d", (int)getpgid(0));
	probe_put("setsid", "%s", nsb_errno_name(setsid() < 0 ? errno : 0));
	probe_put("sid", "%d", (int)getsid(0));
	probe_put("pgid", "%d", (int)getpgid(0));
	n = count_proc_pids();
	if (n < 0)
		return probe_error(-n, "opendir /proc");
	probe_put("proc.count", "%d", n);
	snprintf(path, sizeof(path), "/proc/%d", (int)tp);
	probe_put("proc.tp", "%s", nsb_errno_name(stat(path, &st) < 0 ? errno : 0));
	probe_put("kill.tp", "%s", nsb_errno_name(kill(tp, 0) < 0 ? errno : 0));
	n = put_nspid();
	if (n < 0)
		return probe_error(-n, "NSpid in /proc/self/status");
	return probe_done();
}
