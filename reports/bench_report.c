/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_report.c - benchmarks into the JSON report (`bench`, `benchmarks[]`,
 * see reports/FORMAT.md) and the human table. A value that does not exist
 * (NaN: a CI for n < 6, a stddev for n = 1, a marginal cost outside clone)
 * is written as null, with the reason under `nulls`: json-c would print
 * NaN and Inf as bare words that are not JSON.
 */
#define _GNU_SOURCE
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/combo.h"
#include "report.h"

static json_object *num(double v, json_object *nulls, const char *key, const char *why)
{
	char buf[64];

	if (!isfinite(v)) {
		if (nulls)
			json_object_object_add(nulls, key, json_object_new_string(why));
		return NULL;
	}
	snprintf(buf, sizeof(buf), "%.1f", v);
	return json_object_new_double_s(v, buf);
}

static json_object *ratio(double v)
{
	char buf[64];

	if (!isfinite(v))
		return NULL;
	snprintf(buf, sizeof(buf), "%.5f", v);
	return json_object_new_double_s(v, buf);
}

static json_object *stats_object(const struct nsb_bench *b, json_object *nulls)
{
	const struct nsb_stats *s = &b->stats;
	json_object *o = json_object_new_object();
	const char *ci_why = "fewer than 6 samples: no order statistics bracket the median with 95% coverage";

	json_object_object_add(o, "n", json_object_new_int64((int64_t)s->n));
	json_object_object_add(o, "min", num(s->min, nulls, "stats.min", ""));
	json_object_object_add(o, "max", num(s->max, nulls, "stats.max", ""));
	json_object_object_add(o, "median", num(s->median, nulls, "stats.median", ""));
	json_object_object_add(o, "mean", num(s->mean, nulls, "stats.mean", ""));
	json_object_object_add(o, "stddev", num(s->stddev, nulls, "stats.stddev", "one sample: no standard deviation"));
	json_object_object_add(o, "p10", num(s->p10, nulls, "stats.p10", ""));
	json_object_object_add(o, "p90", num(s->p90, nulls, "stats.p90", ""));
	json_object_object_add(o, "p99", num(s->p99, nulls, "stats.p99", ""));
	json_object_object_add(o, "mad", num(s->mad, nulls, "stats.mad", ""));
	json_object_object_add(o, "ci95_low", num(s->ci95_low, nulls, "stats.ci95_low", ci_why));
	json_object_object_add(o, "ci95_high", num(s->ci95_high, nulls, "stats.ci95_high", ci_why));
	json_object_object_add(o, "ci95_coverage", ratio(s->ci_coverage));
	return o;
}

static json_object *runs_object(const struct nsb_bench *b)
{
	json_object *o = json_object_new_object(), *m = json_object_new_array();
	struct nsb_stats s;

	for (unsigned i = 0; i < b->rounds; i++)
		json_object_array_add(m, num(b->run_medians[i], NULL, NULL, NULL));
	json_object_object_add(o, "count", json_object_new_int((int)b->rounds));
	json_object_object_add(o, "medians", m);
	if (b->rounds && nsb_stats_compute(b->run_medians, b->rounds, &s) == 0) {
		json_object_object_add(o, "median", num(s.median, NULL, NULL, NULL));
		json_object_object_add(o, "min", num(s.min, NULL, NULL, NULL));
		json_object_object_add(o, "max", num(s.max, NULL, NULL, NULL));
	}
	json_object_object_add(o, "cv", ratio(nsb_cv(b->run_medians, b->rounds)));
	return o;
}

static json_object *counters_object(const struct nsb_bench *b)
{
	json_object *o = json_object_new_object();
	char why[64];

	json_object_object_add(o, "scope", json_object_new_string(
		b->counters_user_only ? "counting pass after the timed samples, children included, user space only "
					"(perf_event_paranoid)"
				      : "counting pass after the timed samples, children included"));
	json_object_object_add(o, "ops", json_object_new_int64((int64_t)b->counters_ops));
	for (int i = 0; i < _NSB_PERF_MAX; i++) {
		const struct nsb_perf_value *v = &b->counters[i];

		json_object_object_add(o, nsb_perf_names[i],
				       v->ok ? json_object_new_int64((int64_t)v->value) :
					       json_object_new_string(nsb_perf_why(v, why, sizeof(why))));
	}
	return o;
}

static const char *status_name(enum nsb_bench_status s)
{
	return s == NSB_BENCH_OK ? "ok" : s == NSB_BENCH_SKIPPED ? "skipped" : "error";
}

static json_object *nonneg_or_null(long v)
{
	return v >= 0 ? json_object_new_int64(v) : NULL;
}

