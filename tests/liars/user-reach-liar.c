/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user-reach-liar - claims the probe's capabilities reach everything and
 * otherwise tells what the kernel says when nsbench runs as root: user.reach
 * must fail exactly in the combinations with user that lack uts or mnt.
 */
#include <stdio.h>

#include "probes/probe.h"

/* Every capability of this kernel, as a hex mask. */
static unsigned long long full_set(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	unsigned last = 63;

	if (f) {
		if (fscanf(f, "%u", &last) != 1)
			last = 63;
		fclose(f);
	}
	return last >= 63 ? ~0ULL : (1ULL << (last + 1)) - 1;
}

int main(void)
{
	probe_put("p.sethostname", "ok");
	probe_put("p.mount", "ok");
	probe_put("p.sysctl", "ok");
	probe_put("g.sethostname", "EPERM");
	probe_put("g.mount", "EPERM");
	probe_put("g.sysctl", "ok");
	probe_put("g.cap_eff", "%#llx", full_set());
	probe_put("g.exec.uid", "0");
	probe_put("g.exec.cap_eff", "%#llx", full_set());
	probe_put("g5.cap_eff", "%#llx", full_set());
	probe_put("g5.exec.uid", "5");
	probe_put("g5.exec.cap_eff", "0");
	return probe_done();
}
