/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ktap.c - results as KTAP (Documentation/dev-tools/ktap.rst; kselftest's
 * and KUnit's format), streamed as the tests finish. The top level has one
 * nested block per suite ("# Subtest: SUITE" and its own plan "1..N"), and
 * every plan is printed before any of its results, so a run cut short shows
 * what is missing: tests that never ran are printed "not ok N id # ERROR not
 * run: <why>" (never "ok", never SKIP: an interrupted run is not a pass). A
 * pass is "ok N id"; a skip "ok N id # SKIP reason" (the reason after the
 * directive only, never in the name); a failure a "# reason" diagnostic and
 * "not ok N id"; a timeout "not ok N id # TIMEOUT S seconds"; a harness error
 * "not ok N id # ERROR reason". The closing "# Totals:" line is kselftest's.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

struct nsb_ktap {
	FILE *f;
	const struct nsb_result *res;
	size_t n;
	unsigned timeout_ms;	/* the run's per-test timeout (a test may have its own) */
	unsigned char *done;	/* finished, not yet printed */
	size_t blocks;		/* suites in the run, in order */
	size_t block;		/* 1-based number of the current block */
	size_t start, end;	/* its results: res[start..end) */
	size_t printed;		/* results of the block printed so far */
	bool bad;		/* a result of the block that is not ok */
	bool all_skipped;
};

/* One line of text from @s: KTAP is line-oriented, and '#' would end a test name. */
static void folded(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static size_t block_end(const struct nsb_result *res, size_t n, size_t i)
{
	size_t j = i + 1;

	while (j < n && res[j].suite == res[i].suite)
		j++;
	return j;
}

static void block_open(struct nsb_ktap *k)
{
	k->end = block_end(k->res, k->n, k->start);
	k->printed = 0;
	k->bad = false;
	k->all_skipped = true;
	fprintf(k->f, "    KTAP version 1\n    # Subtest: %s\n    1..%zu\n", k->res[k->start].suite->name,
		k->end - k->start);
}

static void result_line(struct nsb_ktap *k, size_t i, const char *not_run)
{
	const struct nsb_result *r = &k->res[i];
	size_t num = ++k->printed;
	FILE *f = k->f;

	if (!r->ran) {
		fprintf(f, "    not ok %zu %s # ERROR not run: ", num, r->id);
		folded(f, not_run);
		fputc('\n', f);
		k->bad = true;
		k->all_skipped = false;
		return;
	}
	k->all_skipped &= r->verdict == NSB_SKIP;
	switch (r->verdict) {
	case NSB_PASS:
		fprintf(f, "    ok %zu %s\n", num, r->id);
		break;
	case NSB_SKIP:
		fprintf(f, "    ok %zu %s # SKIP ", num, r->id);
		folded(f, nsb_result_reason(r));
		fputc('\n', f);
		break;
	case NSB_TIMEOUT: {
		unsigned ms = r->test && r->test->timeout_ms ? r->test->timeout_ms : k->timeout_ms;

		fprintf(f, "    # ");
		folded(f, nsb_result_reason(r));
		fprintf(f, "\n    not ok %zu %s # TIMEOUT %g seconds\n", num, r->id, ms / 1000.0);
		k->bad = true;
		break;
	}
	case NSB_ERROR:
		fprintf(f, "    not ok %zu %s # ERROR ", num, r->id);
		folded(f, nsb_result_reason(r));
		fputc('\n', f);
		k->bad = true;
		break;
	default:
		fprintf(f, "    # ");
		folded(f, nsb_result_reason(r));
		fprintf(f, "\n    not ok %zu %s\n", num, r->id);
		k->bad = true;
	}
}

static void block_close(struct nsb_ktap *k)
{
	const char *name = k->res[k->start].suite->name;

	if (k->bad)
		fprintf(k->f, "not ok %zu %s\n", k->block, name);
	else if (k->all_skipped)
		fprintf(k->f, "ok %zu %s # SKIP every test skipped\n", k->block, name);
	else
		fprintf(k->f, "ok %zu %s\n", k->block, name);
}

/* Print what is finished in the current block; move on while blocks complete. */
static void flush_ready(struct nsb_ktap *k)
{
	while (k->start < k->n) {
		for (size_t i = k->start; i < k->end; i++)
			if (k->done[i] == 1) {
				result_line(k, i, NULL);
				k->done[i] = 2;
			}
		if (k->printed < k->end - k->start)
			break;
		block_close(k);
		k->start = k->end;
		k->block++;
		if (k->start < k->n)
			block_open(k);
	}
	fflush(k->f);
}

struct nsb_ktap *nsb_ktap_begin(FILE *f, const struct nsb_result *res, size_t n, unsigned timeout_ms)
{
	struct nsb_ktap *k = calloc(1, sizeof(*k));

	if (!k || !(k->done = calloc(n ? n : 1, 1))) {
		free(k);
		return NULL;
	}
	*k = (struct nsb_ktap){ .f = f, .res = res, .n = n, .timeout_ms = timeout_ms, .done = k->done, .block = 1 };
	for (size_t i = 0; i < n; i = block_end(res, n, i))
		k->blocks++;
	fprintf(f, "KTAP version 1\n1..%zu\n", k->blocks);
	if (n)
		block_open(k);
	fflush(f);
	return k;
}

void nsb_ktap_result(struct nsb_ktap *k, size_t i)
{
	if (!k || i >= k->n || k->done[i])
		return;
	k->done[i] = 1;
	flush_ready(k);
}

void nsb_ktap_end(struct nsb_ktap *k, const char *not_run)
{
	struct nsb_counts c;

	if (!k)
		return;
	while (k->start < k->n) {
		for (size_t i = k->start; i < k->end; i++)
			if (k->done[i] != 2) {
				result_line(k, i, k->res[i].ran ? NULL : (not_run ? not_run : "the run ended first"));
				k->done[i] = 2;
			}
		block_close(k);
		k->start = k->end;
		k->block++;
		if (k->start < k->n)
			block_open(k);
	}
	nsb_count(k->res, k->n, &c);
	fprintf(k->f, "# Totals: pass:%zu fail:%zu xfail:0 xpass:0 skip:%zu error:%zu\n", c.v[NSB_PASS],
		c.v[NSB_FAIL] + c.v[NSB_TIMEOUT], c.v[NSB_SKIP], c.v[NSB_ERROR] + c.not_run);
	fflush(k->f);
	free(k->done);
	free(k);
}

void nsb_ktap_print(FILE *f, const struct nsb_result *res, size_t n, unsigned timeout_ms, const char *not_run)
{
	struct nsb_ktap *k = nsb_ktap_begin(f, res, n, timeout_ms);

	for (size_t i = 0; k && i < n; i++)
		if (res[i].ran)
			nsb_ktap_result(k, i);
	nsb_ktap_end(k, not_run);
}
