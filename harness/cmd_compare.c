/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_compare.c - `nsbench compare BASE... -- NEW...`: the CI gate.
 *
 * Results are matched by id (suite.test.combo): a test that is fail, error or
 * timeout in a NEW report and in no BASE report is a regression. The gate
 * fails closed: a NEW report that tested nothing (no results, or every one
 * skipped), fewer tests than the base, tests that vanished and a skip count
 * that rose fail it (the last three unless --allow-fewer / --allow-skips),
 * and so do benchmarks that vanished, errored or became skipped (unless
 * --allow-missing-bench). Differences of context (nsbench version, kernel,
 * arch, CPUs, privilege, bench mode) are reported, never hidden.
 *
 * Benchmarks are matched by their stable id (harness/bench/result.c
 * nsb_bench_id) and decided from run-to-run variation. With several reports
 * on both sides each report is a run: one value per report and row (the
 * median of its per-worker medians). With one report on a side the runs are
 * its worker processes (`runs.medians`, pooled over a side's reports), and
 * a shift common to all rows (a machine slower for the whole of one
 * invocation) is taken out first when there are enough rows
 * (nsb_gate_common_shift). A row is slower when the two-sided Mann-Whitney U test
 * rejects at --alpha after Holm's correction over the rows AND the median
 * moved by more than --threshold percent (harness/bench/ranktest.h says why
 * Holm: a gate must bound the chance of any false "slower" in a run).
 * Rows whose smallest possible p is above alpha (too few runs: 3 v 3 can at
 * best give p = 0.1) cannot be decided and say `~` (harness/bench/gate.h).
 * Exit 0 no regression, 1 regression, 2 unusable input.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "common/log.h"
#include "common/step.h"
#include "harness/bench/gate.h"
#include "reports/read.h"

enum fmt { FMT_TEXT, FMT_JSON, FMT_MARKDOWN, FMT_GOBENCH };

/* Rows needed to estimate a machine-wide shift between two invocations (one report per side). */
#define NSB_COMMON_SHIFT_ROWS 8

struct cmp_opts {
	bool per_report;	/* several reports on both sides: one value per report and row */
	double threshold;	/* relative, 0.10 = 10 % */
	double alpha;
	enum fmt fmt;
	bool allow_fewer, allow_skips, allow_missing_bench;
};

struct side {
	struct nsb_report_doc *d;
	size_t n;
	const char *name;	/* "BASE" or "NEW" */
};

/* The model every format prints: built once, strings already sanitised. */
struct model {
	json_object *root, *problems, *context, *changes, *rows;
	size_t regressions, slower, gating;
};

static json_object *jstr(const char *s)
{
	char buf[1024];

	return json_object_new_string(nsb_sanitize(s ? s : "", buf, sizeof(buf)));
}

static json_object *jnum(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

static void problem(struct model *m, bool gates, const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void problem(struct model *m, bool gates, const char *kind, const char *fmt, ...)
{
	json_object *p = json_object_new_object();
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_object_object_add(p, "kind", json_object_new_string(kind));
	json_object_object_add(p, "gates", json_object_new_boolean(gates));
	json_object_object_add(p, "message", jstr(msg));
	json_object_array_add(m->problems, p);
	if (gates)
		m->gating++;
}

/* ---------------------------------------------------------------- context */

static const char *ctx_get(json_object *doc, const char *path, char *buf, size_t len)
{
	char copy[128], *save = NULL;
	json_object *o = doc;

	snprintf(copy, sizeof(copy), "%s", path);
	for (char *k = strtok_r(copy, ".", &save); k; k = strtok_r(NULL, ".", &save))
		if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, k, &o))
			return NULL;
	if (!o)
		return "null";
	snprintf(buf, len, "%s", json_object_get_string(o));
	return buf;
}

static void compare_context(struct model *m, const struct side *base, const struct side *nw)
{
	static const char *const keys[] = { "tool.version", "host.kernel_release", "host.kernel_version",
					    "host.arch", "host.cpus", "run.lab.privileged", "run.lab.uid",
					    "bench.mode", "bench.cpu" };
	const struct nsb_report_doc *ref = &base->d[0];

	for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++) {
		char a[256], b[256];
		const char *va = ctx_get(ref->doc, keys[k], a, sizeof(a));

		for (int s = 0; s < 2; s++) {
			const struct side *sd = s ? nw : base;

			for (size_t i = 0; i < sd->n; i++) {
				const char *vb = ctx_get(sd->d[i].doc, keys[k], b, sizeof(b));
				json_object *c;

				if (&sd->d[i] == ref || (!va && !vb) || (va && vb && strcmp(va, vb) == 0))
					continue;
				c = json_object_new_object();
				json_object_object_add(c, "field", json_object_new_string(keys[k]));
				json_object_object_add(c, "base", jstr(va ? va : "(absent)"));
				json_object_object_add(c, "other", jstr(vb ? vb : "(absent)"));
				json_object_object_add(c, "report", jstr(sd->d[i].path));
				json_object_array_add(m->context, c);
			}
		}
	}
	for (size_t i = 0; i < nw->n; i++) {
		json_object *run, *v;

		if (json_object_object_get_ex(nw->d[i].doc, "run", &run) && run &&
		    json_object_object_get_ex(run, "interrupted", &v) && json_object_get_boolean(v))
			problem(m, false, "interrupted", "NEW '%s' is the partial report of an interrupted run",
				nw->d[i].path);
	}
}

