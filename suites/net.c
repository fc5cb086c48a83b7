/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net.c - network namespace isolation (NET-1, NET-2, NET-3, NET-6, NET-7, NET-9)
 * and moving links between namespaces (NET-4).
 * Every test parent unshares its own netns first (.mutates), so what the
 * probe changes without net in the combination, and what the parent sets up
 * for it to find, lives in a private netns inside the lab: never the lab's,
 * never the machine's. All configuration is rtnetlink over libmnl.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/capability.h>

#include "suite.h"
#include "common/netlink.h"

#define NET NSB_MASK(NSB_NS_NET)

/* Any port will do: the parent's netns is private to the test, nothing else binds there. */
#define SHARE_PORT "7357"
#define TTL_SET 77
#define VETH_PORT 7358

static int put_link_name(const struct nsb_nl_link *l, void *data)
{
	char *list = data;
	size_t len = strlen(list);

	snprintf(list + len, 256 - len, "%s%s", len ? "," : "", l->name);
	return 0;
}

/*
 * The parent's netns differs from a fresh one in every observable: lo UP,
 * a link nsb0, and 192.0.2.1/24 on it (TEST-NET-1, RFC 5737), so a route to
 * 192.0.2.2 exists here and nowhere else. nsb0 is an ifb device, the
 * cheapest link with no peer (half the cost of a veth pair); a veth pair
 * where the kernel has no ifb.
 */
static int links_before_do(struct nsb_tp *tp)
{
	struct in_addr testnet1 = { htonl(0xc0000201) };
	char links[256] = "";
	int r;

	if ((r = nsb_nl_link_set("lo", true, 0)) < 0)
		return r;
	r = nsb_nl_link_add("nsb0", "ifb", NULL);
	if (r == -EOPNOTSUPP && (r = nsb_nl_link_add("nsb0", "veth", "nsb1")) == 0)
		r = nsb_nl_link_set("nsb1", true, 0);
	/* Neither kind built nor loadable (rtnl_newlink: EOPNOTSUPP): skip naming both. */
	if (r == -EOPNOTSUPP)
		return nsb_tp_refused(tp, "link kinds ifb and veth", NSB_IFACE_FEATURE, NSB_HOOK_NO_CAP, r);
	if (r < 0 || (r = nsb_nl_addr_add("nsb0", AF_INET, &testnet1, 24)) < 0 ||
	    (r = nsb_nl_link_set("nsb0", true, 0)) < 0)
		return r;
	r = nsb_nl_links(put_link_name, links);
	if (r < 0)
		return r;
	nsb_tp_put(tp, "links", "%s", links);
	return 0;
}

/* A link event in the parent's netns, while the probe listens to RTNLGRP_LINK. */
static int links_during_do(struct nsb_tp *tp)
{
	(void)tp;
	return nsb_nl_link_set("nsb0", false, 1400);
}

static int links_after_do(struct nsb_tp *tp)
{
	struct nsb_nl_link l;
	int r = nsb_nl_link_get("nsb0", &l);

	if (r < 0)
		return r;
	nsb_tp_put(tp, "nsb0.mtu", "%u", l.mtu);
	return 0;
}

/*
 * A new netns has only lo, DOWN, so 127.0.0.1 is unreachable until lo is
 * brought up, and there is no route out (NET-1); links, routes and link events of the parent's
 * netns are out of reach (NET-3, NET-6). Bringing lo up or configuring the
 * parent's link needs CAP_NET_ADMIN over the netns's owner: a probe with
 * user but without net has none (EPERM).
 */
