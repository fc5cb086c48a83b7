/* SPDX-License-Identifier: GPL-2.0-or-later */
/* junit.c - results -> JUnit XML (one testsuite per suite), escaped for XML 1.0. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "common/combo.h"
#include "junit.h"
#include "textout.h"

static void prop(FILE *f, const char *name, const char *value)
{
	fprintf(f, "      <property name=\"%s\" value=\"", name);
	nsb_xml_escape(f, value, 1);
	fputs("\"/>\n", f);
}

static void properties(FILE *f, const struct nsb_run_info *run)
{
	char buf[64], args[1024] = "";
	struct utsname u;
	size_t off = 0;

	fputs("    <properties>\n", f);
	if (uname(&u) == 0) {
		prop(f, "kernel_release", u.release);
		prop(f, "arch", u.machine);
	}
	if (run->lab) {
		snprintf(buf, sizeof(buf), "%u", (unsigned)run->lab->outer_uid);
		prop(f, "uid", buf);
		prop(f, "lab", !run->lab->ok ? "unavailable" :
			       run->lab->privileged ? "privileged" : "user-namespace");
	}
	prop(f, "nsbench_version", NSB_VERSION);
	if (run->support && run->support->computed) {
		prop(f, "environment", run->support->env.outer);
		prop(f, "virtualisation", run->support->env.virt);
		prop(f, "cgroup_layout", run->support->env.cgroup_layout);
	}
	for (int i = 0; i < run->argc && off < sizeof(args); i++)
		off += (size_t)snprintf(args + off, sizeof(args) - off, "%s%s", i ? " " : "", run->argv[i]);
	prop(f, "args", args);
	prop(f, "interrupted", run->interrupted ? "true" : "false");
	fputs("    </properties>\n", f);
}

/* How many earlier results of the same suite and test share r's combo (normally 0). */
static unsigned repeats(const struct nsb_result *res, size_t i)
{
	unsigned k = 0;

	for (size_t j = 0; j < i; j++)
		if (res[j].test == res[i].test && res[j].combo == res[i].combo)
			k++;
	return k;
}

static void testcase(FILE *f, const struct nsb_result *res, size_t i)
{
	const struct nsb_result *r = &res[i];
	char combo[NSB_COMBO_STRLEN];
	unsigned rep = repeats(res, i);

	fputs("    <testcase classname=\"nsbench.", f);
	nsb_xml_escape(f, r->suite->name, 1);
	fputc('.', f);
	nsb_xml_escape(f, r->test->name, 1);
	fputs("\" name=\"", f);
	nsb_xml_escape(f, nsb_combo_format(r->combo, combo, sizeof(combo)), 1);
	if (rep)
		fprintf(f, " #%u", rep + 1);
	fprintf(f, "\" time=\"%.6f\"", r->ran ? (double)r->duration_us / 1e6 : 0.0);
	if (r->ran && r->verdict == NSB_PASS) {
		fputs("/>\n", f);
		return;
	}
	fputs(">\n      ", f);
	if (!r->ran) {
		fputs("<error type=\"not-run\" message=\"not run: the run was interrupted\"/>", f);
	} else if (r->verdict == NSB_SKIP) {
		fputs("<skipped message=\"", f);
		nsb_xml_escape(f, nsb_result_reason(r), 1);
		fputs("\"/>", f);
	} else {
		const char *tag = r->verdict == NSB_FAIL ? "failure" : "error";

		fprintf(f, "<%s type=\"%s\" message=\"", tag, nsb_verdict_name(r->verdict));
		nsb_xml_escape(f, nsb_result_reason(r), 1);
		fputs("\">", f);
		/* The body: what was expected and what the probe reported, as in the JSON report. */
		for (size_t k = 0; k < r->expected.n; k++) {
			fputs("\nexpected ", f);
			nsb_xml_escape(f, r->expected.kv[k].key, 0);
			fputc(' ', f);
			nsb_xml_escape(f, r->expected.kv[k].value, 0);
		}
		for (size_t k = 0; k < r->observed.n; k++) {
			fputs("\nobserved ", f);
			nsb_xml_escape(f, r->observed.kv[k].key, 0);
			fputs(" = ", f);
			nsb_xml_escape(f, r->observed.kv[k].value, 0);
		}
		fprintf(f, "\n      </%s>", tag);
	}
	fputs("\n    </testcase>\n", f);
}

static void testsuite(FILE *f, const struct nsb_run_info *run, const struct nsb_result *res,
		      size_t n, const struct nsb_suite *s, const char *stamp)
{
	size_t tests = 0, fail = 0, err = 0, skip = 0;
	double t = 0;

	for (size_t i = 0; i < n; i++) {
		if (res[i].suite != s)
			continue;
		tests++;
		if (!res[i].ran) {
			err++;
			continue;
		}
		t += (double)res[i].duration_us / 1e6;
		fail += res[i].verdict == NSB_FAIL;
		err += res[i].verdict == NSB_ERROR || res[i].verdict == NSB_TIMEOUT;
		skip += res[i].verdict == NSB_SKIP;
	}
	fputs("  <testsuite name=\"", f);
	nsb_xml_escape(f, s->name, 1);
	fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.6f\" "
		   "timestamp=\"%s\">\n",
		tests, fail, err, skip, t, stamp);
	properties(f, run);
	for (size_t i = 0; i < n; i++)
		if (res[i].suite == s)
			testcase(f, res, i);
	fputs("  </testsuite>\n", f);
}

int nsb_junit_print(FILE *f, const struct nsb_run_info *run, const struct nsb_result *res, size_t n)
{
	char stamp[32];
	struct tm tm;

	gmtime_r(&run->started.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites name=\"nsbench\" tests=\"%zu\" time=\"%.3f\">\n", n, run->duration_s);
	for (size_t i = 0; i < n; i++) {
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = res[j].suite == res[i].suite;
		if (!seen)
			testsuite(f, run, res, n, res[i].suite, stamp);
	}
	fputs("</testsuites>\n", f);
	return ferror(f) ? -EIO : 0;
}

struct junit_args {
	const struct nsb_run_info *run;
	const struct nsb_result *res;
	size_t n;
};

static int junit_fn(FILE *f, void *arg)
{
	const struct junit_args *a = arg;

	return nsb_junit_print(f, a->run, a->res, a->n);
}

int nsb_junit_write(const char *path, const struct nsb_run_info *run, const struct nsb_result *res,
		    size_t n)
{
	struct junit_args a = { run, res, n };

	return nsb_write_atomic(path, junit_fn, &a);
}
