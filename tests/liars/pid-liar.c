/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pid-liar - claims to be PID 1 with ppid 0 everywhere: the pid-init test must fail without a pid ns. */
#include "probes/probe.h"

int main(void)
{
	probe_put("pid", "1");
	probe_put("ppid", "0");
	probe_put("proc_self", "1");
	return probe_done();
}
