/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmd_run.c - `nsbench run`: options -> test list -> lab -> runner -> reports. */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "harness/bench/bench.h"
#include "cli.h"
#include "cmd_common.h"
#include "common/combo.h"
#include "harness/engine/lab.h"
#include "common/log.h"
#include "harness/engine/runner.h"
#include "harness/env/support.h"
#include "reports/junit.h"
#include "reports/report.h"
#include "common/errname.h"
#include "common/util.h"

/*
 * A skip's reason, "no lab: " and the lab's, then every cause the diagnosis
 * appends, fits the buffers it is built in (enrich(), run_jobs()): never cut.
 */
_Static_assert(NSB_RESULT_REASON_MAX >= 16 + sizeof(((struct nsb_lab *)0)->reason) +
	       NSB_REASONS_MAX * (NSB_REASON_LEN + 2), "a reason buffer holds a whole reason");

struct run_ctx {
	struct nsb_job *jobs;
	struct nsb_result *results;
	size_t n;
	struct nsb_run_opts opts;
	struct nsb_run_info info;
	char report_path[PATH_MAX];
	struct timespec t0;
	bool ktap;
	struct nsb_ktap *ktap_stream;	/* KTAP streamed by the lab init as results come */
	bool ktap_done;
	struct nsb_result *run_res;	/* while run_jobs() runs: the runner's results ... */
	size_t *run_where;		/* ... and where each belongs in results[] */
	const char *junit;		/* --junit FILE, or NULL */
	bool bench;			/* the quick bench phase after the tests (run all) */
	struct nsb_bench_opts bench_opts;
	struct nsb_bench_set bench_set;
	bool bench_failed;
	struct nsb_lab lab;		/* filled by nsb_lab_run() before lab_main() runs */
	struct nsb_report_lab report_lab;
	char env_error[512];		/* info.env_error points here when set */
};

static void usage(void)
{
	printf("Usage:\n nsbench run [all|SUITE...] [options]\n\n"
	       "Run test suites in a fresh child per test, across every combination of\n"
	       "namespace types, inside a lab of namespaces nsbench creates first.\n\n"
	       "Options:\n"
	       " -n, --ns LIST        only combinations of these types (%s)\n"
	       " -f, --filter GLOB    only tests whose id (suite.test.combo) matches GLOB\n"
	       " -j, --jobs N         tests run in parallel (default: 4 per CPU we may run on)\n"
	       " -t, --timeout SEC    per-test timeout (default: 10)\n"
	       " -r, --report FILE    write the JSON report there (default: ./nsbench-report.json)\n"
	       " -v, --verbose        list every result; twice: every observation\n"
	       " -k, --ktap           results as KTAP on stdout (kselftest's format), summary on stderr\n"
	       "     --junit FILE     also write the results as JUnit XML there\n"
	       "     --no-bench       skip the quick bench phase of 'run all' (see 'nsbench bench')\n"
	       " -h, --help           display this help\n\n"
	       "Exit status: 0 all passed (some may be skipped), 1 a test failed, errored or\n"
	       "timed out, 2 usage or environment error, 4 every test was skipped, 130 interrupted.\n",
	       nsb_ns_known_names());
}

/* A benchmark that broke (not one skipped with its reason) fails the run, as an error verdict does. */
static bool bench_failed(const struct run_ctx *c)
{
	if (c->bench && c->bench_failed)
		return true;
	for (size_t i = 0; c->info.bench && i < c->info.bench->n; i++)
		if (c->info.bench->b[i].status == NSB_BENCH_ERROR)
			return true;
	return false;
}

