/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_properties.c - the coverage table against PROPERTIES.md and the
 * suites: every id of PROPERTIES.md appears exactly once in
 * suites/properties.c, with a title and a reason; every id a test names
 * exists there. PROPERTIES.md is looked for at $NSB_PROPERTIES_MD, then
 * ../shared/PROPERTIES.md and ../../shared/PROPERTIES.md from the source
 * tree (tests/run.sh runs units from the tree's root).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka-wrap.h"
#include "suites/properties.h"

static FILE *open_properties_md(void)
{
	const char *candidates[] = { getenv("NSB_PROPERTIES_MD"), "../shared/PROPERTIES.md",
				     "../../shared/PROPERTIES.md" };

	for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
		FILE *f = candidates[i] ? fopen(candidates[i], "re") : NULL;

		if (f)
			return f;
	}
	return NULL;
}

/* How often id occurs in the table. */
static unsigned table_count(const char *id)
{
	unsigned n = 0;

	for (size_t i = 0; i < nsb_n_properties; i++)
		n += strcmp(nsb_properties[i].id, id) == 0;
	return n;
}

/* Every "- [ ] **ID**" item of PROPERTIES.md is in the table exactly once, and nothing else is. */
static void table_matches_properties_md(void **state)
{
	char line[4096], id[32];
	unsigned seen = 0;
	FILE *f = open_properties_md();

	(void)state;
	if (!f)
		skip();		/* prints nothing; the other tests still check the table itself */
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "- [%*[ xX]] **%31[A-Z0-9-]**", id) != 1)
			continue;
		if (table_count(id) != 1)
			fail_msg("%s occurs %u times in suites/properties.c", id, table_count(id));
		seen++;
	}
	fclose(f);
	assert_int_equal(seen, nsb_n_properties);
}

static void table_is_complete(void **state)
{
	(void)state;
	for (size_t i = 0; i < nsb_n_properties; i++) {
		const struct nsb_property *p = &nsb_properties[i];

		assert_int_equal(table_count(p->id), 1);
		assert_true(p->title && *p->title);
		if (!p->reason || !*p->reason)
			fail_msg("%s has no reason for when no test covers it", p->id);
	}
}

/* Each id a suite row names exists; a typo would silently cover nothing. */
static void tests_name_existing_ids(void **state)
{
	(void)state;
	for (size_t s = 0; nsb_suites[s]; s++)
		for (size_t t = 0; t < nsb_suites[s]->n_tests; t++) {
			const char *p = nsb_suites[s]->tests[t].properties;
			char id[32];

			while (p && *p) {
				size_t len = strcspn(p, ",");

				assert_true(len > 0 && len < sizeof(id));
				memcpy(id, p, len);
				id[len] = '\0';
				if (!nsb_property_find(id))
					fail_msg("%s.%s names unknown property '%s'", nsb_suites[s]->name,
						 nsb_suites[s]->tests[t].name, id);
				p += len;
				p += *p == ',';
			}
		}
}

static void covers_matches_whole_items(void **state)
{
	const struct nsb_test t = { .name = "x", .properties = "PID-10,UTS-1" };

	(void)state;
	assert_true(nsb_test_covers(&t, "PID-10"));
	assert_true(nsb_test_covers(&t, "UTS-1"));
	assert_false(nsb_test_covers(&t, "PID-1"));
	assert_false(nsb_test_covers(&t, "UTS"));
	assert_false(nsb_test_covers(&(const struct nsb_test){ .name = "y" }, "PID-1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_is_complete),
		cmocka_unit_test(tests_name_existing_ids),
		cmocka_unit_test(covers_matches_whole_items),
		cmocka_unit_test(table_matches_properties_md),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