/* ---------------------------------------------------------------- results */

struct rent {
	const char *id, *verdict, *reason;
	unsigned rep;
};

static int cmp_rent(const void *a, const void *b)
{
	const struct rent *u = a, *v = b;
	int c = strcmp(u->id, v->id);

	return c ? c : (u->rep > v->rep) - (u->rep < v->rep);
}

static bool bad(const char *v)
{
	return strcmp(v, "fail") == 0 || strcmp(v, "error") == 0 || strcmp(v, "timeout") == 0;
}

/* Every result of a side, sorted by id: matching is a merge, n log n. */
static struct rent *gather_results(const struct side *s, size_t *ret_n)
{
	size_t n = 0, k = 0;
	struct rent *v;

	for (size_t i = 0; i < s->n; i++)
		n += json_object_array_length(s->d[i].results);
	v = malloc((n ? n : 1) * sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		for (size_t j = 0; j < json_object_array_length(s->d[i].results); j++) {
			json_object *x = json_object_array_get_idx(s->d[i].results, j);

			v[k++] = (struct rent){ nsb_json_str(x, "id"), nsb_json_str(x, "verdict"),
						nsb_json_str(x, "reason"), (unsigned)i };
		}
	qsort(v, n, sizeof(*v), cmp_rent);
	*ret_n = n;
	return v;
}

/* One id's verdicts on one side: "pass", or "pass/fail" when its reports differ. */
struct agg {
	size_t count;		/* reports of the side that have it */
	bool any_bad, all_bad;
	char verdicts[48];
	const char *reason;	/* of the first bad (or the first) */
};

static size_t aggregate(const struct rent *v, size_t n, size_t i, struct agg *a)
{
	size_t j = i;

	memset(a, 0, sizeof(*a));
	a->all_bad = true;
	for (; j < n && strcmp(v[j].id, v[i].id) == 0; j++) {
		bool b = bad(v[j].verdict);

		if (!strstr(a->verdicts, v[j].verdict) && strlen(a->verdicts) + strlen(v[j].verdict) + 2 < sizeof(a->verdicts))
			snprintf(a->verdicts + strlen(a->verdicts), sizeof(a->verdicts) - strlen(a->verdicts), "%s%s",
				 a->verdicts[0] ? "/" : "", v[j].verdict);
		if ((b && !a->any_bad) || !a->reason)
			a->reason = v[j].reason;
		a->any_bad |= b;
		a->all_bad &= b;
		a->count++;
	}
	return j;
}

static void change(struct model *m, const char *kind, const char *id, const char *va, const char *vb,
		   const char *reason)
{
	json_object *c = json_object_new_object();

	json_object_object_add(c, "kind", json_object_new_string(kind));
	json_object_object_add(c, "id", jstr(id));
	json_object_object_add(c, "base", va ? jstr(va) : NULL);
	json_object_object_add(c, "new", vb ? jstr(vb) : NULL);
	json_object_object_add(c, "reason", jstr(reason));
	json_object_array_add(m->changes, c);
}

static size_t count_verdict(const struct nsb_report_doc *d, const char *verdict)
{
	size_t n = 0;

	for (size_t i = 0; i < json_object_array_length(d->results); i++)
		n += strcmp(nsb_json_str(json_object_array_get_idx(d->results, i), "verdict"), verdict) == 0;
	return n;
}

/*
 * Issue 11 part 3: the skips of @d whose reason says "this kernel lacks the
 * interface" (common/step.h nsb_reason_is_absence: "...: ENOTTY on kernel
 * 6.1.0 (no such ioctl here)"). A pass that became such a skip on another
 * kernel is the kernel lacking it, not a regression, and not a rise in skips.
 */
static size_t count_absent_skips(const struct nsb_report_doc *d)
{
	size_t n = 0;

	for (size_t i = 0; i < json_object_array_length(d->results); i++) {
		json_object *r = json_object_array_get_idx(d->results, i);

		n += strcmp(nsb_json_str(r, "verdict"), "skip") == 0 &&
		     nsb_reason_is_absence(nsb_json_str(r, "reason"));
	}
	return n;
}

static bool same_kernel(const struct nsb_report_doc *a, const struct nsb_report_doc *b)
{
	char x[256], y[256];
	const char *ka = ctx_get(a->doc, "host.kernel_release", x, sizeof(x));
	const char *kb = ctx_get(b->doc, "host.kernel_release", y, sizeof(y));

	return ka && kb && strcmp(ka, kb) == 0;
}

static size_t count_bench(const struct nsb_report_doc *d, const char *status)
{
	size_t n = 0;

	for (size_t i = 0; d->benchmarks && i < json_object_array_length(d->benchmarks); i++)
		n += strcmp(nsb_json_str(json_object_array_get_idx(d->benchmarks, i), "status"), status) == 0;
	return n;
}

static int compare_results(struct model *m, const struct side *base, const struct side *nw,
			   const struct cmp_opts *o)
{
	size_t na, nb, i = 0, j = 0, fixed = 0, other = 0, added = 0, gone = 0, base_max = 0, skip_max = 0,
	       lacks = 0;
	struct rent *va = gather_results(base, &na), *vb = gather_results(nw, &nb);
	json_object *counts;

	if (!va || !vb) {
		free(va);
		free(vb);
		return -ENOMEM;
	}
	while (i < na || j < nb) {
		int c = i >= na ? 1 : j >= nb ? -1 : strcmp(va[i].id, vb[j].id);
		struct agg a, b;

		if (c < 0) {	/* in the base only */
			const char *id = va[i].id;

			i = aggregate(va, na, i, &a);
			gone++;
			change(m, "gone", id, a.verdicts, NULL, "");
			continue;
		}
		if (c > 0) {	/* in NEW only */
			const char *id = vb[j].id;

			j = aggregate(vb, nb, j, &b);
			added++;
			if (b.any_bad) {
				m->regressions++;
				change(m, "new-failing", id, NULL, b.verdicts, b.reason);
			}
			continue;
		}
		const char *id = va[i].id;

		i = aggregate(va, na, i, &a);
		j = aggregate(vb, nb, j, &b);
		if (b.count < nw->n) {
			gone++;
			change(m, "gone", id, a.verdicts, b.verdicts, "missing from some NEW reports");
		}
		if (b.any_bad && !a.any_bad) {
			m->regressions++;
			change(m, "regression", id, a.verdicts, b.verdicts, b.reason);
		} else if (a.any_bad && !b.any_bad) {
			fixed++;
			change(m, "fixed", id, a.verdicts, b.verdicts, "");
		} else if (strcmp(a.verdicts, b.verdicts) != 0 && strcmp(b.verdicts, "skip") == 0 &&
			   nsb_reason_is_absence(b.reason)) {
			lacks++;
			change(m, "kernel-lacks", id, a.verdicts, b.verdicts, b.reason);
		} else if (strcmp(a.verdicts, b.verdicts) != 0) {
			other++;
			change(m, "changed", id, a.verdicts, b.verdicts, b.reason);
		}
	}
	free(va);
	free(vb);

	for (size_t k = 0; k < base->n; k++) {
		size_t t = json_object_array_length(base->d[k].results), s = count_verdict(&base->d[k], "skip");

		base_max = t > base_max ? t : base_max;
		skip_max = s > skip_max ? s : skip_max;
	}
	for (size_t k = 0; k < nw->n; k++) {
		const struct nsb_report_doc *d = &nw->d[k];
		size_t t = json_object_array_length(d->results), s = count_verdict(d, "skip");

		if (t == 0 && count_bench(d, "ok") == 0)
			problem(m, true, "empty", "NEW '%s' tested nothing: no results and no benchmark measured",
				d->path);
		else if (t && s == t)
			problem(m, true, "all-skipped", "NEW '%s' tested nothing: every one of its %zu results was skipped",
				d->path, t);
		if (t < base_max)
			problem(m, !o->allow_fewer, "fewer", "NEW '%s' has %zu results, the base %zu%s", d->path, t,
				base_max, o->allow_fewer ? " (allowed by --allow-fewer)" : "");
		/* On another kernel, the interfaces it lacks are not skips that rose. */
		if (!same_kernel(&base->d[0], d))
			s -= count_absent_skips(d);
		if (s > skip_max)
			problem(m, !o->allow_skips, "skips-rose", "NEW '%s' skipped %zu tests, the base %zu%s", d->path,
				s, skip_max, o->allow_skips ? " (allowed by --allow-skips)" : "");
	}
	if (gone)
		problem(m, !o->allow_fewer, "vanished", "%zu tests of the base are missing from NEW%s", gone,
			o->allow_fewer ? " (allowed by --allow-fewer)" : "");
	counts = json_object_new_object();
	json_object_object_add(counts, "regressions", json_object_new_int64((int64_t)m->regressions));
	json_object_object_add(counts, "fixed", json_object_new_int64((int64_t)fixed));
	json_object_object_add(counts, "other_changes", json_object_new_int64((int64_t)other));
	json_object_object_add(counts, "kernel_lacks", json_object_new_int64((int64_t)lacks));
	json_object_object_add(counts, "new", json_object_new_int64((int64_t)added));
	json_object_object_add(counts, "gone", json_object_new_int64((int64_t)gone));
	json_object_object_add(m->root, "result_counts", counts);
	return 0;
}

/* ------------------------------------------------------------- benchmarks */

struct bent {
	const char *id, *status, *reason;
	json_object *x;
	unsigned rep;
};

static int cmp_bent(const void *a, const void *b)
{
	const struct bent *u = a, *v = b;
	int c = strcmp(u->id, v->id);

	return c ? c : (u->rep > v->rep) - (u->rep < v->rep);
}

static struct bent *gather_bench(const struct side *s, size_t *ret_n)
{
	size_t n = 0, k = 0;
	struct bent *v;

