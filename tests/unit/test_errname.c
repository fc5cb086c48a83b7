/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_errname.c - the errno and signal tables generated from the kernel's uapi
 * headers (scripts/uapi-names.sh), which the probes built with musl use, give
 * exactly glibc's strerrorname_np(3)/sigabbrev_np(3) names.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "cmocka-wrap.h"
#include "common/errname.h"

static void errno_table_is_glibcs(void **state)
{
	int named = 0;

	(void)state;
	for (int e = 1; e < 256; e++) {
		const char *g = strerrorname_np(e), *t = nsb_uapi_errno_name(e);

		if (!g) {
			assert_null(t);
			continue;
		}
		assert_non_null(t);
		assert_string_equal(t, g);
		named++;
	}
	assert_true(named > 120);	/* asm-generic: EPERM 1 .. EHWPOISON 133, with gaps */
	/* Aliases take the first name, as glibc does; the table is not shifted by one. */
	assert_string_equal(nsb_uapi_errno_name(EAGAIN), "EAGAIN");
	assert_string_equal(nsb_uapi_errno_name(EDEADLK), "EDEADLK");
	assert_string_equal(nsb_uapi_errno_name(EOPNOTSUPP), "EOPNOTSUPP");
	assert_string_equal(nsb_uapi_errno_name(1), "EPERM");
	assert_null(nsb_uapi_errno_name(0));
	assert_null(nsb_uapi_errno_name(-1));
	assert_null(nsb_uapi_errno_name(100000));
}

static void signal_table_is_glibcs(void **state)
{
	(void)state;
	for (int s = 1; s < 32; s++) {
		assert_non_null(sigabbrev_np(s));
		assert_non_null(nsb_uapi_signal_abbrev(s));
		assert_string_equal(nsb_uapi_signal_abbrev(s), sigabbrev_np(s));
	}
	assert_string_equal(nsb_uapi_signal_abbrev(SIGKILL), "KILL");
	assert_string_equal(nsb_uapi_signal_abbrev(SIGABRT), "ABRT");	/* not IOT */
	assert_string_equal(nsb_uapi_signal_abbrev(SIGIO), "POLL");	/* glibc: POSIX's name */
	assert_null(nsb_uapi_signal_abbrev(0));
	assert_null(nsb_uapi_signal_abbrev(SIGRTMIN));
	assert_string_equal(nsb_signal_abbrev(SIGTERM), "TERM");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(errno_table_is_glibcs),
		cmocka_unit_test(signal_table_is_glibcs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
