/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_compare.c - `nsbench compare OLD.json NEW.json`: what changed between
 * two reports, for CI. Results are matched by id: a result that passed (or
 * was skipped) before and now fails, errors or times out is a regression.
 * Benchmarks are matched by (op, combo): a median that moved by more than
 * --threshold percent AND whose 95% confidence intervals do not overlap is
 * reported slower or faster (benchstat's rule of thumb: no claim without
 * non-overlapping intervals). Exit 0 no regression, 1 regression, 2 error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "common/log.h"
#include "reports/read.h"

static int load(struct nsb_report_doc *r, const char *path)
{
	char err[256] = "";
	int ret;

	ret = nsb_report_read(path, r, err, sizeof(err));
	if (ret < 0) {
		if (err[0])
			log_error("'%s': %s", path, err);
		else
			log_error_errno(ret, "cannot read '%s'", path);
	}
	return ret;
}

/* id -> result, a json-c object (a hash table) borrowing the array's members. */
static json_object *index_results(json_object *arr)
{
	json_object *idx = json_object_new_object();

	for (size_t i = 0; idx && i < json_object_array_length(arr); i++) {
		json_object *x = json_object_array_get_idx(arr, i);

		json_object_object_add(idx, nsb_json_str(x, "id"), json_object_get(x));
	}
	return idx;
}

static json_object *find_result(json_object *idx, const char *id)
{
	json_object *x;

	return json_object_object_get_ex(idx, id, &x) ? x : NULL;
}

static bool bad(const char *verdict)
{
	return strcmp(verdict, "fail") == 0 || strcmp(verdict, "error") == 0 ||
	       strcmp(verdict, "timeout") == 0;
}

/* Returns the number of regressions. */
static size_t compare_results(const struct nsb_report_doc *a, const struct nsb_report_doc *b)
{
	size_t regress = 0, fixed = 0, other = 0, added = 0, gone = 0;
	json_object *ia = index_results(a->results), *ib = index_results(b->results);

	if (!ia || !ib) {
		json_object_put(ia);
		json_object_put(ib);
		return 1;	/* cannot tell: treat as a regression, never as a pass */
	}

	for (size_t i = 0; i < json_object_array_length(b->results); i++) {
		json_object *nb = json_object_array_get_idx(b->results, i);
		const char *id = nsb_json_str(nb, "id"), *vb = nsb_json_str(nb, "verdict");
		json_object *na = find_result(ia, id);
		const char *va = na ? nsb_json_str(na, "verdict") : NULL;

		if (!na) {
			added++;
			if (bad(vb)) {
				regress++;
				printf("new     %s: %s %s\n", id, vb, nsb_json_str(nb, "reason") ?: "");
			}
			continue;
		}
		if (strcmp(va, vb) == 0)
			continue;
		if (bad(vb) && !bad(va)) {
			regress++;
			printf("REGRESS %s: %s -> %s: %s\n", id, va, vb, nsb_json_str(nb, "reason") ?: "");
		} else if (bad(va) && !bad(vb)) {
			fixed++;
			printf("fixed   %s: %s -> %s\n", id, va, vb);
		} else {
			other++;
			printf("changed %s: %s -> %s: %s\n", id, va, vb, nsb_json_str(nb, "reason") ?: "");
		}
	}
	for (size_t i = 0; i < json_object_array_length(a->results); i++)
		if (!find_result(ib, nsb_json_str(json_object_array_get_idx(a->results, i), "id")))
			gone++;
	json_object_put(ia);
	json_object_put(ib);
	printf("results: %zu regressions, %zu fixed, %zu other changes, %zu new, %zu gone\n", regress,
	       fixed, other, added, gone);
	return regress;
}

static int bench_key(json_object *x, char *buf, size_t len)
{
	json_object *combo;
	const char *op = nsb_json_str(x, "op");
	size_t off;

	if (!op || !json_object_object_get_ex(x, "combo", &combo) ||
	    !json_object_is_type(combo, json_type_array))
		return -EINVAL;
	off = (size_t)snprintf(buf, len, "%s[", op);
	for (size_t i = 0; i < json_object_array_length(combo) && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? "," : "",
					json_object_get_string(json_object_array_get_idx(combo, i)));
	if (off < len)
		snprintf(buf + off, len - off, "]");
	return 0;
}

