/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsfs-uapi.h - the nsfs, pidfs and listns() ABI the nsfs and setns probes
 * use. Debian 12's <linux/nsfs.h> stops at NS_GET_OWNER_UID (6.1 headers),
 * so newer values are defined here exactly as the kernel's uapi headers
 * define them: include/uapi/linux/nsfs.h (NS_GET_MNTNS_ID 5, NS_MNT_GET_*
 * 10-12, NS_GET_ID 13, struct nsfs_file_handle, init_ns_ino),
 * include/uapi/linux/pidfd.h (PIDFS_IOCTL_MAGIC 0xFF, 1..10),
 * include/uapi/linux/fcntl.h (FD_NSFS_ROOT -10003),
 * include/linux/exportfs.h (FILEID_NSFS 0xf1) and
 * arch/x86/entry/syscalls/syscall_64.tbl (listns 470, added in 6.19).
 */
#ifndef NSB_NSFS_UAPI_H
#define NSB_NSFS_UAPI_H

#include <stdint.h>
#include <sys/ioctl.h>
#include <linux/nsfs.h>

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

/* The initial namespaces' fixed inodes (enum init_ns_ino, 6.18). */
#define NSB_TIME_NS_INIT_INO 0xEFFFFFFAU

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

#endif
