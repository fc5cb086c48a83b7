/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc.c - IPC namespace isolation (IPC-1, IPC-3, IPC-4). The test parent
 * unshares its own IPC namespace first (.mutates), then creates the objects
 * the probe looks for: they live, and die, with that private namespace
 * inside the lab (SysV objects and POSIX queues of an IPC ns are freed
 * with it, ipc_namespaces(7)), so nothing is ever created in the lab's or
 * the machine's IPC namespace, even when a run is killed.
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
#include <unistd.h>

#include "suite.h"

/* Any key will do: the parent's IPC ns is private to the test. "nsb1". */
#define IPC_KEY "0x6e736231"
#define MSGMAX_SET 4321

static int sysctl_rw(const char *path, char *buf, size_t len, int set)
{
	int fd = open(path, (set ? O_WRONLY : O_RDONLY) | O_CLOEXEC), r = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	if (set) {
		if (dprintf(fd, "%d\n", set) < 0)
			r = -errno;
	} else {
		n = read(fd, buf, len - 1);
		if (n <= 0)
			r = n < 0 ? -errno : -EIO;
		else
			buf[n] = '\0', buf[strcspn(buf, "\n")] = '\0';
	}
	close(fd);
	return r;
}

static int ipc_before(struct nsb_tp *tp)
{
	key_t key = (key_t)strtol(IPC_KEY, NULL, 0);
	char name[128], val[64];
	/*
	 * The smallest queue: its bytes count against the user's RLIMIT_MSGQUEUE
	 * (EMFILE when exceeded, mq_open(3)) until the dead IPC ns is freed.
	 */
	struct mq_attr attr = { .mq_maxmsg = 1, .mq_msgsize = 1 };
	mqd_t mq;
	int r;

	if (shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600) < 0 ||
	    semget(key, 1, IPC_CREAT | IPC_EXCL | 0600) < 0 ||
	    msgget(key, IPC_CREAT | IPC_EXCL | 0600) < 0)
		return nsb_tp_refused(tp, "SysV shm, sem and msg objects in the test parent's IPC ns",
				      NSB_HOOK_OP, NSB_HOOK_NO_CAP, errno);
	snprintf(name, sizeof(name), "/%s", tp->token);
	mq = mq_open(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600, &attr);
	if (mq == (mqd_t)-1)
		return nsb_tp_refused(tp, "mq_open(O_CREAT) in the test parent's IPC ns", NSB_HOOK_OP,
				      NSB_HOOK_NO_CAP, errno);
	mq_close(mq);
	/* A fresh IPC ns holds the default: remember it, then change it. */
	if ((r = sysctl_rw("/proc/sys/kernel/msgmax", val, sizeof(val), 0)) < 0)
		return nsb_tp_refused(tp, "read /proc/sys/kernel/msgmax", NSB_HOOK_OP, NSB_HOOK_NO_CAP, r);
	nsb_tp_put(tp, "msgmax.default", "%s", val);
	/*
	 * An IPC ns's sysctls are writable by uid 0 of its owning user ns, by
	 * uid, not by capability (ipc_set_ownership(), ipc/ipc_sysctl.c): a
	 * refusal where nsbench runs as another user without a user ns of its own.
	 */
	if ((r = sysctl_rw("/proc/sys/kernel/msgmax", NULL, 0, MSGMAX_SET)) < 0 ||
	    (r = sysctl_rw("/proc/sys/kernel/msgmax", val, sizeof(val), 0)) < 0)
		return nsb_tp_refused(tp, "write /proc/sys/kernel/msgmax (the IPC ns's sysctls are "
				      "writable by uid 0 of its owning user ns only)", NSB_HOOK_OP,
				      NSB_HOOK_NO_CAP, r);
	nsb_tp_put(tp, "msgmax.set", "%s", val);
	return 0;
}

/*
 * The parent's SysV objects (by key, and in /proc/sysvipc), its POSIX
 * queue and its kernel.msgmax are seen exactly when the probe shares its
 * IPC ns; in a new one the same key is free and the sysctl is the default.
 */
static void expect_ipc(struct nsb_check *k)
{
	bool ipc = nsb_has(k, NSB_NS_IPC);
	const char *seen = ipc ? "ENOENT" : "ok";

	nsb_expect_str(k, "shm.get", NSB_EQ, seen);
	nsb_expect_str(k, "sem.get", NSB_EQ, seen);
	nsb_expect_str(k, "msg.get", NSB_EQ, seen);
	nsb_expect_int(k, "shm.proc", NSB_EQ, !ipc);
	nsb_expect_choice(k, "shm.create", ipc, "ok", "EEXIST");
	nsb_expect_str(k, "mq.open", NSB_EQ, seen);
	nsb_expect_key(k, "sysctl.msgmax", NSB_EQ, ipc ? "parent.msgmax.default" : "parent.msgmax.set");
	nsb_expect_key(k, "parent.msgmax.set", NSB_NE, "parent.msgmax.default");
}

static const struct nsb_test ipc_tests[] = {
	{ .name = "objects", .probe = "ipc", .args = NSB_ARGS(IPC_KEY, "@token"),
	  .expect = expect_ipc, .before = ipc_before, .mutates = NSB_MASK(NSB_NS_IPC),
	  .properties = "IPC-1,IPC-3,IPC-4" },
};

const struct nsb_suite nsb_suite_ipc =
	NSB_SUITE("ipc", "IPC namespaces: SysV objects, POSIX message queues, IPC sysctls", ipc_tests);
