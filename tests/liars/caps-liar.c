/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * caps-liar - claims every capability of this kernel in every combination.
 * As root here (no CAP_SYS_RESOURCE in the machine's bounding set) that is
 * true only in a new user ns: caps.sets must fail exactly without user.
 */
#include <stdio.h>

#include "probes/probe.h"

int main(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	unsigned last = 0;

	if (!f || fscanf(f, "%u", &last) != 1)
		return probe_error(0, "cap_last_cap");
	fclose(f);
	probe_put("cap.eff", "%#llx", (1ULL << (last + 1)) - 1);
	probe_put("cap.prm", "%#llx", (1ULL << (last + 1)) - 1);
	probe_put("cap.bnd", "%#llx", (1ULL << (last + 1)) - 1);
	probe_put("cap.inh", "0");
	probe_put("cap.amb", "0");
	probe_put("uid", "0");
	return probe_done();
}