	for (size_t i = 0; i < s->n; i++)
		n += s->d[i].benchmarks ? json_object_array_length(s->d[i].benchmarks) : 0;
	v = malloc((n ? n : 1) * sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		for (size_t j = 0; s->d[i].benchmarks && j < json_object_array_length(s->d[i].benchmarks); j++) {
			json_object *x = json_object_array_get_idx(s->d[i].benchmarks, j);

			v[k++] = (struct bent){ nsb_json_str(x, "id"), nsb_json_str(x, "status"),
						nsb_json_str(x, "reason"), x, (unsigned)i };
		}
	qsort(v, n, sizeof(*v), cmp_bent);
	*ret_n = n;
	return v;
}

/* Append a benchmark's per-worker medians (else its pooled median, as one run) to *vals. */
static int add_medians(json_object *x, double **vals, size_t *n, size_t *cap)
{
	json_object *runs, *med, *st, *v;
	size_t k0 = *n;

	if (json_object_object_get_ex(x, "runs", &runs) && json_object_object_get_ex(runs, "medians", &med))
		for (size_t k = 0; k < json_object_array_length(med); k++) {
			json_object *e = json_object_array_get_idx(med, k);

			if (!e)
				continue;
			if (*n == *cap) {
				size_t nc = *cap ? 2 * *cap : 32;
				double *p = realloc(*vals, nc * sizeof(*p));

				if (!p)
					return -ENOMEM;
				*vals = p;
				*cap = nc;
			}
			(*vals)[(*n)++] = json_object_get_double(e);
		}
	if (*n == k0 && json_object_object_get_ex(x, "stats", &st) && st &&
	    json_object_object_get_ex(st, "median", &v) && v) {
		if (*n == *cap) {
			double *p = realloc(*vals, (*cap + 32) * sizeof(*p));

			if (!p)
				return -ENOMEM;
			*vals = p;
			*cap += 32;
		}
		(*vals)[(*n)++] = json_object_get_double(v);
	}
	return 0;
}

static int cmp_dbl(const void *a, const void *b)
{
	double u = *(const double *)a, v = *(const double *)b;

	return (u > v) - (u < v);
}

/* One value for a report's row: the median of its per-worker medians (else its pooled median). */
static int add_report_value(json_object *x, double **vals, size_t *n, size_t *cap)
{
	double *w = NULL, v;
	size_t nw = 0, cw = 0;
	int r = add_medians(x, &w, &nw, &cw);

	if (r < 0 || !nw) {
		free(w);
		return r;
	}
	qsort(w, nw, sizeof(*w), cmp_dbl);
	v = nw % 2 ? w[nw / 2] : (w[nw / 2 - 1] + w[nw / 2]) / 2;
	free(w);
	if (*n == *cap) {
		double *p = realloc(*vals, (*cap + 8) * sizeof(*p));

		if (!p)
			return -ENOMEM;
		*vals = p;
		*cap += 8;
	}
	(*vals)[(*n)++] = v;
	return 0;
}

struct brow {
	const char *id;
	double *x, *y;
	size_t cx, cy;
};

static int compare_benchmarks(struct model *m, const struct side *base, const struct side *nw,
			      const struct cmp_opts *o)
{
	size_t na, nb, i = 0, j = 0, nrows = 0, ntested = 0;
	struct bent *va = gather_bench(base, &na), *vb = gather_bench(nw, &nb);
	struct brow *br = calloc(na + nb + 1, sizeof(*br));
	struct nsb_gate_row *rows = calloc(na + nb + 1, sizeof(*rows));
	int r = 0;

	if (!va || !vb || !br || !rows) {
		r = -ENOMEM;
		goto out;
	}
	while (i < na || j < nb) {
		int c = i >= na ? 1 : j >= nb ? -1 : strcmp(va[i].id, vb[j].id);
		size_t i0 = i, j0 = j, a_ok = 0, b_ok = 0, b_err = 0;
		const char *id = c <= 0 ? va[i].id : vb[j].id, *why = NULL;

		if (c <= 0)
			for (; i < na && strcmp(va[i].id, id) == 0; i++)
				a_ok += strcmp(va[i].status, "ok") == 0;
		if (c >= 0)
			for (; j < nb && strcmp(vb[j].id, id) == 0; j++) {
				b_ok += strcmp(vb[j].status, "ok") == 0;
				if (strcmp(vb[j].status, "error") == 0 && !b_err++)
					why = vb[j].reason;
			}
		if (b_err)
			problem(m, !o->allow_missing_bench, "bench-error", "benchmark %s errored in NEW: %s%s", id,
				why ? why : "", o->allow_missing_bench ? " (allowed by --allow-missing-bench)" : "");
		else if (a_ok && b_ok < nw->n)
			problem(m, !o->allow_missing_bench, "bench-lost", "benchmark %s was measured in the base, %s in NEW%s",
				id, j == j0 ? "missing" : b_ok ? "missing from some reports" : "skipped",
				o->allow_missing_bench ? " (allowed by --allow-missing-bench)" : "");
		if (!a_ok || !b_ok)
			continue;
		/* The pooled per-run medians of the ok entries of each side. */
		struct brow *w = &br[nrows];
		size_t capx = 0, capy = 0;

		w->id = id;
		for (size_t k = i0; k < i && r == 0; k++)
			if (strcmp(va[k].status, "ok") == 0)
				r = (o->per_report ? add_report_value : add_medians)(va[k].x, &w->x, &w->cx, &capx);
		for (size_t k = j0; k < j && r == 0; k++)
			if (strcmp(vb[k].status, "ok") == 0)
				r = (o->per_report ? add_report_value : add_medians)(vb[k].x, &w->y, &w->cy, &capy);
		if (r < 0)
			goto out;
		rows[nrows] = (struct nsb_gate_row){ .x = w->x, .nx = w->cx, .y = w->y, .ny = w->cy };
		nrows++;
	}
	if ((r = nsb_gate_decide(rows, nrows, o->threshold, o->alpha)) < 0)
		goto out;
	r = 0;
	if (!o->per_report) {
		/* The runs are one invocation's workers: a machine-wide shift must not read as a regression. */
		double shift = nsb_gate_common_shift(rows, nrows, o->threshold, NSB_COMMON_SHIFT_ROWS);

		json_object_object_add(m->root, "common_shift", jnum(isfinite(shift) ? shift - 1 : NAN));
	}
	for (size_t k = 0; k < nrows; k++) {
		struct nsb_gate_row *w = &rows[k];
		json_object *x = json_object_new_object();

		json_object_object_add(x, "id", jstr(br[k].id));
		json_object_object_add(x, "base_runs", json_object_new_int64((int64_t)w->nx));
		json_object_object_add(x, "new_runs", json_object_new_int64((int64_t)w->ny));
		json_object_object_add(x, "base_median", jnum(w->mx));
		json_object_object_add(x, "new_median", jnum(w->my));
		json_object_object_add(x, "change", jnum(w->change));
		json_object_object_add(x, "min_p", jnum(w->min_p));
		json_object_object_add(x, "p", jnum(w->p));
		json_object_object_add(x, "p_holm", jnum(w->p_holm));
		json_object_object_add(x, "decision", json_object_new_string(nsb_gate_name(w->decision)));
		if (w->shift_explained)
			json_object_object_add(x, "why", json_object_new_string("the common shift of all rows explains it"));
		json_object_array_add(m->rows, x);
		ntested += w->tested;
		if (w->decision == NSB_GATE_SLOWER) {
			m->slower++;
			problem(m, true, "slower", "benchmark %s is slower: %+.1f%% (median %.0f -> %.0f ns, %zu v %zu runs, p %.3g after Holm)",
				br[k].id, 100 * w->change, w->mx, w->my, w->nx, w->ny, w->p_holm);
		}
	}
	json_object_object_add(m->root, "bench_rows_tested", json_object_new_int64((int64_t)ntested));
out:
	for (size_t k = 0; br && k < nrows + 1 && k < na + nb + 1; k++) {
		free(br[k].x);
		free(br[k].y);
	}
	free(va);
	free(vb);
	free(br);
	free(rows);
	return r;
}

/* ----------------------------------------------------------------- output */

static const char *jget(json_object *o, const char *k)
{
	json_object *v;

	if (!json_object_object_get_ex(o, k, &v) || !v)
		return NULL;
	return json_object_get_string(v);
}

static double jdbl(json_object *o, const char *k)
{
	json_object *v;

	if (!json_object_object_get_ex(o, k, &v) || !v)
		return NAN;
	return json_object_get_double(v);
}

static void print_text(const struct model *m, bool md)
{
	size_t ngone = 0;

	if (md)
		printf("## nsbench compare\n\n");
	for (size_t i = 0; i < json_object_array_length(m->context); i++) {
		json_object *c = json_object_array_get_idx(m->context, i);

		printf("%scontext: %s differs: base %s, %s in %s\n", md ? "- " : "", jget(c, "field"),
		       jget(c, "base"), jget(c, "other"), jget(c, "report"));
	}
	if (md && json_object_array_length(m->changes))
		printf("\n| change | id | base | new | reason |\n|---|---|---|---|---|\n");
	for (size_t i = 0; i < json_object_array_length(m->changes); i++) {
		json_object *c = json_object_array_get_idx(m->changes, i);
		const char *k = jget(c, "kind"), *va = jget(c, "base"), *vb = jget(c, "new"), *why = jget(c, "reason");
		const char *tag = strcmp(k, "regression") == 0 ? "REGRESS" : strcmp(k, "new-failing") == 0 ? "new" : k;

		if (strcmp(k, "gone") == 0 && ++ngone > 20)
			continue;
		if (md)
			printf("| %s | `%s` | %s | %s | %s |\n", tag, jget(c, "id"), va ?: "", vb ?: "", why ?: "");
		else if (strcmp(k, "gone") == 0)
			printf("gone    %s: was %s\n", jget(c, "id"), va);
		else if (!va)
			printf("%-7s %s: %s %s\n", tag, jget(c, "id"), vb, why);
		else
			printf("%-7s %s: %s -> %s%s%s\n", tag, jget(c, "id"), va, vb, why && *why ? ": " : "", why ?: "");
	}
	if (ngone > 20)
		printf("%sgone    ... and %zu more\n", md ? "\n" : "", ngone - 20);
	{
		json_object *rc;
		const char *kl;

		json_object_object_get_ex(m->root, "result_counts", &rc);
		printf("%sresults: %s regressions, %s fixed, %s other changes, %s new, %s gone\n", md ? "\n" : "",
		       jget(rc, "regressions"), jget(rc, "fixed"), jget(rc, "other_changes"), jget(rc, "new"),
		       jget(rc, "gone"));
		kl = jget(rc, "kernel_lacks");
		if (kl && strcmp(kl, "0") != 0)
			printf("%skernel lacks: %s tests went from pass to a skip naming an interface this "
			       "kernel does not have (ENOSYS/ENOTTY/EINVAL/EOPNOTSUPP): not regressions\n",
			       md ? "\n" : "", kl);
	}
	if (json_object_array_length(m->rows)) {
		size_t s = 0, f = 0, u = 0, e = 0;

		if (md)
			printf("\n| benchmark | base ns | new ns | change | runs | p (Holm) | |\n|---|---:|---:|---:|---|---:|---|\n");
		else
			printf("%-52s %12s %12s %8s %9s %9s\n", "benchmark (median of the runs, ns)", "base", "new",
			       "change", "runs", "p(Holm)");
		for (size_t i = 0; i < json_object_array_length(m->rows); i++) {
			json_object *o = json_object_array_get_idx(m->rows, i);
			const char *d = jget(o, "decision");
			char runs[32], ph[16] = "-";

			s += strcmp(d, "slower") == 0;
			f += strcmp(d, "faster") == 0;
			u += strcmp(d, "~") == 0;
			e += strcmp(d, "=") == 0;
			snprintf(runs, sizeof(runs), "%s v %s", jget(o, "base_runs"), jget(o, "new_runs"));
			if (isfinite(jdbl(o, "p_holm")))
				snprintf(ph, sizeof(ph), "%.3g", jdbl(o, "p_holm"));
			printf(md ? "| `%s` | %.0f | %.0f | %+.1f%% | %s | %s | %s%s |\n" : "%-52s %12.0f %12.0f %+7.1f%% %9s %9s  %s%s\n",
			       jget(o, "id"), jdbl(o, "base_median"), jdbl(o, "new_median"), 100 * jdbl(o, "change"), runs, ph,
			       strcmp(d, "slower") == 0 ? "SLOWER" : d, jget(o, "why") && strcmp(d, "~") == 0 &&
			       strstr(jget(o, "why"), "shift") ? " (common shift)" : "");
		}
		printf("%sbenchmarks: %zu slower, %zu faster, %zu within the threshold, %zu ~ (nothing can be concluded)\n",
		       md ? "\n" : "", s, f, e, u);
		printf("%sdecision: Mann-Whitney U on the runs, Holm-corrected over %s rows, alpha %s, threshold %s%%\n",
		       md ? "\n" : "", jget(m->root, "bench_rows_tested"), jget(m->root, "alpha"),
		       jget(m->root, "threshold_pct"));
		if (json_object_get_boolean(json_object_object_get(m->root, "per_report")))
			printf("%sruns: one value per report (the median of its worker medians)\n", md ? "\n" : "");
		else if (isfinite(jdbl(m->root, "common_shift")))
			printf("%snote: the runs are the worker processes of one invocation per side; all rows moved by"
			       " %+.1f%% (their median): a row counts only beyond that\n", md ? "\n" : "",
			       100 * jdbl(m->root, "common_shift"));
		else
			printf("%snote: the runs are the worker processes of one invocation per side, and too few rows to"
			       " tell a machine slower for the whole of one invocation from a regression; give several"
			       " reports per side (BASE... -- NEW...) for a gate on run-to-run variation\n",
			       md ? "\n" : "");
	}
	for (size_t i = 0; i < json_object_array_length(m->problems); i++) {
		json_object *p = json_object_array_get_idx(m->problems, i);

		printf("%s%s: %s\n", md ? "- " : "", json_object_get_boolean(json_object_object_get(p, "gates")) ? "FAIL" : "warning",
		       jget(p, "message"));
	}
	printf("%sgate: %s\n", md ? "\n" : "", jget(m->root, "gate"));
}

/* Go benchmark format (golang.org/design/14313-benchmark-format) for benchstat: one line per worker run. */
static void gobench_name(const char *id, char *buf, size_t len)
{
	size_t o = 0;

	o += (size_t)snprintf(buf, len, "Benchmark");
	for (const char *p = id; *p && o + 2 < len; p++) {
		char c = *p;

		if (p == id && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		else if (c == '.')
			c = '/';
		else if (c == ' ' || c == '\t' || (unsigned char)c < 0x21 || (unsigned char)c >= 0x7f)
			c = '_';
		buf[o++] = c;
	}
	buf[o] = '\0';
}

static void print_gobench(const struct nsb_report_doc *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char a[256], b[256], c[256];

		printf("goos: linux\ngoarch: %s\npkg: nsbench\n",
		       nsb_sanitize(ctx_get(d[i].doc, "host.arch", a, sizeof(a)) ?: "unknown", b, sizeof(b)));
		printf("nsbench-version: %s\n",
		       nsb_sanitize(ctx_get(d[i].doc, "tool.version", a, sizeof(a)) ?: "unknown", c, sizeof(c)));
		printf("kernel: %s\n",
		       nsb_sanitize(ctx_get(d[i].doc, "host.kernel_release", a, sizeof(a)) ?: "unknown", c, sizeof(c)));
		printf("Unit ns/op better=lower assume=nothing\n");
		for (size_t k = 0; d[i].benchmarks && k < json_object_array_length(d[i].benchmarks); k++) {
			json_object *x = json_object_array_get_idx(d[i].benchmarks, k), *runs, *med, *st, *sn;
			size_t iters = 1, count;
			char name[300];

			if (strcmp(nsb_json_str(x, "status"), "ok") != 0 ||
			    !json_object_object_get_ex(x, "runs", &runs) || !json_object_object_get_ex(runs, "medians", &med))
				continue;
			count = json_object_array_length(med);
			if (count && json_object_object_get_ex(x, "stats", &st) && st && json_object_object_get_ex(st, "n", &sn))
				iters = (size_t)json_object_get_int64(sn) / count ?: 1;
			gobench_name(nsb_json_str(x, "id"), name, sizeof(name));
			for (size_t r = 0; r < count; r++) {
				json_object *e = json_object_array_get_idx(med, r);

				if (e)
					printf("%s %zu %.1f ns/op\n", name, iters, json_object_get_double(e));
			}
		}
		printf("\n");
	}
}

static void usage(void)
{
	printf("Usage:\n nsbench compare [options] BASE.json NEW.json\n"
	       " nsbench compare [options] BASE.json... -- NEW.json...\n"
	       " nsbench compare --format gobench REPORT.json...\n\n"
	       "The CI gate: test verdicts matched by id, benchmarks by id decided from\n"
	       "run-to-run variation (Mann-Whitney U on per-worker medians, Holm-corrected),\n"
	       "and a NEW side that tested less than the base fails.\n\n"
	       "Options:\n"
	       " -t, --threshold PCT       smallest median change called slower (default: 10)\n"
	       " -a, --alpha A             family-wise error rate of the benchmark rows (default: 0.05)\n"
	       " -f, --format FMT          text, json, markdown, or gobench (benchstat's input)\n"
	       "     --allow-fewer         fewer or vanished tests do not fail the gate\n"
	       "     --allow-skips         a higher skip count does not fail the gate\n"
	       "     --allow-missing-bench benchmarks lost, skipped or errored do not fail the gate\n"
	       " -h, --help                display this help\n\n"
	       "Exit status: 0 no regression, 1 a regression (a test, a slower benchmark, or\n"
	       "a NEW side that tested less), 2 usage error or unusable report.\n");
}

static int load_all(char **paths, size_t n, struct nsb_report_doc *d)
{
	for (size_t i = 0; i < n; i++) {
		char err[512] = "", p[512];
		int r = nsb_report_read(paths[i], &d[i], err, sizeof(err));

		if (r < 0) {
			nsb_sanitize(paths[i], p, sizeof(p));
			if (err[0])
				log_error("'%s': %s", p, err);
			else
				log_error_errno(r, "cannot read '%s'", p);
			return r;
		}
	}
	return 0;
}

static int parse_double(const char *s, double lo, double hi, double *ret)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= lo && v <= hi))
		return -EINVAL;
	*ret = v;
	return 0;
}

