/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report.h - what nsbench writes: the JSON report (schema in
 * reports/schema.json, described in reports/FORMAT.md) and the human summary.
 */
#ifndef NSB_REPORT_H
#define NSB_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <sys/types.h>

#include "harness/bench/result.h"
#include "harness/env/findings.h"
#include "common/version.h"
#include "suites/result.h"
#include "suites/suite.h"

/* The report format's version: written by every report, required by every reader. */
#define NSB_SCHEMA_VERSION 1

struct json_object;

/* The lab as the report tells it (the engine's struct nsb_lab, copied by the command). */
struct nsb_report_lab {
	unsigned types;		/* mask of the lab's own namespace types */
	bool privileged;	/* no user ns was needed */
	bool ok;		/* the lab existed; else reason says why not */
	char reason[1024];	/* >= struct nsb_lab's, asserted in harness/cmd_common.c */
	uid_t outer_uid;
	gid_t outer_gid;
};

struct nsb_run_info {
	struct timespec started;	/* CLOCK_REALTIME */
	double duration_s;
	double conformance_s;
	double bench_s;			/* wall time of the bench phase (0: not run) */
	const struct nsb_bench_set *bench;	/* NULL: no bench phase */
	int argc;
	char **argv;
	unsigned jobs;
	unsigned timeout_ms;
	bool interrupted;
	const char *env_error;		/* the run stopped on an environment limit (exit 2), or NULL */
	const struct nsb_report_lab *lab;
	const struct nsb_support *support;	/* what the machine allows (NULL: not computed) */
	const char *report_path;
};

struct nsb_counts {
	size_t v[_NSB_VERDICT_MAX];
	size_t not_run;
};

void nsb_count(const struct nsb_result *res, size_t n, struct nsb_counts *c);

/*
 * True when most of the run was skipped (more than half of the tests that
 * ran): the summary says so and the report's run.coverage_lost is true, so
 * that a CI gate (compare) can fail closed instead of trusting exit 0.
 */
static inline bool nsb_coverage_lost(const struct nsb_counts *c)
{
	size_t ran = 0;

	for (int v = 0; v < _NSB_VERDICT_MAX; v++)
		ran += c->v[v];
	return ran && c->v[NSB_SKIP] * 2 > ran;
}

/* A combination as a JSON array of type names, in table order. */
struct json_object *nsb_json_combo(unsigned mask);

/* Build the whole report document; the caller puts it. NULL on ENOMEM. */
struct json_object *nsb_report_build(const struct nsb_run_info *run, const struct nsb_result *res,
				     size_t n);
/*
 * Write doc to path (json.c's comment "Where a report goes" has the rules):
 * a new path or a regular file is replaced atomically (an unnamed O_TMPFILE
 * linked into place with linkat(2) when complete; a named temporary file and
 * rename(2) on filesystems without O_TMPFILE), a device, FIFO or /dev/stdout
 * is written through and never replaced, a symlink is followed to its target
 * and never replaced. Test-only environment: NSBENCH_TEST_WRITE_DELAY_MS waits
 * that many ms once the content is written, before it gets a name;
 * NSBENCH_TEST_NO_TMPFILE takes the named-temporary-file fallback. Returns 0 or -errno
 * (-EISDIR for a directory, -ENAMETOOLONG, -ELOOP, open(2)/linkat(2) errors).
 */
int nsb_report_write(struct json_object *doc, const char *path);
/* The same for any output file (JUnit, HTML): write s[0..len) to path by those rules. */
int nsb_output_write(const char *path, const char *s, size_t len);
/*
 * Check before any test runs that a report can be written to path: not empty
 * (-ENOENT), at most PATH_MAX - 1 bytes with a last component of at most
 * NAME_MAX (-ENAMETOOLONG), not a directory (-EISDIR), and its directory
 * writable (an unnamed O_TMPFILE is made and dropped: nothing appears), or the
 * written-through target writable (access(2), never opened). Returns 0 or -errno.
 */
int nsb_report_probe_path(const char *path);
/*
 * in as valid UTF-8: every byte that does not start a valid UTF-8 sequence
 * (RFC 3629) becomes the four characters \xNN (NN: upper-case hex), so a
 * non-UTF-8 argument or path keeps its bytes readable and the report stays
 * valid JSON text. Malloc'd; NULL on ENOMEM.
 */
char *nsb_utf8_escape(const char *in);
/* json_object_new_string() of nsb_utf8_escape(s). */
struct json_object *nsb_json_string(const char *s);

/* The human summary: counts, the non-passing results, skips by reason. */
void nsb_summary_print(FILE *f, const struct nsb_run_info *run, const struct nsb_result *res,
		       size_t n, int verbose);

/*
 * The results as KTAP (Documentation/dev-tools/ktap.rst), streamed: begin
 * prints the header, the plan (one nested block per suite) and the first
 * suite's plan; nsb_ktap_result() tells that res[i] finished (printed at once
 * when its suite's block is the open one, else held until it is); end prints
 * whatever is left, tests that never ran as "not ok ... # ERROR not run:
 * @not_run", and kselftest's "# Totals:" line, then frees. @timeout_ms is the
 * run's per-test timeout, for "# TIMEOUT S seconds". NULL from begin on ENOMEM
 * (the others accept NULL). Results of one suite must be contiguous in @res.
 */
struct nsb_ktap;
struct nsb_ktap *nsb_ktap_begin(FILE *f, const struct nsb_result *res, size_t n, unsigned timeout_ms);
void nsb_ktap_result(struct nsb_ktap *k, size_t i);
void nsb_ktap_end(struct nsb_ktap *k, const char *not_run);
/* All at once: begin, every result that ran, end. */
void nsb_ktap_print(FILE *f, const struct nsb_result *res, size_t n, unsigned timeout_ms, const char *not_run);

/* The report's "host" object: kernel release and version, arch, CPUs (uname(2)). */
struct json_object *nsb_host_json(void);
/* The report's "support" array (one object per type) and "environment" object. */
struct json_object *nsb_support_json(const struct nsb_support *s);
struct json_object *nsb_environment_json(const struct nsb_support *s);
/* The whole report of `nsbench check` (reports/check-schema.json). NULL on ENOMEM. */
struct json_object *nsb_check_report_build(const struct nsb_support *s);

/* The report's `benchmarks` array (empty for set == NULL). */
struct json_object *nsb_bench_array_json(const struct nsb_bench_set *set);
/* The report's `bench` object: settings, timer overhead. */
struct json_object *nsb_bench_settings_json(const struct nsb_bench_set *set);
/* A compact table per operation and type. */
void nsb_bench_summary_print(FILE *f, const struct nsb_bench_set *set);


#endif