/* stats.median/ci95_low/ci95_high as finite numbers, or -EINVAL (null: not measured). */
static int bench_stats(json_object *x, double *med, double *lo, double *hi)
{
	json_object *st, *v;
	const char *keys[] = { "median", "ci95_low", "ci95_high" };
	double *out[] = { med, lo, hi };

	if (!json_object_object_get_ex(x, "stats", &st) || !json_object_is_type(st, json_type_object))
		return -EINVAL;
	for (int i = 0; i < 3; i++) {
		if (!json_object_object_get_ex(st, keys[i], &v) ||
		    !(json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)))
			return -EINVAL;
		*out[i] = json_object_get_double(v);
		if (!isfinite(*out[i]))
			return -EINVAL;
	}
	return 0;
}

/* Returns the number of benchmarks that got slower. */
static size_t compare_benchmarks(const struct nsb_report_doc *a, const struct nsb_report_doc *b, double threshold)
{
	size_t slower = 0, faster = 0, same = 0;

	if (!a->benchmarks || !b->benchmarks)
		return 0;
	for (size_t i = 0; i < json_object_array_length(b->benchmarks); i++) {
		json_object *xb = json_object_array_get_idx(b->benchmarks, i), *xa = NULL;
		char kb[160], ka[160];
		double mb, lb, hb, ma, la, ha;

		if (bench_key(xb, kb, sizeof(kb)) < 0 || bench_stats(xb, &mb, &lb, &hb) < 0)
			continue;
		for (size_t j = 0; j < json_object_array_length(a->benchmarks) && !xa; j++) {
			json_object *c = json_object_array_get_idx(a->benchmarks, j);

			if (bench_key(c, ka, sizeof(ka)) == 0 && strcmp(ka, kb) == 0)
				xa = c;
		}
		if (!xa || bench_stats(xa, &ma, &la, &ha) < 0 || ma <= 0)
			continue;
		double ratio = mb / ma;
		bool apart = lb > ha || hb < la;

		if (apart && ratio > 1 + threshold) {
			slower++;
			printf("SLOWER  %-40s %12.0f -> %12.0f  x%.2f\n", kb, ma, mb, ratio);
		} else if (apart && ratio < 1 - threshold) {
			faster++;
			printf("faster  %-40s %12.0f -> %12.0f  x%.2f\n", kb, ma, mb, ratio);
		} else {
			same++;
		}
	}
	printf("benchmarks: %zu slower, %zu faster, %zu within noise (threshold %.0f%%, 95%% CIs)\n",
	       slower, faster, same, threshold * 100);
	return slower;
}

static void usage(void)
{
	printf("Usage:\n nsbench compare [options] OLD.json NEW.json\n\n"
	       "Compare two nsbench reports: verdict changes by test id, and benchmark\n"
	       "medians by operation and combination.\n\n"
	       "Options:\n"
	       " -t, --threshold PCT  smallest median change reported (default: 10)\n"
	       " -h, --help           display this help\n\n"
	       "Exit status: 0 no regression, 1 a test regressed or a benchmark got slower,\n"
	       "2 usage error or unreadable report.\n");
}

int cmd_compare(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "threshold", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct nsb_report_doc a = { 0 }, b = { 0 };
	unsigned pct = 10;
	size_t regress;
	int opt, code = NSB_EXIT_USAGE;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":t:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 't':
			if (nsb_parse_uint(optarg, 0, 1000, &pct) < 0)
				return nsb_usage_error("--threshold takes a percentage, not '%s'", optarg);
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
	if (argc - optind != 2)
		return nsb_usage_error("compare takes two reports: OLD.json NEW.json");
	if (load(&a, argv[optind]) < 0 || load(&b, argv[optind + 1]) < 0)
		goto out;
	regress = compare_results(&a, &b);
	regress += compare_benchmarks(&a, &b, pct / 100.0);
	code = regress ? NSB_EXIT_FAIL : NSB_EXIT_OK;
out:
	json_object_put(a.doc);
	json_object_put(b.doc);
	return code;
}
