/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_labs.c - the labs suite's rules, fed with what the labs probe
 * reported on a working lab (pass), and with one negative control or one
 * positive exchange turned around (fail): each rule needs both outcomes.
 */
#include <stdio.h>
#include <string.h>

#include "cmocka-wrap.h"
#include "suites/expect.h"
#include "suites/suite.h"

#define NET NSB_MASK(NSB_NS_NET)
#define USER NSB_MASK(NSB_NS_USER)

static enum nsb_verdict judge(const char *name, const char *lines, char *reason)
{
	const struct nsb_test *t = nsb_test_find("labs", name);
	char why[256];
	enum nsb_verdict v;

	assert_non_null(t);
	assert_true(nsb_test_applies(t, NET) && nsb_test_applies(t, NET | USER));
	assert_false(nsb_test_applies(t, 0) || nsb_test_applies(t, NET | NSB_MASK(NSB_NS_PID)));
	v = nsb_judge_text(t, NET | USER, lines, strlen(lines), "nsb-t1", why, sizeof(why));
	if (reason)
		snprintf(reason, 256, "%s", why);
	return v;
}

/* @lines with the first "key=old" line made "key=new". */
static const char *with(const char *lines, const char *key, const char *value)
{
	static char buf[4096];
	char *at, *end;
	size_t klen = strlen(key);

	snprintf(buf, sizeof(buf), "%s", lines);
	for (at = buf; (at = strstr(at, key)); at++)
		if ((at == buf || at[-1] == '\n') && at[klen] == '=')
			break;
	assert_non_null(at);
	end = strchr(at, '\n');
	char rest[4096];

	snprintf(rest, sizeof(rest), "%s", end);
	snprintf(at, sizeof(buf) - (size_t)(at - buf), "%s=%s%s", key, value, rest);
	return buf;
}

static char bridge_ok[4096];

static void bridge(void **state)
{
	static const char *const p[] = { "icmp4", "icmp6", "tcp4", "tcp6", "udp4", "udp6" };
	size_t n = 0;
	char why[256];

	(void)state;
	for (int i = 1; i <= 3; i++)
		for (int j = i + 1; j <= 3; j++)
			for (int k = 0; k < 6; k++)
				n += (size_t)snprintf(bridge_ok + n, sizeof(bridge_ok) - n, "h%d-h%d.%s=ok\n", i, j, p[k]);
	for (int k = 0; k < 6; k++)
		n += (size_t)snprintf(bridge_ok + n, sizeof(bridge_ok) - n, "detached.h1-h3.%s=ETIMEDOUT\n", p[k]);
	snprintf(bridge_ok + n, sizeof(bridge_ok) - n,
		 "detached.h2-h3.icmp4=ETIMEDOUT\ndetached.h1-h2.tcp4=ok\ntp.exit=0\n");
	assert_int_equal(judge("bridge", bridge_ok, NULL), NSB_PASS);
	assert_int_equal(judge("bridge", with(bridge_ok, "detached.h1-h3.udp6", "ok"), why), NSB_FAIL);
	assert_string_equal(why, "detached.h1-h3.udp6: expected != ok, observed ok");
	assert_int_equal(judge("bridge", with(bridge_ok, "h2-h3.icmp6", "ETIMEDOUT"), NULL), NSB_FAIL);
	assert_int_equal(judge("bridge", with(bridge_ok, "detached.h1-h2.tcp4", "ETIMEDOUT"), NULL), NSB_FAIL);
}

static const char routing_ok[] =
	"off.ip_forward=0\na-r.tcp4=ok\nc-r.tcp4=ok\na-r.tcp6=ok\nc-r.tcp6=ok\n"
	"off.a-c.tcp4=ETIMEDOUT\noff.a-c.icmp4=EHOSTUNREACH\noff.a-c.tcp6=ETIMEDOUT\noff.a-c.icmp6=ETIMEDOUT\n"
	"on.ip_forward=1\non.a-c.tcp4=ok\non.a-c.icmp4=ok\non.a-c.tcp6=ok\non.a-c.icmp6=ok\ntp.exit=0\n";

