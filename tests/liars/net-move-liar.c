/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net-move-liar - claims every step of the move worked: net.move must fail
 * exactly where the kernel refuses to create the link (user without net).
 */
#include "probes/probe.h"

int main(void)
{
	static const char *const keys[] = { "add", "other", "out", "back" };

	for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		probe_put(keys[i], "ok");
	probe_put("kind", "dummy");
	probe_put("out.gone", "yes");
	probe_put("out.there", "yes");
	probe_put("back.here", "yes");
	return probe_done();
}
