/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * crash - prints a plausible observation, then faults: the verdict must be
 * error, never pass. A real fault, not raise(): a pid namespace's init
 * ignores signals it sends itself, but not a forced SIGSEGV.
 */
#include <stddef.h>

#include "probes/probe.h"

int main(void)
{
	probe_put("pid", "1");
	probe_done();
	*(volatile int *)NULL = 1;
	return 0;
}
