/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * labs - builds one of the network labs people build by hand out of
 * namespaces and reports what real traffic does there, with and without
 * the piece that makes it work (the negative control).
 *
 * usage: labs bridge|routing|nat|rate|server [ARG...] [broken]
 *
 * Every lab node is a network namespace this probe creates with
 * unshare(CLONE_NEWNET) and holds by an nsfs fd; the probe moves between
 * them with setns(2), so a socket is created in the node it belongs to and
 * one single-threaded process plays every host (poll(2) on all sockets);
 * only a lab's negative controls run at once, in forked children, so that
 * their timeouts overlap.
 * Links, addresses, routes and the tbf qdisc are rtnetlink over libmnl
 * (netlink.h), the NAT rule nf_tables over libnftnl; sysctls are written
 * under /proc/sys/net, which shows the writer's own netns. Nothing runs
 * `ip`, `tc` or `nft`, nothing touches a namespace the probe did not
 * create, and the nodes vanish with the probe (only its fds hold them).
 * Addresses: common/labs.h (documentation ranges), no default route anywhere.
 *
 * "broken" (the last argument) leaves out the one setup step each lab
 * depends on, for nsbench's own tests (tests/liars/labs-broken.c): the
 * port of h3 never joins the bridge; no routes; no masquerade rule; no
 * qdisc; the unlinked client gets a link.
 *
 * stdout: one key per check, "ok" or the errno name (ETIMEDOUT when no
 * answer came); see each lab below. A setup step the kernel refuses
 * (EPERM, EOPNOTSUPP, ENOENT for a missing qdisc or nf_tables module, ...)
 * is skip=<step>: <errno> (<config>), kernel <release>.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>
#include <linux/capability.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/tcp.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sched.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/errname.h"
#include "common/labs.h"
#include "common/netlink.h"
#include "common/procfs.h"
#include "probe.h"

#define PORT 7400
/* The lab has this long to pass its first packets (link-watch, ARP, ND). */
#define SETTLE_MS 2000
/* Once a path has worked, an answer takes well under a millisecond here. */
#define ANSWER_MS 150

static bool broken;
static long long settle_until;
/* rate: stop measuring early (lab_rate()); the rule is suites/labs.c's. */
#define FREE_STOP 10		/* free.bps: this many times the highest tbf rate */
#define RATE_STOP_PCT 5		/* tbf.R.bps: within this many percent of R */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The kernel's "not here" answers: the lab cannot be built on this machine. */
static bool refusal(int err)
{
	return err == EPERM || err == EACCES || err == EOPNOTSUPP || err == ENOENT ||
	       err == EAFNOSUPPORT || err == EPROTONOSUPPORT || err == ENOSYS;
}

/* Ends the probe: skip when the kernel refused @what, error otherwise. */
static void __attribute__((noreturn)) setup_failed(int err, const char *what, const char *config)
{
	struct utsname u;

	if (!refusal(err))
		exit(probe_error(err, "%s", what));
	/* Netlink changes and sysctls in a net ns need CAP_NET_ADMIN over it (nspawn drops it). */
	if (probe_skip_if_lacks_cap(what, err, CAP_NET_ADMIN) >= 0 || probe_skip_if_filtered(what, err) >= 0)
		exit(PROBE_SKIP);
	uname(&u);
	exit(probe_skip("%s: %s (needs %s), kernel %s", what, nsb_errno_name(err), config,
			u.release));
}

#define SETUP(call, what, config)                                     \
	do {                                                          \
		int r_ = (call);                                      \
		if (r_ < 0)                                           \
			setup_failed(-r_, what, config);             \
	} while (0)

static void enter(int node)
{
	if (setns(node, CLONE_NEWNET) < 0)
		exit(probe_error(errno, "setns(CLONE_NEWNET)"));
}

static void sysctl(int node, const char *path, const char *value)
{
	char what[160];

	enter(node);
	snprintf(what, sizeof(what), "write %s", path);
	SETUP(nsb_write_file(path, value), what, "CONFIG_SYSCTL, CONFIG_NET_NS");
}

/*
 * A fresh netns, its fd, lo up, and our gid may open ping sockets
 * (icmp(7): net.ipv4.ping_group_range, for ICMPv6 too).
 */
static int node_new(void)
{
	char range[64];
	int fd;

	if (unshare(CLONE_NEWNET) < 0)
		setup_failed(errno, "unshare(CLONE_NEWNET)", "CONFIG_NET_NS");
	fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		exit(probe_error(errno, "open /proc/thread-self/ns/net"));
	SETUP(nsb_nl_link_set("lo", true, 0), "RTM_SETLINK lo up", "CONFIG_NET");
	/*
	 * A new netns takes IPv4 settings from the initial one (net.core.
	 * devconf_inherit_init_net): a host's strict reverse-path filter would
	 * drop the NAT lab's unanswerable datagram, so the lab sets its own.
	 */
	sysctl(fd, "/proc/sys/net/ipv4/conf/all/rp_filter", "0");
	sysctl(fd, "/proc/sys/net/ipv4/conf/default/rp_filter", "0");
	snprintf(range, sizeof(range), "%u %u", (unsigned)getgid(), (unsigned)getgid());
	sysctl(fd, "/proc/sys/net/ipv4/ping_group_range", range);
	return fd;
}

/* A veth pair: @a in node @na, its peer @b in node @nb (moved by nsfs fd). */
static void veth(int na, const char *a, int nb, const char *b)
{
	enter(na);
	SETUP(nsb_nl_link_add(a, "veth", b), "RTM_NEWLINK veth", "CONFIG_VETH");
	SETUP(nsb_nl_link_move_fd(b, nb), "RTM_SETLINK IFLA_NET_NS_FD", "CONFIG_NET_NS");
}

