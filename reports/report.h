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

#include "harness/engine/lab.h"
#include "harness/engine/runner.h"
#include "harness/env/support.h"

#define NSB_VERSION "0.1.0"
#define NSB_SCHEMA_VERSION 1

struct json_object;

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
	const struct nsb_lab *lab;
	const struct nsb_support *support;	/* what the machine allows (NULL: not computed) */
	const char *report_path;
};

struct nsb_counts {
	size_t v[_NSB_VERDICT_MAX];
	size_t not_run;
};

void nsb_count(const struct nsb_result *res, size_t n, struct nsb_counts *c);

/* A combination as a JSON array of type names, in table order. */
struct json_object *nsb_json_combo(unsigned mask);

/* Build the whole report document; the caller puts it. NULL on ENOMEM. */
struct json_object *nsb_report_build(const struct nsb_run_info *run, const struct nsb_result *res,
				     size_t n);
/*
 * Write doc to path atomically (a temporary file in the same directory,
 * then rename), so that a failed or interrupted write leaves no partial
 * report. Returns 0 or -errno.
 */
int nsb_report_write(struct json_object *doc, const char *path);
/* Check early that a report can be written there (creates and removes a temp file). */
int nsb_report_probe_path(const char *path);

/* The human summary: counts, the non-passing results, skips by reason. */
void nsb_summary_print(FILE *f, const struct nsb_run_info *run, const struct nsb_result *res,
		       size_t n, int verbose);

/* The results as KTAP, kselftest-compatible. */
void nsb_ktap_print(FILE *f, const struct nsb_result *res, size_t n);

#endif
