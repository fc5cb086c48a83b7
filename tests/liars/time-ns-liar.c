/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * time-ns-liar - reports the machine's clocks: it subtracts the offsets it
 * finds in /proc/self/timens_offsets, as if its time ns changed nothing.
 * Everything about its own ns is claimed as the kernel would answer, so
 * time.clocks must fail exactly in the combinations with time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "probes/probe.h"

static long long now(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char *argv[])
{
	long long mono_off = 0, boot_off = 0, s, ns, m, b;
	char clock[32];
	FILE *f = fopen("/proc/self/timens_offsets", "re");

	while (f && fscanf(f, "%31s %lld %lld", clock, &s, &ns) == 3) {
		if (strcmp(clock, "monotonic") == 0)
			mono_off = s * 1000000000LL + ns;
		else if (strcmp(clock, "boottime") == 0)
			boot_off = s * 1000000000LL + ns;
	}
	if (f)
		fclose(f);
	if (argc != 3)
		return probe_error(0, "usage: time-ns-liar MONO_S BOOT_S");
	m = now(CLOCK_MONOTONIC);
	b = now(CLOCK_BOOTTIME) - boot_off;
	probe_put("mono.vdso", "%lld", m - mono_off);
	probe_put("mono.syscall", "%lld", m - mono_off);
	probe_put("mono.exec", "%lld", now(CLOCK_MONOTONIC) - mono_off);
	probe_put("boot.vdso", "%lld", b);
	probe_put("boot.syscall", "%lld", b);
	probe_put("uptime.cs", "%lld", b / 10000000);
	probe_put("real.vdso", "%lld", now(CLOCK_REALTIME));
	probe_put("own.unshare", "ok");
	probe_put("own.tfc_differs", "yes");
	probe_put("own.bad_number", "EINVAL");
	probe_put("own.bad_clock", "EINVAL");
	probe_put("own.bad_nsec", "EINVAL");
	probe_put("own.range", "ERANGE");
	probe_put("own.write", "ok");
	probe_put("own.read", "monotonic %s 0;boottime %s 0", argv[1], argv[2]);
	m = now(CLOCK_MONOTONIC);
	probe_put("own.before", "%lld", m);
	probe_put("own.child_mono", "%lld", m - mono_off + atoll(argv[1]) * 1000000000LL);
	probe_put("own.after", "%lld", now(CLOCK_MONOTONIC));
	probe_put("own.child_in_tfc", "yes");
	probe_put("own.after_enter", "EACCES");
	return probe_done();
}
