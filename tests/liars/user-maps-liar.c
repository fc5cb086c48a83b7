/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user-maps-liar - claims the identity maps of the machine's initial user
 * ns (what the probe sees without user when nsbench runs as root) as its
 * own, and the kernel's answers for the user namespaces it claims to make:
 * user.maps must fail exactly in the combinations with user (run as root).
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
	probe_put("self.uid", "0");
	probe_put("self.uid_map", "0 0 4294967295");
	probe_put("self.gid_map", "0 0 4294967295");
	probe_put("self.setgroups", "allow");
	probe_put("overflowuid", "65534");
	probe_put("overflowgid", "65534");
	probe_put("fresh.uid", "65534");
	probe_put("fresh.gid", "65534");
	probe_put("fresh.uid_map", "(empty)");
	probe_put("fresh.gid_map", "(empty)");
	probe_put("fresh.cap_eff", "%#llx", full_set());
	probe_put("sg.bad", "EINVAL");
	probe_put("map.uid", "ok");
	probe_put("map.uid_again", "EPERM");
	probe_put("map.uid_read", "0 0 1");
	probe_put("map.gid", "ok");
	probe_put("sg.deny_after_map", "EPERM");
	probe_put("mapped.uid", "0");
	probe_put("mapped.gid", "0");
	probe_put("unpriv.cap_eff", "0x80000000");
	probe_put("unpriv.other_uid", "EPERM");
	probe_put("unpriv.uid", "ok");
	probe_put("unpriv.gid_before_deny", "EPERM");
	probe_put("unpriv.deny", "ok");
	probe_put("unpriv.allow_after_deny", "EPERM");
	probe_put("unpriv.gid_after_deny", "ok");
	probe_put("unpriv.uid_seen", "0");
	probe_put("unpriv.setgroups_call", "EPERM");
	probe_put("unpriv.inherited", "deny");
	return probe_done();
}
