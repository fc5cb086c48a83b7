/* SPDX-License-Identifier: GPL-2.0-or-later */
/* html.c - JSON report -> one self-contained HTML page with inline SVG charts (no script, no URL). */
#define _GNU_SOURCE
#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/combo.h"
#include "html.h"
#include "textout.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
/* Ticks per axis at most: a report with absurd values (1e300, a zero range) still ends. */
#define MAX_TICKS 40

/* Colour-blind-safe enough (Tableau 10); series beyond 10 reuse colours, the legend names them. */
static const char *const palette[] = { "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
				       "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac" };

static const struct {
	const char *verdict;
	char letter;
	const char *label;
} verdicts[] = {
	{ "pass", 'P', "pass" },   { "fail", 'F', "fail" },	  { "skip", 'S', "skip" },
	{ "error", 'E', "error" }, { "timeout", 'T', "timeout" },
};

static json_object *jget(json_object *o, const char *key)
{
	json_object *v;

	return o && json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, key, &v) ?
		       v :
		       NULL;
}

static double jnum(json_object *o, const char *key)
{
	json_object *v = jget(o, key);

	if (v && (json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)))
		return json_object_get_double(v);
	return NAN;
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v = jget(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
}

static size_t jlen(json_object *a)
{
	return a && json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

static void esc(FILE *f, const char *s)
{
	nsb_xml_escape(f, s, 0);
}

/* The combination as a mask over the type table; unknown names set bit 31 (shown as such). */
static unsigned combo_mask(json_object *a)
{
	unsigned m = 0;

	if (!json_object_is_type(a, json_type_array))
		return 1u << 31;
	for (size_t i = 0; i < jlen(a); i++) {
		json_object *e = json_object_array_get_idx(a, i);
		enum nsb_ns t = json_object_is_type(e, json_type_string) ?
					nsb_ns_from_name(json_object_get_string(e)) : _NSB_NS_INVALID;

		m |= t == _NSB_NS_INVALID ? 1u << 31 : NSB_MASK(t);
	}
	return m;
}

static const char *combo_str(json_object *a, char *buf, size_t len)
{
	unsigned m = combo_mask(a);

	if (m & (1u << 31)) {
		snprintf(buf, len, "%s", json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN));
		return buf;
	}
	return nsb_combo_format(m, buf, len);
}

/* A time in ns, with a unit a reader takes in at a glance. */
static const char *fmt_ns(double ns, char *buf, size_t len)
{
	double a = fabs(ns);

	if (isnan(ns))
		snprintf(buf, len, "n/a");
	else if (a >= 1e9)
		snprintf(buf, len, "%.3g s", ns / 1e9);
	else if (a >= 1e6)
		snprintf(buf, len, "%.3g ms", ns / 1e6);
	else if (a >= 1e3)
		snprintf(buf, len, "%.3g µs", ns / 1e3);
	else
		snprintf(buf, len, "%.3g ns", ns);
	return buf;
}

static double nice_step(double range, int target)
{
	double raw = range / target, p, m;

	if (!(raw > 0))
		return 1;
	p = pow(10, floor(log10(raw)));
	m = raw / p;
	return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

static void head(FILE *f, const char *name)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      /* Nothing may load: the page is the whole report. */
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'\">\n<title>nsbench report: ",
	      f);
	esc(f, name);
	fputs("</title>\n<style>\n"
	      "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;max-width:100%}\n"
	      "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}\n"
	      "table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left;vertical-align:top}\n"
	      "tr:nth-child(even){background:#f4f4f4}.num{text-align:right}\n"
	      ".scroll{overflow:auto;max-height:80vh;border:1px solid #ddd}\n"
	      "svg{font:11px monospace}svg text{fill:#222}.note{color:#555;font-size:0.9em}\n"
	      ".cell rect{stroke:#fff;stroke-width:1}.cell text{font:9px monospace;text-anchor:middle;fill:#fff}\n"
	      ".v-pass rect{fill:#3b8c4a}.v-fail rect{fill:#d62728}.v-skip rect{fill:#c7c7c7}\n"
	      ".v-skip text{fill:#333}.v-error rect{fill:#7b3294}.v-timeout rect{fill:#e377c2}\n"
	      ".v-unknown rect{fill:#000}.changed rect{stroke:#000;stroke-width:2}\n"
	      ".badge{display:inline-block;padding:1px 8px;border-radius:3px;color:#fff;margin-right:4px}\n"
	      ".b-pass{background:#3b8c4a}.b-fail{background:#d62728}.b-skip{background:#999}\n"
	      ".b-error{background:#7b3294}.b-timeout{background:#e377c2}.b-not_run{background:#555}\n"
	      ".axis line,.axis path{stroke:#888}.grid{stroke:#eee}\n"
	      "</style>\n</head>\n<body>\n",
	      f);
}

static void row(FILE *f, const char *k, const char *v)
{
	fputs("<tr><th>", f);
	esc(f, k);
	fputs("</th><td>", f);
	esc(f, v);
	fputs("</td></tr>\n", f);
}