static void expect_links(struct nsb_check *k)
{
	bool net = nsb_has(k, NSB_NS_NET), user = nsb_has(k, NSB_NS_USER);

	if (net)
		nsb_expect_str(k, "links", NSB_EQ, "lo");
	else
		nsb_expect_key(k, "links", NSB_EQ, "parent.links");
	nsb_expect_int(k, "lo.up", NSB_EQ, !net);
	nsb_expect_choice(k, "tcp.before", net, "ENETUNREACH", "ok");
	nsb_expect_choice(k, "lo.set_up", user ? net : nsb_parent_has_cap(k, CAP_NET_ADMIN), "ok", "EPERM");
	nsb_expect_int(k, "lo.up.after", NSB_EQ, 1);
	nsb_expect_str(k, "tcp.after", NSB_EQ, "ok");
	nsb_expect_choice(k, "route_out", net, "ENETUNREACH", "ok");
	nsb_expect_int(k, "event.nsb0", NSB_EQ, !net);
	nsb_expect_str(k, "peer.set", NSB_EQ, net ? "ENODEV" : user ? "EPERM" : "ok");
	/* 1400 from links_during; 1300 only if the probe could reach the parent's nsb0. */
	nsb_expect_int(k, "parent.nsb0.mtu", NSB_EQ, !net && !user ? 1300 : 1400);
}

static int listen_keep(int domain, const struct sockaddr *a, socklen_t len)
{
	int s = socket(domain, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return -errno;
	/* Left open on purpose: it lives as long as the test parent, like its netns. */
	if (bind(s, a, len) < 0 || listen(s, 1) < 0) {
		int r = -errno;

		close(s);
		return r;
	}
	return 0;
}

static int read_ttl(char *buf, size_t len)
{
	int fd = open("/proc/sys/net/ipv4/ip_default_ttl", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int write_ttl(int ttl)
{
	int fd = open("/proc/sys/net/ipv4/ip_default_ttl", O_WRONLY | O_CLOEXEC), r = 0;

	if (fd < 0)
		return -errno;
	if (dprintf(fd, "%d\n", ttl) < 0)
		r = -errno;
	close(fd);
	return r;
}

/* The parent holds 127.0.0.1:SHARE_PORT and "\0nsb-<token>", and changes ip_default_ttl. */
static int share_before_do(struct nsb_tp *tp)
{
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(atoi(SHARE_PORT)),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	char ttl[32];
	int n, r;

	if ((r = nsb_nl_link_set("lo", true, 0)) < 0 ||
	    (r = listen_keep(AF_INET, (struct sockaddr *)&in, sizeof(in))) < 0)
		return r;
	n = snprintf(un.sun_path + 1, sizeof(un.sun_path) - 1, "nsb-%s", tp->token);
	r = listen_keep(AF_UNIX, (struct sockaddr *)&un,
			(socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n));
	if (r < 0)
		return r;
	/* A fresh netns holds the default: remember it, then change it. */
	if ((r = read_ttl(ttl, sizeof(ttl))) < 0)
		return r;
	nsb_tp_put(tp, "ttl.default", "%s", ttl);
	if ((r = write_ttl(TTL_SET)) < 0)
		return r;
	if ((r = read_ttl(ttl, sizeof(ttl))) < 0)
		return r;
	nsb_tp_put(tp, "ttl.set", "%s", ttl);
	return 0;
}

/*
 * Ports, abstract unix names and net sysctls belong to a netns: the probe
 * finds the parent's (EADDRINUSE, a listener, the changed TTL) exactly when
 * it shares the parent's netns; a new netns starts from the defaults (NET-7).
 */
static void expect_share(struct nsb_check *k)
{
	bool net = nsb_has(k, NSB_NS_NET);

	nsb_expect_choice(k, "port.bind", net, "ok", "EADDRINUSE");
	nsb_expect_choice(k, "abstract.connect", net, "ECONNREFUSED", "ok");
	nsb_expect_choice(k, "abstract.bind", net, "ok", "EADDRINUSE");
	nsb_expect_key(k, "sysctl.ip_default_ttl", NSB_EQ, net ? "parent.ttl.default" : "parent.ttl.set");
	/* The control itself: the parent's change took, so the two values differ. */
	nsb_expect_key(k, "parent.ttl.set", NSB_NE, "parent.ttl.default");
}

/* The parent's listeners of net.veth, read again in .after (one test parent per process). */
static int veth_listeners[2] = { -EBADF, -EBADF };

static int listen_fd(int family, const void *addr)
{
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_port = htons(VETH_PORT) };
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons(VETH_PORT) };
	/*
	 * Non-blocking: .after drains the accept queue and must stop when it is
	 * empty. A deep backlog: the probe's abandoned attempts may queue too.
	 */
	int s = socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), r;

	if (s < 0)
		return -errno;
	if (family == AF_INET)
		memcpy(&a4.sin_addr, addr, sizeof(a4.sin_addr));
	else
		memcpy(&a6.sin6_addr, addr, sizeof(a6.sin6_addr));
	if (bind(s, family == AF_INET ? (struct sockaddr *)&a4 : (struct sockaddr *)&a6,
		 family == AF_INET ? sizeof(a4) : sizeof(a6)) < 0 || listen(s, 64) < 0) {
		r = -errno;
		close(s);
		return r;
	}
	return s;
}

