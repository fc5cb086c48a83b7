/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmd_list.c - `nsbench list [suites|tests|combos]`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "combo.h"
#include "runner.h"

static void list_suites(void)
{
	for (size_t i = 0; nsb_suites[i]; i++)
		printf("%-12s %zu tests  %s\n", nsb_suites[i]->name, nsb_suites[i]->n_tests,
		       nsb_suites[i]->summary);
}

static void list_tests(void)
{
	for (size_t i = 0; nsb_suites[i]; i++)
		for (size_t t = 0; t < nsb_suites[i]->n_tests; t++) {
			const struct nsb_test *x = &nsb_suites[i]->tests[t];
			unsigned n = 0;

			for (unsigned c = 0; c < NSB_COMBO_COUNT; c++)
				n += nsb_test_applies(x, c) ? 1 : 0;
			printf("%s.%s  probe=%s combos=%u properties=%s\n", nsb_suites[i]->name, x->name,
			       x->probe, n, x->properties ? x->properties : "-");
		}
}

static void list_combos(void)
{
	for (unsigned c = 0; c < NSB_COMBO_COUNT; c++) {
		char buf[NSB_COMBO_STRLEN];

		printf("%s\n", nsb_combo_format(c, buf, sizeof(buf)));
	}
}

int cmd_list(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "suites";

	if (argc > 2)
		return nsb_usage_error("list takes one argument: suites, tests or combos");
	if (strcmp(what, "-h") == 0 || strcmp(what, "--help") == 0) {
		printf("Usage:\n nsbench list [suites|tests|combos]\n\n"
		       "List the suites, the tests (with the properties they cover) or the\n"
		       "256 combinations of namespace types.\n");
		return NSB_EXIT_OK;
	}
	if (strcmp(what, "suites") == 0)
		list_suites();
	else if (strcmp(what, "tests") == 0)
		list_tests();
	else if (strcmp(what, "combos") == 0)
		list_combos();
	else
		return nsb_usage_error("cannot list '%s' (suites, tests or combos)", what);
	return NSB_EXIT_OK;
}