static int finish(struct run_ctx *c)
{
	struct nsb_counts counts;
	json_object *doc;
	int r, jr, code;

	c->info.duration_s = nsb_elapsed_s(&c->t0);
	if (!c->bench)
		c->info.conformance_s = c->info.duration_s;
	doc = nsb_report_build(&c->info, c->results, c->n);
	r = doc ? nsb_report_write(doc, c->report_path) : -ENOMEM;
	json_object_put(doc);
	if (r < 0) {
		log_error_errno(r, "cannot write report '%s'", c->report_path);
		c->info.report_path = NULL;
	}
	if (c->junit && (jr = nsb_junit_write(c->junit, &c->info, c->results, c->n)) < 0) {
		log_error_errno(jr, "cannot write JUnit XML '%s'", c->junit);
		r = r < 0 ? r : jr;	/* as an unwritable report: exit 2 unless a test failed */
	}
	if (c->ktap) {
		/* stdout carries the machine-readable results; the summary moves to stderr. */
		if (!c->ktap_done)
			nsb_ktap_print(stdout, c->results, c->n, c->opts.timeout_ms,
				       c->info.interrupted ? "interrupted by a signal" : NULL);
		nsb_summary_print(stderr, &c->info, c->results, c->n, c->opts.verbose);
	} else {
		nsb_summary_print(stdout, &c->info, c->results, c->n, c->opts.verbose);
	}
	fflush(stdout);
	nsb_count(c->results, c->n, &counts);
	if (c->info.interrupted)
		code = NSB_EXIT_INTERRUPTED;
	else if (c->info.env_error)
		code = NSB_EXIT_USAGE;	/* an environment error, not an interruption */
	else if (counts.v[NSB_FAIL] || counts.v[NSB_ERROR] || counts.v[NSB_TIMEOUT] ||
		 bench_failed(c))
		code = NSB_EXIT_FAIL;
	else if (r < 0)
		code = NSB_EXIT_USAGE;
	else if (c->n && counts.v[NSB_SKIP] == c->n)
		code = NSB_EXIT_SKIP;	/* nothing was tested: kselftest's KSFT_SKIP */
	else
		code = NSB_EXIT_OK;
	return code;
}

/* The quick benchmarks of `run all`, after the tests, in the same lab (README "Benchmarks"). */
static void bench_phase(struct run_ctx *c)
{
	int r;

	c->info.conformance_s = nsb_elapsed_s(&c->t0);
	r = nsb_bench_run(&c->bench_opts, &c->bench_set, &nsb_stop_signals);
	c->info.interrupted = r == -EINTR;
	if (r < 0 && r != -EINTR) {
		log_error_errno(r, "the bench phase failed");
		c->bench_failed = true;
	}
	c->info.bench = &c->bench_set;
	c->info.bench_s = c->bench_set.wall_s;
}

/* Where the lab stands for the diagnosis: a lab without a user ns is privileged. */
static enum nsb_who lab_who(const struct nsb_report_lab *lab)
{
	return lab->privileged ? NSB_WHO_CURRENT : NSB_WHO_VIA_USERNS;
}

/* Append to @r's reason every cause the supervisor's evidence shows for @setup (nsb_support_enrich()). */
static void enrich(const struct run_ctx *c, struct nsb_result *r, enum nsb_who who,
		   const struct nsb_setup_err *setup, unsigned types)
{
	char why[NSB_RESULT_REASON_MAX];

	snprintf(why, sizeof(why), "%s", nsb_result_reason(r));
	nsb_support_enrich(c->info.support, who, setup, types, why, sizeof(why));
	(void)nsb_result_set_reason(r, "%s", why);
}

/*
 * As each result is judged (in the lab init): append to a skip whose setup
 * step was refused the causes the supervisor's evidence shows, then stream it
 * as KTAP when asked.
 */
static void on_result(void *arg, size_t k)
{
	struct run_ctx *c = arg;
	/* run_jobs() runs only the jobs the lab can hold: k is an index of that subset. */
	size_t i = c->run_where ? c->run_where[k] : k;
	/* The runner's own copy is what run_jobs() keeps: explain that one. */
	struct nsb_result *r = c->run_res ? &c->run_res[k] : &c->results[i];

	if (c->info.support && r->verdict == NSB_SKIP && r->setup.step != NSB_STEP_NONE)
		enrich(c, r, lab_who(c->info.lab), &r->setup, r->combo);
	if (c->run_res)
		c->results[i] = *r;
	nsb_ktap_result(c->ktap_stream, i);
}

/*
 * Why the lab cannot hold this job, or false: the combination leaves to the
 * lab a type the lab lacks (the probe would share the machine's: never),
 * or the pid/user levels the test needs are not left where nsbench started.
 */