/* "addr/prefix" of either family into @family, @a and @prefix. */
static int parse_prefix(const char *s, int *family, void *a, unsigned *prefix)
{
	char buf[64], *slash;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	if (!slash)
		return -EINVAL;
	*slash = '\0';
	*prefix = (unsigned)atoi(slash + 1);
	*family = strchr(buf, ':') ? AF_INET6 : AF_INET;
	return inet_pton(*family, buf, a) == 1 ? 0 : -EINVAL;
}

static void addr(int node, const char *dev, const char *prefixed)
{
	unsigned char a[16];
	unsigned prefix;
	int family;

	if (parse_prefix(prefixed, &family, a, &prefix) < 0)
		exit(probe_error(EINVAL, "address %s", prefixed));
	enter(node);
	SETUP(nsb_nl_addr_add(dev, family, a, prefix), "RTM_NEWADDR",
	      family == AF_INET6 ? "CONFIG_IPV6" : "CONFIG_INET");
}

/*
 * Set @dev up; an unanswered neighbour solicitation on it is repeated after
 * 10 ms, not 1 s (a new netns has no neigh/default to set once).
 */
static void up(int node, const char *dev)
{
	char path[128];

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/neigh/%s/retrans_time_ms", dev);
	sysctl(node, path, "10");
	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/neigh/%s/retrans_time_ms", dev);
	sysctl(node, path, "10");
	SETUP(nsb_nl_link_set(dev, true, 0), "RTM_SETLINK up", "CONFIG_NET");
}

/* A route to @prefixed via @gw in @node (never a default route: nsb_nl_route_add refuses). */
static void route(int node, const char *prefixed, const char *gw)
{
	unsigned char dst[16], via[16];
	unsigned prefix;
	int family;

	if (parse_prefix(prefixed, &family, dst, &prefix) < 0 || inet_pton(family, gw, via) != 1)
		exit(probe_error(EINVAL, "route %s via %s", prefixed, gw));
	enter(node);
	SETUP(nsb_nl_route_add(family, dst, prefix, via, NULL), "RTM_NEWROUTE",
	      family == AF_INET6 ? "CONFIG_IPV6" : "CONFIG_INET");
}

/* Carrier comes in the kernel's link-watch work, after the link is set up. */
static void wait_running(int node, const char *dev)
{
	struct nsb_nl_link l;

	enter(node);
	for (long long end = now_ms() + SETTLE_MS; now_ms() < end;) {
		SETUP(nsb_nl_link_get(dev, &l), "RTM_GETLINK", "CONFIG_NET");
		if (l.flags & IFF_RUNNING)
			return;
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
}

static socklen_t sockaddr_of(const char *a, int port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (strchr(a, ':')) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		inet_pton(AF_INET6, a, &s6->sin6_addr);
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	s4->sin_family = AF_INET;
	s4->sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, a, &s4->sin_addr);
	return sizeof(*s4);
}

static void addr_name(const struct sockaddr_storage *ss, char *buf, size_t len)
{
	if (ss->ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, buf, (socklen_t)len);
	else
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, buf, (socklen_t)len);
}

static int sock_in(int node, int family, int type, int proto)
{
	enter(node);
	return socket(family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, proto);
}

/* Wait until @fd has @ev, at most until @end (ms): 0 or ETIMEDOUT. */
static int wait_fd(int fd, short ev, long long end)
{
	struct pollfd p = { fd, ev, 0 };
	long long left = end - now_ms();

	if (left < 0)
		left = 0;
	return poll(&p, 1, (int)left) > 0 ? 0 : ETIMEDOUT;
}

static int sock_err(int s)
{
	int e = 0;
	socklen_t len = sizeof(e);

	return getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &len) < 0 ? errno : e;
}

