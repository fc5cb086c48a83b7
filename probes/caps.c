/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * caps - report this process's capability sets, read with libcap, as hex
 * masks of capability numbers (bit n = capability n).
 *
 * stdout:
 *   cap.eff, cap.prm, cap.inh   effective, permitted, inheritable
 *   cap.bnd                     the bounding set
 *   cap.amb                     the ambient set
 *   uid                         getuid(), to show whose sets these are
 *
 * The harness expects the full set in a new user ns (capabilities(7): the
 * first process of a user ns has every capability in it, and uid 0 keeps
 * them across execve) and the test parent's sets otherwise.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/capability.h>
#include <unistd.h>

#include "probe.h"

static int put_sets(void)
{
	static const struct { const char *key; cap_flag_t flag; } sets[] = {
		{ "cap.eff", CAP_EFFECTIVE }, { "cap.prm", CAP_PERMITTED }, { "cap.inh", CAP_INHERITABLE },
	};
	cap_t c = cap_get_proc();
	unsigned n = (unsigned)cap_max_bits();

	if (!c)
		return -errno;
	for (unsigned s = 0; s < sizeof(sets) / sizeof(sets[0]); s++) {
		uint64_t mask = 0;

		for (unsigned i = 0; i < n; i++) {
			cap_flag_value_t v = CAP_CLEAR;

			if (cap_get_flag(c, (cap_value_t)i, sets[s].flag, &v) == 0 && v == CAP_SET)
				mask |= 1ULL << i;
		}
		probe_put(sets[s].key, "%#llx", (unsigned long long)mask);
	}
	cap_free(c);
	return 0;
}

/* cap_get_bound()/cap_get_ambient() return 1, 0, or -1 for a capability. */
static void put_per_cap(const char *key, int (*get)(cap_value_t))
{
	unsigned n = (unsigned)cap_max_bits();
	uint64_t mask = 0;

	for (unsigned i = 0; i < n; i++)
		if (get((cap_value_t)i) > 0)
			mask |= 1ULL << i;
	probe_put(key, "%#llx", (unsigned long long)mask);
}

int main(void)
{
	int r = put_sets();

	if (r < 0)
		return probe_error(-r, "cap_get_proc");
	put_per_cap("cap.bnd", cap_get_bound);
	put_per_cap("cap.amb", cap_get_ambient);
	probe_put("uid", "%u", (unsigned)getuid());
	return probe_done();
}
