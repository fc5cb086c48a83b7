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
#include "log.h"
#include "../reports/html.h"
#include "../reports/report.h"
#include "../reports/textout.h"

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

/*
 * Read and parse path with json-c's strict tokener; check it is an nsbench
 * report this version reads (an object with schema_version 1 and a results
 * array). On error, prints one line naming the file and returns NULL.
 */
static json_object *read_report(const char *path)
{
	json_tokener *tok = NULL;
	json_object *doc = NULL, *v;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "re"), *m = NULL;
	int c;

	if (!f) {
		log_error_errno(-errno, "cannot read '%s'", path);
		return NULL;
	}
	m = open_memstream(&buf, &len);
	while (m && (c = getc(f)) != EOF)
		putc(c, m);
	if (!m || ferror(f) || fclose(m) != 0) {
		log_error_errno(-EIO, "cannot read '%s'", path);
		goto out;
	}
	if (strlen(buf) != len) {
		log_error("'%s': invalid JSON: contains a NUL byte", path);
		goto out;
	}
	tok = json_tokener_new();
	if (!tok) {
		log_error_errno(-ENOMEM, "cannot parse '%s'", path);
		goto out;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	doc = json_tokener_parse_ex(tok, buf, (int)len);
	if (!doc || json_tokener_get_error(tok) != json_tokener_success ||
	    strspn(buf + tok->char_offset, " \t\r\n") != len - (size_t)tok->char_offset) {
		log_error("'%s': invalid JSON: %s", path,
			  doc ? "data after the document" : json_tokener_error_desc(json_tokener_get_error(tok)));
		json_object_put(doc);
		doc = NULL;
		goto out;
	}
	if (!json_object_is_type(doc, json_type_object) ||
	    !json_object_object_get_ex(doc, "schema_version", &v) || !json_object_is_type(v, json_type_int)) {
		log_error("'%s': not an nsbench report (no schema_version)", path);
	} else if (json_object_get_int(v) != NSB_SCHEMA_VERSION) {
		log_error("'%s': schema_version %d is not supported (this nsbench reads %d)", path,
			  json_object_get_int(v), NSB_SCHEMA_VERSION);
	} else if (!json_object_object_get_ex(doc, "results", &v) || !json_object_is_type(v, json_type_array)) {
		log_error("'%s': not an nsbench report (no results array)", path);
	} else {
		goto out;
	}
	json_object_put(doc);
	doc = NULL;
out:
	if (tok)
		json_tokener_free(tok);
	free(buf);
	fclose(f);
	return doc;
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
