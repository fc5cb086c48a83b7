/* SPDX-License-Identifier: GPL-2.0-or-later */
/* netlink.c - rtnetlink link dump, link changes and veth creation over libmnl. See netlink.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/pkt_sched.h>
#include <linux/veth.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netlink.h"

/* libmnl 1.0.4 (Debian 12) lacks it; 1.0.5 defines the same value (LIBS-NOTES.md). */
#ifndef MNL_SOCKET_DUMP_SIZE
#define MNL_SOCKET_DUMP_SIZE 32768
#endif

struct talk {
	int (*fn)(const struct nsb_nl_link *l, void *data);
	void *data;
	int err;	/* the first error from fn */
};

static int nl_open(struct mnl_socket **ret, unsigned groups)
{
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	int r;

	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, groups, MNL_SOCKET_AUTOPID) < 0) {
		r = -errno;
		mnl_socket_close(nl);
		return r;
	}
	*ret = nl;
	return 0;
}

/*
 * Send one request and read replies until the dump ends or the ACK comes.
 * A dump of a netns with many links needs more than MNL_SOCKET_BUFFER_SIZE.
 */
static int nl_talk(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct mnl_socket *nl;
	char *buf;
	unsigned portid, seq;
	ssize_t n;
	int r;

	r = nl_open(&nl, 0);
	if (r < 0)
		return r;
	buf = malloc(MNL_SOCKET_DUMP_SIZE);
	if (!buf) {
		mnl_socket_close(nl);
		return -ENOMEM;
	}
	seq = (unsigned)time(NULL);
	nlh->nlmsg_seq = seq;
	portid = mnl_socket_get_portid(nl);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		r = -errno;
		goto out;
	}
	do {
		/* A signal (a benchmark's timer) interrupts the wait: the answer is still queued. */
		do
			n = mnl_socket_recvfrom(nl, buf, MNL_SOCKET_DUMP_SIZE);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			r = -errno;
			goto out;
		}
		r = mnl_cb_run(buf, (size_t)n, seq, portid, cb, data);
	} while (r > MNL_CB_STOP);
	r = r < 0 ? -errno : 0;
out:
	free(buf);
	mnl_socket_close(nl);
	return r;
}

static int link_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(a, IFLA_MAX) > 0)
		tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

static void parse_link(const struct nlmsghdr *nlh, struct nsb_nl_link *l)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFLA_MAX + 1] = { NULL };

	memset(l, 0, sizeof(*l));
	l->index = ifm->ifi_index;
	l->flags = ifm->ifi_flags;
	mnl_attr_parse(nlh, sizeof(*ifm), link_attr_cb, tb);
	if (tb[IFLA_IFNAME])
		snprintf(l->name, sizeof(l->name), "%s", mnl_attr_get_str(tb[IFLA_IFNAME]));
	if (tb[IFLA_MTU])
		l->mtu = mnl_attr_get_u32(tb[IFLA_MTU]);
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	struct nsb_nl_link l;
	int r;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	parse_link(nlh, &l);
	r = t->fn(&l, t->data);
	if (r < 0) {
		t->err = r;
		return MNL_CB_STOP;
	}
	return MNL_CB_OK;
}

static struct nlmsghdr *put_link_header(char *buf, int type, unsigned flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = (uint16_t)type;
	nlh->nlmsg_flags = (uint16_t)(NLM_F_REQUEST | flags);
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	return nlh;
}

int nsb_nl_links(int (*fn)(const struct nsb_nl_link *l, void *data), void *data)
{
	char buf[256] __attribute__((aligned(8)));
	struct talk t = { fn, data, 0 };
	int r;

	r = nl_talk(put_link_header(buf, RTM_GETLINK, NLM_F_DUMP), link_cb, &t);
	return t.err ? t.err : r;
}

static int find_cb(const struct nsb_nl_link *l, void *data)
{
	struct nsb_nl_link *want = data;

	if (strcmp(l->name, want->name) == 0)
		*want = *l;
	return 0;
}

