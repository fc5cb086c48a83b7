/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmd_report.c - `nsbench report RUN.json [--compare BASE.json] --html OUT.html`: a report as a page. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "common/log.h"
#include "reports/html.h"
#include "reports/read.h"
#include "reports/textout.h"

static void usage(void)
{
	printf("Usage:\n nsbench report RUN.json [--compare BASE.json] --html OUT.html\n\n"
	       "Turn a JSON report of 'nsbench run' or 'nsbench bench' into one self-contained HTML\n"
	       "page: a heat map of every result (test x combination), the cost per namespace type,\n"
	       "sample distributions, scaling and growth curves, and with --compare what changed\n"
	       "against a base report. No script, no external URL: it opens offline.\n\n"
	       "Options:\n"
	       " -c, --compare FILE   the base report to compare RUN.json with\n"
	       " -o, --html FILE      write the HTML page there\n"
	       " -h, --help           display this help\n\n"
	       "Exit status: 0 written, 2 usage error, unreadable report or write error.\n");
}

/* Read and check a report (reports/read.c); on error one line naming the file, and NULL. */
static json_object *read_report(const char *path)
{
	struct nsb_report_doc r;
	char err[256] = "";
	int ret = nsb_report_read(path, &r, err, sizeof(err));

	if (ret < 0) {
		if (err[0])
			log_error("'%s': %s", path, err);
		else
			log_error_errno(ret, "cannot read '%s'", path);
		json_object_put(r.doc);	/* a parsed document that is not a report */
		return NULL;
	}
	return r.doc;
}

struct page {
	json_object *doc, *base;
	const char *name, *base_name;
};

static int page_fn(FILE *f, void *arg)
{
	struct page *p = arg;

	return nsb_html_print(f, p->doc, p->name, p->base, p->base_name);
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "compare", required_argument, NULL, 'c' },
		{ "html", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *html = NULL;
	struct page p = { 0 };
	int opt, r, code = NSB_EXIT_USAGE;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":c:o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			p.base_name = optarg;
			break;
		case 'o':
			html = optarg;
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
	if (optind != argc - 1)
		return nsb_usage_error("report takes one JSON report (see 'nsbench report --help')");
	if (!html)
		return nsb_usage_error("report needs an output: --html FILE");
	p.name = argv[optind];
	if (!(p.doc = read_report(p.name)))
		return NSB_EXIT_USAGE;
	if (p.base_name && !(p.base = read_report(p.base_name)))
		goto out;
	if ((r = nsb_write_atomic(html, page_fn, &p)) < 0) {
		log_error_errno(r, "cannot write '%s'", html);
		goto out;
	}
	code = NSB_EXIT_OK;
out:
	json_object_put(p.doc);
	json_object_put(p.base);
	return code;
}