static void close_all(int *fds, int n)
{
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/*
 * One TCP exchange from node @src to @to (an address in node @dst) by
 * @end: connect, a request, the answer. The listener's view of the
 * client's address goes to @seen. 0 or the errno.
 */
static int tcp_once(int src, int dst, const char *to, long long end, char *seen, size_t seen_len)
{
	struct sockaddr_storage ss, peer;
	socklen_t len = sockaddr_of(to, PORT, &ss), plen = sizeof(peer);
	int fd[3] = { -1, -1, -1 }, r, one = 1;
	char buf[8];

	if ((fd[0] = sock_in(dst, ss.ss_family, SOCK_STREAM, 0)) < 0)
		return errno;
	setsockopt(fd[0], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd[0], (struct sockaddr *)&ss, len) < 0 || listen(fd[0], 4) < 0) {
		r = errno;
		goto out;
	}
	if ((fd[1] = sock_in(src, ss.ss_family, SOCK_STREAM, 0)) < 0) {
		r = errno;
		goto out;
	}
	if (connect(fd[1], (struct sockaddr *)&ss, len) < 0 && errno != EINPROGRESS) {
		r = errno;
		goto out;
	}
	if ((r = wait_fd(fd[1], POLLOUT, end)) || (r = sock_err(fd[1])))
		goto out;
	if (write(fd[1], "req", 3) != 3 || (r = wait_fd(fd[0], POLLIN, end)))
		goto out;
	if ((fd[2] = accept4(fd[0], (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC | SOCK_NONBLOCK)) < 0) {
		r = errno;
		goto out;
	}
	if (seen)
		addr_name(&peer, seen, seen_len);
	if ((r = wait_fd(fd[2], POLLIN, end)))
		goto out;
	if (read(fd[2], buf, sizeof(buf)) != 3 || memcmp(buf, "req", 3) || write(fd[2], "ans", 3) != 3) {
		r = EPROTO;
		goto out;
	}
	if ((r = wait_fd(fd[1], POLLIN, end)))
		goto out;
	r = read(fd[1], buf, sizeof(buf)) == 3 && memcmp(buf, "ans", 3) == 0 ? 0 : EPROTO;
out:
	close_all(fd, 3);
	return r;
}

/* One UDP datagram from @src to @to in @dst and the answer back; @seen as for TCP. */
/*
 * One UDP exchange: the request must arrive by @end; the answer by @end too, or,
 * with @answer_ms > 0, within @answer_ms of the request's arrival. 0 or the errno.
 */
static int udp_exchange(int src, int dst, const char *to, long long end, long long answer_ms, char *seen,
			size_t seen_len)
{
	struct sockaddr_storage ss, peer;
	socklen_t len = sockaddr_of(to, PORT, &ss), plen = sizeof(peer);
	int fd[2] = { -1, -1 }, r;
	char buf[8];

	if ((fd[0] = sock_in(dst, ss.ss_family, SOCK_DGRAM, 0)) < 0)
		return errno;
	if (bind(fd[0], (struct sockaddr *)&ss, len) < 0 ||
	    (fd[1] = sock_in(src, ss.ss_family, SOCK_DGRAM, 0)) < 0 ||
	    sendto(fd[1], "req", 3, 0, (struct sockaddr *)&ss, len) != 3) {
		r = errno;
		goto out;
	}
	if ((r = wait_fd(fd[0], POLLIN, end)))
		goto out;
	if (recvfrom(fd[0], buf, sizeof(buf), 0, (struct sockaddr *)&peer, &plen) != 3 ||
	    memcmp(buf, "req", 3)) {
		r = EPROTO;
		goto out;
	}
	if (seen)
		addr_name(&peer, seen, seen_len);
	if (sendto(fd[0], "ans", 3, 0, (struct sockaddr *)&peer, plen) != 3) {
		r = errno;
		goto out;
	}
	if (answer_ms > 0)
		end = now_ms() + answer_ms;
	if ((r = wait_fd(fd[1], POLLIN, end)) || (r = sock_err(fd[1])))
		goto out;
	r = recv(fd[1], buf, sizeof(buf), 0) == 3 && memcmp(buf, "ans", 3) == 0 ? 0 : EPROTO;
out:
	close_all(fd, 2);
	return r;
}

static int udp_once(int src, int dst, const char *to, long long end, char *seen, size_t seen_len)
{
	return udp_exchange(src, dst, to, end, 0, seen, seen_len);
}

/* One ICMP echo from @src to @to through a ping socket (icmp(7)): the reply or the errno. */
static int icmp_once(int src, int dst, const char *to, long long end, char *seen, size_t seen_len)
{
	struct sockaddr_storage ss;
	socklen_t len = sockaddr_of(to, 0, &ss);
	bool v6 = ss.ss_family == AF_INET6;
	unsigned char msg[16] = { v6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO, 0 }, buf[64];
	int s, r;
	ssize_t n;

	(void)dst;
	(void)seen;
	(void)seen_len;
	memcpy(msg + 8, "nsbench!", 8);
	s = sock_in(src, ss.ss_family, SOCK_DGRAM, v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
	if (s < 0)
		return errno;
	if (sendto(s, msg, sizeof(msg), 0, (struct sockaddr *)&ss, len) != sizeof(msg))
		r = errno;
	else if (!(r = wait_fd(s, POLLIN, end)) && !(r = sock_err(s))) {
		n = recv(s, buf, sizeof(buf), 0);
		r = n < 0 ? errno
		    : n == sizeof(msg) && buf[0] == (v6 ? ICMP6_ECHO_REPLY : ICMP_ECHOREPLY) &&
				memcmp(buf + 8, "nsbench!", 8) == 0 ? 0 : EPROTO;
	}
	close(s);
	return r;
}

typedef int (*exchange_fn)(int src, int dst, const char *to, long long end, char *seen,
			   size_t seen_len);

/*
 * Expected to work: fresh attempts every 20 ms (a lost SYN or echo costs a
 * second otherwise) until the lab's settle time is over, and at least
 * ANSWER_MS. Reports and returns 0 or the last errno.
 */
static int works(const char *key, exchange_fn fn, int src, int dst, const char *to, char *seen,
		 size_t seen_len)
{
	long long end = now_ms() + ANSWER_MS, t;
	int r;

	if (settle_until > end)
		end = settle_until;
	do {
		t = now_ms() + 20;
		r = fn(src, dst, to, t < end ? t : end, seen, seen_len);
	} while (r && now_ms() < end);
	if (key)
		probe_put(key, "%s", nsb_errno_name(r));
	return r;
}

/* Expected to fail (the negative control): one attempt, ANSWER_MS long. */
static int fails(const char *key, exchange_fn fn, int src, int dst, const char *to, char *seen,
		 size_t seen_len)
{
	int r = fn(src, dst, to, now_ms() + ANSWER_MS, seen, seen_len);

	if (key)
		probe_put(key, "%s", nsb_errno_name(r));
	return r;
}

struct neg {
	char key[64];
	exchange_fn fn;
	int src, dst;
	const char *to;
};

/*
 * Negative controls, all at once: each in a forked child (one attempt,
 * ANSWER_MS long), so a batch costs ANSWER_MS rather than n times it. The
 * exchanges of one batch use distinct sockets (protocol, family, address).
 * Reports each key, in order.
 */
static void fails_all(const struct neg *n, int count)
{
	int p[2], res[16], got = 0, rec[2];
	long long end = now_ms() + ANSWER_MS;

	if (count > 16 || pipe2(p, O_CLOEXEC) < 0)
		exit(probe_error(count > 16 ? E2BIG : errno, "negative controls"));
	fflush(stdout);
	for (int i = 0; i < count; i++) {
		pid_t pid = fork();

		if (pid < 0)
			exit(probe_error(errno, "fork"));
		if (pid == 0) {
			rec[0] = i;
			rec[1] = n[i].fn(n[i].src, n[i].dst, n[i].to, end, NULL, 0);
			_exit(write(p[1], rec, sizeof(rec)) == sizeof(rec) ? 0 : 1);
		}
	}
	close(p[1]);
	while (read(p[0], rec, sizeof(rec)) == sizeof(rec))
		if (rec[0] >= 0 && rec[0] < count) {
			res[rec[0]] = rec[1];
			got++;
		}
	close(p[0]);
	while (wait(NULL) > 0)
		;
	if (got != count)
		exit(probe_error(EIO, "%d of %d negative controls reported", got, count));
	for (int i = 0; i < count; i++)
		probe_put(n[i].key, "%s", nsb_errno_name(res[i]));
}

static const struct {
	const char *name;
	exchange_fn fn;
} protos[] = { { "icmp", icmp_once }, { "tcp", tcp_once }, { "udp", udp_once } };

/*
 * bridge: h1, h2, h3 each with eth0 on a port (veth) of br0 in node br.
 * Keys: hI-hJ.{icmp,tcp,udp}{4,6} for every pair; then h3's port leaves
 * the bridge (IFLA_MASTER 0): detached.h1-h3.* and detached.h2-h3.icmp4
 * (must fail), detached.h1-h2.tcp4 (must still work).
 */
static int lab_bridge(void)
{
	int br = node_new(), h[4], nn = 0;
	char a[3][2][64], key[64], port[8];
	struct neg neg[8];

	enter(br);
	SETUP(nsb_nl_link_add("br0", "bridge", NULL), "RTM_NEWLINK bridge", "CONFIG_BRIDGE");
	up(br, "br0");
	for (int i = 1; i <= 3; i++) {
		h[i] = node_new();
		snprintf(port, sizeof(port), "p%d", i);
		veth(br, port, h[i], "eth0");
		if (!(broken && i == 3)) {
			enter(br);
			SETUP(nsb_nl_link_master(port, "br0"), "RTM_SETLINK IFLA_MASTER", "CONFIG_BRIDGE");
		}
		up(br, port);
		snprintf(a[i - 1][0], 64, LAB_BR_NET4, 10 + i);
		snprintf(a[i - 1][1], 64, LAB_BR_NET6, 10 + i);
		addr(h[i], "eth0", a[i - 1][0]);
		addr(h[i], "eth0", a[i - 1][1]);
		up(h[i], "eth0");
		/* From here on, the plain address. */
		*strchr(a[i - 1][0], '/') = '\0';
		*strchr(a[i - 1][1], '/') = '\0';
	}
	for (int i = 1; i <= 3; i++) {
		snprintf(port, sizeof(port), "p%d", i);
		wait_running(br, port);
		wait_running(h[i], "eth0");
	}
	settle_until = now_ms() + SETTLE_MS;
	for (int i = 1; i <= 3; i++)
		for (int j = i + 1; j <= 3; j++)
			for (size_t p = 0; p < 3; p++)
				for (int v = 0; v < 2; v++) {
					snprintf(key, sizeof(key), "h%d-h%d.%s%d", i, j, protos[p].name, v ? 6 : 4);
					works(key, protos[p].fn, h[i], h[j], a[j - 1][v], NULL, 0);
				}
	enter(br);
	SETUP(nsb_nl_link_master("p3", NULL), "RTM_SETLINK IFLA_MASTER 0", "CONFIG_BRIDGE");
	settle_until = 0;
	for (size_t p = 0; p < 3; p++)
		for (int v = 0; v < 2; v++) {
			struct neg *e = &neg[nn++];

			*e = (struct neg){ .fn = protos[p].fn, .src = h[1], .dst = h[3], .to = a[2][v] };
			snprintf(e->key, sizeof(e->key), "detached.h1-h3.%s%d", protos[p].name, v ? 6 : 4);
		}
	neg[nn++] = (struct neg){ "detached.h2-h3.icmp4", icmp_once, h[2], h[3], a[2][0] };
	fails_all(neg, nn);
	works("detached.h1-h2.tcp4", tcp_once, h[1], h[2], a[1][0], NULL, 0);
	return probe_done();
}

/* Forwarding in node @r for both families: net.ipv4.ip_forward and net.ipv6.conf.all.forwarding. */
static void forwarding(int r, const char *on, const char *key)
{
	char got[8] = "", k[64];
	FILE *f;

	sysctl(r, "/proc/sys/net/ipv4/ip_forward", on);
	sysctl(r, "/proc/sys/net/ipv6/conf/all/forwarding", on);
	f = fopen("/proc/sys/net/ipv4/ip_forward", "re");
	if (!f || !fgets(got, sizeof(got), f))
		exit(probe_error(errno, "read ip_forward"));
	fclose(f);
	got[strcspn(got, "\n")] = '\0';
	snprintf(k, sizeof(k), "%s.ip_forward", key);
	probe_put(k, "%s", got);
}

/*
 * routing: a - r - c, a on 192.0.2.0/24 and 2001:db8:a::/64, c on
 * 198.51.100.0/24 and 2001:db8:c::/64, each with a route to the other
 * subnet via r (no default route). Keys: a-r.tcp4, c-r.tcp4 (one link
 * each); with forwarding 0 written in r's netns: off.ip_forward,
 * off.a-c.{tcp,icmp}{4,6} (must fail); with 1: on.ip_forward, on.a-c.*.
 */
static int lab_routing(void)
{
	int a = node_new(), r = node_new(), c = node_new();
	char key[64];
	struct neg neg[4];
	const char *to[2] = { LAB_C4, LAB_C6 };

	veth(r, "ra", a, "eth0");
	veth(r, "rc", c, "eth0");
	addr(a, "eth0", LAB_A4 "/24");
	addr(a, "eth0", LAB_A6 "/64");
	addr(r, "ra", LAB_RA4 "/24");
	addr(r, "ra", LAB_RA6 "/64");
	addr(r, "rc", LAB_RC4 "/24");
	addr(r, "rc", LAB_RC6 "/64");
	addr(c, "eth0", LAB_C4 "/24");
	addr(c, "eth0", LAB_C6 "/64");
	up(a, "eth0");
	up(r, "ra");
	up(r, "rc");
	up(c, "eth0");
	if (!broken) {
		route(a, "198.51.100.0/24", LAB_RA4);
		route(a, "2001:db8:c::/64", LAB_RA6);
		route(c, "192.0.2.0/24", LAB_RC4);
		route(c, "2001:db8:a::/64", LAB_RC6);
	}
	wait_running(a, "eth0");
	wait_running(r, "ra");
	wait_running(r, "rc");
	wait_running(c, "eth0");
	/* A new netns may inherit forwarding from the initial one (net.core.devconf_inherit_init_net). */
	forwarding(r, "0", "off");
	settle_until = now_ms() + SETTLE_MS;
	works("a-r.tcp4", tcp_once, a, r, LAB_RA4, NULL, 0);
	works("c-r.tcp4", tcp_once, c, r, LAB_RC4, NULL, 0);
	works("a-r.tcp6", tcp_once, a, r, LAB_RA6, NULL, 0);
	works("c-r.tcp6", tcp_once, c, r, LAB_RC6, NULL, 0);
	settle_until = 0;
	for (int v = 0; v < 2; v++) {
		neg[2 * v] = (struct neg){ .fn = tcp_once, .src = a, .dst = c, .to = to[v] };
		snprintf(neg[2 * v].key, sizeof(neg[2 * v].key), "off.a-c.tcp%d", v ? 6 : 4);
		neg[2 * v + 1] = (struct neg){ .fn = icmp_once, .src = a, .dst = c, .to = to[v] };
		snprintf(neg[2 * v + 1].key, sizeof(neg[2 * v + 1].key), "off.a-c.icmp%d", v ? 6 : 4);
	}
	fails_all(neg, 4);
	forwarding(r, "1", "on");
	settle_until = now_ms() + SETTLE_MS;
	for (int v = 0; v < 2; v++) {
		snprintf(key, sizeof(key), "on.a-c.tcp%d", v ? 6 : 4);
		works(key, tcp_once, a, c, to[v], NULL, 0);
		snprintf(key, sizeof(key), "on.a-c.icmp%d", v ? 6 : 4);
		works(key, icmp_once, a, c, to[v], NULL, 0);
	}
	return probe_done();
}

/*
 * Sends one nf_tables batch (NFNL_MSG_BATCH_BEGIN ... END) and waits for
 * the ACK of its last message; an earlier message's error comes first.
 */
static int nft_send(struct mnl_nlmsg_batch *b, char *buf, size_t len)
{
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);
	ssize_t n;
	int r;

	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_sendto(nl, mnl_nlmsg_batch_head(b), mnl_nlmsg_batch_size(b)) < 0) {
		r = -errno;
		goto out;
	}
	do {
		n = mnl_socket_recvfrom(nl, buf, len);
		if (n < 0) {
			r = -errno;
			goto out;
		}
		r = mnl_cb_run(buf, (size_t)n, 0, mnl_socket_get_portid(nl), NULL, NULL);
	} while (r > MNL_CB_STOP);
	r = r < 0 ? -errno : 0;
out:
	mnl_socket_close(nl);
	return r;
}