static void routing(void **state)
{
	char why[256];

	(void)state;
	assert_int_equal(judge("routing", routing_ok, NULL), NSB_PASS);
	assert_int_equal(judge("routing", with(routing_ok, "off.a-c.tcp6", "ok"), why), NSB_FAIL);
	assert_string_equal(why, "off.a-c.tcp6: expected != ok, observed ok");
	assert_int_equal(judge("routing", with(routing_ok, "on.a-c.icmp4", "ENETUNREACH"), NULL), NSB_FAIL);
	/* Forwarding never turned off proves nothing. */
	assert_int_equal(judge("routing", with(routing_ok, "off.ip_forward", "1"), NULL), NSB_FAIL);
}

static const char nat_ok[] =
	"i-r.tcp4=ok\nnorule.udp=ENETUNREACH\nnorule.src=192.0.2.2\nnat.rule=ok\nrule.udp=ok\n"
	"rule.src=203.0.113.1\nrule.tcp=ok\nrule.tcp.src=203.0.113.1\ntp.exit=0\n";

static void nat(void **state)
{
	char why[256];

	(void)state;
	assert_int_equal(judge("nat", nat_ok, NULL), NSB_PASS);
	assert_int_equal(judge("nat", with(nat_ok, "norule.src", "203.0.113.1"), why), NSB_FAIL);
	assert_string_equal(why, "norule.src: expected == 192.0.2.2, observed 203.0.113.1");
	assert_int_equal(judge("nat", with(nat_ok, "rule.tcp.src", "192.0.2.2"), NULL), NSB_FAIL);
	assert_int_equal(judge("nat", with(nat_ok, "norule.udp", "ok"), NULL), NSB_FAIL);
}

static const char rate_ok[] =
	"free.bps=9000000000\ntbf.10.set=ok\ntbf.10.bps=9560000\ntbf.50.set=ok\ntbf.50.bps=47800000\ntp.exit=0\n";

static void rate(void **state)
{
	char why[256];

	(void)state;
	assert_int_equal(judge("rate", rate_ok, NULL), NSB_PASS);
	/* The edges: 15% either way. */
	assert_int_equal(judge("rate", with(rate_ok, "tbf.10.bps", "8500000"), NULL), NSB_PASS);
	assert_int_equal(judge("rate", with(rate_ok, "tbf.50.bps", "57500000"), NULL), NSB_PASS);
	assert_int_equal(judge("rate", with(rate_ok, "tbf.10.bps", "8499999"), NULL), NSB_FAIL);
	assert_int_equal(judge("rate", with(rate_ok, "tbf.50.bps", "57500001"), NULL), NSB_FAIL);
	/* No qdisc effect: far above R; and a free link as slow as the limited one. */
	assert_int_equal(judge("rate", with(rate_ok, "tbf.50.bps", "9000000000"), NULL), NSB_FAIL);
	assert_int_equal(judge("rate", with(rate_ok, "free.bps", "50000000"), why), NSB_FAIL);
	assert_string_equal(why, "free.bps: expected in [100000000, 9223372036854775807], observed 50000000");
	/* Twice the highest rate is enough (a slow emulated machine: 154 Mbit/s), just under is not. */
	assert_int_equal(judge("rate", with(rate_ok, "free.bps", "154545187"), NULL), NSB_PASS);
	assert_int_equal(judge("rate", with(rate_ok, "free.bps", "100000000"), NULL), NSB_PASS);
	assert_int_equal(judge("rate", with(rate_ok, "free.bps", "99999999"), NULL), NSB_FAIL);
}

static const char server_ok[] = "linked.tcp=ok\nunlinked.tcp=ENETUNREACH\ntp.exit=0\n";

static void server(void **state)
{
	(void)state;
	assert_int_equal(judge("server", server_ok, NULL), NSB_PASS);
	assert_int_equal(judge("server", with(server_ok, "unlinked.tcp", "ok"), NULL), NSB_FAIL);
	assert_int_equal(judge("server", with(server_ok, "linked.tcp", "ETIMEDOUT"), NULL), NSB_FAIL);
	/* A probe that skipped, with its reason, is a skip. */
	assert_int_equal(judge("server", "skip=RTM_NEWLINK veth: EOPNOTSUPP (needs CONFIG_VETH)\ntp.exit=4\n",
			       NULL), NSB_SKIP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bridge), cmocka_unit_test(routing), cmocka_unit_test(nat),
		cmocka_unit_test(rate),	  cmocka_unit_test(server),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
