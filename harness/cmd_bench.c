/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmd_bench.c - `nsbench bench`: options -> lab -> benchmarks -> report and table. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness/bench/bench.h"
#include "cli.h"
#include "cmd_common.h"
#include "common/combo.h"
#include "harness/engine/lab.h"
#include "common/log.h"
#include "reports/report.h"

struct bench_ctx {
	struct nsb_bench_opts o;
	double loop_s;		/* > 0: --loop */
	enum nsb_bench_op loop_op;
	unsigned loop_combo;
	struct nsb_run_info info;
	struct nsb_lab lab;		/* filled by nsb_lab_run() before bench_main() runs */
	struct nsb_report_lab report_lab;
	char report_path[PATH_MAX];
	struct timespec t0;
};

static void usage(void)
{
	printf("Usage:\n nsbench bench [OP...] [options]\n\n"
	       "Time namespace operations inside a lab of namespaces nsbench creates first.\n"
	       "OP: clone unshare setns teardown scaling growth net (default: all of them;\n    net: a container's network setup, TCP round trips and streams over veth, not with --quick).\n\n"
	       "Options:\n"
	       " -n, --ns LIST        types to benchmark, each alone and all together (%s)\n"
	       " -s, --samples N      at most N samples per benchmark (default: 3000)\n"
	       "     --min-time SEC   sample each benchmark at least this long (default: 0.5)\n"
	       "     --max-time SEC   stop a benchmark here even if its CI is wider than +-2%% (default: 1)\n"
	       " -w, --warmup N       untimed iterations per worker (default: 10)\n"
	       "     --rounds N       fresh worker processes per benchmark, at least (default: 5)\n"
	       "     --window SEC     teardown and scaling: sustained window (default: 0.3)\n"
	       " -c, --cpu K          pin the workers to CPU K (default: not pinned)\n"
	       "     --quick          the shorter settings of the bench phase of 'nsbench run all'\n"
	       " -r, --report FILE    write the JSON report there (default: ./nsbench-report.json)\n"
	       "     --loop SEC       repeat one OP (clone, unshare or setns) on --ns for SEC seconds in a\n"
	       "                      process named nsbench-loop, for perf stat -p / perf record\n"
	       " -h, --help           display this help\n\n"
	       "Exit status: 0 done (skips have reasons), 1 a benchmark failed, 2 usage or\n"
	       "environment error, 130 interrupted.\n",
	       nsb_ns_known_names());
}

static int parse_secs(const char *s, double *ret)
{
	unsigned ms;

	if (nsb_parse_seconds_ms(s, &ms) < 0)
		return -EINVAL;
	*ret = ms / 1000.0;
	return 0;
}

/* Runs as PID 1 of the lab. */
static int bench_main(void *arg)
{
	struct bench_ctx *c = arg;
	struct nsb_bench_set set;
	json_object *doc;
	bool errors = false;
	int r, w;

	signal(SIGPIPE, SIG_IGN);
	nsb_report_lab_set(&c->report_lab, &c->lab);
	if (c->loop_s > 0) {
		fprintf(stderr, "nsbench: %s on %s for %.0f s in the process named nsbench-loop "
				"(perf stat -p \"$(pgrep -n -x nsbench-loop)\")\n",
			nsb_bench_op_names[c->loop_op],
			nsb_combo_format(c->loop_combo, (char[NSB_COMBO_STRLEN]){ 0 }, NSB_COMBO_STRLEN),
			c->loop_s);
		r = nsb_bench_loop(&c->o, c->loop_op, c->loop_combo, c->loop_s, &nsb_stop_signals);
		return r == -EINTR ? NSB_EXIT_INTERRUPTED : r < 0 ? NSB_EXIT_FAIL : NSB_EXIT_OK;
	}
	r = nsb_bench_run(&c->o, &set, &nsb_stop_signals);
	if (r < 0 && r != -EINTR) {
		log_error_errno(r, "the benchmarks failed");
		nsb_bench_set_free(&set);
		return NSB_EXIT_USAGE;
	}
	c->info.interrupted = r == -EINTR;
	c->info.bench = &set;
	c->info.bench_s = set.wall_s;
	c->info.duration_s = nsb_elapsed_s(&c->t0);
	doc = nsb_report_build(&c->info, NULL, 0);
	w = doc ? nsb_report_write(doc, c->report_path) : -ENOMEM;
	json_object_put(doc);
	nsb_bench_summary_print(stdout, &set);
	for (size_t i = 0; i < set.n; i++)
		errors |= set.b[i].status == NSB_BENCH_ERROR;
	if (w < 0)
		log_error_errno(w, "cannot write report '%s'", c->report_path);
	else
		printf("report: %s\nnsbench: %zu benchmarks in %.1f s\n", c->report_path, set.n, set.wall_s);
	nsb_bench_set_free(&set);
	if (c->info.interrupted)
		return NSB_EXIT_INTERRUPTED;
	return w < 0 ? NSB_EXIT_USAGE : errors ? NSB_EXIT_FAIL : NSB_EXIT_OK;
}

