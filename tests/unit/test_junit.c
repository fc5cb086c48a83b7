/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_junit.c - XML 1.0 escaping and the JUnit writer's mapping of verdicts, from made-up results. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka-wrap.h"
#include "reports/junit.h"
#include "reports/textout.h"

static char *escaped(const char *s, int attr)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	nsb_xml_escape(f, s, attr);
	fclose(f);
	return buf;
}

static void expect_escape(const char *in, int attr, const char *want)
{
	char *got = escaped(in, attr);

	assert_string_equal(got, want);
	free(got);
}

#define FFFD "\xef\xbf\xbd"

static void escaping(void **state)
{
	(void)state;
	expect_escape("a&b<c>\"d'e", 1, "a&amp;b&lt;c&gt;&quot;d&#39;e");
	expect_escape("a&b<c>", 0, "a&amp;b&lt;c&gt;");
	/* Controls other than tab, LF, CR are not XML 1.0 characters: dropped. DEL is allowed. */
	expect_escape("x\x01y\x1b[0mz\x7f", 0, "xy[0mz\x7f");
	expect_escape("a\nb\tc\rd", 0, "a\nb\tc\rd");
	expect_escape("a\nb\tc\rd", 1, "a&#10;b&#9;c&#13;d");
	/* UTF-8 is kept; bytes that are not UTF-8 become U+FFFD, one each. */
	expect_escape("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 1, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	expect_escape("\xff\xfe", 0, FFFD FFFD);
	expect_escape("end\xc3", 0, "end" FFFD);
	expect_escape("\xc0\xaf", 0, FFFD FFFD);			/* overlong '/' */
	expect_escape("\xed\xa0\x80", 0, FFFD FFFD FFFD);		/* a UTF-16 surrogate */
	expect_escape("\xf4\x90\x80\x80", 0, FFFD FFFD FFFD FFFD);	/* above U+10FFFF */
	/* U+FFFE and U+FFFF are UTF-8 but not XML characters: dropped. */
	expect_escape("a\xef\xbf\xbe" "b\xef\xbf\xbf" "c", 0, "abc");
	expect_escape(NULL, 0, "");
}

static void verdicts(void **state)
{
	static const struct nsb_test tests[] = { { .name = "t<1>", .probe = "p" } };
	static const struct nsb_suite suite = { .name = "s&s", .tests = tests, .n_tests = 1 };
	struct nsb_result res[6] = { 0 };
	struct nsb_run_info run = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	for (int i = 0; i < 6; i++) {
		res[i].suite = &suite;
		res[i].test = &tests[0];
		res[i].combo = i < 5 ? (unsigned)i : 0;	/* the last one repeats combo 0 */
		res[i].ran = 1;
		res[i].duration_us = 1500;
	}
	res[1].verdict = NSB_FAIL;
	assert_int_equal(nsb_result_set_reason(&res[1], "want \"a\" <got \xff>"), 0);
	res[2].verdict = NSB_SKIP;
	assert_int_equal(nsb_result_set_reason(&res[2], "clone3(CLONE_NEWTIME): ENOSPC"), 0);
	res[3].verdict = NSB_TIMEOUT;
	res[4].verdict = NSB_ERROR;
	res[5].ran = 0;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(nsb_junit_print(f, &run, res, 6), 0);
	fclose(f);
	assert_non_null(strstr(buf, "<testsuite name=\"s&amp;s\" tests=\"6\" failures=\"1\" errors=\"3\" skipped=\"1\""));
	assert_non_null(strstr(buf, "<testcase classname=\"nsbench.s&amp;s.t&lt;1&gt;\" name=\"none\" time=\"0.001500\"/>"));
	assert_non_null(strstr(buf, "<failure type=\"fail\" message=\"want &quot;a&quot; &lt;got " FFFD "&gt;\">"));
	assert_non_null(strstr(buf, "<skipped message=\"clone3(CLONE_NEWTIME): ENOSPC\"/>"));
	assert_non_null(strstr(buf, "<error type=\"timeout\""));
	assert_non_null(strstr(buf, "<error type=\"error\""));
	/* The repeat of combo 0 never ran: a not-run error with a name of its own. */
	assert_non_null(strstr(buf, "name=\"none #2\" time=\"0.000000\">\n      <error type=\"not-run\""));
	assert_null(strchr(buf, '\xff'));
	free(buf);
	for (int i = 0; i < 6; i++)
		nsb_result_free(&res[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escaping),
		cmocka_unit_test(verdicts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
