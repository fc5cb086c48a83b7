/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mountapi-uapi.h - the listmount(2)/statmount(2) ABI. Debian 12's
 * <linux/mount.h> (6.1 headers) lacks it, so it is defined here as the
 * kernel's include/uapi/linux/mount.h defines it (struct mnt_id_req
 * VER0 24 / VER1 32 bytes, struct statmount up to mnt_ns_id, the
 * STATMOUNT_* mask bits, LSMT_ROOT), with the x86-64 numbers of
 * arch/x86/entry/syscalls/syscall_64.tbl (statmount 457, listmount 458).
 * Used by the mountapi and mountapi-notify probes and the test parent's hook
 * (suites/mountapi.c).
 */
#ifndef NSB_MOUNTAPI_UAPI_H
#define NSB_MOUNTAPI_UAPI_H

#include <stdint.h>

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
