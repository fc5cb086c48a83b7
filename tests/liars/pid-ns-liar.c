/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pid-ns-liar - always reports the view of PID 1 in a new pid ns with its
 * own /proc: pid.view must fail exactly in the 192 combinations without
 * both pid and mnt.
 */
#include "probes/probe.h"

int main(void)
{
	probe_put("pid", "1");
	probe_put("ppid", "0");
	probe_put("sid.inherited", "0");
	probe_put("pgid.inherited", "0");
	probe_put("setsid", "ok");
	probe_put("sid", "1");
	probe_put("pgid", "1");
	probe_put("proc.count", "1");
	probe_put("proc.tp", "ENOENT");
	probe_put("kill.tp", "ESRCH");
	probe_put("nspid.levels", "1");
	probe_put("nspid.first", "1");
	probe_put("nspid.last", "1");
	return probe_done();
}
