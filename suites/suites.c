/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * suites.c - every suite nsbench knows; the list order is the run order.
 * Built a second time with NSB_TP_PROGRAM for nsbench-tp (tp_prog.c),
 * without the .netlink suites, whose hooks need libmnl.
 */
#include <string.h>

#include "suite.h"

extern const struct nsb_suite nsb_suite_isolation;
extern const struct nsb_suite nsb_suite_pid;
extern const struct nsb_suite nsb_suite_uts;
extern const struct nsb_suite nsb_suite_user;
extern const struct nsb_suite nsb_suite_time;
extern const struct nsb_suite nsb_suite_caps;
#ifndef NSB_TP_PROGRAM
extern const struct nsb_suite nsb_suite_net;
#endif
extern const struct nsb_suite nsb_suite_ipc;
extern const struct nsb_suite nsb_suite_mnt;
extern const struct nsb_suite nsb_suite_cgroup;
extern const struct nsb_suite nsb_suite_nsfs;
extern const struct nsb_suite nsb_suite_setns;
extern const struct nsb_suite nsb_suite_clone;
extern const struct nsb_suite nsb_suite_nesting;
extern const struct nsb_suite nsb_suite_lifecycle;
extern const struct nsb_suite nsb_suite_mountapi;
#ifndef NSB_TP_PROGRAM
extern const struct nsb_suite nsb_suite_labs;
#endif

const struct nsb_suite *const nsb_suites[] = {
	&nsb_suite_isolation,
	&nsb_suite_pid,
	&nsb_suite_uts,
	&nsb_suite_user,
	&nsb_suite_time,
	&nsb_suite_caps,
#ifndef NSB_TP_PROGRAM
	&nsb_suite_net,
#endif
	&nsb_suite_ipc,
	&nsb_suite_mnt,
	&nsb_suite_cgroup,
	&nsb_suite_nsfs,
	&nsb_suite_setns,
	&nsb_suite_clone,
	&nsb_suite_nesting,
	&nsb_suite_lifecycle,
	&nsb_suite_mountapi,
#ifndef NSB_TP_PROGRAM
	&nsb_suite_labs,
#endif
	NULL,
};

const struct nsb_suite *nsb_suite_find(const char *name)
{
	for (size_t i = 0; nsb_suites[i]; i++)
		if (strcmp(nsb_suites[i]->name, name) == 0)
			return nsb_suites[i];
	return NULL;
}

const struct nsb_test *nsb_test_find(const char *suite, const char *name)
{
	const struct nsb_suite *s = nsb_suite_find(suite);

	for (size_t i = 0; s && i < s->n_tests; i++)
		if (strcmp(s->tests[i].name, name) == 0)
			return &s->tests[i];
	return NULL;
}
