/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * netlink.h - the few rtnetlink requests nsbench needs, over libmnl: dump
 * the links of the caller's network namespace, change one link, create a
 * veth pair. Shared by the net probes and the net suite's test parent
 * (which is why it includes nothing of probe.h). Functions return 0 or
 * -errno, with the kernel's errno from the netlink ACK.
 */
#ifndef NSB_NETLINK_H
#define NSB_NETLINK_H

#include <stdbool.h>

#define NSB_NL_IFNAMSIZ 16

struct nsb_nl_link {
	int index;
	unsigned flags;			/* IFF_* from ifinfomsg */
	unsigned mtu;
	char name[NSB_NL_IFNAMSIZ];
};

/* Calls fn for every link of the caller's netns (RTM_GETLINK dump); stops on fn < 0. */
int nsb_nl_links(int (*fn)(const struct nsb_nl_link *l, void *data), void *data);
/* The link named @name; -ENODEV when this netns has none. */
int nsb_nl_link_get(const char *name, struct nsb_nl_link *ret);

/*
 * RTM_NEWLINK on an existing link found by @name (the kernel looks it up in
 * the caller's netns): set IFF_UP when @up, and the MTU when @mtu != 0.
 */
int nsb_nl_link_set(const char *name, bool up, unsigned mtu);
/*
 * A new link of @kind ("veth", "ifb", ...) in the caller's netns; @peer names
 * the other end of a veth pair (VETH_INFO_PEER), NULL for other kinds.
 */
int nsb_nl_link_add(const char *name, const char *kind, const char *peer);
/*
 * Add the address @addr/@prefix (struct in_addr or in6_addr, network byte
 * order) of @family to the link @name; IPv6 ones without DAD (IFA_F_NODAD).
 */
int nsb_nl_addr_add(const char *name, int family, const void *addr, unsigned prefix);
/* Move the link @name into the netns of process @pid (IFLA_NET_NS_PID). */
int nsb_nl_link_move(const char *name, int pid);
/* Move the link @name into the netns an nsfs fd refers to (IFLA_NET_NS_FD). */
int nsb_nl_link_move_fd(const char *name, int netns_fd);

/*
 * Make the link @name a port of the bridge (or other master) @master
 * (IFLA_MASTER, rtnetlink(7)); @master NULL detaches it (IFLA_MASTER 0).
 * -ENODEV when either link is not in the caller's netns.
 */
int nsb_nl_link_master(const char *name, const char *master);
/*
 * RTM_NEWROUTE (rtnetlink(7)): a static unicast route in the main table of
 * the caller's netns to @dst/@prefix of @family (in_addr or in6_addr,
 * network byte order) via the gateway @gw
 * (same family; NULL for a route on the link @dev only). @dev may be NULL
 * when @gw is given. A default route (prefix 0) is refused with -EINVAL:
 * nsbench never routes out of a lab.
 */
int nsb_nl_route_add(int family, const void *dst, unsigned prefix, const void *gw,
		     const char *dev);
/*
 * A tbf qdisc (token bucket filter, tc-tbf(8), net/sched/sch_tbf.c) as the
 * root qdisc of the link @name: @rate_bps in bytes per second, @burst_bytes
 * the bucket, @limit_bytes the queue. Rates above 4 GB/s are refused
 * (-ERANGE). -ENOENT when the kernel has no tbf (CONFIG_NET_SCH_TBF).
 */
int nsb_nl_qdisc_tbf(const char *name, unsigned long long rate_bps, unsigned burst_bytes,
		     unsigned limit_bytes);

/*
 * A socket subscribed to RTNLGRP_LINK (rtnetlink(7)): link events of the
 * caller's netns only. Returns the fd (close it), or -errno.
 */
int nsb_nl_link_events_open(void);
/* Drains queued events without blocking: counts RTM_NEWLINK messages for @name. */
int nsb_nl_link_events_count(int fd, const char *name);

#endif