static void summary(FILE *f, json_object *doc, const char *name)
{
	json_object *run = jget(doc, "run"), *host = jget(doc, "host"), *env = jget(doc, "environment");
	json_object *lab = jget(run, "lab"), *counts = jget(run, "counts"), *args = jget(run, "args");
	char buf[512];
	size_t off = 0;

	fputs("<h1>nsbench report: ", f);
	esc(f, name);
	fputs("</h1>\n<p>", f);
	for (size_t i = 0; i < N(verdicts); i++) {
		fprintf(f, "<span class=\"badge b-%s\">%s %.0f</span>", verdicts[i].verdict,
			verdicts[i].label, jnum(counts, verdicts[i].verdict));
	}
	fprintf(f, "<span class=\"badge b-not_run\">not run %.0f</span></p>\n", jnum(counts, "not_run"));
	if (jget(run, "interrupted") && json_object_get_boolean(jget(run, "interrupted")))
		fputs("<p><strong>This run was interrupted: the report is partial.</strong></p>\n", f);
	fputs("<table>\n", f);
	snprintf(buf, sizeof(buf), "%s (schema %.0f)", jstr(jget(doc, "tool"), "version"),
		 jnum(doc, "schema_version"));
	row(f, "nsbench", buf);
	row(f, "started", jstr(run, "started"));
	snprintf(buf, sizeof(buf), "%.1f s (tests %.1f s, benchmarks %.1f s), %.0f jobs",
		 jnum(run, "duration_s"), jnum(run, "conformance_s"), jnum(run, "bench_s"), jnum(run, "jobs"));
	row(f, "duration", buf);
	snprintf(buf, sizeof(buf), "%s %s, %.0f CPUs", jstr(host, "kernel_release"), jstr(host, "arch"),
		 jnum(host, "cpus"));
	row(f, "kernel", buf);
	snprintf(buf, sizeof(buf), "%s, uid %.0f%s%s",
		 !jget(lab, "ok") ? "unknown" :
		 !json_object_get_boolean(jget(lab, "ok")) ? "unavailable" :
		 json_object_get_boolean(jget(lab, "privileged")) ? "privileged" : "in a user namespace",
		 jnum(lab, "uid"), *jstr(lab, "reason") ? ": " : "", jstr(lab, "reason"));
	row(f, "lab", buf);
	if (env) {
		snprintf(buf, sizeof(buf), "outer %s, virtualisation %s, cgroup %s", jstr(env, "outer"),
			 jstr(env, "virtualisation"), jstr(env, "cgroup_layout"));
		row(f, "environment", buf);
	}
	buf[0] = '\0';
	for (size_t i = 0; i < jlen(args) && off < sizeof(buf); i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s", i ? " " : "",
					json_object_get_string(json_object_array_get_idx(args, i)) ?: "");
	row(f, "command", buf);
	fputs("</table>\n", f);
}

/* --- the heat map ------------------------------------------------------------------------ */

struct idv {
	const char *id, *verdict;
};

static int cmp_idv(const void *a, const void *b)
{
	return strcmp(((const struct idv *)a)->id, ((const struct idv *)b)->id);
}

/* Base results sorted by id, for bsearch. NULL when there is no base (or ENOMEM: no marks). */
static struct idv *index_results(json_object *doc, size_t *ret_n)
{
	json_object *res = jget(doc, "results");
	size_t n = jlen(res);
	struct idv *v;

	*ret_n = 0;
	if (!doc || !n || !(v = calloc(n, sizeof(*v))))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		json_object *r = json_object_array_get_idx(res, i);

		v[i] = (struct idv){ jstr(r, "id"), jstr(r, "verdict") };
	}
	qsort(v, n, sizeof(*v), cmp_idv);
	*ret_n = n;
	return v;
}

static const char *lookup(const struct idv *v, size_t n, const char *id)
{
	struct idv key = { id, NULL }, *hit = v ? bsearch(&key, v, n, sizeof(*v), cmp_idv) : NULL;

	return hit ? hit->verdict : NULL;
}

static int popcount_then_mask(unsigned a, unsigned b)
{
	int pa = __builtin_popcount(a), pb = __builtin_popcount(b);

	return pa != pb ? pa - pb : (a > b) - (a < b);
}

static void verdict_class(const char *v, const char **cls, char *letter)
{
	*cls = "unknown";
	*letter = '?';
	for (size_t i = 0; i < N(verdicts); i++)
		if (strcmp(v, verdicts[i].verdict) == 0) {
			*cls = verdicts[i].verdict;
			*letter = verdicts[i].letter;
		}
}

#define CW 12	/* cell width, px */
#define CH 14	/* cell height */
#define TH 9	/* height of one type's row in the column header */