static bool job_cannot_run(const struct run_ctx *c, const struct nsb_job *j, char *why, size_t len)
{
	const struct nsb_lab *lab = &c->lab;
	/*
	 * A test changes a type's state only through its private parent
	 * (.mutates, unshared by the test parent itself): uts, ipc and cgroup
	 * of the lab are a fence the test does not lean on. The lab's pid ns
	 * (everything dies with its init), mount ns (its /proc) and net ns
	 * (links, routes: never the machine's) are needed by every test whose
	 * combination leaves them to the lab.
	 */
	unsigned fence = NSB_MASK(NSB_NS_PID) | NSB_MASK(NSB_NS_MNT) | NSB_MASK(NSB_NS_NET);
	unsigned lacking = lab->missing & fence & ~j->combo & ~j->test->mutates;
	const struct nsb_environment *env = c->info.support ? &c->info.support->env : NULL;

	if (lacking) {
		nsb_lab_missing_text(lab, lacking, why, len);
		return true;
	}
	if (!env)
		return false;
	for (int u = 0; u < 2; u++) {
		enum nsb_ns t = u ? NSB_NS_USER : NSB_NS_PID;
		int left = u ? env->userns_levels : env->pidns_levels;
		int stop = u ? env->userns_stop_err : env->pidns_stop_err;
		int need = !!(lab->types & NSB_MASK(t)) + nsb_combo_has(j->combo, t) +
			   (u ? j->test->nest_user : j->test->nest_pid);

		/* Only a count that ended at the depth says how many are left. */
		if (left < 0 || (stop != ENOSPC && stop != EUSERS) || need <= left)
			continue;
		snprintf(why, len, "needs %d more %s namespace level%s below where nsbench started "
			 "(the lab %d, the combination %d, the probe %d), %d left (the kernel nests "
			 "at most 32; nsbench started deep)", need, nsb_nstypes[t].name,
			 need == 1 ? "" : "s", !!(lab->types & NSB_MASK(t)), nsb_combo_has(j->combo, t),
			 u ? j->test->nest_user : j->test->nest_pid, left);
		return true;
	}
	return false;
}

/* Run the jobs the lab can hold; the others are skips with the reason. */
static int run_jobs(struct run_ctx *c)
{
	struct nsb_job *jobs = calloc(c->n ? c->n : 1, sizeof(*jobs));
	struct nsb_result *res = calloc(c->n ? c->n : 1, sizeof(*res));
	size_t *where = calloc(c->n ? c->n : 1, sizeof(*where)), m = 0;
	int r;

	if (!jobs || !res || !where) {
		free(jobs);
		free(res);
		free(where);
		return -ENOMEM;
	}
	for (size_t i = 0; i < c->n; i++) {
		struct nsb_result *out = &c->results[i];
		char why[NSB_RESULT_REASON_MAX];

		if (!job_cannot_run(c, &c->jobs[i], why, sizeof(why))) {
			where[m] = i;
			jobs[m++] = c->jobs[i];
			continue;
		}
		memset(out, 0, sizeof(*out));
		out->suite = c->jobs[i].suite;
		out->test = c->jobs[i].test;
		out->combo = c->jobs[i].combo;
		out->ran = 1;
		out->verdict = NSB_SKIP;
		nsb_job_id(&c->jobs[i], out->id, sizeof(out->id));
		(void)nsb_result_set_reason(out, "%s", why);
	}
	for (size_t i = 0; c->ktap_stream && i < c->n; i++)
		if (c->results[i].ran)
			nsb_ktap_result(c->ktap_stream, i);
	c->run_res = res;
	c->run_where = where;
	r = nsb_runner_run(jobs, m, &c->opts, res, &nsb_stop_signals);
	c->run_res = NULL;
	c->run_where = NULL;
	for (size_t k = 0; k < m; k++)
		c->results[where[k]] = res[k];
	free(jobs);
	free(res);
	free(where);
	return r;
}

/*
 * What stopped the runner, for the user: the errno and, for EAGAIN from
 * fork (fork(2): RLIMIT_NPROC, the pids cgroup, kernel.threads-max), the
 * limits in force with their values.
 */
