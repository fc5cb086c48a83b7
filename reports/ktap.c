/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ktap.c - results as KTAP (kselftest's format), so kernel CI systems that
 * read kselftest output read nsbench's: "ok N id", "not ok N id", skips as
 * "ok N id # SKIP reason", diagnostics as "# " lines, and a closing
 * "# Totals:" line.
 */
#include "report.h"

/* A reason on one line: KTAP is line-oriented. */
static void folded(FILE *f, const char *prefix, const char *s)
{
	fputs(prefix, f);
	for (; *s; s++)
		fputc(*s == '\n' ? ' ' : *s, f);
	fputc('\n', f);
}

void nsb_ktap_print(FILE *f, const struct nsb_result *res, size_t n)
{
	struct nsb_counts c;
	size_t ran = 0, i, k = 0;

	nsb_count(res, n, &c);
	for (i = 0; i < n; i++)
		ran += res[i].ran ? 1 : 0;
	fprintf(f, "KTAP version 1\n1..%zu\n", ran);
	for (i = 0; i < n; i++) {
		const struct nsb_result *r = &res[i];

		if (!r->ran)
			continue;
		k++;
		switch (r->verdict) {
		case NSB_PASS:
			fprintf(f, "ok %zu %s\n", k, r->id);
			break;
		case NSB_SKIP:
			fprintf(f, "ok %zu %s", k, r->id);
			folded(f, " # SKIP ", r->reason);
			break;
		default:
			folded(f, "# ", r->reason);
			fprintf(f, "not ok %zu %s # %s\n", k, r->id,
				r->verdict == NSB_TIMEOUT ? "TIMEOUT" : nsb_verdict_name(r->verdict));
		}
	}
	fprintf(f, "# Totals: pass:%zu fail:%zu xfail:0 xpass:0 skip:%zu error:%zu\n", c.v[NSB_PASS],
		c.v[NSB_FAIL] + c.v[NSB_TIMEOUT], c.v[NSB_SKIP], c.v[NSB_ERROR]);
}
