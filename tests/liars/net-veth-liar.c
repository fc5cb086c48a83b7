/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net-veth-liar - lets the harness move the veth end in, then claims it
 * configured it and reached the parent over IPv4 and IPv6 without sending
 * anything: net.veth (run only with net) must fail in every combination,
 * because the parent received nothing.
 */
#include "probes/probe.h"

int main(void)
{
	if (probe_sync("veth") < 0)
		return PROBE_ERROR;
	probe_put("links", "lo,nsbB");
	probe_put("dad.off", "ok");
	probe_put("arp.fast", "ok");
	probe_put("nd.fast", "ok");
	probe_put("ioctl.addr4", "ok");
	probe_put("ioctl.addr6", "ok");
	probe_put("ioctl.up", "ok");
	probe_put("running", "ok");
	probe_put("tcp4", "ok");
	probe_put("tcp6", "ok");
	return probe_done();
}