static struct nftnl_expr *expr(const char *name)
{
	struct nftnl_expr *e = nftnl_expr_alloc(name);

	if (!e)
		exit(probe_error(ENOMEM, "nftnl_expr_alloc"));
	return e;
}

/*
 * In the caller's netns: table ip nsblab, chain post (type nat, hook
 * postrouting, priority 100), and, with @rule, "meta oif @oif masquerade".
 *
 * libnftnl and not libnftables: libnftables parses nft's language and
 * drives the same netlink messages through its own socket, one process
 * per ruleset file in practice; libnftnl builds the messages themselves
 * and sends them over libmnl, which nsbench already uses for rtnetlink,
 * so the rule is built from data (an ifindex) without a text round trip
 * and every errno comes straight from the kernel's ACK.
 */
static int nft_masquerade(int oif, bool rule)
{
	char *buf = malloc(MNL_SOCKET_BUFFER_SIZE * 2);
	struct mnl_nlmsg_batch *b;
	struct nftnl_table *t = nftnl_table_alloc();
	struct nftnl_chain *c = nftnl_chain_alloc();
	struct nftnl_rule *ru = nftnl_rule_alloc();
	struct nftnl_expr *e;
	struct nlmsghdr *nlh;
	uint32_t seq = (uint32_t)time(NULL), idx = (uint32_t)oif;
	int r;

	if (!buf || !t || !c || !ru)
		exit(probe_error(ENOMEM, "nftnl"));
	b = mnl_nlmsg_batch_start(buf, MNL_SOCKET_BUFFER_SIZE);
	nftnl_batch_begin(mnl_nlmsg_batch_current(b), seq++);
	mnl_nlmsg_batch_next(b);

	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_IPV4);
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, "nsblab");
	nlh = nftnl_table_nlmsg_build_hdr(mnl_nlmsg_batch_current(b), NFT_MSG_NEWTABLE, NFPROTO_IPV4,
					  NLM_F_CREATE, seq++);
	nftnl_table_nlmsg_build_payload(nlh, t);
	mnl_nlmsg_batch_next(b);

	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, "nsblab");
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, "post");
	nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "nat");
	nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, NF_INET_POST_ROUTING);
	nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, 100);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	nlh = nftnl_chain_nlmsg_build_hdr(mnl_nlmsg_batch_current(b), NFT_MSG_NEWCHAIN, NFPROTO_IPV4,
					  NLM_F_CREATE | (rule ? 0 : NLM_F_ACK), seq++);
	nftnl_chain_nlmsg_build_payload(nlh, c);
	mnl_nlmsg_batch_next(b);

	if (rule) {
		nftnl_rule_set_str(ru, NFTNL_RULE_TABLE, "nsblab");
		nftnl_rule_set_str(ru, NFTNL_RULE_CHAIN, "post");
		nftnl_rule_set_u32(ru, NFTNL_RULE_FAMILY, NFPROTO_IPV4);
		e = expr("meta");
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_OIF);
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
		nftnl_rule_add_expr(ru, e);
		e = expr("cmp");
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
		nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, &idx, sizeof(idx));
		nftnl_rule_add_expr(ru, e);
		nftnl_rule_add_expr(ru, expr("masq"));
		nlh = nftnl_rule_nlmsg_build_hdr(mnl_nlmsg_batch_current(b), NFT_MSG_NEWRULE,
						 NFPROTO_IPV4, NLM_F_APPEND | NLM_F_CREATE | NLM_F_ACK,
						 seq++);
		nftnl_rule_nlmsg_build_payload(nlh, ru);
		mnl_nlmsg_batch_next(b);
	}
	nftnl_batch_end(mnl_nlmsg_batch_current(b), seq++);
	mnl_nlmsg_batch_next(b);
	r = nft_send(b, buf + MNL_SOCKET_BUFFER_SIZE, MNL_SOCKET_BUFFER_SIZE);
	mnl_nlmsg_batch_stop(b);
	nftnl_rule_free(ru);
	nftnl_chain_free(c);
	nftnl_table_free(t);
	free(buf);
	return r;
}

