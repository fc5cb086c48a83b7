/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * clone-nest-life-liar - runs the real probe it stands in for (its argv[0]
 * names it; the real one is ../probes/<name> beside this binary) and
 * passes its output through, with one observation replaced by a lie:
 *
 *   clone3-settid  own.set_tid=ok        (choosing a PID never refused)
 *   nest-depth     user.depth=33         (the depth below the initial user ns, wherever it is)
 *   life-pidns     fork.after_init=ok    (a pid ns outlives its init)
 *
 * Everything else is the truth, so a test must fail exactly where the lie
 * contradicts what the combination implies.
 */
#define _GNU_SOURCE
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probes/probe.h"

static const struct {
	const char *probe, *key, *lie;
} lies[] = {
	{ "clone3-settid", "own.set_tid", "ok" },
	{ "nest-depth", "user.depth", "33" },
	{ "life-pidns", "fork.after_init", "ok" },
};

int main(int argc, char **argv)
{
	char self[PATH_MAX], real[PATH_MAX + 64], line[4096], name[256];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	size_t klen, i;
	FILE *p;

	(void)argc;
	if (n < 0)
		return probe_error(0, "readlink /proc/self/exe");
	self[n] = '\0';
	snprintf(name, sizeof(name), "%s", basename(argv[0]));
	for (i = 0; i < sizeof(lies) / sizeof(lies[0]); i++)
		if (strcmp(lies[i].probe, name) == 0)
			break;
	if (i == sizeof(lies) / sizeof(lies[0]))
		return probe_error(0, "no lie for %s", name);
	snprintf(real, sizeof(real), "%s/../probes/%s", dirname(self), name);
	/*
	 * Under a sanitized build the real probe runs below a shell here, not as
	 * the pid ns init; LeakSanitizer cannot stop the world there: not its test.
	 */
	setenv("ASAN_OPTIONS", "detect_leaks=0", 1);
	p = popen(real, "r");
	if (!p)
		return probe_error(0, "popen %s", real);
	klen = strlen(lies[i].key);
	while (fgets(line, sizeof(line), p)) {
		if (strncmp(line, lies[i].key, klen) == 0 && line[klen] == '=')
			probe_put(lies[i].key, "%s", lies[i].lie);
		else
			fputs(line, stdout);
	}
	if (pclose(p) != 0)
		return probe_error(0, "%s failed", real);
	return probe_done();
}
