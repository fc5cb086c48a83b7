/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nstypes.c - the one table of namespace types, and lookups over it. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "nstypes.h"
#include "common/uapi.h"

/*
 * init_ino: include/linux/proc_ns.h, PROC_*_INIT_INO (PROPERTIES.md ID-2).
 * pidfd_nr, pidfd_nr_children: include/uapi/linux/pidfd.h PIDFD_GET_*_NAMESPACE.
 */
const struct nsb_nstype nsb_nstypes[_NSB_NS_MAX] = {
	[NSB_NS_PID]    = { "pid",    "pid_for_children",  CLONE_NEWPID, "CLONE_NEWPID",    "CONFIG_PID_NS",  "user/max_pid_namespaces", 0xEFFFFFFC, 5, 6 },
	[NSB_NS_UTS]    = { "uts",    NULL,                CLONE_NEWUTS, "CLONE_NEWUTS",    "CONFIG_UTS_NS",  "user/max_uts_namespaces", 0xEFFFFFFE, 10, 0 },
	[NSB_NS_IPC]    = { "ipc",    NULL,                CLONE_NEWIPC, "CLONE_NEWIPC",    "CONFIG_IPC_NS",  "user/max_ipc_namespaces", 0xEFFFFFFF, 2, 0 },
	/* The kernel's flag for mount namespaces is CLONE_NEWNS; /proc calls it "mnt". */
	[NSB_NS_MNT]    = { "mnt",    NULL,                CLONE_NEWNS, "CLONE_NEWNS", NULL,           "user/max_mnt_namespaces", 0xEFFFFFF8, 3, 0 },
	[NSB_NS_NET]    = { "net",    NULL,                CLONE_NEWNET, "CLONE_NEWNET",    "CONFIG_NET_NS",  "user/max_net_namespaces", 0xEFFFFFF9, 4, 0 },
	[NSB_NS_USER]   = { "user",   NULL,                CLONE_NEWUSER, "CLONE_NEWUSER",   "CONFIG_USER_NS", "user/max_user_namespaces", 0xEFFFFFFD, 9, 0 },
	[NSB_NS_CGROUP] = { "cgroup", NULL,                CLONE_NEWCGROUP, "CLONE_NEWCGROUP", "CONFIG_CGROUPS", "user/max_cgroup_namespaces", 0xEFFFFFFB, 1, 0 },
	[NSB_NS_TIME]   = { "time",   "time_for_children", CLONE_NEWTIME, "CLONE_NEWTIME",   "CONFIG_TIME_NS", "user/max_time_namespaces", 0xEFFFFFFA, 7, 8 },
};

const enum nsb_ns nsb_ns_join_order[_NSB_NS_MAX] = {
	NSB_NS_USER, NSB_NS_MNT, NSB_NS_UTS, NSB_NS_IPC, NSB_NS_NET, NSB_NS_CGROUP, NSB_NS_PID,
	NSB_NS_TIME,
};

const char *nsb_pidfd_entry(unsigned nr)
{
	NSB_FOREACH_NS(t) {
		if (nsb_nstypes[t].pidfd_nr == nr)
			return nsb_nstypes[t].name;
		if (nsb_nstypes[t].pidfd_nr_children == nr && nr)
			return nsb_nstypes[t].name_children;
	}
	return NULL;
}

enum nsb_ns nsb_ns_from_name(const char *name)
{
	NSB_FOREACH_NS(t)
		if (strcmp(nsb_nstypes[t].name, name) == 0)
			return t;
	return _NSB_NS_INVALID;
}

enum nsb_ns nsb_ns_from_flag(unsigned long flag)
{
	NSB_FOREACH_NS(t)
		if (nsb_nstypes[t].clone_flag == flag)
			return t;
	return _NSB_NS_INVALID;
}

const char *nsb_ns_known_names(void)
{
	static char buf[64];

	if (!buf[0])
		NSB_FOREACH_NS(t) {
			if (t)
				strcat(buf, ",");
			strcat(buf, nsb_nstypes[t].name);
		}
	return buf;
}

char *nsb_ns_flag_names(unsigned mask, char *buf, unsigned long len)
{
	unsigned long off = 0;

	snprintf(buf, len, "0");
	NSB_FOREACH_NS(t) {
		if (!(mask & NSB_MASK(t)))
			continue;
		int n = snprintf(buf + off, len > off ? len - off : 0, "%s%s", off ? "|" : "",
				 nsb_nstypes[t].flag_name);
		if (n > 0)
			off += (unsigned long)n;
	}
	return buf;
}