/*
 * nat: i (192.0.2.2) - r - o (203.0.113.2); i routes 203.0.113.0/24 via r,
 * r forwards, o has no route back to 192.0.2.0/24 (as on the Internet).
 * The server in o reports the source address it sees.
 * Keys: norule.udp ("ok": o got it; no answer can come back, so the
 * exchange itself ends in ETIMEDOUT), norule.src; nat.rule; rule.udp,
 * rule.src, rule.tcp, rule.tcp.src.
 */
static int lab_nat(void)
{
	int i = node_new(), r = node_new(), o = node_new();
	struct nsb_nl_link ro;
	char src[64] = "none";
	int e = ETIMEDOUT;

	veth(r, "ri", i, "eth0");
	veth(r, "ro", o, "eth0");
	addr(i, "eth0", LAB_I4 "/24");
	addr(r, "ri", LAB_RI4 "/24");
	addr(r, "ro", LAB_RO4 "/24");
	addr(o, "eth0", LAB_O4 "/24");
	up(i, "eth0");
	up(r, "ri");
	up(r, "ro");
	up(o, "eth0");
	route(i, "203.0.113.0/24", LAB_RI4);
	sysctl(r, "/proc/sys/net/ipv4/ip_forward", "1");
	wait_running(i, "eth0");
	wait_running(r, "ri");
	wait_running(r, "ro");
	wait_running(o, "eth0");
	settle_until = now_ms() + SETTLE_MS;
	/* The path works: i reaches r's outer address (local to r, no forwarding, no NAT). */
	works("i-r.tcp4", tcp_once, i, r, LAB_RO4, NULL, 0);
	settle_until = 0;
	/*
	 * Without the rule: the datagram arrives from i's own address, the answer cannot
	 * return. The arrival is the positive half and is tried like works() tries: a
	 * fresh datagram every 20 ms until the lab's settle time is over (a datagram can
	 * be lost: with the rate lab's traffic beside it, norule.src read "none" after
	 * a single one); the answer that must not come gets ANSWER_MS from the arrival.
	 */
	for (long long end = now_ms() + SETTLE_MS; strcmp(src, "none") == 0 && now_ms() < end;)
		e = udp_exchange(i, o, LAB_O4, now_ms() + 20, ANSWER_MS, src, sizeof(src));
	probe_put("norule.udp", "%s", nsb_errno_name(e));
	probe_put("norule.src", "%s", src);
	enter(r);
	SETUP(nsb_nl_link_get("ro", &ro), "RTM_GETLINK", "CONFIG_NET");
	if (!broken)
		SETUP(nft_masquerade(ro.index, true), "nf_tables masquerade",
		      "CONFIG_NF_TABLES, CONFIG_NFT_MASQ, CONFIG_NFT_NAT");
	else
		SETUP(nft_masquerade(ro.index, false), "nf_tables nat chain",
		      "CONFIG_NF_TABLES, CONFIG_NFT_NAT");
	probe_put("nat.rule", "ok");
	settle_until = now_ms() + SETTLE_MS;
	strcpy(src, "none");
	works("rule.udp", udp_once, i, o, LAB_O4, src, sizeof(src));
	probe_put("rule.src", "%s", src);
	strcpy(src, "none");
	works("rule.tcp", tcp_once, i, o, LAB_O4, src, sizeof(src));
	probe_put("rule.tcp.src", "%s", src);
	return probe_done();
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* Payload bytes the receiving stack has taken in (tcp(7) TCP_INFO, since Linux 4.1), or -1. */
static long long bytes_received(int s)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	if (getsockopt(s, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0 ||
	    len < offsetof(struct tcp_info, tcpi_bytes_received) + sizeof(ti.tcpi_bytes_received))
		return -1;
	return (long long)ti.tcpi_bytes_received;
}

/*
 * TCP goodput from node @src to @to in @dst, in bit/s, or -errno: the
 * bytes the receiving stack took in over @win ms, starting @warm ms after
 * the connection is up, divided by the time actually elapsed. Counted by
 * the kernel (TCP_INFO), so a moment without the CPU here costs nothing
 * as long as the socket buffers hold more than that moment's data. With
 * @stop_bps > 0 the window ends early, after WIN_MIN_MS at least, once the
 * goodput so far reaches it: an unlimited link is a stream at full speed
 * on this process's CPU for as long as the window lasts.
 */
#define WIN_MIN_MS 30
static long long goodput(int src, int dst, const char *to, int warm, int win, long long stop_bps)
{
	static char buf[65536];
	struct sockaddr_storage ss;
	socklen_t len = sockaddr_of(to, PORT, &ss);
	int fd[3] = { -1, -1, -1 }, one = 1;
	long long t0, ts = 0, tc = 0, b0 = 0, t, r;

	if ((fd[0] = sock_in(dst, ss.ss_family, SOCK_STREAM, 0)) < 0)
		return -errno;
	setsockopt(fd[0], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd[0], (struct sockaddr *)&ss, len) < 0 || listen(fd[0], 4) < 0) {
		r = -errno;
		goto out;
	}
	/* A fresh attempt every 50 ms: a lost SYN would otherwise cost a second. */
	for (long long end = now_ms() + SETTLE_MS;;) {
		if ((fd[1] = sock_in(src, ss.ss_family, SOCK_STREAM, 0)) < 0 ||
		    (connect(fd[1], (struct sockaddr *)&ss, len) < 0 && errno != EINPROGRESS)) {
			r = -errno;
			goto out;
		}
		if (wait_fd(fd[0], POLLIN, now_ms() + 50 < end ? now_ms() + 50 : end) == 0)
			break;
		close(fd[1]);
		fd[1] = -1;
		if (now_ms() >= end) {
			r = -ETIMEDOUT;
			goto out;
		}
	}
	/* The connection of our client, not one of an abandoned attempt queued before it. */
	for (long long end = now_ms() + SETTLE_MS;;) {
		struct sockaddr_storage me, peer;
		socklen_t ml = sizeof(me), pl = sizeof(peer);

		fd[2] = accept4(fd[0], (struct sockaddr *)&peer, &pl, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd[2] < 0 && errno != EAGAIN) {
			r = -errno;
			goto out;
		}
		if (fd[2] >= 0 && getsockname(fd[1], (struct sockaddr *)&me, &ml) == 0 &&
		    ((struct sockaddr_in *)&me)->sin_port == ((struct sockaddr_in *)&peer)->sin_port)
			break;
		if (fd[2] >= 0)
			close(fd[2]);
		fd[2] = -1;
		if (wait_fd(fd[0], POLLIN, end)) {
			r = -ETIMEDOUT;
			goto out;
		}
	}
	t0 = now_us();
	for (;;) {
		struct pollfd p[2] = { { fd[1], POLLOUT, 0 }, { fd[2], POLLIN, 0 } };

		if (poll(p, 2, 5) < 0 && errno != EINTR) {
			r = -errno;
			goto out;
		}
		if (p[0].revents & (POLLERR | POLLHUP)) {
			r = -(sock_err(fd[1]) ?: EPIPE);
			goto out;
		}
		if (p[0].revents & POLLOUT)
			(void)!write(fd[1], buf, sizeof(buf));
		while (read(fd[2], buf, sizeof(buf)) > 0)
			;
		t = now_us();
		if (!ts && t >= t0 + warm * 1000LL) {
			ts = t;
			tc = t;
			b0 = bytes_received(fd[2]);
		} else if (ts && (t >= ts + win * 1000LL ||
				  (stop_bps > 0 && t >= ts + WIN_MIN_MS * 1000LL && t >= tc + 5000))) {
			long long b1 = bytes_received(fd[2]);

			r = b0 < 0 || b1 < 0 ? -ENOPROTOOPT : (b1 - b0) * 8 * 1000000 / (t - ts);
			if (t >= ts + win * 1000LL || r < 0 || r >= stop_bps)
				goto out;
			tc = t;	/* looked again in 5 ms */
		}
	}
out:
	close_all(fd, 3);
	return r;
}