int cmd_compare(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "threshold", required_argument, NULL, 't' },
		{ "alpha", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "allow-fewer", no_argument, NULL, 'F' },
		{ "allow-skips", no_argument, NULL, 'S' },
		{ "allow-missing-bench", no_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmp_opts o = { .threshold = 0.10, .alpha = 0.05 };
	struct nsb_report_doc *docs = NULL;
	struct side base = { .name = "BASE" }, nw = { .name = "NEW" };
	struct model m = { 0 };
	int opt, dd = argc, nfiles, code = NSB_EXIT_USAGE, r;
	double v;

	/* BASE... -- NEW...: options only before "--". */
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			dd = i;
			break;
		}
	opterr = 0;
	while ((opt = getopt_long(dd, argv, ":t:a:f:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 't':
			if (parse_double(optarg, 0, 1000, &v) < 0)
				return nsb_usage_error("--threshold takes a percentage from 0 to 1000, not '%s'", optarg);
			o.threshold = v / 100;
			break;
		case 'a':
			if (parse_double(optarg, 1e-9, 0.5, &v) < 0)
				return nsb_usage_error("--alpha takes a probability above 0 and at most 0.5, not '%s'", optarg);
			o.alpha = v;
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				o.fmt = FMT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				o.fmt = FMT_JSON;
			else if (strcmp(optarg, "markdown") == 0)
				o.fmt = FMT_MARKDOWN;
			else if (strcmp(optarg, "gobench") == 0)
				o.fmt = FMT_GOBENCH;
			else
				return nsb_usage_error("--format takes text, json, markdown or gobench, not '%s'", optarg);
			break;
		case 'F':
			o.allow_fewer = true;
			break;
		case 'S':
			o.allow_skips = true;
			break;
		case 'M':
			o.allow_missing_bench = true;
			break;
		case 'h':
			usage();
			return NSB_EXIT_OK;
		case ':':
			return nsb_usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			return nsb_usage_error("unrecognized option '%s'", argv[optind - 1]);
		}
	}
	nfiles = argc - optind - (dd < argc ? 1 : 0);
	if (o.fmt == FMT_GOBENCH) {
		if (nfiles < 1)
			return nsb_usage_error("--format gobench takes one or more reports");
		base.n = (size_t)(dd - optind);
		nw.n = dd < argc ? (size_t)(argc - dd - 1) : 0;
	} else if (dd < argc) {
		base.n = (size_t)(dd - optind);
		nw.n = (size_t)(argc - dd - 1);
		if (!base.n || !nw.n)
			return nsb_usage_error("compare takes BASE.json... -- NEW.json...: a side is empty");
	} else {
		if (nfiles != 2)
			return nsb_usage_error("compare takes two reports (BASE.json NEW.json), or BASE.json... -- NEW.json...");
		base.n = nw.n = 1;
	}
	docs = calloc(base.n + nw.n, sizeof(*docs));
	if (!docs)
		return log_error_errno(-ENOMEM, "cannot compare"), NSB_EXIT_USAGE;
	base.d = docs;
	nw.d = docs + base.n;
	if (load_all(argv + optind, base.n, base.d) < 0 ||
	    load_all(argv + (dd < argc ? dd + 1 : optind + 1), nw.n, nw.d) < 0)
		goto out;
	if (o.fmt == FMT_GOBENCH) {
		print_gobench(docs, base.n + nw.n);
		code = NSB_EXIT_OK;
		goto out;
	}

	m.root = json_object_new_object();
	m.problems = json_object_new_array();
	m.context = json_object_new_array();
	m.changes = json_object_new_array();
	m.rows = json_object_new_array();
	{
		char a[32], t[32];

		snprintf(a, sizeof(a), "%g", o.alpha);
		snprintf(t, sizeof(t), "%g", o.threshold * 100);
		json_object_object_add(m.root, "threshold_pct", json_object_new_double_s(o.threshold * 100, t));
		json_object_object_add(m.root, "alpha", json_object_new_double_s(o.alpha, a));
	}
	json_object_object_add(m.root, "one_report_per_side", json_object_new_boolean(base.n == 1 && nw.n == 1));
	o.per_report = base.n >= 2 && nw.n >= 2;
	json_object_object_add(m.root, "per_report", json_object_new_boolean(o.per_report));
	compare_context(&m, &base, &nw);
	if ((r = compare_results(&m, &base, &nw, &o)) < 0 || (r = compare_benchmarks(&m, &base, &nw, &o)) < 0) {
		log_error_errno(r, "cannot compare");
		goto out;
	}
	if (m.regressions)
		problem(&m, true, "regression", "%zu tests regressed", m.regressions);
	code = m.gating ? NSB_EXIT_FAIL : NSB_EXIT_OK;
	json_object_object_add(m.root, "gate", json_object_new_string(code ? "FAIL" : "ok"));
	json_object_object_add(m.root, "exit", json_object_new_int(code));
	{
		json_object *b = json_object_new_array(), *n = json_object_new_array();

		for (size_t i = 0; i < base.n; i++)
			json_object_array_add(b, jstr(base.d[i].path));
		for (size_t i = 0; i < nw.n; i++)
			json_object_array_add(n, jstr(nw.d[i].path));
		json_object_object_add(m.root, "base", b);
		json_object_object_add(m.root, "new", n);
	}
	json_object_object_add(m.root, "context", json_object_get(m.context));
	json_object_object_add(m.root, "changes", json_object_get(m.changes));
	json_object_object_add(m.root, "benchmarks", json_object_get(m.rows));
	json_object_object_add(m.root, "problems", json_object_get(m.problems));
	if (o.fmt == FMT_JSON)
		printf("%s\n", json_object_to_json_string_ext(m.root, JSON_C_TO_STRING_PRETTY |
								       JSON_C_TO_STRING_NOSLASHESCAPE));
	else
		print_text(&m, o.fmt == FMT_MARKDOWN);
out:
	if (fflush(stdout) != 0 && code != NSB_EXIT_USAGE) {
		log_error_errno(-errno, "cannot write the comparison");
		code = NSB_EXIT_USAGE;
	}
	json_object_put(m.root);
	json_object_put(m.problems);
	json_object_put(m.context);
	json_object_put(m.changes);
	json_object_put(m.rows);
	for (size_t i = 0; docs && i < base.n + nw.n; i++)
		json_object_put(docs[i].doc);
	free(docs);
	return code;
}
