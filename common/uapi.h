/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * uapi.h - the kernel ABI nsbench uses that Debian 12's 6.1 headers lack,
 * defined exactly as the kernel's uapi headers define it, in one place for
 * the harness and the probes:
 * - include/uapi/linux/sched.h: CLONE_NEWTIME (5.6); clone3's struct
 *   clone_args comes from <linux/sched.h> itself (5.3 headers);
 * - include/uapi/linux/close_range.h: CLOSE_RANGE_CLOEXEC (5.11);
 * - include/uapi/linux/wait.h: P_PIDFD (5.4);
 * - include/uapi/linux/nsfs.h (NS_GET_MNTNS_ID 5, NS_MNT_GET_* 10-12,
 *   NS_GET_ID 13, struct nsfs_file_handle; the initial inodes are
 *   nsb_nstypes[].init_ino),
 *   include/uapi/linux/pidfd.h (PIDFS_IOCTL_MAGIC 0xFF, 1..10),
 *   include/uapi/linux/fcntl.h (FD_NSFS_ROOT -10003),
 *   include/linux/exportfs.h (FILEID_NSFS 0xf1) and
 *   arch/x86/entry/syscalls/syscall_64.tbl (listns 470, added in 6.19);
 * - include/uapi/linux/mount.h: listmount(2)/statmount(2) (struct
 *   mnt_id_req VER0 24 / VER1 32 bytes, struct statmount up to mnt_ns_id,
 *   the STATMOUNT_* mask bits, LSMT_ROOT), with the x86-64 numbers
 *   (statmount 457, listmount 458).
 */
#ifndef NSB_UAPI_H
#define NSB_UAPI_H

#include <stdint.h>
#include <sys/ioctl.h>
#include <linux/nsfs.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

#ifndef NS_GET_MNTNS_ID
#define NS_GET_MNTNS_ID _IOR(NSIO, 0x5, uint64_t)
#endif
#ifndef NS_MNT_GET_INFO
struct mnt_ns_info {
	uint32_t size;
	uint32_t nr_mounts;
	uint64_t mnt_ns_id;
};
#define MNT_NS_INFO_SIZE_VER0 16
#define NS_MNT_GET_INFO _IOR(NSIO, 10, struct mnt_ns_info)
#define NS_MNT_GET_NEXT _IOR(NSIO, 11, struct mnt_ns_info)
#define NS_MNT_GET_PREV _IOR(NSIO, 12, struct mnt_ns_info)
#endif
#ifndef NS_GET_ID
#define NS_GET_ID _IOR(NSIO, 13, uint64_t)
#endif

/* What name_to_handle_at() returns for an nsfs file (6.18+). */
struct nsb_nsfs_handle {
	uint64_t ns_id;
	uint32_t ns_type;
	uint32_t ns_inum;
};
#define NSB_FILEID_NSFS 0xf1
#define NSB_FD_NSFS_ROOT (-10003)

#define NSB_PIDFS_IOCTL_MAGIC 0xFF
/* The pidfs ioctls refuse a non-zero argument (EINVAL): always pass 0. */
#define NSB_PIDFD_GET_NS(nr) _IO(NSB_PIDFS_IOCTL_MAGIC, (nr))

#ifndef SIOCGSKNS
#define SIOCGSKNS 0x894C
#endif
#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

#define NSB_NR_LISTNS 470
struct nsb_ns_id_req {
	uint32_t size;
	uint32_t spare;
	uint64_t ns_id;
	uint32_t ns_type;
	uint32_t spare2;
	uint64_t user_ns_id;
};
#define NSB_NS_ID_REQ_SIZE_VER0 32


/* ---- listmount(2), statmount(2) ---- */

#define NSB_NR_STATMOUNT 457
#define NSB_NR_LISTMOUNT 458

struct nsb_mnt_id_req {
	uint32_t size;
	uint32_t spare;		/* mnt_ns_fd since 6.18, 0 otherwise */
	uint64_t mnt_id;
	uint64_t param;		/* statmount: mask; listmount: last mnt id */
	uint64_t mnt_ns_id;	/* VER1: another mount ns by id, 0 = ours */
};
#define NSB_MNT_ID_REQ_SIZE_VER0 24
#define NSB_MNT_ID_REQ_SIZE_VER1 32

struct nsb_statmount {
	uint32_t size;
	uint32_t mnt_opts;
	uint64_t mask;
	uint32_t sb_dev_major;
	uint32_t sb_dev_minor;
	uint64_t sb_magic;
	uint32_t sb_flags;
	uint32_t fs_type;
	uint64_t mnt_id;
	uint64_t mnt_parent_id;
	uint32_t mnt_id_old;
	uint32_t mnt_parent_id_old;
	uint64_t mnt_attr;
	uint64_t mnt_propagation;
	uint64_t mnt_peer_group;
	uint64_t mnt_master;
	uint64_t propagate_from;
	uint32_t mnt_root;
	uint32_t mnt_point;
	uint64_t mnt_ns_id;
	uint64_t spare[49];
	char str[];
};

#define NSB_STATMOUNT_MNT_BASIC 0x00000002U
#define NSB_STATMOUNT_MNT_POINT 0x00000010U
#define NSB_STATMOUNT_MNT_NS_ID 0x00000040U
#define NSB_LSMT_ROOT 0xffffffffffffffffULL

/* include/uapi/linux/stat.h: the 64-bit unique mount id (6.8+). */
#define NSB_STATX_MNT_ID_UNIQUE 0x00004000U

#endif
