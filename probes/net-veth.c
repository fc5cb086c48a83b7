/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net-veth - use the veth end the test parent moved into our netns. The
 * parent (in its private netns inside the lab) configures its end by
 * rtnetlink; this probe configures its own end by ioctl, as ifconfig did,
 * so both ways of configuring a link are exercised (NET-2).
 *
 * Addresses are from the documentation ranges (RFC 5737, RFC 3849): never routed anywhere.
 * The parent's end nsbA: 198.51.100.1/24 and 2001:db8:6e73::1/64, TCP listeners on
 * port 7358. Ours, nsbB: 198.51.100.2/24 and 2001:db8:6e73::2/64.
 *
 * stdout (after sync, once the parent has moved nsbB here):
 *   links        our links, by ifindex, comma-separated (RTM_GETLINK)
 *   dad.off      writing net.ipv6.conf.nsbB.accept_dad=0: "ok" or errno
 *                (so our IPv6 address is usable at once, not tentative)
 *   arp.fast, nd.fast  net.ipv{4,6}.neigh.nsbB.retrans_time_ms=10: "ok" or errno
 *   ioctl.addr4  SIOCSIFADDR + SIOCSIFNETMASK (AF_INET): "ok" or errno
 *   ioctl.addr6  SIOCSIFADDR (AF_INET6, struct in6_ifreq): "ok" or errno
 *   ioctl.up     SIOCSIFFLAGS IFF_UP: "ok" or errno
 *   running      "ok" once nsbB is IFF_RUNNING (within 2 s), else ETIMEDOUT
 *   tcp4, tcp6   connect to the parent's address and send one byte
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/netlink.h"
#include "probe.h"
#include "common/errname.h"
#include "common/procfs.h"

#define PORT 7358

/* struct in6_ifreq of <linux/ipv6.h>, which clashes with <netinet/in.h>. */
struct nsb_in6_ifreq {
	struct in6_addr addr;
	unsigned prefixlen;
	int ifindex;
};

static int add_name(const struct nsb_nl_link *l, void *data)
{
	char *list = data;
	size_t len = strlen(list);

	snprintf(list + len, 256 - len, "%s%s", len ? "," : "", l->name);
	return 0;
}

static int set_addr4(int s, const char *ifname)
{
	struct ifreq ifr = { 0 };
	struct sockaddr_in *a = (struct sockaddr_in *)&ifr.ifr_addr;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	a->sin_family = AF_INET;
	inet_pton(AF_INET, "198.51.100.2", &a->sin_addr);
	if (ioctl(s, SIOCSIFADDR, &ifr) < 0)
		return errno;
	inet_pton(AF_INET, "255.255.255.0", &a->sin_addr);
	return ioctl(s, SIOCSIFNETMASK, &ifr) < 0 ? errno : 0;
}

static int set_addr6(const char *ifname)
{
	struct nsb_in6_ifreq req = { .prefixlen = 64, .ifindex = (int)if_nametoindex(ifname) };
	int s = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0), r = 0;

	if (s < 0)
		return errno;
	inet_pton(AF_INET6, "2001:db8:6e73::2", &req.addr);
	if (!req.ifindex || ioctl(s, SIOCSIFADDR, &req) < 0)
		r = req.ifindex ? errno : ENODEV;
	close(s);
	return r;
}

static int set_up(int s, const char *ifname)
{
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		return errno;
	ifr.ifr_flags |= IFF_UP;
	return ioctl(s, SIOCSIFFLAGS, &ifr) < 0 ? errno : 0;
}

/* Carrier and operstate change in the kernel's link-watch work, after SIOCSIFFLAGS returns. */
static int wait_running(const char *ifname)
{
	struct timespec ms = { 0, 1000000 };
	struct nsb_nl_link l;
	int r;

	for (int i = 0; i < 2000; i++) {
		r = nsb_nl_link_get(ifname, &l);
		if (r < 0)
			return -r;
		if (l.flags & IFF_RUNNING)
			return 0;
		nanosleep(&ms, NULL);
	}
	return ETIMEDOUT;
}

/* One connection attempt: connect within @ms milliseconds, then send one byte. */
static int tcp_try(const struct sockaddr *sa, socklen_t len, int ms)
{
	int s = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), r = 0;
	struct pollfd p = { s, POLLOUT, 0 };
	socklen_t elen = sizeof(r);

	if (s < 0)
		return errno;
	if (connect(s, sa, len) < 0) {
		if (errno != EINPROGRESS)
			r = errno;
		else if (poll(&p, 1, ms) == 0)
			r = ETIMEDOUT;
		else if (getsockopt(s, SOL_SOCKET, SO_ERROR, &r, &elen) < 0)
			r = errno;
	}
	if (!r && write(s, "x", 1) != 1)
		r = errno;
	close(s);
	return r;
}

/*
 * Both ends start passing packets only once the kernel's link-watch work
 * has run for each (a packet sent before is dropped), and the probe cannot
 * see the parent's end; our IPv6 address stays tentative (EADDRNOTAVAIL)
 * until then too. A dropped SYN would cost the 1 s initial RTO, so try
 * again with a fresh connection every 10 ms, for up to 2 s.
 */
static int tcp_send(int family, const char *addr)
{
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons(PORT) };
	int r = ETIMEDOUT;

	if (family == AF_INET)
		inet_pton(AF_INET, addr, &a4.sin_addr);
	else
		inet_pton(AF_INET6, addr, &a6.sin6_addr);
	for (int i = 0; i < 200 && (r == ETIMEDOUT || r == EADDRNOTAVAIL); i++) {
		r = family == AF_INET ? tcp_try((struct sockaddr *)&a4, sizeof(a4), 10)
				      : tcp_try((struct sockaddr *)&a6, sizeof(a6), 10);
		if (r == EADDRNOTAVAIL)	/* at once: wait as long as a lost SYN would */
			nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
	}
	return r;
}

int main(void)
{
	char links[256] = "";
	int r, s;

	r = probe_sync("veth");
	if (r < 0)
		return probe_error(-r, "sync");
	r = nsb_nl_links(add_name, links);
	if (r < 0)
		return probe_error(-r, "RTM_GETLINK dump");
	probe_put("links", "%s", links);
	probe_put("dad.off", "%s", nsb_errno_name(-nsb_write_file("/proc/sys/net/ipv6/conf/nsbB/accept_dad", "0")));
	/*
	 * A neighbour solicitation lost before the parent's end is up would be
	 * repeated only after retrans_time (1 s): ask again every 10 ms here.
	 */
	probe_put("arp.fast", "%s", nsb_errno_name(-nsb_write_file("/proc/sys/net/ipv4/neigh/nsbB/retrans_time_ms", "10")));
	probe_put("nd.fast", "%s", nsb_errno_name(-nsb_write_file("/proc/sys/net/ipv6/neigh/nsbB/retrans_time_ms", "10")));
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return probe_error(errno, "socket");
	probe_put("ioctl.addr4", "%s", nsb_errno_name(set_addr4(s, "nsbB")));
	probe_put("ioctl.addr6", "%s", nsb_errno_name(set_addr6("nsbB")));
	probe_put("ioctl.up", "%s", nsb_errno_name(set_up(s, "nsbB")));
	close(s);
	probe_put("running", "%s", nsb_errno_name(wait_running("nsbB")));
	probe_put("tcp4", "%s", nsb_errno_name(tcp_send(AF_INET, "198.51.100.1")));
	probe_put("tcp6", "%s", nsb_errno_name(tcp_send(AF_INET6, "2001:db8:6e73::1")));
	return probe_done();
}
