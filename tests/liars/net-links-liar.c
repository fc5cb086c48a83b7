/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net-links-liar - always describes a brand-new netns (only lo, DOWN, no
 * route, no events, the parent's veth out of reach) and touches nothing:
 * net.links must fail in every combination without net and pass with it.
 */
#include "probes/probe.h"

int main(void)
{
	probe_put("links", "lo");
	probe_put("lo.up", "0");
	probe_put("tcp.before", "ENETUNREACH");
	probe_put("lo.set_up", "ok");
	probe_put("lo.up.after", "1");
	probe_put("tcp.after", "ok");
	probe_put("route_out", "ENETUNREACH");
	/* Let the harness change its link as it would for the real probe. */
	if (probe_sync("link-events") < 0)
		return PROBE_ERROR;
	probe_put("event.nsb0", "0");
	probe_put("peer.set", "ENODEV");
	return probe_done();
}
