/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_obs.c - parsing of probe observations. */
#include <stdio.h>
#include <string.h>

#include "cmocka-wrap.h"
#include "suites/obs.h"

static void parses_lines(void **state)
{
	struct nsb_obs o;
	const char *in = "pid=1\nppid=0\nempty=\nwith=equals=sign\nlast=no-newline";

	(void)state;
	nsb_obs_init(&o);
	assert_int_equal(nsb_obs_parse(&o, in, strlen(in)), 0);
	assert_string_equal(nsb_obs_get(&o, "pid"), "1");
	assert_string_equal(nsb_obs_get(&o, "ppid"), "0");
	assert_string_equal(nsb_obs_get(&o, "empty"), "");
	assert_string_equal(nsb_obs_get(&o, "with"), "equals=sign");
	assert_string_equal(nsb_obs_get(&o, "last"), "no-newline");
	assert_null(nsb_obs_get(&o, "missing"));
	assert_int_equal(o.malformed, 0);
	nsb_obs_free(&o);
}

static void counts_malformed(void **state)
{
	struct nsb_obs o;
	const char *in = "no equals sign\nUPPER=1\n=novalue\nsp ace=1\nok.key-1_x=2\n";

	(void)state;
	nsb_obs_init(&o);
	assert_int_equal(nsb_obs_parse(&o, in, strlen(in)), 0);
	assert_int_equal(o.malformed, 4);
	assert_string_equal(nsb_obs_get(&o, "ok.key-1_x"), "2");
	nsb_obs_free(&o);
}

static void last_value_wins(void **state)
{
	struct nsb_obs o;

	(void)state;
	nsb_obs_init(&o);
	assert_int_equal(nsb_obs_set(&o, "k", "a"), 0);
	assert_int_equal(nsb_obs_set(&o, "k", "b"), 0);
	assert_int_equal(o.n, 1);
	assert_string_equal(nsb_obs_get(&o, "k"), "b");
	for (int i = 0; i < 100; i++) {
		char key[16];

		snprintf(key, sizeof(key), "k%d", i);
		assert_int_equal(nsb_obs_set(&o, key, key), 0);
	}
	assert_string_equal(nsb_obs_get(&o, "k99"), "k99");
	nsb_obs_free(&o);
}

/* From 8 keys on lookups go through a hash index: every key, replaced or not, is still found once. */
static void indexed_lookups(void **state)
{
	struct nsb_obs o;
	char key[16], val[16], line[40];

	(void)state;
	nsb_obs_init(&o);
	for (int i = 0; i < 300; i++) {
		snprintf(line, sizeof(line), "key.%d=v%d", i, i);
		assert_int_equal(nsb_obs_parse_line(&o, line, strlen(line)), 0);
	}
	assert_non_null(o.idx);
	for (int i = 0; i < 300; i += 3) {
		snprintf(key, sizeof(key), "key.%d", i);
		snprintf(val, sizeof(val), "w%d", i);
		assert_int_equal(nsb_obs_set(&o, key, val), 0);
	}
	assert_int_equal(o.n, 300);
	for (int i = 0; i < 300; i++) {
		snprintf(key, sizeof(key), "key.%d", i);
		snprintf(val, sizeof(val), "%c%d", i % 3 ? 'v' : 'w', i);
		assert_string_equal(nsb_obs_get(&o, key), val);
	}
	assert_null(nsb_obs_get(&o, "key.300"));
	assert_null(nsb_obs_get(&o, "key"));
	nsb_obs_free(&o);
	assert_null(o.idx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_lines),
		cmocka_unit_test(counts_malformed),
		cmocka_unit_test(last_value_wins),
		cmocka_unit_test(indexed_lookups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