/*
 * Once the probe waits: a veth pair, nsbB moved into the probe's netns
 * (IFLA_NET_NS_PID), nsbA configured here by rtnetlink, with listeners.
 */
static int veth_during_do(struct nsb_tp *tp)
{
	struct in_addr a4;
	struct in6_addr a6;
	char links[256] = "";
	int r;

	inet_pton(AF_INET, "198.51.100.1", &a4);
	inet_pton(AF_INET6, "2001:db8:6e73::1", &a6);
	r = nsb_nl_link_add("nsbA", "veth", "nsbB");
	if (r == -EOPNOTSUPP)	/* no veth here: the probe's wait ends with it, the judge skips */
		return nsb_tp_refused(tp, "link kind veth", NSB_IFACE_FEATURE, NSB_HOOK_NO_CAP, r);
	if (r < 0 ||
	    (r = nsb_nl_link_move("nsbB", tp->child_pid)) < 0 ||
	    (r = nsb_nl_addr_add("nsbA", AF_INET, &a4, 24)) < 0 ||
	    (r = nsb_nl_addr_add("nsbA", AF_INET6, &a6, 64)) < 0 ||
	    (r = nsb_nl_link_set("nsbA", true, 0)) < 0)
		return r;
	if ((veth_listeners[0] = listen_fd(AF_INET, &a4)) < 0)
		return veth_listeners[0];
	if ((veth_listeners[1] = listen_fd(AF_INET6, &a6)) < 0)
		return veth_listeners[1];
	if ((r = nsb_nl_links(put_link_name, links)) < 0)
		return r;
	nsb_tp_put(tp, "links", "%s", links);
	return 0;
}

/*
 * What arrived: the probe's byte, from the connections queued on each
 * listener (an abandoned earlier attempt of the probe may be queued too).
 */
static int veth_after(struct nsb_tp *tp)
{
	static const char *const keys[] = { "rx4", "rx6" };

	for (int i = 0; i < 2; i++) {
		int c, got = 0;
		char byte;

		while (veth_listeners[i] >= 0 &&
		       (c = accept4(veth_listeners[i], NULL, NULL, SOCK_CLOEXEC)) >= 0) {
			if (read(c, &byte, 1) == 1 && byte == 'x')
				got = 1;
			close(c);
		}
		nsb_tp_put(tp, keys[i], "%d", got);
	}
	return 0;
}

/*
 * Only with net: the pair joins two netns. Each end sits in one netns only,
 * and IPv4 and IPv6 reach across, configured by netlink on one side and by
 * ioctl on the other (NET-2).
 */
static void expect_veth(struct nsb_check *k)
{
	nsb_expect_str(k, "links", NSB_EQ, "lo,nsbB");
	nsb_expect_str(k, "parent.links", NSB_EQ, "lo,nsbA");
	nsb_expect_str(k, "dad.off", NSB_EQ, "ok");
	nsb_expect_str(k, "arp.fast", NSB_EQ, "ok");
	nsb_expect_str(k, "nd.fast", NSB_EQ, "ok");
	nsb_expect_str(k, "ioctl.addr4", NSB_EQ, "ok");
	nsb_expect_str(k, "ioctl.addr6", NSB_EQ, "ok");
	nsb_expect_str(k, "ioctl.up", NSB_EQ, "ok");
	nsb_expect_str(k, "running", NSB_EQ, "ok");
	nsb_expect_str(k, "tcp4", NSB_EQ, "ok");
	nsb_expect_str(k, "tcp6", NSB_EQ, "ok");
	nsb_expect_int(k, "parent.rx4", NSB_EQ, 1);
	nsb_expect_int(k, "parent.rx6", NSB_EQ, 1);
}

