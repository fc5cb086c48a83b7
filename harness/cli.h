/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cli.h - subcommands, exit statuses and small argument parsers shared by cmd_*.c. */
#ifndef NSB_CLI_H
#define NSB_CLI_H

enum {
	NSB_EXIT_OK = 0,		/* everything passed or was skipped with a reason */
	NSB_EXIT_FAIL = 1,		/* some test failed, errored or timed out */
	NSB_EXIT_USAGE = 2,		/* bad usage or an unusable environment */
	NSB_EXIT_SKIP = 4,		/* run: every test was skipped (kselftest's KSFT_SKIP) */
	NSB_EXIT_INTERRUPTED = 130,	/* SIGINT/SIGTERM: partial report written */
};

int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_shell(int argc, char **argv);

/* "Try 'nsbench --help'" after a usage error; returns NSB_EXIT_USAGE. */
int nsb_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * The usage error for what getopt_long(3) returned, its optstring starting
 * with ':': ':' is an option missing its argument, anything else an unknown
 * option; both name argv[optind - 1]. Returns NSB_EXIT_USAGE.
 */
int nsb_getopt_error(int opt, char *const *argv);
/* Parse a whole decimal number in [min, max]. Returns 0 or -EINVAL/-ERANGE. */
int nsb_parse_uint(const char *s, unsigned min, unsigned max, unsigned *ret);
/* Parse a positive number of seconds ("2", "0.5") into milliseconds. */
int nsb_parse_seconds_ms(const char *s, unsigned *ret_ms);
/* The directory holding the probes: $NSBENCH_PROBE_DIR, or beside the binary. */
int nsb_probe_dir(char *buf, unsigned long len);
/*
 * nsbench-tp, the test parent program (harness/engine/tp_prog.c): $NSBENCH_TP
 * if set ("fork" or empty: none, every test parent is forked), else beside
 * the binary (the build tree), else in ../libexec/nsbench/ (an install),
 * if its --build-id is this build's (else a warning). $NSBENCH_TP is used
 * as it is. Sets *ret to @buf, or to NULL where there is none (a build
 * without musl-gcc, or the sanitizer build, has none). Returns 0, or -errno of
 * access(2) X_OK when $NSBENCH_TP names a program that cannot be run.
 */
int nsb_tp_prog(char *buf, unsigned long len, const char **ret);

#endif
