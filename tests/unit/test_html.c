/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_html.c - the HTML page from a made-up report: one cell per result, escaping, no URL, compare marks. */
#define _GNU_SOURCE
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka-wrap.h"
#include "reports/html.h"

static const char *report =
	"{\"schema_version\": 1, \"tool\": {\"name\": \"nsbench\", \"version\": \"0.1.0\"},"
	" \"run\": {\"counts\": {\"pass\": 2, \"fail\": 1, \"skip\": 1}},"
	" \"results\": ["
	"  {\"id\": \"s.t.none\", \"suite\": \"s\", \"test\": \"t\", \"combo\": [], \"verdict\": \"pass\", \"reason\": \"\"},"
	"  {\"id\": \"s.t.pid\", \"suite\": \"s\", \"test\": \"t\", \"combo\": [\"pid\"], \"verdict\": \"fail\","
	"   \"reason\": \"</title><script>x</script>\"},"
	"  {\"id\": \"s.u.pid,net\", \"suite\": \"s\", \"test\": \"u\", \"combo\": [\"pid\", \"net\"], \"verdict\": \"skip\","
	"   \"reason\": \"clone3(CLONE_NEWNET): EPERM\"},"
	"  {\"id\": \"s.u.none\", \"suite\": \"s\", \"test\": \"u\", \"combo\": [], \"verdict\": \"pass\", \"reason\": \"\"}],"
	" \"benchmarks\": ["
	"  {\"id\": \"clone.none\", \"op\": \"clone\", \"combo\": [], \"status\": \"ok\", \"samples\": [1000, 1100, 1200],"
	"   \"stats\": {\"n\": 3, \"min\": 1000, \"max\": 1200, \"median\": 1100, \"p10\": 1020, \"p90\": 1180, \"p99\": 1198,"
	"   \"ci95_low\": 1000, \"ci95_high\": 1200}, \"runs\": {\"count\": 1, \"min\": 1100, \"max\": 1100}},"
	"  {\"id\": \"clone.pid\", \"op\": \"clone\", \"combo\": [\"pid\"], \"status\": \"ok\", \"samples\": [1500, 1600],"
	"   \"stats\": {\"n\": 2, \"min\": 1500, \"max\": 1600, \"median\": 1550, \"p10\": 1510, \"p90\": 1590, \"p99\": 1599,"
	"   \"ci95_low\": 1500, \"ci95_high\": 1600}, \"marginal_median\": 450, \"baseline_median\": 1100,"
	"   \"runs\": {\"count\": 2, \"min\": 1520, \"max\": 1580}},"
	"  {\"id\": \"clone.net\", \"op\": \"clone\", \"combo\": [\"net\"], \"status\": \"skipped\","
	"   \"reason\": \"clone3(CLONE_NEWNET): EPERM\", \"samples\": [], \"stats\": null}]}";

static char *page(json_object *doc, json_object *base)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(nsb_html_print(f, doc, "run<1>.json", base, base ? "base.json" : NULL), 0);
	fclose(f);
	return buf;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void one_cell_per_result(void **state)
{
	json_object *doc = json_tokener_parse(report);
	char *html;

	(void)state;
	assert_non_null(doc);
	html = page(doc, NULL);
	assert_int_equal(count(html, "<g class=\"cell "), 4);
	assert_int_equal(count(html, "<g class=\"cell v-pass\">"), 2);
	assert_int_equal(count(html, "<g class=\"cell v-fail\">"), 1);
	assert_int_equal(count(html, "<g class=\"cell v-skip\">"), 1);
	/* Columns: none, pid, pid+net (the control first, then by number of types). */
	assert_true(strstr(html, "<title>none</title>") < strstr(html, "<title>pid</title>"));
	assert_true(strstr(html, "<title>pid</title>") < strstr(html, "<title>pid,net</title>"));
	/* Text stays text: no markup from the report, no URL, no script. */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "://"));
	assert_non_null(strstr(html, "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;"));
	assert_non_null(strstr(html, "nsbench report: run&lt;1&gt;.json"));
	/* Two sampled benchmarks, one per-type row (clone.pid), the skipped one listed with its reason. */
	assert_int_equal(count(html, "<g class=\"dist\">"), 2);
	assert_int_equal(count(html, "<g class=\"ival\">"), 1);
	assert_non_null(strstr(html, "<td>clone.net</td><td>skipped</td><td>clone3(CLONE_NEWNET): EPERM</td>"));
	assert_null(strstr(html, "class=\"changed"));
	free(html);
	json_object_put(doc);
}

static void compare_marks_changes(void **state)
{
	json_object *doc = json_tokener_parse(report), *base = json_tokener_parse(report), *r;
	char *html;

	(void)state;
	/* In the base, s.t.pid passed: this run's fail is a change; everything else is equal. */
	r = json_object_array_get_idx(json_object_object_get(base, "results"), 1);
	json_object_object_add(r, "verdict", json_object_new_string("pass"));
	html = page(doc, base);
	assert_int_equal(count(html, " changed\">"), 1);
	assert_non_null(strstr(html, "<g class=\"cell v-fail changed\">"));
	assert_non_null(strstr(html, "(base: pass)"));
	assert_non_null(strstr(html, "1 results changed verdict, 0 are new, 0 of the base's are gone."));
	assert_int_equal(count(html, "<g class=\"cmp\">"), 2);	/* clone.none and clone.pid: ok in both */
	free(html);
	json_object_put(doc);
	json_object_put(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_cell_per_result),
		cmocka_unit_test(compare_marks_changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
