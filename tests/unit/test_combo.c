/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_combo.c - the namespace table and combination parsing/formatting. */
#define _GNU_SOURCE
#include <sched.h>
#include <string.h>

#include "cmocka-wrap.h"
#include "common/combo.h"

static void table_is_consistent(void **state)
{
	(void)state;
	NSB_FOREACH_NS(t) {
		assert_int_equal(nsb_ns_from_name(nsb_nstypes[t].name), t);
		assert_int_equal(nsb_ns_from_flag(nsb_nstypes[t].clone_flag), t);
		assert_non_null(nsb_nstypes[t].sysctl);
	}
	assert_int_equal(nsb_nstypes[NSB_NS_MNT].clone_flag, CLONE_NEWNS);
	assert_int_equal(nsb_ns_from_name("bogus"), _NSB_NS_INVALID);
	assert_string_equal(nsb_ns_known_names(), "pid,uts,ipc,mnt,net,user,cgroup,time");
}

static void parse_and_format(void **state)
{
	unsigned m = 99;
	char buf[NSB_COMBO_STRLEN], bad[32];

	(void)state;
	assert_int_equal(nsb_combo_parse("net,pid", &m, bad, sizeof(bad)), 0);
	assert_int_equal(m, NSB_MASK(NSB_NS_PID) | NSB_MASK(NSB_NS_NET));
	assert_string_equal(nsb_combo_format(m, buf, sizeof(buf)), "pid,net");
	assert_int_equal(nsb_combo_parse("none", &m, NULL, 0), 0);
	assert_int_equal(m, 0);
	assert_string_equal(nsb_combo_format(0, buf, sizeof(buf)), "none");
	assert_int_equal(nsb_combo_parse("all", &m, NULL, 0), 0);
	assert_int_equal(m, NSB_ALL_MASK);
	assert_string_equal(nsb_combo_format(m, buf, sizeof(buf)), "pid,uts,ipc,mnt,net,user,cgroup,time");
	assert_int_equal(nsb_combo_parse("pid,bogus", &m, bad, sizeof(bad)), -EINVAL);
	assert_string_equal(bad, "bogus");
	assert_int_equal(nsb_combo_parse("", &m, bad, sizeof(bad)), -EINVAL);
	assert_int_equal(nsb_combo_parse(",", &m, bad, sizeof(bad)), -EINVAL);
	assert_int_equal(nsb_combo_parse(NULL, &m, bad, sizeof(bad)), -EINVAL);
}

static void every_mask_round_trips(void **state)
{
	(void)state;
	for (unsigned m = 0; m < NSB_COMBO_COUNT; m++) {
		char buf[NSB_COMBO_STRLEN];
		unsigned back;

		assert_int_equal(nsb_combo_parse(nsb_combo_format(m, buf, sizeof(buf)), &back, NULL, 0), 0);
		assert_int_equal(back, m);
	}
}

static void clone_flags(void **state)
{
	char names[160];

	(void)state;
	assert_int_equal(nsb_combo_clone_flags(0), 0);
	assert_int_equal(nsb_combo_clone_flags(NSB_MASK(NSB_NS_USER) | NSB_MASK(NSB_NS_NET)),
			 CLONE_NEWUSER | CLONE_NEWNET);
	assert_string_equal(nsb_ns_flag_names(NSB_MASK(NSB_NS_USER) | NSB_MASK(NSB_NS_MNT), names,
					      sizeof(names)), "CLONE_NEWNS|CLONE_NEWUSER");
	assert_string_equal(nsb_ns_flag_names(0, names, sizeof(names)), "0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_is_consistent),
		cmocka_unit_test(parse_and_format),
		cmocka_unit_test(every_mask_round_trips),
		cmocka_unit_test(clone_flags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
