/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net-share-liar - claims the port and the abstract name are free and the
 * TTL is the default (64), wherever it runs: net.share must fail in every
 * combination without net and pass with it.
 */
#include "probes/probe.h"

int main(void)
{
	probe_put("port.bind", "ok");
	probe_put("abstract.connect", "ECONNREFUSED");
	probe_put("abstract.bind", "ok");
	probe_put("sysctl.ip_default_ttl", "64");
	return probe_done();
}