static int heatmap(FILE *f, json_object *doc, json_object *base)
{
	json_object *res = jget(doc, "results");
	size_t n = jlen(res), nrows = 0, ncols = 0, nbase = 0, changed = 0, lw = 0;
	char **rows = NULL, combo[NSB_COMBO_STRLEN + 64];
	static unsigned cols[(1u << _NSB_NS_MAX) + 1];
	unsigned *mask = calloc(n + 1, sizeof(*mask));
	int *ri = calloc(n + 1, sizeof(*ri)), *ci = calloc(n + 1, sizeof(*ci)), r = 0;
	struct idv *bv = index_results(base, &nbase);
	static int colpos[(1u << _NSB_NS_MAX) + 1];
	bool other = false;

	fputs("<h2 id=\"heatmap\">Results: test × combination of namespace types</h2>\n", f);
	if (!mask || !ri || !ci) {
		r = -ENOMEM;
		goto out;
	}
	if (!n) {
		fputs("<p>This report has no results.</p>\n", f);
		goto out;
	}
	memset(colpos, -1, sizeof(colpos));
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(res, i);
		char *key;
		size_t k;

		if (asprintf(&key, "%s.%s", jstr(o, "suite"), jstr(o, "test")) < 0) {
			r = -ENOMEM;
			goto out;
		}
		for (k = 0; k < nrows && strcmp(rows[k], key); k++)
			;
		if (k == nrows) {
			char **nr = realloc(rows, (nrows + 1) * sizeof(*rows));

			if (!nr) {
				free(key);
				r = -ENOMEM;
				goto out;
			}
			rows = nr;
			rows[nrows++] = key;
			lw = strlen(key) > lw ? strlen(key) : lw;
		} else {
			free(key);
		}
		ri[i] = (int)k;
		mask[i] = combo_mask(jget(o, "combo"));
		if (mask[i] & (1u << 31)) {
			other = true;	/* a type this nsbench does not know: its own last column */
			mask[i] = 1u << _NSB_NS_MAX;
		}
		colpos[mask[i]] = 0;	/* seen */
	}
	for (unsigned m = 0; m < (1u << _NSB_NS_MAX); m++)
		if (colpos[m] >= 0)
			cols[ncols++] = m;
	for (size_t a = 1; a < ncols; a++)	/* insertion sort: at most 256 columns */
		for (size_t b = a; b > 0 && popcount_then_mask(cols[b - 1], cols[b]) > 0; b--) {
			unsigned t = cols[b];

			cols[b] = cols[b - 1];
			cols[b - 1] = t;
		}
	if (other)
		cols[ncols++] = 1u << _NSB_NS_MAX;
	for (size_t c = 0; c < ncols; c++)
		colpos[cols[c]] = (int)c;
	for (size_t i = 0; i < n; i++)
		ci[i] = colpos[mask[i]];

	lw = (lw > 48 ? 48 : lw) * 7 + 10;
	unsigned top = _NSB_NS_MAX * TH + 8;
	fprintf(f, "<p class=\"note\">One cell per result (%zu): rows are tests, columns the combinations of "
		   "namespace types the probe's child was created with (the dots above each column; the "
		   "first column is the control, no new namespace). Letters: P pass, F fail, S skip, "
		   "E error, T timeout. Hover a cell for its id, verdict and reason.%s</p>\n",
		n, base ? " A black outline marks a verdict that differs from the base report." : "");
	fprintf(f, "<div class=\"scroll\"><svg class=\"heatmap\" width=\"%zu\" height=\"%zu\" role=\"img\">\n",
		lw + ncols * CW + 10, top + nrows * CH + 10);
	/* Column header: which types each combination has. */
	NSB_FOREACH_NS(t)
		fprintf(f, "<text x=\"%zu\" y=\"%u\" text-anchor=\"end\" font-size=\"9\">%s</text>\n", lw - 4,
			(unsigned)t * TH + TH, nsb_nstypes[t].name);
	for (size_t c = 0; c < ncols; c++) {
		size_t x = lw + c * CW;

		fprintf(f, "<g><title>%s</title><rect x=\"%zu\" y=\"0\" width=\"%d\" height=\"%u\" fill=\"%s\"/>",
			cols[c] >> _NSB_NS_MAX ? "unknown type" : nsb_combo_format(cols[c], combo, sizeof(combo)),
			x, CW, top - 4, c % 2 ? "#f4f4f4" : "#fff");
		NSB_FOREACH_NS(t)
			if (cols[c] & NSB_MASK(t))
				fprintf(f, "<rect x=\"%zu\" y=\"%u\" width=\"%d\" height=\"%d\" fill=\"#444\"/>",
					x + 3, (unsigned)t * TH + 2, CW - 6, TH - 3);
		fputs("</g>\n", f);
	}
	for (size_t k = 0; k < nrows; k++) {
		fprintf(f, "<text x=\"%zu\" y=\"%zu\" text-anchor=\"end\">", lw - 4, top + k * CH + CH - 3);
		esc(f, rows[k]);
		fputs("</text>\n", f);
	}
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(res, i);
		const char *v = jstr(o, "verdict"), *cls, *was = lookup(bv, nbase, jstr(o, "id"));
		bool ch = bv && (!was || strcmp(was, v) != 0);
		char letter;

		verdict_class(v, &cls, &letter);
		changed += ch;
		fprintf(f, "<g class=\"cell v-%s%s\"><title>", cls, ch ? " changed" : "");
		esc(f, jstr(o, "id"));
		fputs(": ", f);
		esc(f, v);
		if (*jstr(o, "reason")) {
			fputs(" — ", f);
			esc(f, jstr(o, "reason"));
		}
		if (ch) {
			fputs(was ? " (base: " : " (not in the base report", f);
			esc(f, was ? was : "");
			fputs(")", f);
		}
		fprintf(f, "</title><rect x=\"%zu\" y=\"%zu\" width=\"%d\" height=\"%d\"/>"
			   "<text x=\"%zu\" y=\"%zu\">%c</text></g>\n",
			lw + (size_t)ci[i] * CW, top + (size_t)ri[i] * CH, CW, CH,
			lw + (size_t)ci[i] * CW + CW / 2, top + (size_t)ri[i] * CH + CH - 4, letter);
	}
	fputs("</svg></div>\n", f);
	if (base)
		fprintf(f, "<p>%zu results differ from the base report (outlined).</p>\n", changed);
out:
	for (size_t k = 0; k < nrows; k++)
		free(rows[k]);
	free(rows);
	free(mask);
	free(ri);
	free(ci);
	free(bv);
	return r;
}

