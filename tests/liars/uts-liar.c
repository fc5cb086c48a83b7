/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * uts-liar - says it set the hostname but never does: the uts-hostname test
 * must fail where the parent should have seen the change (no uts, no user)
 * and where the kernel would have refused it (user without uts).
 */
#include "probes/probe.h"

int main(int argc, char *argv[])
{
	probe_put("hostname.before", "x");
	probe_put("sethostname", "ok");
	probe_put("hostname.after", "%s", argc > 1 ? argv[1] : "");
	return probe_done();
}