static void nsb_describe_process_limit(int r, uid_t uid, char *buf, size_t len)
{
	struct rlimit rl;
	char lim[160] = "";

	if (r == -EAGAIN && getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		snprintf(lim, sizeof(lim), " (RLIMIT_NPROC is %llu for uid %u: processes of this user, "
			 "inside and outside nsbench, count against it)", (unsigned long long)rl.rlim_cur,
			 (unsigned)uid);
	else if (r == -EAGAIN)
		snprintf(lim, sizeof(lim), " (RLIMIT_NPROC unlimited: the pids cgroup's pids.max or "
			 "kernel.threads-max)");
	snprintf(buf, len, "cannot start a test process: fork: %s%s; an environment limit, not a "
		 "test result: the tests not started are counted as not run", nsb_errno_name(r), lim);
}

/* Runs as PID 1 of the lab. */
static int lab_main(void *arg)
{
	struct run_ctx *c = arg;
	int r;

	signal(SIGPIPE, SIG_IGN);
	nsb_report_lab_set(&c->report_lab, &c->lab);
	c->opts.on_result = on_result;
	c->opts.on_result_arg = c;
	if (c->ktap) {
		/* The full plan first, so that a run cut short shows what is missing. */
		for (size_t i = 0; i < c->n; i++)
			c->results[i].suite = c->jobs[i].suite;
		c->ktap_stream = nsb_ktap_begin(stdout, c->results, c->n, c->opts.timeout_ms);
	}
	r = run_jobs(c);
	c->info.interrupted = r == -EINTR;
	/* A test parent that could not create its probe for the same reason: no verdict of the test. */
	for (size_t i = 0; i < c->n; i++) {
		struct nsb_result *t = &c->results[i];
		enum nsb_step st = t->setup.step;

		if (t->verdict != NSB_ERROR || (t->setup.err != EAGAIN && t->setup.err != ENOMEM) ||
		    (st != NSB_STEP_CLONE3 && st != NSB_STEP_CLONE && st != NSB_STEP_FORK))
			continue;
		t->verdict = NSB_SKIP;
		(void)nsb_result_set_reason(t, "%s (an environment limit: see run.environment_error)",
					    nsb_result_reason(t));
		if (r >= 0)
			r = -t->setup.err;
	}
	if (c->ktap_stream) {
		nsb_ktap_end(c->ktap_stream, c->info.interrupted ? "interrupted by a signal" : "the runner failed");
		c->ktap_stream = NULL;
		c->ktap_done = true;
	}
	if (r < 0 && r != -EINTR) {
		nsb_describe_process_limit(r, c->lab.outer_uid, c->env_error, sizeof(c->env_error));
		c->info.env_error = c->env_error;
		log_error("the run stopped: %s", c->env_error);
	}
	if (c->bench && !c->info.interrupted)
		bench_phase(c);
	r = finish(c);
	nsb_bench_set_free(&c->bench_set);
	return r;
}

static int add_jobs(struct run_ctx *c, const struct nsb_suite *s, unsigned ns_mask,
		    const char *filter)
{
	for (size_t t = 0; t < s->n_tests; t++)
		for (unsigned combo = 0; combo < NSB_COMBO_COUNT; combo++) {
			struct nsb_job j = { s, &s->tests[t], combo };
			char id[160];

			if ((combo & ~ns_mask) || !nsb_test_applies(j.test, combo))
				continue;
			nsb_job_id(&j, id, sizeof(id));
			if (filter && fnmatch(filter, id, 0) != 0)
				continue;
			struct nsb_job *n = realloc(c->jobs, (c->n + 1) * sizeof(*n));
			if (!n)
				return -ENOMEM;
			c->jobs = n;
			c->jobs[c->n++] = j;
		}
	return 0;
}

static int check_probes(const struct run_ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		char path[PATH_MAX];

		if (i && c->jobs[i].test == c->jobs[i - 1].test)
			continue;
		snprintf(path, sizeof(path), "%s/%s", c->opts.probe_dir, c->jobs[i].test->probe);
		if (access(path, X_OK) < 0) {
			log_error_errno(-errno, "probe '%s' not usable", path);
			return -errno;
		}
	}
	return 0;
}

