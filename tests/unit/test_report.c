/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_report.c - the JSON report document, its atomic writing, and the summary. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmocka-wrap.h"
#include "reports/report.h"

static struct nsb_report_lab lab = { .types = 0x5f, .privileged = true, .ok = true };

static void make_results(struct nsb_result *r, size_t n)
{
	const struct nsb_suite *s = nsb_suite_find("isolation");

	for (size_t i = 0; i < n; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].suite = s;
		r[i].test = &s->tests[0];
		r[i].combo = (unsigned)i;
		r[i].ran = i != n - 1;	/* the last one never ran */
		r[i].verdict = i == 1 ? NSB_SKIP : NSB_PASS;
		snprintf(r[i].id, sizeof(r[i].id), "isolation.ns-inodes.%zu", i);
		if (i == 1)
			assert_int_equal(nsb_result_set_reason(&r[i], "clone3(CLONE_NEWPID): EPERM"), 0);
		nsb_obs_init(&r[i].expected);
		nsb_obs_init(&r[i].observed);
		nsb_obs_set(&r[i].expected, "ns.pid", "!= parent.ns.pid (1)");
		nsb_obs_set(&r[i].observed, "ns.pid", "2");
	}
}

static void document_has_the_fields(void **state)
{
	struct nsb_result res[3];
	struct nsb_run_info run = { .duration_s = 1.5, .jobs = 2, .timeout_ms = 10000, .lab = &lab };
	json_object *doc, *o, *results, *r0;

	(void)state;
	make_results(res, 3);
	doc = nsb_report_build(&run, res, 3);
	assert_non_null(doc);
	assert_true(json_object_object_get_ex(doc, "schema_version", &o));
	assert_int_equal(json_object_get_int(o), NSB_SCHEMA_VERSION);
	assert_true(json_object_object_get_ex(doc, "results", &results));
	assert_int_equal(json_object_array_length(results), 2);	/* not-run results are left out */
	r0 = json_object_array_get_idx(results, 1);
	assert_true(json_object_object_get_ex(r0, "verdict", &o));
	assert_string_equal(json_object_get_string(o), "skip");
	assert_true(json_object_object_get_ex(r0, "combo", &o));
	assert_int_equal(json_object_array_length(o), 1);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(o, 0)), "pid");
	assert_true(json_object_object_get_ex(doc, "run", &o));
	assert_true(json_object_object_get_ex(o, "counts", &o));
	assert_true(json_object_object_get_ex(o, "not_run", &o));
	assert_int_equal(json_object_get_int(o), 1);
	/* No NaN or Infinity can reach the text (LIBS-NOTES.md). */
	assert_null(strstr(json_object_to_json_string(doc), "NaN"));
	json_object_put(doc);
	for (int i = 0; i < 3; i++)
		nsb_result_free(&res[i]);
}

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.' || strncmp(e->d_name, ".nsbench", 8) == 0;
	closedir(d);
	return n;
}

static void writes_atomically(void **state)
{
	char dir[] = "/tmp/nsbench-unit.XXXXXX", path[256];
	json_object *doc = json_object_new_object(), *back;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/r.json", dir);
	assert_int_equal(nsb_report_probe_path(path), 0);
	assert_int_equal(entries(dir), 0);	/* the probe leaves nothing */
	json_object_object_add(doc, "x", json_object_new_int(1));
	assert_int_equal(nsb_report_write(doc, path), 0);
	assert_int_equal(entries(dir), 1);	/* no temporary file left */
	back = json_object_from_file(path);
	assert_non_null(back);
	json_object_put(back);
	assert_int_equal(nsb_report_write(doc, "/nonexistent/dir/r.json"), -ENOENT);
	assert_int_equal(nsb_report_probe_path("/nonexistent/dir/r.json"), -ENOENT);
	assert_int_not_equal(nsb_report_probe_path(dir), 0);	/* a directory is no report file */
	json_object_put(doc);
	unlink(path);
	rmdir(dir);
}

