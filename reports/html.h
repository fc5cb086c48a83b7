/* SPDX-License-Identifier: GPL-2.0-or-later */
/* html.h - a JSON report (and optionally a base to compare with) as one self-contained HTML page. */
#ifndef NSB_HTML_H
#define NSB_HTML_H

#include <stdio.h>

struct json_object;

/*
 * Write the HTML page for the report doc (a parsed nsbench JSON report,
 * reports/FORMAT.md), and when base is not NULL the comparison with it.
 * Names label the two in the page (file names). One file, no script and
 * no external URL: every chart is inline SVG drawn here, and a
 * Content-Security-Policy of default-src 'none' makes the browser refuse
 * anything else. Sections: summary; the combination x test heat map (one
 * <g class="cell"> per result, colour plus a letter, the reason in a
 * <title> shown on hover); per-type marginal costs with their intervals;
 * sample distributions; scaling and growth curves; the comparison.
 * Returns 0, or -EIO when writing failed.
 */
int nsb_html_print(FILE *f, struct json_object *doc, const char *name, struct json_object *base,
		   const char *base_name);

#endif