/*
 * rate: s - d on one veth; TCP goodput s -> d with no qdisc (free.bps),
 * then for each rate R (Mbit/s, argv) a tbf qdisc of rate R on s's end:
 * tbf.R.set, tbf.R.bps; each goodput the best of three windows. tbf counts
 * whole frames (14 + 20 + 32 bytes of headers per 1448 of payload):
 * goodput is ~0.956 R.
 */
static int lab_rate(int argc, char **argv)
{
	int s = node_new(), d = node_new();
	char key[64];
	long long bps;

	/*
	 * tcp(7) buffers, per netns: the sender's 4 MiB from the start; the
	 * receiver's 4 MiB at most, so TCP never has more in flight than the
	 * qdisc's queue (at least 8 MiB) holds: no drop, no slow-start
	 * overshoot to recover from, the bucket alone sets the pace. About
	 * 2 MiB of window is 320 ms at 50 Mbit/s: the link stays busy while
	 * this process waits for a CPU on a loaded machine.
	 */
	sysctl(d, "/proc/sys/net/ipv4/tcp_rmem", "4096 4194304 4194304");
	veth(s, "s0", d, "d0");
	addr(s, "s0", "192.0.2.1/24");
	addr(d, "d0", "192.0.2.2/24");
	up(s, "s0");
	up(d, "d0");
	wait_running(s, "s0");
	wait_running(d, "d0");
	/*
	 * The link's goodput without a qdisc: the best of up to three 200 ms
	 * windows, as a moment without a CPU lowers one (sender and receiver are
	 * this one process; 6.1 under QEMU TCG gave 86 Mbit/s in one window and
	 * 190-550 in others). An error counts only when no window measured. It
	 * stops at a window of FREE_STOP times the highest rate: the rule asks
	 * for far less (suites/labs.c), and a window is a stream at full speed
	 * (17 Gbit/s here) on this process's CPU: a window also ends once its
	 * goodput reaches that, after WIN_MIN_MS (about 60 ms of the CPU in
	 * all here, not 250: issue 15). 20 ms to warm up: slow start over a
	 * veth (tens of us a round trip) is over in a millisecond.
	 */
	long long top = 0;

	for (int i = 0; i < argc; i++) {
		long long r = strtoll(argv[i], NULL, 10) * 1000000;

		if (r > top)
			top = r;
	}
	bps = goodput(s, d, "192.0.2.2", 20, 200, FREE_STOP * top);
	for (int i = 0; i < 2 && !(top > 0 && bps >= FREE_STOP * top); i++) {
		long long b = goodput(s, d, "192.0.2.2", 20, 200, FREE_STOP * top);

		if (b > bps)
			bps = b;
	}
	if (bps < 0)
		probe_put("free.bps", "%s", nsb_errno_name((int)-bps));
	else
		probe_put("free.bps", "%lld", bps);
	for (int i = 0; i < argc; i++) {
		unsigned long long rate = strtoull(argv[i], NULL, 10) * 1000000ULL / 8;

		snprintf(key, sizeof(key), "tbf.%s.set", argv[i]);
		enter(s);
		if (!broken) {
			/*
			 * The bucket: 50 ms at the rate, 10 frames at least. tbf
			 * sends again when its watchdog timer fires; a bucket
			 * smaller than the rate times that timer's lateness
			 * caps the rate below R (tc-tbf(8): at least rate/HZ).
			 * A 10-frame bucket gave 5-21 of 50 Mbit/s on 6.1 under
			 * QEMU TCG on a loaded host (the guest's timer late by
			 * 6-25 ms). The queue is never empty (TCP's window is
			 * far larger), so tokens pile up only while the timer
			 * is late and are owed: the average stays R; the full
			 * bucket of the start is spent in the warm-up, and at
			 * worst the 400 ms window is off by 50 ms of data
			 * (12.5%, inside the rule's 15%). A queue of 1 s at the
			 * rate, 8 MiB at least (see tcp_rmem above).
			 */
			unsigned burst = rate / 20 > 15140 ? (unsigned)(rate / 20) : 15140;

			SETUP(nsb_nl_qdisc_tbf("s0", rate, burst, rate > (8u << 20) ? (unsigned)rate : 8u << 20),
			      "RTM_NEWQDISC tbf", "CONFIG_NET_SCH_TBF");
		}
		probe_put(key, "ok");
		snprintf(key, sizeof(key), "tbf.%s.bps", argv[i]);
		/*
		 * The best of three windows: a window in which this process
		 * waited for a CPU (a loaded machine: 34.8 of 47.8 Mbit/s
		 * seen) says nothing of the link, and no window beats a
		 * working limiter by more than its bucket: 50 ms of data,
		 * 12.5% of the window, so at most ~1.08 R from 0.956 R,
		 * inside the rule's 15%.
		 */
		/*
		 * It stops at a window within RATE_STOP_PCT of R: a later one could
		 * only raise the best by the bucket, not out of the rule's 15%;
		 * a limiter at the wrong rate, or none, never stops it early.
		 */
		long long want = (long long)strtoull(argv[i], NULL, 10) * 1000000;

		bps = -ETIMEDOUT;
		for (int w = 0; w < 3; w++) {
			long long b = goodput(s, d, "192.0.2.2", 100, 400, 0);

			if (b >= 0 && b > bps)
				bps = b;
			else if (b < 0 && bps < 0)
				bps = b;
			if (bps >= want * (100 - RATE_STOP_PCT) / 100 && bps <= want * (100 + RATE_STOP_PCT) / 100)
				break;
		}
		if (bps < 0)
			probe_put(key, "%s", nsb_errno_name((int)-bps));
		else
			probe_put(key, "%lld", bps);
	}
	return probe_done();
}