/* --- benchmarks ------------------------------------------------------------------------- */

static bool bench_ok(json_object *b)
{
	return strcmp(jstr(b, "status"), "ok") == 0 && jget(b, "stats") &&
	       !isnan(jnum(jget(b, "stats"), "median"));
}

struct ival {
	char label[96];
	double val, lo, hi;	/* the point and its interval */
	double rlo, rhi;	/* the run-to-run range (NaN: none) */
	char tip[320];
};

/* Rows of point + interval (+ range) on one linear axis in ns. */
static void interval_chart(FILE *f, const struct ival *v, size_t n)
{
	const double W = 520, LW = 190, RH = 20;
	double lo = 0, hi = 0, step;
	char buf[64];

	/* The axis covers the estimates and their CIs; a run range beyond it is clipped (the tip has it). */
	for (size_t i = 0; i < n; i++) {
		double c[] = { v[i].val, v[i].lo, v[i].hi };

		for (size_t k = 0; k < N(c); k++)
			if (!isnan(c[k])) {
				lo = fmin(lo, c[k]);
				hi = fmax(hi, c[k]);
			}
	}
	if (hi <= lo)
		hi = lo + 1;
	step = nice_step(hi - lo, 6);
	lo = floor(lo / step) * step;
	hi = ceil(hi / step) * step;
#define X(v) (LW + ((v) - lo) / (hi - lo) * W)
	fprintf(f, "<svg class=\"chart\" width=\"%.0f\" height=\"%.0f\" role=\"img\">\n", LW + W + 110,
		n * RH + 40);
	for (int i = 0; i <= MAX_TICKS && lo + i * step <= hi + step / 2; i++) {
		double t = lo + i * step;

		fprintf(f, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"%.0f\"/>", X(t), X(t),
			n * RH + 4);
		fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>\n", X(t), n * RH + 18,
			fmt_ns(t, buf, sizeof(buf)));
	}
	fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"%.0f\" stroke=\"#000\"/>\n", X(0.0), X(0.0),
		n * RH + 4);
	for (size_t i = 0; i < n; i++) {
		double y = i * RH + RH / 2;

		fputs("<g class=\"ival\"><title>", f);
		esc(f, v[i].tip);
		fprintf(f, "</title><text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">", LW - 6, y + 4);
		esc(f, v[i].label);
		fputs("</text>", f);
		if (!isnan(v[i].rlo) && !isnan(v[i].rhi))
			fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>",
				X(fmax(lo, v[i].rlo)), X(fmin(hi, v[i].rhi)), y, y);
		if (!isnan(v[i].lo) && !isnan(v[i].hi))
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"8\" fill=\"#4e79a7\" "
				   "opacity=\"0.6\"/>",
				X(v[i].lo), y - 4, fmax(1, X(v[i].hi) - X(v[i].lo)));
		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"#000\"/>", X(v[i].val), y);
		fprintf(f, "<text x=\"%.0f\" y=\"%.1f\">%s</text></g>\n", LW + W + 8, y + 4,
			fmt_ns(v[i].val, buf, sizeof(buf)));
	}
	fputs("</svg>\n", f);
#undef X
}

/* The benchmark of op with combo [] (the op's own baseline), or NULL. */
static json_object *baseline_of(json_object *benches, const char *op)
{
	for (size_t i = 0; i < jlen(benches); i++) {
		json_object *b = json_object_array_get_idx(benches, i);

		if (strcmp(jstr(b, "op"), op) == 0 && jlen(jget(b, "combo")) == 0 && bench_ok(b))
			return b;
	}
	return NULL;
}

