/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * labs.c - the network labs people build by hand out of namespaces (a
 * bridge, a router, NAT, a rate-limited link, a server in a namespace),
 * each built by the labs probe in network namespaces of its own and tried
 * with real traffic. Every row holds its own negative control: the probe
 * runs the lab with and without the piece that makes it work (a port on
 * the bridge, forwarding, the masquerade rule, the qdisc, the link), and
 * the rule requires both outcomes.
 *
 * The combination changes only who owns the lab's namespaces: the lab's
 * user namespace (net) or one of the probe's own (net+user), so each row
 * runs in those two combinations. docs/labs.md maps each lab to its id.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "suite.h"
#include "common/labs.h"

#define NET NSB_MASK(NSB_NS_NET)
#define ONLY_NET_USER (NSB_ALL_MASK & ~(NET | NSB_MASK(NSB_NS_USER)))
/* Rates of the rate row, Mbit/s: the probe's argv and the rule's expectation. */
#define RATE_1 "10"
#define RATE_2 "50"
/*
 * Goodput within 15% of the rate; without a qdisc, at least twice the
 * highest rate: well clear of its band (at most 1.15 R), so the limited
 * goodput is the qdisc's doing. Not more: Debian 12's 6.1 under QEMU TCG on
 * a loaded 2-CPU host moved 154-217 Mbit/s without a qdisc (4 times 50
 * failed there, though tbf held both rates once its bucket was large enough).
 */
#define RATE_TOLERANCE_PCT 15
#define FREE_FACTOR 2

static const char *const protos[] = { "icmp4", "icmp6", "tcp4", "tcp6", "udp4", "udp6" };

/*
 * Three hosts on one bridge reach each other pairwise by ICMP echo, TCP and
 * UDP, over IPv4 and IPv6; once h3's port leaves the bridge, h3 is out of
 * reach and h1-h2 still work.
 */
static void expect_bridge(struct nsb_check *k)
{
	char key[64];

	for (int i = 1; i <= 3; i++)
		for (int j = i + 1; j <= 3; j++)
			for (size_t p = 0; p < sizeof(protos) / sizeof(protos[0]); p++) {
				snprintf(key, sizeof(key), "h%d-h%d.%s", i, j, protos[p]);
				nsb_expect_str(k, key, NSB_EQ, "ok");
			}
	for (size_t p = 0; p < sizeof(protos) / sizeof(protos[0]); p++) {
		snprintf(key, sizeof(key), "detached.h1-h3.%s", protos[p]);
		nsb_expect_str(k, key, NSB_NE, "ok");
	}
	nsb_expect_str(k, "detached.h2-h3.icmp4", NSB_NE, "ok");
	nsb_expect_str(k, "detached.h1-h2.tcp4", NSB_EQ, "ok");
}

/*
 * a and c each reach the router r on their own link; a reaches c through r
 * only with forwarding on in r's namespace (routes set both times).
 */
static void expect_routing(struct nsb_check *k)
{
	static const char *const ac[] = { "a-c.tcp4", "a-c.icmp4", "a-c.tcp6", "a-c.icmp6" };
	char key[64];

	nsb_expect_str(k, "a-r.tcp4", NSB_EQ, "ok");
	nsb_expect_str(k, "c-r.tcp4", NSB_EQ, "ok");
	nsb_expect_str(k, "a-r.tcp6", NSB_EQ, "ok");
	nsb_expect_str(k, "c-r.tcp6", NSB_EQ, "ok");
	nsb_expect_str(k, "off.ip_forward", NSB_EQ, "0");
	nsb_expect_str(k, "on.ip_forward", NSB_EQ, "1");
	for (size_t i = 0; i < sizeof(ac) / sizeof(ac[0]); i++) {
		snprintf(key, sizeof(key), "off.%s", ac[i]);
		nsb_expect_str(k, key, NSB_NE, "ok");
		snprintf(key, sizeof(key), "on.%s", ac[i]);
		nsb_expect_str(k, key, NSB_EQ, "ok");
	}
}

/*
 * The outside server sees the inner host's address without the masquerade
 * rule (and cannot answer it: no route back), the router's outer address
 * with it, for UDP and TCP.
 */
static void expect_nat(struct nsb_check *k)
{
	nsb_expect_str(k, "i-r.tcp4", NSB_EQ, "ok");
	nsb_expect_str(k, "norule.src", NSB_EQ, LAB_I4);
	nsb_expect_str(k, "norule.udp", NSB_NE, "ok");
	nsb_expect_str(k, "nat.rule", NSB_EQ, "ok");
	nsb_expect_str(k, "rule.udp", NSB_EQ, "ok");
	nsb_expect_str(k, "rule.src", NSB_EQ, LAB_RO4);
	nsb_expect_str(k, "rule.tcp", NSB_EQ, "ok");
	nsb_expect_str(k, "rule.tcp.src", NSB_EQ, LAB_RO4);
}

/* TCP goodput within RATE_TOLERANCE_PCT of each tbf rate, and far above the highest without one. */
static void expect_rate(struct nsb_check *k)
{
	static const char *const rates[] = { RATE_1, RATE_2 };
	long long top = 0;
	char key[64];

	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		long long bps = atoll(rates[i]) * 1000000;

		snprintf(key, sizeof(key), "tbf.%s.set", rates[i]);
		nsb_expect_str(k, key, NSB_EQ, "ok");
		snprintf(key, sizeof(key), "tbf.%s.bps", rates[i]);
		nsb_expect_between(k, key, bps * (100 - RATE_TOLERANCE_PCT) / 100,
				   bps * (100 + RATE_TOLERANCE_PCT) / 100);
		if (bps > top)
			top = bps;
	}
	nsb_expect_between(k, "free.bps", top * FREE_FACTOR, LLONG_MAX);
}

/* The client on the link gets the server's answer; the one without a link has no route to it. */
static void expect_server(struct nsb_check *k)
{
	nsb_expect_str(k, "linked.tcp", NSB_EQ, "ok");
	nsb_expect_str(k, "unlinked.tcp", NSB_EQ, "ENETUNREACH");
}

static const struct nsb_test labs_tests[] = {
	{ .name = "bridge", .probe = "labs", .args = NSB_ARGS("bridge"), .expect = expect_bridge,
	  .needs = NET, .excludes = ONLY_NET_USER, .timeout_ms = 30000 },
	{ .name = "routing", .probe = "labs", .args = NSB_ARGS("routing"), .expect = expect_routing,
	  .needs = NET, .excludes = ONLY_NET_USER, .timeout_ms = 30000 },
	{ .name = "nat", .probe = "labs", .args = NSB_ARGS("nat"), .expect = expect_nat,
	  .needs = NET, .excludes = ONLY_NET_USER, .timeout_ms = 30000 },
	{ .name = "rate", .probe = "labs", .args = NSB_ARGS("rate", RATE_1, RATE_2),
	  .expect = expect_rate, .needs = NET, .excludes = ONLY_NET_USER, .timeout_ms = 30000 },
	{ .name = "server", .probe = "labs", .args = NSB_ARGS("server"), .expect = expect_server,
	  .needs = NET, .excludes = ONLY_NET_USER, .timeout_ms = 30000 },
};

const struct nsb_suite nsb_suite_labs =
	NSB_SUITE_NETLINK("labs", "network labs built in namespaces and tried by traffic: bridge, routing, "
		  "NAT, rate limit, server", labs_tests);
