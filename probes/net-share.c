/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net-share - what a network namespace shares with its parent's: a TCP
 * port, an abstract unix socket name and a net sysctl. The test parent,
 * in a private netns inside the lab, holds TCP port argv[1] bound on
 * 127.0.0.1, listens on the abstract name "\0nsb-<argv[2]>" and changed
 * net.ipv4.ip_default_ttl.
 *
 * usage: net-share PORT TOKEN
 * stdout:
 *   port.bind           bind(0.0.0.0:PORT): "ok" or EADDRINUSE. INADDR_ANY
 *                       because it needs no address at all: a new netns has
 *                       lo DOWN (6.18 lets 127.0.0.1 be bound even so, but
 *                       that is not a promise of ip(7)); it still collides
 *                       with the parent's 127.0.0.1:PORT in the same netns
 *   abstract.connect    connect() to the parent's abstract name: "ok" or
 *                       ECONNREFUSED (nobody bound it in this netns, unix(7))
 *   abstract.bind       bind() the same abstract name: "ok" or EADDRINUSE
 *   sysctl.ip_default_ttl  /proc/sys/net/ipv4/ip_default_ttl as read here
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "probe.h"
#include "common/errname.h"

static int bind_any(unsigned port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port),
				 .sin_addr.s_addr = htonl(INADDR_ANY) };
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), r = 0;

	if (s < 0)
		return errno;
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0)
		r = errno;
	close(s);
	return r;
}

/* op 'c': connect, 'b': bind. Abstract names start with a NUL byte (unix(7)). */
static int abstract(const char *token, char op)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), n, r = 0;
	socklen_t len;

	if (s < 0)
		return errno;
	n = snprintf(a.sun_path + 1, sizeof(a.sun_path) - 1, "nsb-%s", token);
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
	if ((op == 'c' ? connect(s, (struct sockaddr *)&a, len) : bind(s, (struct sockaddr *)&a, len)) < 0)
		r = errno;
	close(s);
	return r;
}

int main(int argc, char *argv[])
{
	char ttl[32];
	FILE *f;
	char *end;
	unsigned long port;

	if (argc != 3)
		return probe_error(0, "usage: net-share PORT TOKEN");
	port = strtoul(argv[1], &end, 10);
	if (*end || !port || port > 65535)
		return probe_error(0, "bad port %s", argv[1]);
	probe_put("port.bind", "%s", nsb_errno_name(bind_any((unsigned)port)));
	probe_put("abstract.connect", "%s", nsb_errno_name(abstract(argv[2], 'c')));
	probe_put("abstract.bind", "%s", nsb_errno_name(abstract(argv[2], 'b')));
	/* /proc/sys/net is the reader's netns, whichever /proc this is. */
	f = fopen("/proc/sys/net/ipv4/ip_default_ttl", "re");
	if (!f || !fgets(ttl, sizeof(ttl), f))
		return probe_error(errno, "read ip_default_ttl");
	fclose(f);
	ttl[strcspn(ttl, "\n")] = '\0';
	probe_put("sysctl.ip_default_ttl", "%s", ttl);
	return probe_done();
}
