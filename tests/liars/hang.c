/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hang - a probe that never finishes, with a grandchild that hides in its own session: for --timeout. */
#include <signal.h>
#include <unistd.h>

#include "probes/probe.h"

int main(void)
{
	probe_put("hang", "started");
	probe_done();
	if (fork() == 0) {
		setsid();
		for (;;)
			pause();
	}
	for (;;)
		pause();
}