/* The worker's footprint beside each benchmark: issue 15, reports/FORMAT.md. */
static json_object *worker_object(const struct nsb_bench *b)
{
	json_object *w = json_object_new_object();

	json_object_object_add(w, "program", json_object_new_string(b->op == NSB_OP_NET ? "nsbench-worker-net" :
										       "nsbench-worker"));
	json_object_object_add(w, "maps", nonneg_or_null(b->worker_maps));
	json_object_object_add(w, "rss_kb", nonneg_or_null(b->worker_rss_kb));
	json_object_object_add(w, "pte_kb", nonneg_or_null(b->worker_pte_kb));
	return w;
}

static json_object *bench_object(const struct nsb_bench *b)
{
	json_object *o = json_object_new_object(), *nulls = json_object_new_object(), *samples, *param;
	char id[128];

	nsb_bench_id(b, id, sizeof(id));
	json_object_object_add(o, "id", json_object_new_string(id));
	json_object_object_add(o, "op", json_object_new_string(nsb_bench_op_names[b->op]));
	json_object_object_add(o, "combo", nsb_json_combo(b->combo));
	json_object_object_add(o, "variant", b->variant ? json_object_new_string(b->variant) : NULL);
	param = json_object_new_object();
	if (b->param_name)
		json_object_object_add(param, b->param_name, json_object_new_int64(b->param));
	if (b->mounts_total >= 0)
		json_object_object_add(param, "mounts_total", json_object_new_int64(b->mounts_total));
	json_object_object_add(o, "param", param);
	json_object_object_add(o, "unit", json_object_new_string("ns"));
	json_object_object_add(o, "status", json_object_new_string(status_name(b->status)));
	json_object_object_add(o, "reason", json_object_new_string(b->reason));
	json_object_object_add(o, "spawn", json_object_new_string(b->used_clone ? "clone" : "clone3"));
	samples = json_object_new_array_ext((int)b->n);
	for (size_t i = 0; i < b->n; i++)
		json_object_array_add(samples, json_object_new_int64(llround(b->samples[i])));
	json_object_object_add(o, "samples", samples);
	if (b->has_stats) {
		json_object *out = json_object_new_object();

		json_object_object_add(o, "stats", stats_object(b, nulls));
		json_object_object_add(out, "rule", json_object_new_string("tukey: below p25 - 1.5 IQR or above p75 + 1.5 IQR"));
		json_object_object_add(out, "low", json_object_new_int64((int64_t)b->stats.outliers_low));
		json_object_object_add(out, "high", json_object_new_int64((int64_t)b->stats.outliers_high));
		json_object_object_add(o, "outliers", out);
	} else {
		json_object_object_add(o, "stats", NULL);
		json_object_object_add(nulls, "stats", json_object_new_string("no samples: see reason"));
	}
	json_object_object_add(o, "converged", json_object_new_boolean(b->converged));
	json_object_object_add(o, "runs", runs_object(b));
	json_object_object_add(o, "marginal_median",
			       num(b->marginal_median, nulls, "marginal_median",
				   b->op == NSB_OP_CLONE && b->combo ? "no samples" :
				   "only clone with namespace flags has a marginal cost over its baseline"));
	json_object_object_add(o, "baseline_median", num(b->baseline_median, NULL, NULL, NULL));
	if (b->op == NSB_OP_TEARDOWN || b->op == NSB_OP_SCALING || nsb_bench_is_net_setup(b))
		json_object_object_add(o, "rate_per_s", num(b->rate_per_s, nulls, "rate_per_s", "no samples"));
	if (b->op == NSB_OP_TEARDOWN || nsb_bench_is_net_setup(b))
		json_object_object_add(o, "burst_per_s", num(b->burst_per_s, nulls, "burst_per_s", "no samples"));
	json_object_object_add(o, "faulted_samples", json_object_new_int64((int64_t)b->faulted));
	json_object_object_add(o, "worker", worker_object(b));
	json_object_object_add(o, "counters", counters_object(b));
	json_object_object_add(o, "wall_s", ratio(b->wall_s));
	json_object_object_add(o, "nulls", nulls);
	return o;
}

struct json_object *nsb_bench_array_json(const struct nsb_bench_set *set)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; set && i < set->n; i++)
		json_object_array_add(a, bench_object(&set->b[i]));
	return a;
}

struct json_object *nsb_bench_settings_json(const struct nsb_bench_set *set)
{
	const struct nsb_bench_opts *o = &set->opts;
	json_object *j = json_object_new_object(), *t = json_object_new_object();