static int parse_ops(int argc, char **argv, unsigned *ops)
{
	*ops = 0;
	for (int i = 0; i < argc; i++) {
		int k;

		for (k = 0; k < _NSB_OP_MAX; k++)
			if (strcmp(argv[i], nsb_bench_op_names[k]) == 0)
				break;
		if (k == _NSB_OP_MAX)
			return nsb_usage_error("unknown benchmark '%s' (known: clone unshare setns teardown "
					       "scaling growth)", argv[i]);
		*ops |= 1u << k;
	}
	if (!*ops)
		*ops = (1u << _NSB_OP_MAX) - 1;
	return 0;
}

enum { OPT_MIN_TIME = 256, OPT_MAX_TIME, OPT_ROUNDS, OPT_WINDOW, OPT_QUICK, OPT_LOOP };

static int parse(struct bench_ctx *c, int argc, char **argv, const char **report)
{
	static const struct option longopts[] = {
		{ "ns", required_argument, NULL, 'n' },	   { "samples", required_argument, NULL, 's' },
		{ "min-time", required_argument, NULL, OPT_MIN_TIME },
		{ "max-time", required_argument, NULL, OPT_MAX_TIME },
		{ "warmup", required_argument, NULL, 'w' }, { "rounds", required_argument, NULL, OPT_ROUNDS },
		{ "window", required_argument, NULL, OPT_WINDOW }, { "cpu", required_argument, NULL, 'c' },
		{ "quick", no_argument, NULL, OPT_QUICK },  { "report", required_argument, NULL, 'r' },
		{ "loop", required_argument, NULL, OPT_LOOP }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	bool ns_given = false, min_given = false, max_given = false;
	unsigned v;
	char bad[64];
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":n:s:w:c:r:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			if (nsb_combo_parse(optarg, &c->o.ns_mask, bad, sizeof(bad)) < 0 || !c->o.ns_mask)
				return nsb_usage_error("unknown namespace type '%s' (known: %s)", bad,
						       nsb_ns_known_names());
			ns_given = true;
			break;
		case 's':
			if (nsb_parse_uint(optarg, 6, 1000000, &c->o.samples) < 0)
				return nsb_usage_error("--samples takes a number from 6 to 1000000, not '%s'", optarg);
			break;
		case OPT_MIN_TIME:
		case OPT_MAX_TIME:
		case OPT_WINDOW:
		case OPT_LOOP: {
			double *dst = opt == OPT_MIN_TIME ? &c->o.min_time_s : opt == OPT_MAX_TIME ? &c->o.max_time_s :
				      opt == OPT_WINDOW ? &c->o.window_s : &c->loop_s;

			if (parse_secs(optarg, dst) < 0)
				return nsb_usage_error("%s takes a positive number of seconds, not '%s'",
						       argv[optind - 1], optarg);
			min_given |= opt == OPT_MIN_TIME;
			max_given |= opt == OPT_MAX_TIME;
			break;
		}
		case 'w':
			if (nsb_parse_uint(optarg, 0, 100000, &c->o.warmup) < 0)
				return nsb_usage_error("--warmup takes a number from 0 to 100000, not '%s'", optarg);
			break;
		case OPT_ROUNDS:
			if (nsb_parse_uint(optarg, 1, NSB_BENCH_MAX_ROUNDS, &c->o.min_rounds) < 0)
				return nsb_usage_error("--rounds takes a number from 1 to %d, not '%s'",
						       NSB_BENCH_MAX_ROUNDS, optarg);
			break;
		case 'c':
			if (nsb_parse_uint(optarg, 0, cpus > 0 ? (unsigned)cpus - 1 : 0, &v) < 0)
				return nsb_usage_error("--cpu takes a CPU number from 0 to %ld, not '%s'", cpus - 1,
						       optarg);
			c->o.cpu = (int)v;
			break;
		case OPT_QUICK:	/* applied before parsing (cmd_bench) */
			break;
		case 'r':
			*report = optarg;
			break;
		case 'h':
			usage();
			return -1;
		default:
			return nsb_getopt_error(opt, argv);
		}
	}
	if (parse_ops(argc - optind, argv + optind, &c->o.ops))
		return NSB_EXIT_USAGE;
	if (min_given && !max_given && c->o.max_time_s < c->o.min_time_s)
		c->o.max_time_s = c->o.min_time_s;
	if (c->o.max_time_s < c->o.min_time_s)
		return nsb_usage_error("--max-time (%g) is shorter than --min-time (%g)", c->o.max_time_s,
				       c->o.min_time_s);
	if (c->loop_s > 0) {
		c->loop_op = (enum nsb_bench_op)__builtin_ctz(c->o.ops);
		if (__builtin_popcount(c->o.ops) != 1 || c->loop_op > NSB_OP_SETNS)
			return nsb_usage_error("--loop takes exactly one OP: clone, unshare or setns");
		c->loop_combo = ns_given ? c->o.ns_mask : 0;
		if (c->loop_op == NSB_OP_SETNS && !c->loop_combo)
			return nsb_usage_error("--loop setns needs --ns");
	}
	return 0;
}

