/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsfs.c - the introspection API of namespaces: the nsfs ioctls
 * (ioctl_nsfs(2)), PIDFD_GET_*_NAMESPACE, nsfs file handles, SIOCGSKNS and
 * listns(). Every expectation, errno included, follows from the combination
 * and from what the test parent saw of its own namespaces (parent.*).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/nsfs.h>

#include "suite.h"
#include "common/errname.h"
#include "common/uapi.h"

static void put_fd_or_errno(struct nsb_tp *tp, const char *key, int fd)
{
	struct stat st;

	if (fd < 0) {
		nsb_tp_put(tp, key, "%s", nsb_errno_name(errno));
		return;
	}
	nsb_tp_put(tp, key, "%llu", fstat(fd, &st) < 0 ? 0ULL : (unsigned long long)st.st_ino);
	close(fd);
}

/* The test parent's ids, owners and owner uid, for the rules to compare with. */
static int ioctls_before(struct nsb_tp *tp)
{
	char path[64], key[64];
	uid_t uid;
	int fd;

	NSB_FOREACH_NS(t) {
		uint64_t id = 0;

		snprintf(path, sizeof(path), "/proc/self/ns/%s", nsb_nstypes[t].name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		snprintf(key, sizeof(key), "id.%s", nsb_nstypes[t].name);
		if (ioctl(fd, NS_GET_ID, &id) < 0)
			nsb_tp_put(tp, key, "%s", nsb_errno_name(errno));
		else
			nsb_tp_put(tp, key, "%llu", (unsigned long long)id);
		snprintf(key, sizeof(key), "owner.%s", nsb_nstypes[t].name);
		put_fd_or_errno(tp, key, ioctl(fd, NS_GET_USERNS));
		if (t == NSB_NS_USER) {
			if (ioctl(fd, NS_GET_OWNER_UID, &uid) < 0)
				nsb_tp_put(tp, "owner_uid", "%s", nsb_errno_name(errno));
			else
				nsb_tp_put(tp, "owner_uid", "%u", (unsigned)uid);
		}
		close(fd);
	}
	return 0;
}

static void keyf(char *buf, size_t len, const char *prefix, enum nsb_ns t)
{
	snprintf(buf, len, "%s.%s", prefix, nsb_nstypes[t].name);
}

/*
 * NS_GET_USERNS (ioctl_nsfs(2)) answers EPERM when the owner is outside the
 * caller's user ns subtree. A namespace the probe's clone3 created is owned
 * by the probe's user ns; the time ns is made by the test parent, so with
 * a new user ns it is owned from above; anything inherited is owned where
 * the parent's is, which the probe can see only without a new user ns.
 */
static void expect_owner(struct nsb_check *k, enum nsb_ns t)
{
	bool user = nsb_has(k, NSB_NS_USER), in = nsb_has(k, t);
	char key[64], parent[64];

	keyf(key, sizeof(key), "owner", t);
	keyf(parent, sizeof(parent), "parent.owner", t);
	if (t == NSB_NS_USER)
		/* The owner of a user ns is its parent: above the probe when new. */
		user ? nsb_expect_str(k, key, NSB_EQ, "EPERM") : nsb_expect_key(k, key, NSB_EQ, parent);
	else if (in && (t != NSB_NS_TIME || !user))
		nsb_expect_key(k, key, NSB_EQ, "ns.user");
	else if (user)
		nsb_expect_str(k, key, NSB_EQ, "EPERM");
	else
		nsb_expect_key(k, key, NSB_EQ, parent);
}

static void expect_ids(struct nsb_check *k)
{
	const char *has = nsb_get(k, "has_ns_get_id");
	char key[64], parent[64];

	if (has && strcmp(has, "0") == 0) {
		/* A kernel before NS_GET_ID answers ENOTTY, for every type alike. */
		NSB_FOREACH_NS(t) {
			keyf(key, sizeof(key), "id", t);
			nsb_expect_str(k, key, NSB_EQ, "ENOTTY");
		}
		return;
	}
	NSB_FOREACH_NS(t) {
		keyf(key, sizeof(key), "id", t);
		keyf(parent, sizeof(parent), "parent.id", t);
		nsb_expect_str(k, key, NSB_NE, "0");
		nsb_expect_key(k, key, nsb_has(k, t) ? NSB_NE : NSB_EQ, parent);
	}
	/* One id space: SO_NETNS_COOKIE and NS_GET_MNTNS_ID are the same numbers (ID-3). */
	nsb_expect_key(k, "netns_cookie", NSB_EQ, "id.net");
	nsb_expect_key(k, "mntns_id", NSB_EQ, "id.mnt");
}

/* SIOCGSKNS needs CAP_NET_ADMIN over the socket's netns owner (socket(7)). */
static void expect_skns(struct nsb_check *k, bool cap)
{
	bool user = nsb_has(k, NSB_NS_USER), net = nsb_has(k, NSB_NS_NET);

	(void)cap;
	/* With a user ns of its own the probe is admin only of its own netns; else it has the test parent's caps. */
	if (user ? net : nsb_parent_has_cap(k, CAP_NET_ADMIN))
		nsb_expect_key(k, "skns.own", NSB_EQ, "ns.net");
	else
		nsb_expect_str(k, "skns.own", NSB_EQ, "EPERM");
	nsb_expect_str(k, "skns.enotty", NSB_EQ, "ENOTTY");
}

static void expect_ioctls(struct nsb_check *k)
{
	bool cap = nsb_probe_has_cap(k, CAP_SYS_ADMIN);
	char key[64], want[64];

	NSB_FOREACH_NS(t) {
		keyf(key, sizeof(key), "nstype", t);
		snprintf(want, sizeof(want), "%lu", nsb_nstypes[t].clone_flag);
		nsb_expect_str(k, key, NSB_EQ, want);
		expect_owner(k, t);
		/* Only pid and user are hierarchical; their parents are above the probe's scope. */
		keyf(key, sizeof(key), "getparent", t);
		nsb_expect_str(k, key, NSB_EQ, t == NSB_NS_PID || t == NSB_NS_USER ? "EPERM" : "EINVAL");
	}
	expect_ids(k);
	/*
	 * Without time the probe shares the time ns nsbench started in (which
	 * need not be the machine's initial one: unshare --time); a new one
	 * never has the initial ns's fixed inode (ID-2).
	 */
	nsb_expect_key(k, "ns.time", nsb_has(k, NSB_NS_TIME) ? NSB_NE : NSB_EQ, "parent.ns.time");
	if (nsb_has(k, NSB_NS_TIME))
		nsb_expect_int(k, "ns.time", NSB_NE, nsb_nstypes[NSB_NS_TIME].init_ino);
	nsb_expect_str(k, "cap_sys_admin", NSB_EQ, cap ? "1" : "0");
	/* spawn maps 0 to the test parent's euid, which owns the new user ns. */
	if (nsb_has(k, NSB_NS_USER))
		nsb_expect_str(k, "owner_uid.user", NSB_EQ, "0");
	else
		nsb_expect_key(k, "owner_uid.user", NSB_EQ, "parent.owner_uid");
	nsb_expect_str(k, "owner_uid.uts", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "enotty.nsfs", NSB_EQ, "ENOTTY");
	nsb_expect_str(k, "enotty.pidfd", NSB_EQ, "ENOTTY");
	expect_skns(k, cap);
}

/*
 * Every PIDFD_GET_*_NAMESPACE (6.11) returns the probe's own namespace, in
 * the kernel's order. A kernel without them answers ENOTTY for each: a
 * skip naming the ioctl (its own row, so the older nsfs ioctls above are
 * still checked there).
 */
static void expect_pidfd_ns(struct nsb_check *k)
{
	char key[64], want[64], iface[64];
	const char *e;

	for (unsigned nr = 1; (e = nsb_pidfd_entry(nr)); nr++) {
		snprintf(key, sizeof(key), "pidfd.%s", e);
		snprintf(want, sizeof(want), "ns.%s", e);
		snprintf(iface, sizeof(iface), "PIDFD_GET_%s_NAMESPACE", e);
		for (char *c = iface; *c; c++)
			if (*c >= 'a' && *c <= 'z')
				*c = (char)(*c - 'a' + 'A');
		if (!nsb_absent(k, key, iface, NSB_IFACE_IOCTL))
			nsb_expect_key(k, key, NSB_EQ, want);
	}
}

/*
 * nsfs file handles (6.18): name_to_handle_at() encodes (id, type, inode);
 * open_by_handle_at(FD_NSFS_ROOT) reopens a namespace the caller is in, or
 * one whose owner it has CAP_SYS_ADMIN over; anything else is ESTALE.
 */
static void expect_handles(struct nsb_check *k)
{
	char key[64], other[64], want[64];

	NSB_FOREACH_NS(t) {
		keyf(key, sizeof(key), "fh.type", t);
		nsb_expect_int(k, key, NSB_EQ, NSB_FILEID_NSFS);
		keyf(key, sizeof(key), "fh.nstype", t);
		snprintf(want, sizeof(want), "%lu", nsb_nstypes[t].clone_flag);
		nsb_expect_str(k, key, NSB_EQ, want);
		keyf(key, sizeof(key), "fh.id", t);
		keyf(other, sizeof(other), "id", t);
		nsb_expect_key(k, key, NSB_EQ, other);
		keyf(key, sizeof(key), "fh.inum", t);
		keyf(other, sizeof(other), "ns", t);
		nsb_expect_key(k, key, NSB_EQ, other);
		keyf(key, sizeof(key), "fh.reopen", t);
		nsb_expect_str(k, key, NSB_EQ, "ok");
	}
	nsb_expect_str(k, "fh.own_user_from_child", NSB_EQ, "ESTALE");
	nsb_expect_str(k, "fh.child", NSB_EQ, "ok");
	nsb_expect_str(k, "fh.sibling", NSB_EQ, "ESTALE");
	nsb_expect_str(k, "fh.err.wronly", NSB_EQ, "EPERM");
	nsb_expect_str(k, "fh.err.directory", NSB_EQ, "ENOTDIR");
	nsb_expect_str(k, "fh.err.bad_type", NSB_EQ, "ESTALE");
	nsb_expect_str(k, "fh.err.zero_bytes", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "fh.err.bad_dirfd", NSB_EQ, "EBADF");
}

/*
 * lsns-style relations: parents and owners of nested user and pid
 * namespaces, seen from above. NS_MNT_GET_NEXT/PREV answer EPERM unless
 * the caller has CAP_SYS_ADMIN in the initial user ns and lives in the
 * initial pid ns (measured on 6.18: root in a new pid ns gets EPERM too).
 * The lab always has its own pid ns, so inside nsbench only the refusal
 * can be seen; the rule still says when the walk would succeed.
 */
static void expect_relations(struct nsb_check *k)
{
	nsb_expect_key(k, "rel.parent.u2", NSB_EQ, "u1");
	nsb_expect_key(k, "rel.parent.u1", NSB_EQ, "ns.user");
	nsb_expect_key(k, "rel.owner.p2", NSB_EQ, "u2");
	nsb_expect_key(k, "rel.parent.p2", NSB_EQ, "ns.pid");
}

/*
 * NS_MNT_GET_INFO/NEXT/PREV (6.12), apart from the relations (4.9) so that
 * a kernel without them (ENOTTY) still checks those.
 */
static void expect_mntns_walk(struct nsb_check *k)
{
	const char *pu = nsb_get(k, "parent.ns.user"), *pp = nsb_get(k, "parent.ns.pid");
	bool cap = nsb_probe_has_cap(k, CAP_SYS_ADMIN);
	bool init = !nsb_has(k, NSB_NS_USER) && !nsb_has(k, NSB_NS_PID) && pu && pp &&
		    strtoull(pu, NULL, 10) == nsb_nstypes[NSB_NS_USER].init_ino &&
		    strtoull(pp, NULL, 10) == nsb_nstypes[NSB_NS_PID].init_ino;

	nsb_expect_choice(k, "mntns.unshare", cap, "ok", "EPERM");
	if (!cap || nsb_absent(k, "mntns.info", "NS_MNT_GET_INFO", NSB_IFACE_IOCTL))
		return;
	nsb_expect_str(k, "mntns.info", NSB_EQ, "ok");
	nsb_expect_choice(k, "mntns.next", init, "reached", "EPERM");
	nsb_expect_choice(k, "mntns.prev", init, "reached", "EPERM");
}

static void expect_listns(struct nsb_check *k)
{
	nsb_expect_str(k, "listns.own_net", NSB_EQ, "1");
	nsb_expect_str(k, "listns.increasing", NSB_EQ, "1");
	nsb_expect_str(k, "listns.bad_flags", NSB_EQ, "EINVAL");
}

#define ALL_BUT(...) (NSB_ALL_MASK & ~(__VA_ARGS__))

static const struct nsb_test nsfs_tests[] = {
	{ .name = "ioctls", .probe = "nsfs", .args = NSB_ARGS("ioctls"), .expect = expect_ioctls,
	  .before = ioctls_before, .properties = "ID-2,ID-3,ID-4,ID-5,ID-6,ID-7,ID-10" },
	{ .name = "pidfd-ns", .probe = "nsfs", .args = NSB_ARGS("pidfd-ns"),
	  .expect = expect_pidfd_ns, .properties = "ID-11" },
	/* Handles do not depend on most types: user, net and pid are the ones that change scope. */
	{ .name = "handles", .probe = "nsfs", .args = NSB_ARGS("handles"), .expect = expect_handles,
	  .excludes = ALL_BUT(NSB_MASK(NSB_NS_USER) | NSB_MASK(NSB_NS_NET) | NSB_MASK(NSB_NS_PID)),
	  .properties = "ID-8" },
	{ .name = "relations", .nest_pid = 1, .nest_user = 2, .probe = "nsfs",
	  .args = NSB_ARGS("relations"), .expect = expect_relations,
	  .excludes = ALL_BUT(NSB_MASK(NSB_NS_USER) | NSB_MASK(NSB_NS_PID)),
	  .properties = "ID-6,ID-14" },
	{ .name = "mntns-walk", .probe = "nsfs", .args = NSB_ARGS("mntns-walk"),
	  .expect = expect_mntns_walk,
	  .excludes = ALL_BUT(NSB_MASK(NSB_NS_USER) | NSB_MASK(NSB_NS_PID)),
	  .properties = "ID-13" },
	{ .name = "listns", .probe = "nsfs", .args = NSB_ARGS("listns"), .expect = expect_listns,
	  .excludes = ALL_BUT(NSB_MASK(NSB_NS_USER) | NSB_MASK(NSB_NS_NET)),
	  .properties = "ID-12" },
};

const struct nsb_suite nsb_suite_nsfs =
	NSB_SUITE("nsfs", "nsfs ioctls, pidfd namespaces, file handles, SIOCGSKNS, listns", nsfs_tests);
