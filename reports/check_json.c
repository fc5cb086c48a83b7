/* SPDX-License-Identifier: GPL-2.0-or-later */
/* check_json.c - the report of `nsbench check` (reports/check-schema.json). */
#define _GNU_SOURCE
#include <json-c/json.h>

#include "report.h"

struct json_object *nsb_check_report_build(const struct nsb_support *s)
{
	json_object *doc = json_object_new_object(), *tool = json_object_new_object();

	if (!doc || !tool) {
		json_object_put(doc);
		json_object_put(tool);
		return NULL;
	}
	json_object_object_add(doc, "schema_version", json_object_new_int(NSB_SCHEMA_VERSION));
	json_object_object_add(tool, "name", json_object_new_string("nsbench"));
	json_object_object_add(tool, "version", json_object_new_string(NSB_VERSION));
	json_object_object_add(doc, "tool", tool);
	/* The same host object as the run report's. */
	json_object_object_add(doc, "host", nsb_host_json());
	json_object_object_add(doc, "support", nsb_support_json(s));
	json_object_object_add(doc, "environment", nsb_environment_json(s));
	return doc;
}