static void marginal(FILE *f, json_object *doc)
{
	static const char *const ops[] = { "clone", "unshare", "teardown", "setns" };
	json_object *benches = jget(doc, "benchmarks");
	struct ival v[_NSB_NS_MAX * 4];
	char a[64], b[64], c[64], combo[NSB_COMBO_STRLEN + 64];
	bool any = false;

	fputs("<h2 id=\"marginal\">Cost per namespace type</h2>\n", f);
	for (size_t o = 0; o < N(ops); o++) {
		json_object *base = baseline_of(benches, ops[o]);
		bool absolute = strcmp(ops[o], "setns") == 0 || !base;
		size_t n = 0;

		for (size_t i = 0; i < jlen(benches) && n < N(v); i++) {
			json_object *bm = json_object_array_get_idx(benches, i), *st = jget(bm, "stats");
			json_object *runs = jget(bm, "runs");
			double bmed = 0;

			if (strcmp(jstr(bm, "op"), ops[o]) || jlen(jget(bm, "combo")) != 1 || !bench_ok(bm))
				continue;
			if (!absolute)
				bmed = !isnan(jnum(bm, "baseline_median")) ? jnum(bm, "baseline_median") :
									   jnum(jget(base, "stats"), "median");
			snprintf(v[n].label, sizeof(v[n].label), "%s%s%s", combo_str(jget(bm, "combo"), combo, sizeof(combo)),
				 *jstr(bm, "variant") ? " " : "", jstr(bm, "variant"));
			v[n].val = !isnan(jnum(bm, "marginal_median")) ? jnum(bm, "marginal_median") :
									 jnum(st, "median") - bmed;
			v[n].lo = jnum(st, "ci95_low") - bmed;
			v[n].hi = jnum(st, "ci95_high") - bmed;
			v[n].rlo = jnum(runs, "count") > 1 ? jnum(runs, "min") - bmed : NAN;
			v[n].rhi = jnum(runs, "count") > 1 ? jnum(runs, "max") - bmed : NAN;
			snprintf(v[n].tip, sizeof(v[n].tip), "%s: %s (95%% CI of the median %s to %s; %.0f runs, "
				 "run medians %s to %s; %.0f samples)", jstr(bm, "id"),
				 fmt_ns(v[n].val, a, sizeof(a)), fmt_ns(v[n].lo, b, sizeof(b)),
				 fmt_ns(v[n].hi, c, sizeof(c)), jnum(runs, "count"),
				 fmt_ns(v[n].rlo, b, sizeof(b)), fmt_ns(v[n].rhi, c, sizeof(c)), jnum(st, "n"));
			n++;
		}
		if (!n)
			continue;
		any = true;
		fprintf(f, "<h3>%s</h3>\n<p class=\"note\">", ops[o]);
		if (absolute)
			fputs("The whole operation's cost (no baseline without namespace types to subtract).", f);
		else if (strcmp(ops[o], "clone") == 0)
			fputs("Marginal cost over a plain clone: the median over rounds of (round median − the "
			      "interleaved flagless clones' median), from the report's marginal_median.", f);
		else
			fprintf(f, "Cost above the %s baseline without namespace types (median − baseline "
				   "median %s).", ops[o], fmt_ns(jnum(jget(base, "stats"), "median"), a, sizeof(a)));
		fputs(" Dot: the estimate; bar: the 95 % distribution-free CI of the median minus the same "
		      "baseline (the baseline's own uncertainty not included); grey line: the range of the "
		      "per-run medians, the run-to-run spread a CI gate sees.</p>\n", f);
		interval_chart(f, v, n);
	}
	if (!any)
		fputs("<p>No per-type benchmarks in this report (they come from 'nsbench run all' or "
		      "'nsbench bench').</p>\n", f);
}

static void distributions(FILE *f, json_object *doc)
{
	json_object *benches = jget(doc, "benchmarks");
	const double W = 560, LW = 340, RH = 18;
	double lo = INFINITY, hi = 0, llo, lhi;
	size_t n = 0, k = 0, bad = 0;
	char buf[64], b2[64], b3[64], b4[64];
	enum { BINS = 48 };

	fputs("<h2 id=\"distributions\">Sample distributions</h2>\n", f);
	for (size_t i = 0; i < jlen(benches); i++) {
		json_object *b = json_object_array_get_idx(benches, i), *st = jget(b, "stats");

		if (!bench_ok(b) || !jlen(jget(b, "samples"))) {
			bad += !bench_ok(b);
			continue;
		}
		if (jnum(st, "min") > 0)
			lo = fmin(lo, jnum(st, "min"));
		hi = fmax(hi, jnum(st, "max"));
		n++;
	}
	if (!n || !(hi > lo)) {
		fputs("<p>No benchmark samples in this report.</p>\n", f);
		goto skipped;
	}
	llo = floor(log10(lo));
	lhi = ceil(log10(hi));
	fputs("<p class=\"note\">Histogram of every sample (48 bins on a shared logarithmic axis, each row "
	      "scaled to its own tallest bin); black tick: median; line below: 10th to 90th percentile. "
	      "Hover a row for its statistics.</p>\n", f);
	fprintf(f, "<div class=\"scroll\"><svg class=\"chart\" width=\"%.0f\" height=\"%.0f\" role=\"img\">\n",
		LW + W + 20, n * RH + 30);
#define X(v) (LW + (log10(v) - llo) / (lhi - llo) * W)
	for (int i = 0; i <= MAX_TICKS && llo + i <= lhi; i++) {
		double d = llo + i;

		fprintf(f, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"%.0f\"/>", X(pow(10, d)),
			X(pow(10, d)), n * RH);
		fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>\n", X(pow(10, d)),
			n * RH + 14, fmt_ns(pow(10, d), buf, sizeof(buf)));
	}
	for (size_t i = 0; i < jlen(benches); i++) {
		json_object *b = json_object_array_get_idx(benches, i), *st = jget(b, "stats");
		json_object *s = jget(b, "samples");
		unsigned bins[BINS] = { 0 }, top = 1;
		double y0 = k * RH;

		if (!bench_ok(b) || !jlen(s))
			continue;
		for (size_t j = 0; j < jlen(s); j++) {
			double x = json_object_get_double(json_object_array_get_idx(s, j));
			double pos = x > 0 ? (log10(x) - llo) / (lhi - llo) * BINS : 0;

			/* Clamp before the cast: converting NaN or a huge double to int is undefined. */
			bins[!(pos > 0) ? 0 : pos >= BINS ? BINS - 1 : (int)pos]++;
		}
		for (int j = 0; j < BINS; j++)
			top = bins[j] > top ? bins[j] : top;
		fputs("<g class=\"dist\"><title>", f);
		esc(f, jstr(b, "id"));
		fprintf(f, ": n %.0f, median %s, p10 %s, p90 %s, p99 %s</title>", jnum(st, "n"),
			fmt_ns(jnum(st, "median"), buf, sizeof(buf)), fmt_ns(jnum(st, "p10"), b2, sizeof(b2)),
			fmt_ns(jnum(st, "p90"), b3, sizeof(b3)), fmt_ns(jnum(st, "p99"), b4, sizeof(b4)));
		fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">", LW - 6, y0 + RH - 6);
		esc(f, jstr(b, "id"));
		fprintf(f, "</text><path fill=\"%s\" d=\"M%.1f %.1f", palette[k % N(palette)], LW, y0 + RH - 4);
		for (int j = 0; j < BINS; j++) {
			double h = (RH - 6) * bins[j] / top;

			fprintf(f, "H%.1fV%.1fH%.1f", LW + j * W / BINS, y0 + RH - 4 - h, LW + (j + 1) * W / BINS);
		}
		fprintf(f, "V%.1fZ\"/>", y0 + RH - 4);
		fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#000\"/>",
			X(jnum(st, "p10")), X(jnum(st, "p90")), y0 + RH - 2, y0 + RH - 2);
		fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" "
			   "stroke-width=\"2\"/></g>\n",
			X(jnum(st, "median")), X(jnum(st, "median")), y0 + 1, y0 + RH - 1);
		k++;
	}
	fputs("</svg></div>\n", f);
