/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * teardown-lag.c - how long a dropped network namespace really lingers, and
 * how fast namespaces can be created and destroyed before cleanup falls
 * behind (issue 15, "teardown as users mean it"). A standalone reference
 * tool like bench-xloop.c; scripts/teardown-lag.sh builds and runs it.
 *
 * Everything happens in a user namespace U and a network namespace H it
 * creates first (the machine's namespaces are never touched); every
 * namespace measured is a child of H's world, dropped by setns() back to H
 * and closing its last fd.
 *
 * How "gone" is detected, two moments per namespace, both the kernel's own:
 *  unhashed  H gave the namespace a peer id (RTM_NEWNSID, NETNSA_FD): the
 *            cleanup worker (cleanup_net() in net/core/net_namespace.c)
 *            removes that id and announces RTM_DELNSID to RTNLGRP_NSID
 *            listeners at the start of its teardown: from then on nothing
 *            can find the namespace.
 *  freed     U's user.max_net_namespaces is 2 (H and one more): the count
 *            is decremented (dec_net_namespaces()) at the very end of
 *            cleanup_net(), so the next unshare(CLONE_NEWNET) fails with
 *            ENOSPC until the dropped namespace is entirely torn down. We
 *            retry every 50 us; the first success is "freed" (and is the
 *            next sample's namespace). Slab counts are not used (they lag
 *            by minutes: BENCH-NOTES.md hazard 8).
 *
 * Phase 1 (latency): N namespaces one at a time: drop -> unhashed, drop -> freed.
 * Phase 2 (sustained): C creator processes create+drop as fast as they can
 *   for D seconds; one namespace every S ms per creator is tagged with a
 *   peer id; per 1-second window: creations/s, and the drop -> unhashed lag
 *   of the tagged ones (median, max). After the stop: how long until the
 *   last tagged namespace was unhashed (the backlog).
 *
 * Usage: teardown-lag [-n LATENCY_SAMPLES] [-c CREATORS] [-d SECONDS] [-s TAG_MS]
 * Exit 0, 1 if a step failed (one line on stderr), 2 on bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_TAGS 200000
#define MAX_WIN 600

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "teardown-lag: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

/* RTM_NEWNSID in our netns: give the netns behind fd the peer id id. */
static int assign_nsid(struct mnl_socket *nl, int fd, int id)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtgenmsg *g;
	unsigned seq = (unsigned)id;

	nlh->nlmsg_type = RTM_NEWNSID;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t)fd);
	mnl_attr_put_u32(nlh, NETNSA_NSID, (uint32_t)id);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (n < 0)
		return -errno;
	return mnl_cb_run(buf, (size_t)n, seq, mnl_socket_get_portid(nl), NULL, NULL) < 0 ? -errno : 0;
}

struct delmsg {
	int id;
	int got;
};

static int on_attr(const struct nlattr *a, void *data)
{
	struct delmsg *d = data;

	if (mnl_attr_get_type(a) == NETNSA_NSID && mnl_attr_validate(a, MNL_TYPE_U32) == 0) {
		d->id = (int)mnl_attr_get_u32(a);
		d->got = 1;
	}
	return MNL_CB_OK;
}

static int on_msg(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_DELNSID)
		mnl_attr_parse(nlh, sizeof(struct rtgenmsg), on_attr, data);
	return MNL_CB_OK;
}

/* Wait up to tmo_s for one RTM_DELNSID; its id, or -1 on timeout. */
static int wait_delnsid(struct mnl_socket *mon, double tmo_s)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	double end = now_s() + tmo_s;

	for (;;) {
		struct delmsg d = { -1, 0 };
		struct timeval tv;
		double left = end - now_s();
		ssize_t n;

		if (left <= 0)
			return -1;
		tv.tv_sec = (time_t)left;
		tv.tv_usec = (suseconds_t)((left - (double)tv.tv_sec) * 1e6);
		setsockopt(mnl_socket_get_fd(mon), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		n = mnl_socket_recvfrom(mon, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				fprintf(stderr, "teardown-lag: monitor overrun (ENOBUFS)\n");
				continue;
			}
			die("recv RTNLGRP_NSID");
		}
		/* Several messages per datagram: the last DELNSID wins here; the sustained phase parses all. */
		mnl_cb_run(buf, (size_t)n, 0, 0, on_msg, &d);
		if (d.got)
			return d.id;
	}
}

static struct mnl_socket *nl_open(int group)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);

	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		die("netlink socket");
	if (group && mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0)
		die("join RTNLGRP_NSID");
	if (group) {
		int sz = 8 << 20;

		setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz));
		setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	}
	return nl;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_d);
	return v[(size_t)(p * (double)(n - 1) + 0.5)];
}

