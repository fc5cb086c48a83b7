/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * uts-names-liar - claims it set both names (through either interface) but
 * never does: the test parent keeps its names, so the uts.names and
 * uts.sysctl tests must fail exactly in the combinations without uts (where
 * the parent should have seen them, or the kernel would have refused).
 */
#include "probes/probe.h"

int main(int argc, char *argv[])
{
	const char *name = argc > 2 ? argv[2] : "";

	probe_put("set.hostname", "ok");
	probe_put("set.domainname", "ok");
	probe_put("uname.hostname", "%s", name);
	probe_put("uname.domainname", "%s", name);
	probe_put("sysctl.hostname", "%s", name);
	probe_put("sysctl.domainname", "%s", name);
	return probe_done();
}