#undef X
skipped:
	if (!bad)
		return;
	fputs("<p>Benchmarks without samples:</p>\n<table><tr><th>benchmark</th><th>status</th>"
	      "<th>reason</th></tr>\n", f);
	for (size_t i = 0; i < jlen(benches); i++) {
		json_object *b = json_object_array_get_idx(benches, i);

		if (bench_ok(b))
			continue;
		fputs("<tr><td>", f);
		esc(f, jstr(b, "id"));
		fputs("</td><td>", f);
		esc(f, jstr(b, "status"));
		fputs("</td><td>", f);
		esc(f, jstr(b, "reason"));
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

struct series {
	char name[80];
	size_t n;
	double x[32], y[32], lo[32], hi[32];
};

/* Lines through (x, y) per series, with optional error bars, on linear axes from 0. */
static void line_chart(FILE *f, const struct series *s, size_t ns, const char *xlabel,
		       const char *ylabel, bool y_ns)
{
	const double W = 520, H = 260, L = 80, T = 10;
	double xmax = 0, ymax = 0, xs, ys;
	char buf[64];

	for (size_t i = 0; i < ns; i++)
		for (size_t j = 0; j < s[i].n; j++) {
			xmax = fmax(xmax, s[i].x[j]);
			ymax = fmax(ymax, isnan(s[i].hi[j]) ? s[i].y[j] : fmax(s[i].y[j], s[i].hi[j]));
		}
	xs = nice_step(xmax > 0 ? xmax : 1, 6);
	ys = nice_step(ymax > 0 ? ymax : 1, 5);
	xmax = ceil((xmax > 0 ? xmax : 1) / xs) * xs;
	ymax = ceil((ymax > 0 ? ymax : 1) / ys) * ys;
#define X(v) (L + (v) / xmax * W)
#define Y(v) (T + H - (v) / ymax * H)
	fprintf(f, "<svg class=\"chart\" width=\"%.0f\" height=\"%.0f\" role=\"img\">\n", L + W + 260, T + H + 40);
	for (int i = 0; i <= MAX_TICKS && i * ys <= ymax + ys / 2; i++) {
		double t = i * ys;

		fprintf(f, "<line class=\"grid\" x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\"/>", L, L + W, Y(t), Y(t));
		if (y_ns)
			fmt_ns(t, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%g", t);
		fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", L - 4, Y(t) + 4, buf);
	}
	for (int i = 0; i <= MAX_TICKS && i * xs <= xmax + xs / 2; i++)
		fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%g</text>\n", X(i * xs), T + H + 14,
			i * xs);
	fprintf(f, "<g class=\"axis\"><line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\"/>"
		   "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\"/></g>\n",
		L, L + W, T + H, T + H, L, L, T, T + H);
	fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">", L + W / 2, T + H + 32);
	esc(f, xlabel);
	fprintf(f, "</text><text x=\"12\" y=\"%.0f\" transform=\"rotate(-90 12 %.0f)\" text-anchor=\"middle\">",
		T + H / 2, T + H / 2);
	esc(f, ylabel);
	fputs("</text>\n", f);
	for (size_t i = 0; i < ns; i++) {
		const char *col = palette[i % N(palette)];

		fputs("<g class=\"series\"><title>", f);
		esc(f, s[i].name);
		fprintf(f, "</title><polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", col);
		for (size_t j = 0; j < s[i].n; j++)
			fprintf(f, "%s%.1f,%.1f", j ? " " : "", X(s[i].x[j]), Y(s[i].y[j]));
		fputs("\"/>", f);
		for (size_t j = 0; j < s[i].n; j++) {
			if (!isnan(s[i].lo[j]) && !isnan(s[i].hi[j]))
				fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
					X(s[i].x[j]), X(s[i].x[j]), Y(s[i].lo[j]), Y(s[i].hi[j]), col);
			fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", X(s[i].x[j]),
				Y(s[i].y[j]), col);
		}
		fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"10\" height=\"10\" fill=\"%s\"/>"
			   "<text x=\"%.0f\" y=\"%.0f\">", L + W + 20, T + i * 16, col, L + W + 34, T + i * 16 + 9);
		esc(f, s[i].name);
		fputs("</text></g>\n", f);
	}
	fputs("</svg>\n", f);
#undef X
#undef Y
}