/* Shared with the creators. */
struct shared {
	double t0;
	double drop[MAX_TAGS];	/* by tag id: when it was dropped, 0 if not (yet) */
	double gone[MAX_TAGS];	/* by tag id: when RTM_DELNSID came */
	unsigned long created[MAX_WIN];	/* per 1-second window, all creators */
	int next_tag;
	int stop;
};

static void creator(struct shared *sh, int home, int k, int ncreators, double tag_s, double dur_s)
{
	struct mnl_socket *nl = nl_open(0);
	double next_tag = now_s() + tag_s * k / ncreators;

	while (!__atomic_load_n(&sh->stop, __ATOMIC_RELAXED)) {
		double t = now_s();
		int fd = -1, id = -1;

		if (t - sh->t0 >= dur_s)
			break;
		if (unshare(CLONE_NEWNET) < 0)
			die("unshare(CLONE_NEWNET)");
		if (t >= next_tag) {
			fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
			id = __atomic_fetch_add(&sh->next_tag, 1, __ATOMIC_RELAXED);
			next_tag = t + tag_s;
		}
		if (setns(home, CLONE_NEWNET) < 0)
			die("setns(home)");
		if (fd >= 0) {
			if (id < MAX_TAGS && assign_nsid(nl, fd, id) == 0) {
				close(fd);
				sh->drop[id] = now_s();
			} else {
				close(fd);
			}
		}
		__atomic_fetch_add(&sh->created[(size_t)(t - sh->t0) % MAX_WIN], 1, __ATOMIC_RELAXED);
	}
	_exit(0);
}

static void sustained(int home, int ncreators, double dur_s, double tag_ms)
{
	struct shared *sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct mnl_socket *mon = nl_open(RTNLGRP_NSID);
	char buf[MNL_SOCKET_BUFFER_SIZE];
	pid_t pid[64];
	double stop_at, last_gone = 0;
	int alive;

	if (sh == MAP_FAILED)
		die("mmap");
	memset(sh, 0, sizeof(*sh));
	sh->t0 = now_s();
	for (int k = 0; k < ncreators; k++) {
		pid[k] = fork();
		if (pid[k] < 0)
			die("fork");
		if (pid[k] == 0)
			creator(sh, home, k, ncreators, tag_ms / 1000, dur_s);
	}
	alive = ncreators;
	stop_at = sh->t0 + dur_s;
	/* Listen until the creators are done and every tagged namespace was unhashed (or 60 s more). */
	for (;;) {
		struct timeval tv = { 0, 100000 };
		ssize_t n;
		int pending = 0;

		while (alive && waitpid(-1, NULL, WNOHANG) > 0)
			alive--;
		if (!alive) {
			for (int i = 0; i < sh->next_tag && i < MAX_TAGS; i++)
				pending += sh->drop[i] > 0 && sh->gone[i] == 0;
			if (!pending || now_s() > stop_at + 60)
				break;
		}
		setsockopt(mnl_socket_get_fd(mon), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		n = mnl_socket_recvfrom(mon, buf, sizeof(buf));
		if (n < 0) {
			if (errno == ENOBUFS)
				fprintf(stderr, "teardown-lag: monitor overrun (ENOBUFS): some tags lost\n");
			continue;
		}
		double t = now_s();
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; mnl_nlmsg_ok(h, (int)n);
		     h = mnl_nlmsg_next(h, (int *)&n)) {
			struct delmsg d = { -1, 0 };

			if (h->nlmsg_type != RTM_DELNSID)
				continue;
			mnl_attr_parse(h, sizeof(struct rtgenmsg), on_attr, &d);
			if (d.got && d.id >= 0 && d.id < MAX_TAGS) {
				sh->gone[d.id] = t;
				last_gone = t;
			}
		}
	}
	printf("\nsustained: %d creator(s) for %.0f s, one tagged namespace per creator every %.0f ms\n",
	       ncreators, dur_s, tag_ms);
	printf("%6s %12s %8s %14s %14s\n", "second", "created/s", "tagged", "lag median ms", "lag max ms");
	for (int w = 0; w < (int)dur_s && w < MAX_WIN; w++) {
		static double lag[MAX_TAGS];
		size_t m = 0;
		int lost = 0;

		for (int i = 0; i < sh->next_tag && i < MAX_TAGS; i++) {
			if (sh->drop[i] <= 0 || (int)(sh->drop[i] - sh->t0) != w)
				continue;
			if (sh->gone[i] > 0)
				lag[m++] = (sh->gone[i] - sh->drop[i]) * 1e3;
			else
				lost++;
		}
		double mx = m ? pct(lag, m, 1.0) : 0;
		printf("%6d %12lu %8zu %14.1f %14.1f%s\n", w, sh->created[w], m, pct(lag, m, 0.5), mx,
		       lost ? " (some never unhashed)" : "");
	}
	unsigned long total = 0;
	for (int w = 0; w < (int)dur_s && w < MAX_WIN; w++)
		total += sh->created[w];
	printf("total %lu namespaces, %.0f/s; the last tagged one unhashed %.2f s after the creators stopped\n",
	       total, (double)total / dur_s, last_gone > stop_at ? last_gone - stop_at : 0.0);
	munmap(sh, sizeof(*sh));
	mnl_socket_close(mon);
}