/*
 * NET-4: a link created in the probe's netns moves into another netns by
 * pid and comes back by an nsfs fd. Creating it needs CAP_NET_ADMIN over the
 * probe's netns: refused (EPERM) exactly with a user ns and no net ns of its
 * own, where that netns is the parent's, owned by an ancestor user ns.
 */
static void expect_move(struct nsb_check *k)
{
	/* With a user ns of its own the probe is admin only of its own netns; else it has the test parent's caps. */
	bool admin = nsb_has(k, NSB_NS_USER) ? nsb_has(k, NSB_NS_NET) : nsb_parent_has_cap(k, CAP_NET_ADMIN);

	/* No dummy, ifb nor veth here (EOPNOTSUPP): skip naming them; EPERM stays judged. */
	if (admin && nsb_absent(k, "add", "link kinds dummy, ifb and veth", NSB_IFACE_FEATURE))
		return;
	nsb_expect_choice(k, "add", admin, "ok", "EPERM");
	if (!admin)
		return;
	nsb_expect_str(k, "other", NSB_EQ, "ok");
	nsb_expect_str(k, "out", NSB_EQ, "ok");
	nsb_expect_str(k, "out.gone", NSB_EQ, "yes");
	nsb_expect_str(k, "out.there", NSB_EQ, "yes");
	nsb_expect_str(k, "back", NSB_EQ, "ok");
	nsb_expect_str(k, "back.here", NSB_EQ, "yes");
}

/*
 * What the net hooks do, all of it needing CAP_NET_ADMIN over the test
 * parent's net ns (rtnetlink, net sysctls): any failure of theirs goes to
 * nsb_tp_refused() with both, so that a refusal where nsbench was started
 * without the capability (systemd-nspawn, a pod) is a skip naming it.
 */
#define NET_HOOK_OP "netlink: links and addresses in the test parent's net ns"
#define NET_HOOK(name)                                                                        \
	static int name(struct nsb_tp *tp)                                                    \
	{                                                                                     \
		int r = name##_do(tp);                                                        \
		return r < 0 ? nsb_tp_refused(tp, NET_HOOK_OP, NSB_HOOK_OP, CAP_NET_ADMIN, r) : r; \
	}
NET_HOOK(links_before)
NET_HOOK(links_during)
NET_HOOK(links_after)
NET_HOOK(share_before)
NET_HOOK(veth_during)

static const struct nsb_test net_tests[] = {
	{ .name = "links", .probe = "net-links", .expect = expect_links,
	  .before = links_before, .during = links_during, .after = links_after,
	  .mutates = NET, .properties = "NET-1,NET-3,NET-6" },
	{ .name = "share", .probe = "net-share", .args = NSB_ARGS(SHARE_PORT, "@token"),
	  .expect = expect_share, .before = share_before, .mutates = NET,
	  .properties = "NET-7,NET-9" },
	{ .name = "veth", .probe = "net-veth", .expect = expect_veth, .during = veth_during,
	  .after = veth_after, .mutates = NET, .needs = NET,
	  /* uts, ipc, cgroup and time change nothing a veth does: 16 combinations, not 128. */
	  .excludes = NSB_MASK(NSB_NS_UTS) | NSB_MASK(NSB_NS_IPC) | NSB_MASK(NSB_NS_CGROUP) |
		      NSB_MASK(NSB_NS_TIME),
	  .properties = "NET-2" },
	/* Only net and user change what a move may do: 4 combinations. */
	{ .name = "move", .probe = "net-move", .expect = expect_move, .mutates = NET,
	  .excludes = NSB_ALL_MASK & ~(NET | NSB_MASK(NSB_NS_USER)), .properties = "NET-4" },
};

const struct nsb_suite nsb_suite_net =
	NSB_SUITE_NETLINK("net", "network namespaces: links, loopback, routes, events, ports, unix names, sysctls",
		  net_tests);
