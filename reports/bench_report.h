/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench_report.h - benchmarks into the JSON report and the human summary. */
#ifndef NSB_BENCH_REPORT_H
#define NSB_BENCH_REPORT_H

#include <stdio.h>

struct json_object;
struct nsb_bench_set;

/* The report's `benchmarks` array (empty for set == NULL). */
struct json_object *nsb_bench_array_json(const struct nsb_bench_set *set);
/* The report's `bench` object: settings, timer overhead. */
struct json_object *nsb_bench_settings_json(const struct nsb_bench_set *set);
/* A compact table per operation and type. */
void nsb_bench_summary_print(FILE *f, const struct nsb_bench_set *set);

#endif