int nsb_nl_link_get(const char *name, struct nsb_nl_link *ret)
{
	int r;

	memset(ret, 0, sizeof(*ret));
	snprintf(ret->name, sizeof(ret->name), "%s", name);
	r = nsb_nl_links(find_cb, ret);
	if (r < 0)
		return r;
	return ret->index ? 0 : -ENODEV;
}

/* An ACKed request has no replies to parse: the ACK carries the errno. */
static int ack_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

int nsb_nl_link_set(const char *name, bool up, unsigned mtu)
{
	char buf[512] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = put_link_header(buf, RTM_SETLINK, NLM_F_ACK);
	struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);

	/* ifi_index 0: the kernel looks the name up in the caller's netns (rtnetlink(7)). */
	if (up) {
		ifm->ifi_change = IFF_UP;
		ifm->ifi_flags = IFF_UP;
	}
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	return nl_talk(nlh, ack_cb, NULL);
}

int nsb_nl_link_add(const char *name, const char *kind, const char *peer)
{
	char buf[512] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = put_link_header(buf, RTM_NEWLINK,
					       NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
	struct nlattr *info, *data, *p;
	void *peer_ifm;

	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	if (peer) {
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		p = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
		/* The peer is described like a link of its own: an ifinfomsg, then attributes. */
		peer_ifm = mnl_nlmsg_get_payload_tail(nlh);
		memset(peer_ifm, 0, sizeof(struct ifinfomsg));
		nlh->nlmsg_len += MNL_ALIGN(sizeof(struct ifinfomsg));
		mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
		mnl_attr_nest_end(nlh, p);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, info);
	return nl_talk(nlh, ack_cb, NULL);
}

int nsb_nl_link_events_open(void)
{
	struct mnl_socket *nl;
	int r, fd;

	r = nl_open(&nl, RTMGRP_LINK);
	if (r < 0)
		return r;
	/* Keep only the fd: mnl_socket_close() would close it too. */
	fd = dup(mnl_socket_get_fd(nl));
	r = fd < 0 ? -errno : fd;
	mnl_socket_close(nl);
	return r;
}

struct count {
	const char *name;
	int n;
};

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	struct count *c = data;
	struct nsb_nl_link l;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	parse_link(nlh, &l);
	if (strcmp(l.name, c->name) == 0)
		c->n++;
	return MNL_CB_OK;
}

int nsb_nl_link_events_count(int fd, const char *name)
{
	struct count c = { name, 0 };
	char *buf = malloc(MNL_SOCKET_DUMP_SIZE);
	ssize_t n;
	int r = 0;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		n = recv(fd, buf, MNL_SOCKET_DUMP_SIZE, MSG_DONTWAIT);
		if (n < 0) {
			r = errno == EAGAIN ? 0 : -errno;
			break;
		}
		/* seq 0 and portid 0: events are not answers to a request. */
		if (mnl_cb_run(buf, (size_t)n, 0, 0, count_cb, &c) < 0) {
			r = -errno;
			break;
		}
	}
	free(buf);
	return r < 0 ? r : c.n;
}

int nsb_nl_addr_add(const char *name, int family, const void *addr, unsigned prefix)
{
	char buf[512] __attribute__((aligned(8)));
	size_t len = family == AF_INET6 ? 16 : 4;
	struct nsb_nl_link l;
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	int r;

	if (family != AF_INET && family != AF_INET6)
		return -EAFNOSUPPORT;
	r = nsb_nl_link_get(name, &l);
	if (r < 0)
		return r;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (unsigned char)family;
	ifa->ifa_prefixlen = (unsigned char)prefix;
	ifa->ifa_index = (unsigned)l.index;
	/* No duplicate address detection: usable at once, not "tentative" for a second. */
	if (family == AF_INET6)
		ifa->ifa_flags = IFA_F_NODAD;
	mnl_attr_put(nlh, IFA_LOCAL, len, addr);
	mnl_attr_put(nlh, IFA_ADDRESS, len, addr);
	return nl_talk(nlh, ack_cb, NULL);
}

