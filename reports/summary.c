/* SPDX-License-Identifier: GPL-2.0-or-later */
/* summary.c - the human summary on stdout: counts, problems, skips by reason. */
#include <stdlib.h>
#include <string.h>

#include "report.h"

struct reason_count {
	const char *reason;
	size_t n;
};

static int by_count(const void *a, const void *b)
{
	const struct reason_count *x = a, *y = b;

	return x->n < y->n ? 1 : x->n > y->n ? -1 : strcmp(x->reason, y->reason);
}

static void print_skips(FILE *f, const struct nsb_result *res, size_t n)
{
	struct reason_count *rc = calloc(n ? n : 1, sizeof(*rc));
	size_t nrc = 0;

	if (!rc)
		return;
	for (size_t i = 0; i < n; i++) {
		size_t j;

		if (!res[i].ran || res[i].verdict != NSB_SKIP)
			continue;
		for (j = 0; j < nrc; j++)
			if (strcmp(rc[j].reason, nsb_result_reason(&res[i])) == 0)
				break;
		if (j == nrc)
			rc[nrc++].reason = nsb_result_reason(&res[i]);
		rc[j].n++;
	}
	qsort(rc, nrc, sizeof(*rc), by_count);
	if (nrc)
		fprintf(f, "skipped, by reason:\n");
	for (size_t j = 0; j < nrc && j < 20; j++)
		fprintf(f, "  %5zu  %s\n", rc[j].n, rc[j].reason);
	if (nrc > 20)
		fprintf(f, "  ...    and %zu more reasons (see the report)\n", nrc - 20);
	free(rc);
}

void nsb_summary_print(FILE *f, const struct nsb_run_info *run, const struct nsb_result *res,
		       size_t n, int verbose)
{
	struct nsb_counts c;
	size_t shown = 0;

	nsb_count(res, n, &c);
	for (size_t i = 0; i < n; i++) {
		const struct nsb_result *r = &res[i];

		if (!r->ran)
			continue;
		if (!verbose && (r->verdict == NSB_PASS || r->verdict == NSB_SKIP))
			continue;
		if (!verbose && ++shown > 50)
			continue;
		fprintf(f, "%-7s %s%s%s\n", nsb_verdict_name(r->verdict), r->id, nsb_result_reason(r)[0] ? ": " : "",
			nsb_result_reason(r));
		if (r->verdict == NSB_FAIL || r->verdict == NSB_ERROR || r->verdict == NSB_TIMEOUT)
			fprintf(f, "        debug: nsbench shell --test '%s'\n", r->id);
	}
	if (shown > 50)
		fprintf(f, "...     %zu more problems (see the report)\n", shown - 50);
	print_skips(f, res, n);
	nsb_bench_summary_print(f, run->bench);
	fprintf(f, "nsbench %s: %zu tests in %.2f s (jobs %u)%s\n", NSB_VERSION, n - c.not_run,
		run->duration_s, run->jobs, run->interrupted ? ", INTERRUPTED" : "");
	fprintf(f, "  pass %zu  fail %zu  skip %zu  error %zu  timeout %zu", c.v[NSB_PASS],
		c.v[NSB_FAIL], c.v[NSB_SKIP], c.v[NSB_ERROR], c.v[NSB_TIMEOUT]);
	if (c.not_run)
		fprintf(f, "  not run %zu", c.not_run);
	fputc('\n', f);
	if (run->env_error)
		fprintf(f, "  STOPPED: %s\n", run->env_error);
	if (nsb_coverage_lost(&c))
		fprintf(f, "  COVERAGE LOST: %zu of %zu tests were skipped: most of what was asked was not "
			"tested here (the reasons above say why; exit 0 does not mean it works)\n",
			c.v[NSB_SKIP], n - c.not_run);
	if (run->lab && !run->lab->ok)
		fprintf(f, "  no lab could be built (%s): every test was skipped\n", run->lab->reason);
	if (run->report_path)
		fprintf(f, "report: %s\n", run->report_path);
	/* The plain closing line CI systems read. */
	fprintf(f, "nsbench: %zu passed, %zu failed, %zu skipped\n", c.v[NSB_PASS],
		c.v[NSB_FAIL] + c.v[NSB_ERROR] + c.v[NSB_TIMEOUT], c.v[NSB_SKIP]);
}
