/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * labs-liar - builds nothing and claims every lab works, its negative
 * control included: the detached port, forwarding off, the datagram sent
 * without the masquerade rule, the link without a qdisc, the client
 * without a link. Every labs row must fail, by its negative control alone
 * (every positive key is told the truth a working lab would tell).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

static const char *const exchanges[] = { "icmp4", "icmp6", "tcp4", "tcp6", "udp4", "udp6" };

int main(int argc, char **argv)
{
	char key[64];

	if (argc < 2)
		return PROBE_ERROR;
	if (strcmp(argv[1], "bridge") == 0) {
		for (int i = 1; i <= 3; i++)
			for (int j = i + 1; j <= 3; j++)
				for (int p = 0; p < 6; p++) {
					snprintf(key, sizeof(key), "h%d-h%d.%s", i, j, exchanges[p]);
					probe_put(key, "ok");
				}
		for (int p = 0; p < 6; p++) {
			snprintf(key, sizeof(key), "detached.h1-h3.%s", exchanges[p]);
			probe_put(key, "ok");
		}
		probe_put("detached.h2-h3.icmp4", "ok");
		probe_put("detached.h1-h2.tcp4", "ok");
	} else if (strcmp(argv[1], "routing") == 0) {
		probe_put("off.ip_forward", "0");
		probe_put("on.ip_forward", "1");
		for (int v = 4; v <= 6; v += 2) {
			for (int side = 0; side < 2; side++) {
				snprintf(key, sizeof(key), "%s-r.tcp%d", side ? "c" : "a", v);
				probe_put(key, "ok");
			}
			for (int on = 0; on < 2; on++) {
				snprintf(key, sizeof(key), "%s.a-c.tcp%d", on ? "on" : "off", v);
				probe_put(key, "ok");
				snprintf(key, sizeof(key), "%s.a-c.icmp%d", on ? "on" : "off", v);
				probe_put(key, "ok");
			}
		}
	} else if (strcmp(argv[1], "nat") == 0) {
		probe_put("i-r.tcp4", "ok");
		probe_put("norule.udp", "ok");
		probe_put("norule.src", "203.0.113.1");
		probe_put("nat.rule", "ok");
		probe_put("rule.udp", "ok");
		probe_put("rule.src", "203.0.113.1");
		probe_put("rule.tcp", "ok");
		probe_put("rule.tcp.src", "203.0.113.1");
	} else if (strcmp(argv[1], "rate") == 0) {
		/* Every measurement the first rate exactly, the free link too. */
		long long r = argc > 2 ? atoll(argv[2]) : 10;

		probe_put("free.bps", "%lld", r * 1000000);
		for (int i = 2; i < argc; i++) {
			snprintf(key, sizeof(key), "tbf.%s.set", argv[i]);
			probe_put(key, "ok");
			snprintf(key, sizeof(key), "tbf.%s.bps", argv[i]);
			probe_put(key, "%lld", atoll(argv[i]) * 1000000);
		}
	} else if (strcmp(argv[1], "server") == 0) {
		probe_put("linked.tcp", "ok");
		probe_put("unlinked.tcp", "ok");
	}
	return probe_done();
}
