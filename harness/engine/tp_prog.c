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
 *   nsbench-tp SUITE TEST COMBO TOKEN PROBE_DIR BASE SIGMASK PPID BUILD
 * with the observation pipe on fd NSB_TP_OUT_FD and every signal blocked;
 * COMBO the namespace mask in decimal, BASE nsb_tp_base_format()'s string
 * (empty: none), SIGMASK the scheduler's own signal mask (bit n-1: signal
 * n), which this process restores first, PPID the scheduler's pid (the
 * parent this process must die with) and BUILD nsbench's NSB_TP_BUILD.
 *   nsbench-tp --build-id
 * prints this program's NSB_TP_BUILD (a hash of the sources both programs
 * share): nsbench runs it once and forks its test parents where it differs.
 * Exits as nsb_tp_main() does; 2 with one line on stderr if the arguments
 * are not the scheduler's or name no test of this build (the judge then
 * reports that the test parent reported no exit status).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/combo.h"
#include "runner.h"
#include "tp-build.h"
#include "tp.h"

int main(int argc, char **argv)
{
	struct nsb_run_opts o = { .probe_dir = NULL };
	struct nsb_job job;
	unsigned long combo, ppid;
	unsigned long long mask;
	struct stat st;
	char *end, *end2;

	if (argc == 2 && strcmp(argv[1], "--build-id") == 0) {
		puts(NSB_TP_BUILD);
		return 0;
	}
	if (argc != 10 || strcmp(argv[9], NSB_TP_BUILD) != 0) {
		fprintf(stderr, "nsbench-tp: the test parent program of nsbench's scheduler%s\n",
			argc == 10 ? ", from another build" : ", not run by hand");
		return 2;
	}
	errno = 0;
	mask = strtoull(argv[7], &end, 0);
	ppid = strtoul(argv[8], &end2, 10);
	if (errno || end == argv[7] || *end || end2 == argv[8] || *end2) {
		fprintf(stderr, "nsbench-tp: bad signal mask '%s' or parent '%s'\n", argv[7], argv[8]);
		return 2;
	}
	/*
	 * The kernel's 64-bit mask as it was: the C library's sigaddset()
	 * refuses the signals it keeps for itself (32-34 in musl), and the
	 * scheduler's mask may hold them.
	 */
	if (syscall(SYS_rt_sigprocmask, SIG_SETMASK, &mask, NULL, sizeof(mask)) < 0) {
		fprintf(stderr, "nsbench-tp: cannot restore the signal mask: %s\n", strerror(errno));
		return 2;
	}
	/* Die with the scheduler, which may be gone already (nsb_tp_main() sets it again). */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || (unsigned long)getppid() != ppid)
		return 2;
	job.suite = nsb_suite_find(argv[1]);
	job.test = nsb_test_find(argv[1], argv[2]);
	errno = 0;
	combo = strtoul(argv[3], &end, 10);
	if (!job.suite || !job.test || errno || end == argv[3] || *end || combo > NSB_ALL_MASK) {
		fprintf(stderr, "nsbench-tp: no test %s.%s in combination %s in this build\n", argv[1], argv[2],
			argv[3]);
		return 2;
	}
	/*
	 * The pipe must not reach the probe: the scheduler's dup2() cleared its
	 * FD_CLOEXEC, and close_range(CLOSE_RANGE_CLOEXEC) in the spawn is 5.11+.
	 */
	if (fstat(NSB_TP_OUT_FD, &st) < 0 || !S_ISFIFO(st.st_mode) ||
	    fcntl(NSB_TP_OUT_FD, F_SETFD, FD_CLOEXEC) < 0) {
		fprintf(stderr, "nsbench-tp: fd %d is not the scheduler's pipe\n", NSB_TP_OUT_FD);
		return 2;
	}
	job.combo = (unsigned)combo;
	o.probe_dir = argv[5];
	if (argv[6][0] && nsb_tp_base_parse(argv[6]) < 0)
		fprintf(stderr, "nsbench-tp: unreadable base '%s': every entry is read again\n", argv[6]);
	nsb_tp_main(&job, argv[4], &o, NSB_TP_OUT_FD);
}