/* Paths refused before any test runs, and what a symlink or a device becomes. */
static void report_paths(void **state)
{
	char dir[] = "/tmp/nsbench-unit.XXXXXX", path[PATH_MAX + 16], link[256], target[256];
	json_object *doc = json_object_new_object();
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(nsb_report_probe_path(""), -ENOENT);
	assert_int_equal(nsb_report_probe_path(dir), -EISDIR);
	snprintf(path, sizeof(path), "%s/%0*d", dir, NAME_MAX + 1, 0);	/* NAME_MAX + 1 */
	assert_int_equal(nsb_report_probe_path(path), -ENAMETOOLONG);
	memset(path, 'a', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	assert_int_equal(nsb_report_probe_path(path), -ENAMETOOLONG);	/* >= PATH_MAX */
	/* A symlink stays a symlink: its target gets the report. */
	snprintf(target, sizeof(target), "%s/target.json", dir);
	snprintf(link, sizeof(link), "%s/link.json", dir);
	assert_int_equal(symlink("target.json", link), 0);
	json_object_object_add(doc, "x", json_object_new_int(1));
	assert_int_equal(nsb_report_probe_path(link), 0);
	assert_int_equal(nsb_report_write(doc, link), 0);	/* dangling: the target is created */
	assert_int_equal(nsb_report_write(doc, link), 0);	/* then replaced */
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(lstat(target, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(entries(dir), 2);
	/* A link to a directory is refused like the directory. */
	unlink(link);
	assert_int_equal(symlink(".", link), 0);
	assert_int_equal(nsb_report_probe_path(link), -EISDIR);
	unlink(link);
	unlink(target);
	rmdir(dir);
	json_object_put(doc);
}

/* Bytes that are not UTF-8 become \xNN; valid UTF-8 (any length) stays as it is. */
static void escapes_invalid_utf8(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "plain", "plain" },
		{ "caf\xc3\xa9 \xf0\x9f\x98\x80", "caf\xc3\xa9 \xf0\x9f\x98\x80" },
		{ "a\xff", "a\\xFF" },
		{ "\xc0\x80", "\\xC0\\x80" },			/* overlong NUL */
		{ "\xed\xa0\x80", "\\xED\\xA0\\x80" },		/* a surrogate */
		{ "\xf4\x90\x80\x80", "\\xF4\\x90\\x80\\x80" },	/* > U+10FFFF */
		{ "\xe2\x82", "\\xE2\\x82" },			/* truncated */
		{ "\xe2\x82\xac", "\xe2\x82\xac" },		/* the euro sign */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *e = nsb_utf8_escape(cases[i].in);

		assert_string_equal(e, cases[i].out);
		free(e);
	}
}

static void summary_ends_with_the_closing_line(void **state)
{
	struct nsb_result res[3];
	struct nsb_run_info run = { .duration_s = 1.5, .jobs = 2, .lab = &lab, .report_path = "r.json" };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	make_results(res, 3);
	res[0].verdict = NSB_FAIL;
	assert_int_equal(nsb_result_set_reason(&res[0], "ns.pid: expected != 1, observed 1"), 0);
	nsb_summary_print(f, &run, res, 3, 0);
	fclose(f);
	assert_non_null(strstr(buf, "fail    isolation.ns-inodes.0: ns.pid: expected != 1, observed 1\n"));
	assert_non_null(strstr(buf, "      1  clone3(CLONE_NEWPID): EPERM\n"));
	assert_non_null(strstr(buf, "not run 1"));
	assert_non_null(strstr(buf, "\nnsbench: 0 passed, 1 failed, 1 skipped\n"));
	free(buf);
	for (int i = 0; i < 3; i++)
		nsb_result_free(&res[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(document_has_the_fields),
		cmocka_unit_test(writes_atomically),
		cmocka_unit_test(report_paths),
		cmocka_unit_test(escapes_invalid_utf8),
		cmocka_unit_test(summary_ends_with_the_closing_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
