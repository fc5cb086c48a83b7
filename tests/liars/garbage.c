/* SPDX-License-Identifier: GPL-2.0-or-later */
/* garbage - correct-looking keys plus a line that is not key=value, and a forged parent key: error. */
#include <stdio.h>
#include <unistd.h>

#include "probes/probe.h"

int main(void)
{
	probe_put("pid", "%d", (int)getpid());
	probe_put("ppid", "%d", (int)getppid());
	probe_put("proc_self", "%d", (int)getpid());
	puts("this is not an observation");
	probe_put("parent.hostname", "forged");
	return probe_done();
}
