/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc - which IPC objects and IPC sysctls this process sees. The test
 * parent, in a private IPC namespace inside the lab, created a SysV shared
 * memory segment, semaphore set and message queue with key argv[1], a POSIX
 * message queue "/<argv[2]>", and changed kernel.msgmax.
 *
 * usage: ipc KEY TOKEN
 * stdout:
 *   shm.get, sem.get, msg.get  xxxget(KEY) without IPC_CREAT: "ok" or ENOENT
 *   shm.proc      1 when /proc/sysvipc/shm (this IPC ns, at open) lists KEY
 *   shm.create    shmget(KEY, IPC_CREAT|IPC_EXCL): "ok" (then removed
 *                 again) or EEXIST: the same key is free in another IPC ns
 *   mq.open       mq_open("/TOKEN", O_RDONLY): "ok" or ENOENT (mq_overview(7):
 *                 queues live in the IPC ns; no /dev/mqueue mount is needed)
 *   sysctl.msgmax /proc/sys/kernel/msgmax as read here (the reader's IPC ns)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "probe.h"
#include "common/errname.h"

static const char *got(int id)
{
	return nsb_errno_name(id < 0 ? errno : 0);
}

/* /proc/sysvipc/shm: a header line, then "key shmid perms ..." per segment. */
static int proc_lists(key_t key)
{
	FILE *f = fopen("/proc/sysvipc/shm", "re");
	char line[512];
	long k;
	int found = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%ld", &k) == 1 && (key_t)k == key)
			found = 1;
	fclose(f);
	return found;
}

static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");

	if (!f)
		return -errno;
	if (!fgets(buf, (int)len, f)) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int main(int argc, char *argv[])
{
	char name[128], val[64];
	key_t key;
	char *end;
	int id, r;
	mqd_t mq;

	if (argc != 3)
		return probe_error(0, "usage: ipc KEY TOKEN");
	key = (key_t)strtol(argv[1], &end, 0);
	if (*end || key == IPC_PRIVATE)
		return probe_error(0, "bad key %s", argv[1]);
	probe_put("shm.get", "%s", got(shmget(key, 0, 0)));
	probe_put("sem.get", "%s", got(semget(key, 0, 0)));
	probe_put("msg.get", "%s", got(msgget(key, 0)));
	r = proc_lists(key);
	if (r < 0)
		return probe_error(-r, "/proc/sysvipc/shm");
	probe_put("shm.proc", "%d", r);
	id = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
	probe_put("shm.create", "%s", got(id));
	if (id >= 0 && shmctl(id, IPC_RMID, NULL) < 0)
		return probe_error(errno, "shmctl IPC_RMID");

	snprintf(name, sizeof(name), "/%s", argv[2]);
	mq = mq_open(name, O_RDONLY | O_CLOEXEC);
	probe_put("mq.open", "%s", nsb_errno_name(mq == (mqd_t)-1 ? errno : 0));
	if (mq != (mqd_t)-1)
		mq_close(mq);
	r = read_line("/proc/sys/kernel/msgmax", val, sizeof(val));
	if (r < 0)
		return probe_error(-r, "read kernel.msgmax");
	probe_put("sysctl.msgmax", "%s", val);
	return probe_done();
}