/* The x of a scaling or growth benchmark: its first parameter but mounts_total. */
static double param_x(json_object *b, const char **name)
{
	json_object *p = jget(b, "param");

	*name = "";
	if (!json_object_is_type(p, json_type_object))
		return NAN;
	json_object_object_foreach(p, k, v)
	{
		if (strcmp(k, "mounts_total") == 0 || !json_object_is_type(v, json_type_int))
			continue;
		*name = k;
		return json_object_get_double(v);
	}
	*name = "";
	return NAN;
}

/* One chart per variant of op: a series per combination; y = rate_per_s (scaling) or the median. */
static void curves(FILE *f, json_object *doc, const char *op)
{
	json_object *benches = jget(doc, "benchmarks");
	const char *variants[16];
	size_t nv = 0;
	bool rate = strcmp(op, "scaling") == 0;
	struct series *s = calloc(64, sizeof(*s));
	char combo[NSB_COMBO_STRLEN + 64];

	if (!s)
		return;
	for (size_t i = 0; i < jlen(benches); i++) {
		json_object *b = json_object_array_get_idx(benches, i);
		size_t k;

		if (strcmp(jstr(b, "op"), op) || !bench_ok(b))
			continue;
		for (k = 0; k < nv && strcmp(variants[k], jstr(b, "variant")); k++)
			;
		if (k == nv && nv < N(variants))
			variants[nv++] = jstr(b, "variant");
	}
	if (!nv)
		fprintf(f, "<p>No %s benchmarks in this report.</p>\n", op);
	for (size_t v = 0; v < nv; v++) {
		const char *xname = "";
		size_t ns = 0;

		for (size_t i = 0; i < jlen(benches); i++) {
			json_object *b = json_object_array_get_idx(benches, i), *st = jget(b, "stats");
			const char *pname;
			double x = param_x(b, &pname);
			size_t k;

			if (strcmp(jstr(b, "op"), op) || !bench_ok(b) || strcmp(jstr(b, "variant"), variants[v]) ||
			    isnan(x))
				continue;
			xname = pname;
			combo_str(jget(b, "combo"), combo, sizeof(combo));
			for (k = 0; k < ns && strcmp(s[k].name, combo); k++)
				;
			if (k == ns) {
				if (ns == 64)
					continue;
				memset(&s[ns], 0, sizeof(s[ns]));
				snprintf(s[ns++].name, sizeof(s[0].name), "%s", combo);
			}
			if (s[k].n == N(s[k].x))
				continue;
			s[k].x[s[k].n] = x;
			s[k].y[s[k].n] = rate ? jnum(b, "rate_per_s") : jnum(st, "median");
			s[k].lo[s[k].n] = rate ? NAN : jnum(st, "ci95_low");
			s[k].hi[s[k].n] = rate ? NAN : jnum(st, "ci95_high");
			s[k].n++;
		}
		for (size_t k = 0; k < ns; k++)	/* by x, for the polyline */
			for (size_t a = 1; a < s[k].n; a++)
				for (size_t b = a; b > 0 && s[k].x[b - 1] > s[k].x[b]; b--) {
					double *arr[] = { s[k].x, s[k].y, s[k].lo, s[k].hi };

					for (size_t c = 0; c < N(arr); c++) {
						double t = arr[c][b];

						arr[c][b] = arr[c][b - 1];
						arr[c][b - 1] = t;
					}
				}
		fprintf(f, "<h3>%s: ", op);
		esc(f, variants[v]);
		fputs("</h3>\n", f);
		line_chart(f, s, ns, xname, rate ? "operations per second (all workers)" : "median (95 % CI)",
			   !rate);
	}
	free(s);
}

/* --- the comparison ----------------------------------------------------------------------- */

static void compare_results(FILE *f, json_object *doc, json_object *base)
{
	json_object *res = jget(doc, "results");
	size_t nb = 0, nn = 0, changed = 0, added = 0, gone = 0, shown = 0;
	struct idv *bv = index_results(base, &nb), *nv = index_results(doc, &nn);

	fputs("<h3>Results</h3>\n<table><tr><th>id</th><th>base</th><th>this run</th><th>reason</th></tr>\n", f);
	for (size_t i = 0; i < jlen(res); i++) {
		json_object *r = json_object_array_get_idx(res, i);
		const char *was = lookup(bv, nb, jstr(r, "id"));

		if (!was) {
			added++;
			continue;
		}
		if (!strcmp(was, jstr(r, "verdict")))
			continue;
		if (changed++ < 500) {
			fputs("<tr><td>", f);
			esc(f, jstr(r, "id"));
			fputs("</td><td>", f);
			esc(f, was);
			fputs("</td><td>", f);
			esc(f, jstr(r, "verdict"));
			fputs("</td><td>", f);
			esc(f, jstr(r, "reason"));
			fputs("</td></tr>\n", f);
			shown++;
		}
	}
	for (size_t i = 0; i < nb; i++)
		gone += !lookup(nv, nn, bv[i].id);
	fputs("</table>\n", f);
	fprintf(f, "<p>%zu results changed verdict%s, %zu are new, %zu of the base's are gone.</p>\n", changed,
		shown < changed ? " (the first 500 listed)" : "", added, gone);
	free(bv);
	free(nv);
}

static json_object *bench_by_id(json_object *doc, const char *id)
{
	json_object *benches = jget(doc, "benchmarks");

	for (size_t i = 0; i < jlen(benches); i++) {
		json_object *b = json_object_array_get_idx(benches, i);

		if (!strcmp(jstr(b, "id"), id))
			return b;
	}
	return NULL;
}

