/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pid-signals-liar - claims to be an init that survived its attackers in
 * every combination, without sending a signal: pid.signals must fail
 * exactly in the combinations without pid.
 */
#include "probes/probe.h"

int main(void)
{
	probe_put("init", "yes");
	probe_put("init.survived", "SIGUSR1,SIGTERM,SIGKILL");
	probe_put("member.killed_by", "SIGTERM");
	probe_put("nested.killed_by", "SIGKILL");
	probe_put("nested.descendants", "gone");
	return probe_done();
}