int cmd_bench(int argc, char **argv)
{
	static struct bench_ctx c;
	const char *report = NULL;
	bool quick = false;
	int r, code;


	/* --quick sets the defaults that the other options then change, wherever it stands. */
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		quick |= strcmp(argv[i], "--quick") == 0;
	nsb_bench_opts_default(&c.o, quick);
	c.info.argc = argc;
	c.info.argv = nsb_argv_save(argc, argv);	/* as typed: getopt_long() permutes argv */
	if (!c.info.argv)
		return log_error_errno(-ENOMEM, "cannot save the arguments"), NSB_EXIT_USAGE;
	r = parse(&c, argc, argv, &report);
	if (r)
		return r < 0 ? NSB_EXIT_OK : r;
	if (c.loop_s <= 0 && nsb_report_path_set(c.report_path, sizeof(c.report_path), report))
		return NSB_EXIT_USAGE;
	c.info.jobs = 1;
	c.info.timeout_ms = 1000;
	c.info.lab = &c.report_lab;
	c.info.report_path = c.report_path;
	nsb_catch_stop_signals();
	clock_gettime(CLOCK_REALTIME, &c.info.started);
	clock_gettime(CLOCK_MONOTONIC, &c.t0);
	code = nsb_lab_run(&c.lab, NSB_LAB_CAPS_GIVE_UP, bench_main, &c, &nsb_stop_signals);
	if (code == NSB_LAB_UNAVAILABLE) {
		log_error("cannot build the lab (%s): nothing is benchmarked outside it", c.lab.reason);
		return NSB_EXIT_USAGE;
	}
	if (code < 0) {
		log_error_errno(code, "cannot start the lab");
		return NSB_EXIT_USAGE;
	}
	return code;
}
