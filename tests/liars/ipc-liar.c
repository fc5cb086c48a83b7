/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipc-liar - claims every IPC object is missing and kernel.msgmax is the
 * default (8192), wherever it runs: ipc.objects must fail in every
 * combination without ipc and pass with it.
 */
#include "probes/probe.h"

int main(void)
{
	probe_put("shm.get", "ENOENT");
	probe_put("sem.get", "ENOENT");
	probe_put("msg.get", "ENOENT");
	probe_put("shm.proc", "0");
	probe_put("shm.create", "ok");
	probe_put("mq.open", "ENOENT");
	probe_put("sysctl.msgmax", "8192");
	return probe_done();
}
