/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tp_prog.c - main() of nsbench-tp, the test parent as a program of its own
 * (tp.h): the scheduler posix_spawn(3)s it per test instead of fork(2)ing
 * itself, where it was built. It is linked statically with musl and holds
 * the test parent, the spawn and the suites' hooks and nothing else, so a
 * test parent's start and exit map, copy and tear down a few dozen pages,
 * not the dynamically linked nsbench's 43 mappings (issue 15). The suites
 * whose hooks use libmnl (.netlink), which Debian ships only shared, are not
 * in it: their test parents are still forked from nsbench.
 *
 * Usage (the scheduler's, never a user's):
 *   nsbench-tp SUITE TEST COMBO TOKEN PROBE_DIR BASE SIGMASK
 * with the observation pipe on fd NSB_TP_OUT_FD and every signal blocked;
 * COMBO the namespace mask in decimal, BASE nsb_tp_base_format()'s string
 * (empty: none), SIGMASK the scheduler's own signal mask (bit n-1: signal
 * n), which this process restores first. Exits as
 * nsb_tp_main() does; 2 with one line on stderr if the arguments name no
 * test of this build (the judge then reports incomplete observations).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/combo.h"
#include "runner.h"
#include "tp.h"

int main(int argc, char **argv)
{
	struct nsb_run_opts o = { .probe_dir = NULL };
	struct nsb_job job;
	unsigned long combo;
	unsigned long long bits;
	sigset_t mask;
	struct stat st;
	char *end;

	if (argc != 8) {
		fprintf(stderr, "nsbench-tp: the test parent program of nsbench's scheduler, not run by hand\n");
		return 2;
	}
	errno = 0;
	bits = strtoull(argv[7], &end, 0);
	if (errno || end == argv[7] || *end) {
		fprintf(stderr, "nsbench-tp: bad signal mask '%s'\n", argv[7]);
		return 2;
	}
	sigemptyset(&mask);
	for (int sig = 1; sig <= 64; sig++)
		if (bits & (1ULL << (sig - 1)))
			(void)sigaddset(&mask, sig);	/* the C library's own signals refuse: EINVAL */
	if (sigprocmask(SIG_SETMASK, &mask, NULL) < 0) {
		fprintf(stderr, "nsbench-tp: cannot restore the signal mask: %s\n", strerror(errno));
		return 2;
	}
	job.suite = nsb_suite_find(argv[1]);
	job.test = nsb_test_find(argv[1], argv[2]);
	errno = 0;
	combo = strtoul(argv[3], &end, 10);
	if (!job.suite || !job.test || errno || end == argv[3] || *end || combo > NSB_ALL_MASK) {
		fprintf(stderr, "nsbench-tp: no test %s.%s in combination %s in this build\n", argv[1], argv[2],
			argv[3]);
		return 2;
	}
	if (fstat(NSB_TP_OUT_FD, &st) < 0 || !S_ISFIFO(st.st_mode)) {
		fprintf(stderr, "nsbench-tp: fd %d is not the scheduler's pipe\n", NSB_TP_OUT_FD);
		return 2;
	}
	job.combo = (unsigned)combo;
	o.probe_dir = argv[5];
	if (argv[6][0] && nsb_tp_base_parse(argv[6]) < 0)
		fprintf(stderr, "nsbench-tp: unreadable base '%s': every entry is read again\n", argv[6]);
	nsb_tp_main(&job, argv[4], &o, NSB_TP_OUT_FD);
}
