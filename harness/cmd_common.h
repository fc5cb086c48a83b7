/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_common.h - what the commands that build a lab share: the stop-signal
 * counter, elapsed time, the default report path, and the lab as the
 * report tells it.
 */
#ifndef NSB_CMD_COMMON_H
#define NSB_CMD_COMMON_H

#include <signal.h>
#include <stddef.h>
#include <time.h>

#include "harness/engine/lab.h"
#include "reports/report.h"

/*
 * SIGINT, SIGTERM and SIGHUP received so far: counted by the handler in the
 * supervisor and, after fork, in the lab init (nsb_lab_run() forwards them).
 */
extern volatile sig_atomic_t nsb_stop_signals;

/* Count SIGINT, SIGTERM and SIGHUP in nsb_stop_signals from now on (sigaction(2)). */
void nsb_catch_stop_signals(void);

/* Seconds (CLOCK_MONOTONIC) since *t0. */
double nsb_elapsed_s(const struct timespec *t0);

/*
 * ./nsbench-report.json when the working directory is writable, else
 * $TMPDIR (or /tmp)/nsbench-report-<euid>.json.
 */
void nsb_default_report_path(char *buf, size_t len);

/*
 * Set buf to the report path, --report's FILE (NULL: the default path), and
 * check it now with nsb_report_probe_path() so that an unusable path ('', too
 * long, a directory, an unwritable directory) is refused before any test
 * runs. Returns 0, or prints one line and returns NSB_EXIT_USAGE.
 */
int nsb_report_path_set(char *buf, size_t len, const char *report);

/*
 * A copy of the pointers argv[0..argc) (NULL-terminated), taken before
 * getopt_long(3) permutes argv, so that run.args is what the user typed.
 * free() it; NULL on ENOMEM.
 */
char **nsb_argv_save(int argc, char **argv);

/* Copy what the report tells of the lab. */
void nsb_report_lab_set(struct nsb_report_lab *out, const struct nsb_lab *lab);

#endif
