/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user.c - what a user namespace changes: the id maps (and how they may be
 * written), setgroups, and what its capabilities can reach.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <unistd.h>

#include "suite.h"
#include "common/errname.h"

static bool parent_is(struct nsb_check *k, const char *key, const char *value)
{
	const char *v = nsb_get(k, key);

	return v && strcmp(v, value) == 0;
}

/*
 * The probe's own maps: with user, "0 <test parent's id> 1" as spawn
 * wrote them, read relative to the parent user ns (USER-3); without, the
 * test parent's. setgroups is the parent's either way (a child user ns
 * inherits "deny", USER-5), but that spawn writes "deny" into the probe's
 * own where the test parent is not root (spawn.c: as an unprivileged
 * user's, whatever capabilities it holds). The fresh user ns G1 and the helper H's G2
 * follow the same kernel rules in every combination; only what H's G2
 * inherited from the probe's ns (setgroups) changes H's gid_map outcomes.
 */
static void expect_maps(struct nsb_check *k)
{
	bool own = nsb_has(k, NSB_NS_USER);
	char map[64];
	const char *euid = nsb_get(k, "parent.euid"), *egid = nsb_get(k, "parent.egid");
	const char *uid = nsb_get(k, "parent.uid");
	bool spawn_denied = own && uid && strcmp(uid, "0") != 0;
	bool denied = spawn_denied || parent_is(k, "parent.setgroups", "deny");
	/* The probe's uid, and G1's map "0 <it> 1" read back from its ns: 0 in a user ns of its own. */
	const char *me = own ? "0" : uid;

	if (own)
		nsb_expect_int(k, "self.uid", NSB_EQ, 0);
	else
		nsb_expect_key(k, "self.uid", NSB_EQ, "parent.uid");
	if (own) {
		snprintf(map, sizeof(map), "0 %s 1", euid ? euid : "?");
		/*
		 * Not also "!= the parent's map": where the parent's own user ns
		 * maps exactly "0 <id> 1" (bubblewrap --unshare-all as root), the
		 * two texts are rightly equal; which ns it is shows in ns-inodes.
		 */
		nsb_expect_str(k, "self.uid_map", NSB_EQ, map);
		snprintf(map, sizeof(map), "0 %s 1", egid ? egid : "?");
		nsb_expect_str(k, "self.gid_map", NSB_EQ, map);
	} else {
		nsb_expect_key(k, "self.uid_map", NSB_EQ, "parent.uid_map");
		nsb_expect_key(k, "self.gid_map", NSB_EQ, "parent.gid_map");
	}
	if (spawn_denied)
		nsb_expect_str(k, "self.setgroups", NSB_EQ, "deny");
	else
		nsb_expect_key(k, "self.setgroups", NSB_EQ, "parent.setgroups");
	/* USER-1: a fresh user ns, before any map. */
	nsb_expect_key(k, "fresh.uid", NSB_EQ, "overflowuid");
	nsb_expect_key(k, "fresh.gid", NSB_EQ, "overflowgid");
	nsb_expect_str(k, "fresh.uid_map", NSB_EQ, "(empty)");
	nsb_expect_str(k, "fresh.gid_map", NSB_EQ, "(empty)");
	nsb_expect_key(k, "fresh.cap_eff", NSB_EQ, "parent.cap.full");
	/* USER-2, USER-3, USER-5 written by a privileged parent. */
	nsb_expect_str(k, "sg.bad", NSB_EQ, "EINVAL");
	nsb_expect_str(k, "map.uid", NSB_EQ, "ok");
	nsb_expect_str(k, "map.uid_again", NSB_EQ, "EPERM");
	snprintf(map, sizeof(map), "0 %s 1", me ? me : "?");
	nsb_expect_str(k, "map.uid_read", NSB_EQ, map);
	nsb_expect_str(k, "map.gid", NSB_EQ, "ok");
	nsb_expect_str(k, "sg.deny_after_map", NSB_EQ, "EPERM");
	nsb_expect_int(k, "mapped.uid", NSB_EQ, 0);
	nsb_expect_int(k, "mapped.gid", NSB_EQ, 0);
	/* USER-4, USER-5 written without CAP_SETUID/CAP_SETGID: H keeps CAP_SETFCAP where it has it. */
	snprintf(map, sizeof(map), "%#llx", nsb_probe_has_cap(k, CAP_SETFCAP) ? 1ULL << CAP_SETFCAP : 0ULL);
	nsb_expect_str(k, "unpriv.cap_eff", NSB_EQ, map);
	nsb_expect_str(k, "unpriv.other_uid", NSB_EQ, "EPERM");
	nsb_expect_str(k, "unpriv.uid", NSB_EQ, "ok");
	nsb_expect_choice(k, "unpriv.gid_before_deny", denied, "ok", "EPERM");
	nsb_expect_choice(k, "unpriv.deny", denied, "EPERM", "ok");
	nsb_expect_str(k, "unpriv.allow_after_deny", NSB_EQ, "EPERM");
	nsb_expect_choice(k, "unpriv.gid_after_deny", denied, "EPERM", "ok");
	nsb_expect_int(k, "unpriv.uid_seen", NSB_EQ, 0);
	nsb_expect_str(k, "unpriv.setgroups_call", NSB_EQ, "EPERM");
	nsb_expect_str(k, "unpriv.inherited", NSB_EQ, "deny");
}

