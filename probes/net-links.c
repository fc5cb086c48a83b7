/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net-links - what a network namespace holds and whether it can be used,
 * over rtnetlink (libmnl), never the `ip` binary.
 *
 * stdout:
 *   links         names of the links in this netns, by ifindex, comma-separated
 *   lo.up         1 when lo was UP before we touched it, else 0
 *   tcp.before    a TCP connection over 127.0.0.1 before bringing lo up:
 *                 "ok", or the errno name (ENETUNREACH while lo is down:
 *                 binding 127.0.0.1 works, connecting finds no route)
 *   lo.set_up     RTM_SETLINK lo IFF_UP: "ok" or the errno name
 *   lo.up.after   1 when lo is UP now
 *   tcp.after     the TCP connection over 127.0.0.1 again
 *   route_out     UDP connect() to 192.0.2.2: "ok" or ENETUNREACH (no route)
 *   event.nsb0    1 when an RTM_NEWLINK event for "nsb0" arrived on our
 *                 RTNLGRP_LINK socket while the harness changed that link
 *   peer.set      RTM_SETLINK "nsb0" mtu 1300 (the test parent's link):
 *                 "ok", ENODEV (no such link here) or EPERM
 *
 * Without net in the combination every change lands in the test parent's
 * private netns inside the lab, never in the lab's or the machine's.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/netlink.h"
#include "probe.h"
#include "common/errname.h"

static int add_name(const struct nsb_nl_link *l, void *data)
{
	char *list = data;
	size_t len = strlen(list);

	snprintf(list + len, 256 - len, "%s%s", len ? "," : "", l->name);
	return 0;
}

static int lo_up(void)
{
	struct nsb_nl_link l;
	int r = nsb_nl_link_get("lo", &l);

	return r < 0 ? r : !!(l.flags & IFF_UP);
}

/* Listen on 127.0.0.1, connect, accept, and pass one byte: 0 or -errno. */
static int tcp_loopback(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(a);
	int l = -1, c = -1, s = -1, r = 0;
	char byte = 'x';

	l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l < 0 || c < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 1) < 0 ||
	    getsockname(l, (struct sockaddr *)&a, &alen) < 0 ||
	    connect(c, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    (s = accept4(l, NULL, NULL, SOCK_CLOEXEC)) < 0 || write(c, &byte, 1) != 1 ||
	    read(s, &byte, 1) != 1)
		r = -errno;
	if (s >= 0)
		close(s);
	if (c >= 0)
		close(c);
	if (l >= 0)
		close(l);
	return r;
}

/* UDP connect() only looks the route up: ENETUNREACH when there is none. */
static int route_out(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(9) };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r = 0;

	if (s < 0)
		return -errno;
	inet_pton(AF_INET, "192.0.2.2", &a.sin_addr);
	if (connect(s, (struct sockaddr *)&a, sizeof(a)) < 0)
		r = -errno;
	close(s);
	return r;
}

static const char *res(int r)
{
	return nsb_errno_name(r < 0 ? -r : 0);
}

int main(void)
{
	char links[256] = "";
	int r, up, ev;

	r = nsb_nl_links(add_name, links);
	if (r < 0)
		return probe_error(-r, "RTM_GETLINK dump");
	probe_put("links", "%s", links);
	up = lo_up();
	if (up < 0)
		return probe_error(-up, "lo");
	probe_put("lo.up", "%d", up);
	probe_put("tcp.before", "%s", res(tcp_loopback()));
	probe_put("lo.set_up", "%s", res(nsb_nl_link_set("lo", true, 0)));
	up = lo_up();
	if (up < 0)
		return probe_error(-up, "lo");
	probe_put("lo.up.after", "%d", up);
	probe_put("tcp.after", "%s", res(tcp_loopback()));
	probe_put("route_out", "%s", res(route_out()));

	ev = nsb_nl_link_events_open();
	if (ev < 0)
		return probe_error(-ev, "RTNLGRP_LINK socket");
	/* The harness changes its "nsb0" now; the event is queued before sync returns. */
	r = probe_sync("link-events");
	if (r < 0)
		return probe_error(-r, "sync");
	r = nsb_nl_link_events_count(ev, "nsb0");
	close(ev);
	if (r < 0)
		return probe_error(-r, "link events");
	probe_put("event.nsb0", "%d", r > 0);
	probe_put("peer.set", "%s", res(nsb_nl_link_set("nsb0", false, 1300)));
	return probe_done();
}