int main(int argc, char **argv)
{
	int n = 200, ncreators = 0, opt, home, id = 0;
	double dur = 10, tag_ms = 20;
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char m[64];

	while ((opt = getopt(argc, argv, "n:c:d:s:")) != -1) {
		switch (opt) {
		case 'n': n = atoi(optarg); break;
		case 'c': ncreators = atoi(optarg); break;
		case 'd': dur = atof(optarg); break;
		case 's': tag_ms = atof(optarg); break;
		default:
			fprintf(stderr, "usage: teardown-lag [-n SAMPLES] [-c CREATORS] [-d SECONDS] [-s TAG_MS]\n");
			return 2;
		}
	}
	if (n < 0 || n > 100000 || ncreators < 0 || ncreators > 64 || dur <= 0 || dur > MAX_WIN || tag_ms <= 0) {
		fprintf(stderr, "teardown-lag: bad option value\n");
		return 2;
	}
	/* U and H: our own user namespace (its limits are ours to set) and network namespace. */
	if (unshare(CLONE_NEWUSER) < 0)
		die("unshare(CLONE_NEWUSER)");
	snprintf(m, sizeof(m), "0 %u 1\n", (unsigned)uid);
	if (write_file("/proc/self/uid_map", m) < 0 || write_file("/proc/self/setgroups", "deny") < 0)
		die("uid_map");
	snprintf(m, sizeof(m), "0 %u 1\n", (unsigned)gid);
	if (write_file("/proc/self/gid_map", m) < 0)
		die("gid_map");
	if (unshare(CLONE_NEWNET) < 0)
		die("unshare(CLONE_NEWNET) for the home namespace");
	home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0)
		die("open home netns");

	if (n > 0) {
		struct mnl_socket *nl = nl_open(0), *mon = nl_open(RTNLGRP_NSID);
		static double unh[100000], fre[100000];
		size_t k = 0, lost = 0;

		/* H and one more: the next creation waits for the last one to be freed. */
		if (write_file("/proc/sys/user/max_net_namespaces", "2") < 0)
			die("user.max_net_namespaces in our user namespace");
		if (unshare(CLONE_NEWNET) < 0)
			die("unshare(CLONE_NEWNET)");
		for (int i = 0; i < n; i++) {
			int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), got;
			double t0, t1, t2;

			if (fd < 0 || setns(home, CLONE_NEWNET) < 0)
				die("back to the home netns");
			if (assign_nsid(nl, fd, ++id) < 0)
				die("RTM_NEWNSID");
			close(fd);	/* the last reference: dropped */
			t0 = now_s();
			got = wait_delnsid(mon, 10);
			t1 = now_s();
			while (unshare(CLONE_NEWNET) < 0) {
				if (errno != ENOSPC)
					die("unshare(CLONE_NEWNET)");
				if (now_s() - t0 > 30) {
					errno = ETIMEDOUT;
					die("waiting for the namespace to be freed");
				}
				nanosleep(&(struct timespec){ 0, 50000 }, NULL);
			}
			t2 = now_s();
			if (got != id) {
				lost++;
				continue;
			}
			unh[k] = (t1 - t0) * 1e3;
			fre[k++] = (t2 - t0) * 1e3;
		}
		if (setns(home, CLONE_NEWNET) < 0)
			die("back to the home netns");
		printf("drop -> gone, net, %zu samples one at a time (%zu without their RTM_DELNSID)\n", k, lost);
		printf("%-10s %10s %10s %10s %10s %10s\n", "ms", "min", "p25", "median", "p75", "max");
		printf("%-10s %10.2f %10.2f %10.2f %10.2f %10.2f\n", "unhashed", pct(unh, k, 0), pct(unh, k, .25),
		       pct(unh, k, .5), pct(unh, k, .75), pct(unh, k, 1));
		printf("%-10s %10.2f %10.2f %10.2f %10.2f %10.2f\n", "freed", pct(fre, k, 0), pct(fre, k, .25),
		       pct(fre, k, .5), pct(fre, k, .75), pct(fre, k, 1));
		mnl_socket_close(nl);
		mnl_socket_close(mon);
		if (write_file("/proc/sys/user/max_net_namespaces", "100000") < 0)
			die("user.max_net_namespaces");
		fflush(stdout);
	}
	if (ncreators > 0)
		sustained(home, ncreators, dur, tag_ms);
	return 0;
}