/*
 * What capabilities reach. The probe (p) holds the full set in its own user
 * ns with user, and root's without: sethostname and mount need
 * CAP_SYS_ADMIN over the owner of the uts / mount ns, so they work unless
 * the probe is in a new user ns without its own namespace of that type. G,
 * in a user ns of its own, owns nothing it shares: EPERM always (USER-6).
 * A net sysctl is a file-mode check (net_ctl_permissions): root-like for a
 * holder of CAP_NET_ADMIN over the netns owner, else the mode against the
 * *global* root uid. So a user ns whose uid 0 is the machine's root (nsbench
 * run as root) writes it anyway, which the test parent's own access(W_OK)
 * to a kernel.* sysctl tells. execve keeps the full set for uid 0 and clears
 * it for uid 5 (capabilities(7)).
 */
static void expect_reach(struct nsb_check *k)
{
	bool user = nsb_has(k, NSB_NS_USER), global_root = parent_is(k, "parent.sysctl_w", "ok");
	/*
	 * Root-like where the probe holds CAP_NET_ADMIN over the netns owner: its
	 * own user ns owns a new netns (user and net); without user, the test
	 * parent's capability, which systemd-nspawn drops (parent.cap_eff).
	 */
	bool net_ok = (user && nsb_has(k, NSB_NS_NET)) || (!user && nsb_parent_has_cap(k, CAP_NET_ADMIN)) ||
		      global_root;

	nsb_expect_choice(k, "p.sethostname", nsb_has(k, NSB_NS_UTS) || !user, "ok", "EPERM");
	nsb_expect_choice(k, "p.mount", nsb_has(k, NSB_NS_MNT) || !user, "ok", "EPERM");
	nsb_expect_choice(k, "p.sysctl", net_ok, "ok", "EACCES");
	nsb_expect_str(k, "g.sethostname", NSB_EQ, "EPERM");
	nsb_expect_str(k, "g.mount", NSB_EQ, "EPERM");
	nsb_expect_choice(k, "g.sysctl", global_root, "ok", "EACCES");
	nsb_expect_key(k, "g.cap_eff", NSB_EQ, "parent.cap.full");
	nsb_expect_int(k, "g.exec.uid", NSB_EQ, 0);
	nsb_expect_key(k, "g.exec.cap_eff", NSB_EQ, "parent.cap.full");
	nsb_expect_key(k, "g5.cap_eff", NSB_EQ, "parent.cap.full");
	nsb_expect_int(k, "g5.exec.uid", NSB_EQ, 5);
	nsb_expect_str(k, "g5.exec.cap_eff", NSB_EQ, "0");
}

/* A small file's first line, without its newline, into buf. */
static int read_line(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* "   0   0   4294967295\n" -> "0 0 4294967295", as the probe prints maps. */
static void squeeze(char *s)
{
	char *o = s;

	for (char *p = s; *p; p++) {
		char c = *p == '\t' ? ' ' : *p;

		if (c == ' ' && (o == s || o[-1] == ' '))
			continue;
		*o++ = c;
	}
	if (o > s && o[-1] == ' ')
		o--;
	*o = '\0';
}

static int put_file(struct nsb_tp *tp, const char *key, const char *path)
{
	char buf[256];
	int r = read_line(path, buf, sizeof(buf));

	if (r < 0)
		return r;
	squeeze(buf);
	nsb_tp_put(tp, key, "%s", buf);
	return 0;
}

static int put_full_set(struct nsb_tp *tp)
{
	unsigned n = (unsigned)cap_max_bits();

	nsb_tp_put(tp, "cap.full", "%#llx", n >= 64 ? ~0ULL : (1ULL << n) - 1);
	return 0;
}

static int maps_before(struct nsb_tp *tp)
{
	int r;

	if ((r = put_file(tp, "uid_map", "/proc/self/uid_map")) < 0 ||
	    (r = put_file(tp, "gid_map", "/proc/self/gid_map")) < 0 ||
	    (r = put_file(tp, "setgroups", "/proc/self/setgroups")) < 0)
		return r;
	nsb_tp_put(tp, "uid", "%u", (unsigned)getuid());
	nsb_tp_put(tp, "euid", "%u", (unsigned)geteuid());
	nsb_tp_put(tp, "egid", "%u", (unsigned)getegid());
	return put_full_set(tp);
}

/* Whether this test parent's euid passes the sysctl mode check of the global root. */
static int reach_before(struct nsb_tp *tp)
{
	bool w = access("/proc/sys/kernel/hostname", W_OK) == 0;

	nsb_tp_put(tp, "sysctl_w", "%s", w ? "ok" : nsb_errno_name(errno));
	return put_full_set(tp);
}

static const struct nsb_test user_tests[] = {
	{ .name = "maps", .nest_user = 2, .probe = "user-maps", .expect = expect_maps, .before = maps_before,
	  .properties = "USER-1,USER-2,USER-3,USER-4,USER-5" },
	{ .name = "reach", .nest_user = 1, .probe = "user-reach", .expect = expect_reach, .before = reach_before,
	  .mutates = NSB_MASK(NSB_NS_UTS) | NSB_MASK(NSB_NS_MNT), .properties = "USER-6" },
};

const struct nsb_suite nsb_suite_user =
	NSB_SUITE("user", "what a user namespace changes and what its capabilities reach", user_tests);
