/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_tp_base.c - what the scheduler read of its namespaces, handed to
 * nsbench-tp as one argument (nsb_tp_base_format/parse, harness/engine/tp.c):
 * it round-trips, and what is not such a string is refused.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmocka-wrap.h"
#include "harness/engine/tp.h"

static void round_trip(void **state)
{
	char a[512], b[512];
	unsigned long long ino;

	(void)state;
	nsb_tp_prepare();
	assert_int_equal(nsb_tp_base_format(a, sizeof(a)), 0);
	/* The first entry is /proc/self/ns/pid's inode: never 0 where /proc is mounted. */
	assert_int_equal(sscanf(a, "%llu,", &ino), 1);
	assert_true(ino > 0);
	assert_int_equal(nsb_tp_base_parse(a), 0);
	assert_int_equal(nsb_tp_base_format(b, sizeof(b)), 0);
	assert_string_equal(a, b);
	/* Too small a buffer is said, not truncated. */
	assert_int_equal(nsb_tp_base_format(b, 20), -ENOSPC);
}

static void refuses_what_is_not_a_base(void **state)
{
	char a[512];

	(void)state;
	assert_int_equal(nsb_tp_base_parse("1,2,3"), -EINVAL);
	/* After a refused string there is no base: each test parent reads its own. */
	assert_int_equal(nsb_tp_base_format(a, sizeof(a)), -ENODATA);
	assert_int_equal(nsb_tp_base_parse("x,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,"), -EINVAL);
	assert_int_equal(nsb_tp_base_parse(""), -EINVAL);
	/* Sixteen numbers and no offsets: a base whose time offsets are read again. */
	assert_int_equal(nsb_tp_base_parse("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,"), 0);
	assert_int_equal(nsb_tp_base_format(a, sizeof(a)), 0);
	assert_string_equal(a, "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(refuses_what_is_not_a_base),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