/* Moves @name with IFLA_NET_NS_PID or IFLA_NET_NS_FD (rtnetlink(7)). */
static int link_move(const char *name, int attr, int target)
{
	char buf[512] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = put_link_header(buf, RTM_SETLINK, NLM_F_ACK);

	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, (uint16_t)attr, (uint32_t)target);
	return nl_talk(nlh, ack_cb, NULL);
}

int nsb_nl_link_move(const char *name, int pid)
{
	return link_move(name, IFLA_NET_NS_PID, pid);
}

int nsb_nl_link_move_fd(const char *name, int netns_fd)
{
	return link_move(name, IFLA_NET_NS_FD, netns_fd);
}

int nsb_nl_link_master(const char *name, const char *master)
{
	char buf[512] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct nsb_nl_link m = { .index = 0 };
	int r;

	if (master && (r = nsb_nl_link_get(master, &m)) < 0)
		return r;
	nlh = put_link_header(buf, RTM_SETLINK, NLM_F_ACK);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)m.index);
	return nl_talk(nlh, ack_cb, NULL);
}

int nsb_nl_route_add(int family, const void *dst, unsigned prefix, const void *gw,
		     const char *dev)
{
	char buf[512] __attribute__((aligned(8)));
	size_t len = family == AF_INET6 ? 16 : 4;
	struct nsb_nl_link l = { .index = 0 };
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	int r;

	if (family != AF_INET && family != AF_INET6)
		return -EAFNOSUPPORT;
	if (prefix == 0 || prefix > len * 8 || (!gw && !dev))
		return -EINVAL;
	if (dev && (r = nsb_nl_link_get(dev, &l)) < 0)
		return r;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (unsigned char)family;
	rtm->rtm_dst_len = (unsigned char)prefix;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_DST, len, dst);
	if (gw)
		mnl_attr_put(nlh, RTA_GATEWAY, len, gw);
	if (l.index)
		mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)l.index);
	return nl_talk(nlh, ack_cb, NULL);
}

int nsb_nl_qdisc_tbf(const char *name, unsigned long long rate_bps, unsigned burst_bytes,
		     unsigned limit_bytes)
{
	char buf[1024] __attribute__((aligned(8)));
	struct tc_tbf_qopt q = { .limit = limit_bytes };
	struct nsb_nl_link l;
	struct nlmsghdr *nlh;
	struct tcmsg *tcm;
	struct nlattr *opts;
	int r;

	if (rate_bps > UINT32_MAX)
		return -ERANGE;
	if (rate_bps == 0 || burst_bytes == 0)
		return -EINVAL;
	if ((r = nsb_nl_link_get(name, &l)) < 0)
		return r;
	/*
	 * An Ethernet link layer: the kernel computes the rate itself
	 * (psched_ratecfg_precompute) and needs no rate table. The bucket is
	 * given in bytes (TCA_TBF_BURST) and, for kernels before 3.13, as its
	 * time in psched ticks (64 ns, PSCHED_SHIFT), as tc computes it.
	 */
	q.rate.rate = (uint32_t)rate_bps;
	q.rate.linklayer = TC_LINKLAYER_ETHERNET;
	q.buffer = (uint32_t)((unsigned long long)burst_bytes * 1000000000ULL / rate_bps >> 6);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWQDISC;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE;
	tcm = mnl_nlmsg_put_extra_header(nlh, sizeof(*tcm));
	tcm->tcm_family = AF_UNSPEC;
	tcm->tcm_ifindex = l.index;
	tcm->tcm_handle = 0x10000;	/* 1: */
	tcm->tcm_parent = TC_H_ROOT;
	mnl_attr_put_strz(nlh, TCA_KIND, "tbf");
	opts = mnl_attr_nest_start(nlh, TCA_OPTIONS);
	mnl_attr_put(nlh, TCA_TBF_PARMS, sizeof(q), &q);
	mnl_attr_put_u32(nlh, TCA_TBF_BURST, burst_bytes);
	mnl_attr_nest_end(nlh, opts);
	return nl_talk(nlh, ack_cb, NULL);
}
