/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmd_list.c - `nsbench list [suites|tests|combos|properties [--json]]`. */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "common/combo.h"
#include "harness/engine/runner.h"
#include "suites/properties.h"

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
			char mutates[NSB_COMBO_STRLEN];
			unsigned n = 0;

			for (unsigned c = 0; c < NSB_COMBO_COUNT; c++)
				n += nsb_test_applies(x, c) ? 1 : 0;
			/* mutates: the types its test parent unshares before the probe starts. */
			printf("%s.%s  probe=%s combos=%u properties=%s mutates=%s\n", nsb_suites[i]->name,
			       x->name, x->probe, n, x->properties ? x->properties : "-",
			       nsb_combo_format(x->mutates, mutates, sizeof(mutates)));
		}
}

static void list_combos(void)
{
	for (unsigned c = 0; c < NSB_COMBO_COUNT; c++) {
		char buf[NSB_COMBO_STRLEN];

		printf("%s\n", nsb_combo_format(c, buf, sizeof(buf)));
	}
}

/* The tests ("suite.test") naming property p, as a JSON array of strings. */
static json_object *covering_tests(const struct nsb_property *p)
{
	json_object *a = json_object_new_array();
	char id[128];

	for (size_t i = 0; nsb_suites[i]; i++)
		for (size_t t = 0; t < nsb_suites[i]->n_tests; t++)
			if (nsb_test_covers(&nsb_suites[i]->tests[t], p->id)) {
				snprintf(id, sizeof(id), "%s.%s", nsb_suites[i]->name,
					 nsb_suites[i]->tests[t].name);
				json_object_array_add(a, json_object_new_string(id));
			}
	return a;
}

/* nsbench's own tests of a harness property, as "selftest:<script>". */
static void add_selftests(json_object *tests, const struct nsb_property *p)
{
	char buf[512], *save = NULL;

	if (!p->selftests)
		return;
	snprintf(buf, sizeof(buf), "%s", p->selftests);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		char item[300];

		snprintf(item, sizeof(item), "selftest:%s", t);
		json_object_array_add(tests, json_object_new_string(item));
	}
}

/*
 * Every PROPERTIES.md id with the tests that cover it, or, when none does,
 * the reason decided in suites/properties.c. The reason is null in JSON
 * (and not printed) for a covered id.
 */
static int list_properties(bool as_json)
{
	json_object *all = json_object_new_array();
	int r = NSB_EXIT_OK;

	for (size_t i = 0; i < nsb_n_properties; i++) {
		const struct nsb_property *p = &nsb_properties[i];
		json_object *o = json_object_new_object(), *tests = covering_tests(p);
		size_t n;

		add_selftests(tests, p);
		n = json_object_array_length(tests);

		json_object_object_add(o, "id", json_object_new_string(p->id));
		json_object_object_add(o, "title", json_object_new_string(p->title));
		json_object_object_add(o, "tests", tests);
		json_object_object_add(o, "reason", n ? NULL : json_object_new_string(p->reason));
		json_object_array_add(all, o);
		if (as_json)
			continue;
		printf("%-8s ", p->id);
		if (!n)
			printf("- (%s)", p->reason);
		for (size_t t = 0; t < n; t++)
			printf("%s%s", t ? " " : "",
			       json_object_get_string(json_object_array_get_idx(tests, t)));
		putchar('\n');
	}
	if (as_json)
		puts(json_object_to_json_string_ext(all, JSON_C_TO_STRING_PRETTY |
						    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(all);
	if (fflush(stdout) != 0)
		r = NSB_EXIT_USAGE;
	return r;
}

static int usage(void)
{
	printf("Usage:\n nsbench list [suites|tests|combos|properties [--json]]\n\n"
	       "List the suites, the tests (with the properties they cover and the types\n"
	       "their test parent unshares first), the 256 combinations of namespace\n"
	       "types, or every property id of PROPERTIES.md with the tests covering it\n"
	       "(or the reason none does).\n");
	return NSB_EXIT_OK;
}

int cmd_list(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "suites";
	bool json = argc > 2 && strcmp(argv[2], "--json") == 0;

	if (strcmp(what, "-h") == 0 || strcmp(what, "--help") == 0)
		return usage();
	if (strcmp(what, "properties") == 0) {
		if (argc > 3 || (argc == 3 && !json))
			return nsb_usage_error("list properties takes only --json");
		return list_properties(json);
	}
	if (argc > 2)
		return nsb_usage_error("list takes one argument: suites, tests, combos or properties");
	if (strcmp(what, "suites") == 0)
		list_suites();
	else if (strcmp(what, "tests") == 0)
		list_tests();
	else if (strcmp(what, "combos") == 0)
		list_combos();
	else
		return nsb_usage_error("cannot list '%s' (suites, tests, combos or properties)", what);
	return NSB_EXIT_OK;
}