static int skip_all(struct run_ctx *c, const struct nsb_lab *lab)
{
	nsb_report_lab_set(&c->report_lab, lab);
	for (size_t i = 0; i < c->n; i++) {
		struct nsb_result *r = &c->results[i];

		memset(r, 0, sizeof(*r));
		r->suite = c->jobs[i].suite;
		r->test = c->jobs[i].test;
		r->combo = c->jobs[i].combo;
		r->ran = 1;
		r->verdict = NSB_SKIP;
		nsb_job_id(&c->jobs[i], r->id, sizeof(r->id));
		r->setup = lab->setup;
		(void)nsb_result_set_reason(r, "no lab: %s", lab->reason);
		if (c->info.support)
			enrich(c, r, lab_who(&c->report_lab), &lab->setup, lab->types);
	}
	return finish(c);
}

static int run(struct run_ctx *c, int argc, char **argv);

int cmd_run(int argc, char **argv)
{
	struct run_ctx c = { .opts = { .timeout_ms = 10000 } };
	int code = run(&c, argc, argv);

	for (size_t i = 0; c.results && i < c.n; i++)
		nsb_result_free(&c.results[i]);
	free(c.results);
	free(c.jobs);
	free(c.info.argv);
	return code;
}

static int run(struct run_ctx *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "ns", required_argument, NULL, 'n' },	{ "filter", required_argument, NULL, 'f' },
		{ "jobs", required_argument, NULL, 'j' },	{ "timeout", required_argument, NULL, 't' },
		{ "report", required_argument, NULL, 'r' }, { "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },		{ "ktap", no_argument, NULL, 'k' },
		{ "no-bench", no_argument, NULL, 'B' },	{ "junit", required_argument, NULL, 'J' },
		{ NULL, 0, NULL, 0 },
	};
	const char *filter = NULL, *report = NULL;
	unsigned ns_mask = NSB_ALL_MASK;
	bool no_bench = false, all = false;
	char probe_dir[PATH_MAX], tp_prog[PATH_MAX], bad[64];
	static struct nsb_support support;
	int opt, r, code;
	cpu_set_t cpus;

	/*
	 * Four test parents per CPU this process may run on (sched_getaffinity(2),
	 * as nproc(1) counts; a container's cpuset shows there). A test spends much
	 * of its time waiting on the kernel (RCU grace periods on namespace
	 * teardown, the labs' traffic), so one per CPU leaves CPUs idle: measured
	 * here (2 CPUs), run all --no-bench took 13-15 s with 2 jobs, 8.3-9.1 with
	 * 4, 7.7-8.2 with 6 and 7.4-8.3 with 8, and less CPU the more (issue 15).
	 */
	c->opts.jobs = sched_getaffinity(0, sizeof(cpus), &cpus) == 0 && CPU_COUNT(&cpus) > 0 ?
			       4 * (unsigned)CPU_COUNT(&cpus) :
			       4;
	if (c->opts.jobs > 1024)
		c->opts.jobs = 1024;	/* --jobs' own limit */
	c->info.argc = argc;
	c->info.argv = nsb_argv_save(argc, argv);	/* as typed: getopt_long() permutes argv */
	if (!c->info.argv)
		return log_error_errno(-ENOMEM, "cannot save the arguments"), NSB_EXIT_USAGE;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":n:f:j:t:r:vhk", longopts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			if (nsb_combo_parse(optarg, &ns_mask, bad, sizeof(bad)) < 0)
				return nsb_usage_error("unknown namespace type '%s' (known: %s)", bad,
						       nsb_ns_known_names());
			break;
		case 'f':
			filter = optarg;
			break;
		case 'j':
			if (nsb_parse_uint(optarg, 1, 1024, &c->opts.jobs) < 0)
				return nsb_usage_error("--jobs takes a number from 1 to 1024, not '%s'", optarg);
			break;
		case 't':
			if (nsb_parse_seconds_ms(optarg, &c->opts.timeout_ms) < 0)
				return nsb_usage_error("--timeout takes a positive number of seconds, not '%s'",
						       optarg);
			break;
		case 'r':
			report = optarg;
			break;
		case 'v':
			c->opts.verbose++;
			break;
		case 'k':
			c->ktap = true;
			break;
		case 'B':
			no_bench = true;
			break;
		case 'J':
			c->junit = optarg;
			break;
		case 'h':
			usage();
			return NSB_EXIT_OK;
		default:
			return nsb_getopt_error(opt, argv);
		}
	}
	if (c->opts.verbose > 1)
		nsb_log_level = LOG_INFO;
	if (optind == argc || (optind + 1 == argc && strcmp(argv[optind], "all") == 0)) {
		all = true;
		for (size_t i = 0; nsb_suites[i]; i++)
			if ((r = add_jobs(c, nsb_suites[i], ns_mask, filter)) < 0)
				return log_error_errno(r, "cannot build the test list"), NSB_EXIT_USAGE;
	} else {
		for (int i = optind; i < argc; i++) {
			const struct nsb_suite *s = nsb_suite_find(argv[i]);

			if (!s)
				return nsb_usage_error("unknown suite '%s' (see 'nsbench list suites')",
						       argv[i]);
			if ((r = add_jobs(c, s, ns_mask, filter)) < 0)
				return log_error_errno(r, "cannot build the test list"), NSB_EXIT_USAGE;
		}
	}
	if (!c->n)
		return nsb_usage_error("no test matches%s%s (see 'nsbench list tests')",
				       filter ? " the filter " : "", filter ? filter : "");
	if ((r = nsb_probe_dir(probe_dir, sizeof(probe_dir))) < 0) {
		log_error_errno(r, "cannot find the probe directory (set NSBENCH_PROBE_DIR)");
		return NSB_EXIT_USAGE;
	}
	c->opts.probe_dir = probe_dir;
	if ((r = nsb_tp_prog(tp_prog, sizeof(tp_prog), &c->opts.tp_prog)) < 0) {
		log_error_errno(r, "NSBENCH_TP: cannot run '%s' (unset it, or 'fork')", tp_prog);
		return NSB_EXIT_USAGE;
	}
	if (check_probes(c) < 0)
		return NSB_EXIT_USAGE;
	if (nsb_report_path_set(c->report_path, sizeof(c->report_path), report))
		return NSB_EXIT_USAGE;
	if (c->junit && (r = nsb_report_probe_path(c->junit)) < 0) {
		log_error_errno(r, "cannot write JUnit XML '%s'", c->junit);
		return NSB_EXIT_USAGE;
	}
	c->info.report_path = c->report_path;
	/* Benchmarks belong to a whole run: not to a selection of suites or tests. */
	c->bench = all && !filter && !no_bench;
	nsb_bench_opts_default(&c->bench_opts, true);
	c->bench_opts.ns_mask = ns_mask;
	c->info.jobs = c->opts.jobs;
	c->info.timeout_ms = c->opts.timeout_ms;
	c->info.lab = &c->report_lab;
	c->opts.progress = nsb_log_interactive();
	c->results = calloc(c->n, sizeof(*c->results));
	if (!c->results)
		return log_error_errno(-ENOMEM, "cannot allocate results"), NSB_EXIT_USAGE;

	nsb_catch_stop_signals();
	clock_gettime(CLOCK_REALTIME, &c->info.started);
	clock_gettime(CLOCK_MONOTONIC, &c->t0);
	/*
	 * What the machine allows, tried once here in the supervisor (the
	 * machine's namespaces, before the lab): inside the lab a non-root run
	 * already sits in a user ns where the sysctls read INT_MAX and every
	 * capability is granted, so the evidence would prove nothing there. The
	 * tests themselves are the in-lab trials; this explains their refusals.
	 */
	if ((r = nsb_support_compute(&support)) < 0)
		log_warning("cannot try which namespace types work here (%s): skips are not explained",
			    nsb_errno_name(r));
	else
		c->info.support = &support;

	code = nsb_lab_run(&c->lab, NSB_LAB_CAPS_GIVE_UP, lab_main, c, &nsb_stop_signals);
	if (code == NSB_LAB_UNAVAILABLE) {
		log_warning("cannot build the lab (%s): skipping every test", c->lab.reason);
		code = skip_all(c, &c->lab);
	} else if (code < 0) {
		log_error_errno(code, "cannot start the lab");
		code = NSB_EXIT_USAGE;
	}
	return code;
}
