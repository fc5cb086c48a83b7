/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nstypes.h - THE table of namespace types. Every other file that needs a
 * fact about a type (name, flag, /proc entry, kernel config, sysctl) reads it
 * from here. The enum order fixes bit positions: a combination is a mask of
 * (1u << type).
 */
#ifndef NSB_NSTYPES_H
#define NSB_NSTYPES_H

#include <errno.h>

enum nsb_ns {
	NSB_NS_PID,
	NSB_NS_UTS,
	NSB_NS_IPC,
	NSB_NS_MNT,
	NSB_NS_NET,
	NSB_NS_USER,
	NSB_NS_CGROUP,
	NSB_NS_TIME,
	_NSB_NS_MAX,
	_NSB_NS_INVALID = -EINVAL,
};

struct nsb_nstype {
	const char *name;		/* CLI, reports and /proc/<pid>/ns/<name> */
	const char *name_children;	/* the ns entry the next child enters, or NULL */
	unsigned long clone_flag;	/* CLONE_NEW* */
	const char *flag_name;		/* "CLONE_NEWPID", for messages */
	const char *kconfig;		/* kernel config symbol that enables it */
	const char *sysctl;		/* per-user-ns limit, relative to /proc/sys */
	unsigned init_ino;		/* inode of the machine's initial ns (fixed; net, mnt since 6.18) */
	unsigned pidfd_nr;		/* nr of PIDFD_GET_<TYPE>_NAMESPACE: _IO(PIDFS_IOCTL_MAGIC, nr) */
	unsigned pidfd_nr_children;	/* the same for name_children, or 0 */
};

extern const struct nsb_nstype nsb_nstypes[_NSB_NS_MAX];

#define NSB_FOREACH_NS(t) for (enum nsb_ns t = 0; t < _NSB_NS_MAX; t++)
#define NSB_MASK(t) (1u << (t))
#define NSB_ALL_MASK ((1u << _NSB_NS_MAX) - 1)

/*
 * The order in which to join the types one by one with setns(2): the user
 * ns first. Joining a user ns gives the caller every capability in it
 * (user_namespaces(7)), and setns(2) checks CAP_SYS_ADMIN over the owner of
 * each other namespace joined, so joining the target's user ns first makes
 * those checks pass exactly when the target owns the others. The rest
 * follow in the order the setns probe, its rule and their unit test have
 * always used (their keys come out in this order).
 */
extern const enum nsb_ns nsb_ns_join_order[_NSB_NS_MAX];

/*
 * The /proc/self/ns entry ("uts", "pid_for_children") whose namespace
 * PIDFD_GET_*_NAMESPACE number @nr returns (include/uapi/linux/pidfd.h,
 * 1..10), or NULL for no such number. Iterating nr from 1 walks them in the
 * kernel's order.
 */
const char *nsb_pidfd_entry(unsigned nr);

/* Returns the type named @name, or _NSB_NS_INVALID. */
enum nsb_ns nsb_ns_from_name(const char *name);
/* Returns the type whose CLONE_NEW* flag is @flag, or _NSB_NS_INVALID. */
enum nsb_ns nsb_ns_from_flag(unsigned long flag);
/* "pid,uts,ipc,mnt,net,user,cgroup,time" for help texts and error messages. */
const char *nsb_ns_known_names(void);
/* "CLONE_NEWUSER|CLONE_NEWNET" (table order) for the flags of a mask, "0" if none. */
char *nsb_ns_flag_names(unsigned mask, char *buf, unsigned long len);

#endif