	json_object_object_add(j, "mode", json_object_new_string(o->quick ? "quick" : "full"));
	json_object_object_add(j, "cpu", o->cpu >= 0 ? json_object_new_int(o->cpu) : NULL);
	json_object_object_add(j, "pinned", json_object_new_boolean(o->cpu >= 0));
	json_object_object_add(j, "samples_max", json_object_new_int((int)o->samples));
	json_object_object_add(j, "min_time_s", ratio(o->min_time_s));
	json_object_object_add(j, "max_time_s", ratio(o->max_time_s));
	json_object_object_add(j, "warmup", json_object_new_int((int)o->warmup));
	json_object_object_add(j, "min_rounds", json_object_new_int((int)o->min_rounds));
	json_object_object_add(j, "window_s", ratio(o->window_s));
	json_object_object_add(j, "settle_s", ratio(o->settle_s));
	json_object_object_add(j, "ci_target", json_object_new_string("95% CI of the median within +-2%"));
	json_object_object_add(j, "wall_s", ratio(set->wall_s));
	json_object_object_add(j, "interrupted", json_object_new_boolean(set->interrupted));
	json_object_object_add(t, "clock", json_object_new_string("CLOCK_MONOTONIC (vDSO)"));
	json_object_object_add(t, "overhead_ns", num(set->timer_overhead_ns, NULL, NULL, NULL));
	json_object_object_add(t, "cheapest_median_ns", num(set->cheapest_median_ns, NULL, NULL, NULL));
	json_object_object_add(t, "overhead_ratio", ratio(set->timer_overhead_ns / set->cheapest_median_ns));
	json_object_object_add(j, "timer", t);
	return j;
}

static void extra(const struct nsb_bench *b, char *buf, size_t len)
{
	*buf = '\0';
	if (b->op == NSB_OP_CLONE && b->combo && isfinite(b->marginal_median))
		snprintf(buf, len, "marginal %+.0f over %.0f", b->marginal_median, b->baseline_median);
	else if (b->op == NSB_OP_TEARDOWN || nsb_bench_is_net_setup(b))
		snprintf(buf, len, "burst %.0f/s, sustained %.0f/s", b->burst_per_s, b->rate_per_s);
	else if (b->op == NSB_OP_NET && b->variant && strncmp(b->variant, "stream", 6) == 0 &&
		 b->has_stats && b->stats.median > 0)
		snprintf(buf, len, "%.2f Gbit/s (1 MiB per sample)", 8388608.0 / b->stats.median);
	else if (b->op == NSB_OP_SCALING)
		snprintf(buf, len, "%.0f/s total", b->rate_per_s);
	else if (b->mounts_total >= 0)
		snprintf(buf, len, "%ld mounts in all", b->mounts_total);
}

void nsb_bench_summary_print(FILE *f, const struct nsb_bench_set *set)
{
	int last = -1;

	if (!set || !set->n)
		return;
	fprintf(f, "benchmarks (ns; median, 95%% CI of the median, samples, cv of the %s medians):\n",
		"per-worker");
	for (size_t i = 0; i < set->n; i++) {
		const struct nsb_bench *b = &set->b[i];
		char name[96], ex[96], combo[NSB_COMBO_STRLEN], cvs[16];
		double cv;

		if ((int)b->op != last) {
			fprintf(f, "%s\n", nsb_bench_op_names[b->op]);
			last = (int)b->op;
		}
		nsb_combo_format(b->combo, combo, sizeof(combo));
		if (b->combo == NSB_ALL_MASK)
			snprintf(combo, sizeof(combo), "all");
		if (b->param_name)
			snprintf(name, sizeof(name), "%s %s %s=%ld", combo, b->variant, b->param_name, b->param);
		else
			snprintf(name, sizeof(name), "%s%s%s", combo, b->variant ? " " : "", b->variant ?: "");
		if (!b->has_stats) {
			fprintf(f, "  %-28s %s: %s\n", name, b->status == NSB_BENCH_ERROR ? "ERROR" : "skipped",
				b->reason);
			continue;
		}
		extra(b, ex, sizeof(ex));
		cv = nsb_cv(b->run_medians, b->rounds);
		fprintf(f, "  %-28s %10.0f%s [%9.0f, %9.0f] n=%-5zu runs=%-2u cv=%s %s\n", name,
			b->stats.median, b->converged ? " " : "~", b->stats.ci95_low, b->stats.ci95_high,
			b->stats.n, b->rounds, isnan(cv) ? "    -" : (snprintf(cvs, sizeof(cvs), "%4.1f%%", 100 * cv), cvs), ex);
	}
	/* No namespace operation measured (all failed or skipped): no share to give, never "nan%". */
	if (isnan(set->cheapest_median_ns) || set->cheapest_median_ns <= 0)
		fprintf(f, "timer: %.0f ns per clock read (no namespace operation was measured to compare "
			"it with); ~: CI wider than +-2%%\n", set->timer_overhead_ns);
	else
		fprintf(f, "timer: %.0f ns per clock read (%.2f%% of the cheapest namespace operation); "
			"~: CI wider than +-2%%\n",
			set->timer_overhead_ns, 100 * set->timer_overhead_ns / set->cheapest_median_ns);
}
