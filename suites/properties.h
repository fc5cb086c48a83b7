/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * properties.h - the property ids of PROPERTIES.md, each with a short title
 * and the reason nsbench gives when no test covers it. Which tests cover an
 * id is never stored here: it is computed from the suites' .properties.
 */
#ifndef NSB_PROPERTIES_H
#define NSB_PROPERTIES_H

#include <stdbool.h>
#include <stddef.h>

#include "suite.h"

struct nsb_property {
	const char *id;		/* "PID-3" */
	const char *title;
	const char *reason;	/* why no test covers it, shown only while none does */
	/*
	 * nsbench's own tests that check a property of the harness itself
	 * (comma-separated script paths), listed as "selftest:<path>".
	 */
	const char *selftests;
};

extern const struct nsb_property nsb_properties[];
extern const size_t nsb_n_properties;

const struct nsb_property *nsb_property_find(const char *id);

/*
 * True when test names id in its comma-separated .properties (a whole
 * item: "PID-1" does not match "PID-10").
 */
bool nsb_test_covers(const struct nsb_test *t, const char *id);

#endif