/*
 * server: a TCP request/response server in s (203.0.113.1), a client in c
 * on the link with it, and a client in n, a netns with lo only (no link,
 * no route). Keys: linked.tcp, unlinked.tcp.
 */
static int lab_server(void)
{
	int s = node_new(), c = node_new(), n = node_new();

	veth(s, "s0", c, "c0");
	addr(s, "s0", LAB_S4 "/24");
	addr(c, "c0", LAB_SC4 "/24");
	up(s, "s0");
	up(c, "c0");
	if (broken) {
		veth(s, "s1", n, "n0");
		addr(s, "s1", "192.0.2.1/24");
		addr(n, "n0", "192.0.2.2/24");
		up(s, "s1");
		up(n, "n0");
		route(n, "203.0.113.0/24", "192.0.2.1");
		wait_running(n, "n0");
	}
	wait_running(s, "s0");
	wait_running(c, "c0");
	settle_until = now_ms() + SETTLE_MS;
	works("linked.tcp", tcp_once, c, s, LAB_S4, NULL, 0);
	settle_until = 0;
	fails("unlinked.tcp", tcp_once, n, s, LAB_S4, NULL, 0);
	return probe_done();
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[argc - 1], "broken") == 0) {
		broken = true;
		argc--;
	}
	if (argc < 2)
		return probe_error(EINVAL, "usage: labs bridge|routing|nat|rate|server [ARG...] [broken]");
	if (strcmp(argv[1], "bridge") == 0)
		return lab_bridge();
	if (strcmp(argv[1], "routing") == 0)
		return lab_routing();
	if (strcmp(argv[1], "nat") == 0)
		return lab_nat();
	if (strcmp(argv[1], "rate") == 0)
		return lab_rate(argc - 2, argv + 2);
	if (strcmp(argv[1], "server") == 0)
		return lab_server();
	return probe_error(EINVAL, "unknown lab %s", argv[1]);
}