static void compare_benchmarks(FILE *f, json_object *doc, json_object *base)
{
	json_object *benches = jget(doc, "benchmarks");
	const double W = 480, LW = 340, RH = 18, LIM = 3;	/* axis: ratio 1/LIM .. LIM, log */
	size_t n = 0, k = 0;
	char a[64], b[64];

	for (size_t i = 0; i < jlen(benches); i++) {
		json_object *nb = json_object_array_get_idx(benches, i), *bb = bench_by_id(base, jstr(nb, "id"));

		n += bb && bench_ok(bb) && bench_ok(nb);
	}
	fputs("<h3>Benchmarks</h3>\n", f);
	if (!n) {
		fputs("<p>No benchmark is in both reports.</p>\n", f);
		return;
	}
	fputs("<p class=\"note\">Matched by id. Everything is relative to the base median (the vertical "
	      "line at 1×, logarithmic axis clipped to ⅓× … 3×): grey bar, the base's 95 % CI of the "
	      "median; coloured bar, this run's; dot, this run's median. These are each run's own "
	      "intervals: the run-to-run spread of one build is usually wider, so non-overlap here is "
	      "no verdict. The gate's decision is 'nsbench compare''s.</p>\n", f);
	fprintf(f, "<div class=\"scroll\"><svg class=\"chart\" width=\"%.0f\" height=\"%.0f\" role=\"img\">\n",
		LW + W + 90, n * RH + 30);
#define X(v) (LW + (log(fmin(LIM, fmax(1 / LIM, (v)))) + log(LIM)) / (2 * log(LIM)) * W)
	{
		static const double ticks[] = { 1 / 3.0, 0.5, 0.8, 1, 1.25, 2, 3 };

		for (size_t t = 0; t < N(ticks); t++)
			fprintf(f, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"%.0f\"%s/>"
				   "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%.2g×</text>\n",
				X(ticks[t]), X(ticks[t]), n * RH, ticks[t] == 1 ? " style=\"stroke:#000\"" : "",
				X(ticks[t]), n * RH + 14, ticks[t]);
	}
	for (size_t i = 0; i < jlen(benches); i++) {
		json_object *nb = json_object_array_get_idx(benches, i), *bb = bench_by_id(base, jstr(nb, "id"));
		json_object *ns, *bs;
		double bm, y = k * RH + RH / 2, ratio;

		if (!bb || !bench_ok(bb) || !bench_ok(nb))
			continue;
		ns = jget(nb, "stats");
		bs = jget(bb, "stats");
		bm = jnum(bs, "median");
		ratio = jnum(ns, "median") / bm;
		fputs("<g class=\"cmp\"><title>", f);
		esc(f, jstr(nb, "id"));
		fprintf(f, ": base %s, this run %s (%+.1f %%)</title>", fmt_ns(bm, a, sizeof(a)),
			fmt_ns(jnum(ns, "median"), b, sizeof(b)), (ratio - 1) * 100);
		fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">", LW - 6, y + 4);
		esc(f, jstr(nb, "id"));
		fputs("</text>", f);
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"6\" fill=\"#aaa\"/>",
			X(jnum(bs, "ci95_low") / bm), y - 7, fmax(1, X(jnum(bs, "ci95_high") / bm) - X(jnum(bs, "ci95_low") / bm)));
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"6\" fill=\"%s\"/>",
			X(jnum(ns, "ci95_low") / bm), y + 1, fmax(1, X(jnum(ns, "ci95_high") / bm) - X(jnum(ns, "ci95_low") / bm)),
			ratio > 1 ? "#e15759" : "#4e79a7");
		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#000\"/>", X(ratio), y + 4);
		fprintf(f, "<text x=\"%.0f\" y=\"%.1f\">%+.1f %%</text></g>\n", LW + W + 8, y + 4, (ratio - 1) * 100);
		k++;
	}
	fputs("</svg></div>\n", f);
#undef X
}

int nsb_html_print(FILE *f, json_object *doc, const char *name, json_object *base, const char *base_name)
{
	int r;

	head(f, name);
	summary(f, doc, name);
	fputs("<p>Sections: <a href=\"#heatmap\">results</a> · <a href=\"#marginal\">cost per type</a> · "
	      "<a href=\"#distributions\">distributions</a> · <a href=\"#scaling\">scaling</a> · "
	      "<a href=\"#growth\">growth</a>", f);
	if (base)
		fputs(" · <a href=\"#compare\">comparison</a>", f);
	fputs("</p>\n", f);
	if ((r = heatmap(f, doc, base)) < 0)
		return r;
	marginal(f, doc);
	distributions(f, doc);
	fputs("<h2 id=\"scaling\">Scaling: parallel workers</h2>\n"
	      "<p class=\"note\">Sustained create+destroy operations per second of all workers together.</p>\n", f);
	curves(f, doc, "scaling");
	fputs("<h2 id=\"growth\">Growth: cost as the namespace grows</h2>\n"
	      "<p class=\"note\">Median time per operation with its 95 % CI.</p>\n", f);
	curves(f, doc, "growth");
	if (base) {
		fputs("<h2 id=\"compare\">Comparison with ", f);
		esc(f, base_name);
		fputs("</h2>\n", f);
		compare_results(f, doc, base);
		compare_benchmarks(f, doc, base);
	}
	fputs("<p class=\"note\">Written by nsbench report from ", f);
	esc(f, name);
	fputs(".</p>\n</body>\n</html>\n", f);
	return ferror(f) ? -EIO : 0;
}
