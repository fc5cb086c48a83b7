/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * read.h - reading a report back (for `nsbench compare`): strict JSON
 * (json-c's strict tokener, and no NaN or Infinity), the schema version
 * this nsbench writes, and the shape the readers rely on.
 */
#ifndef NSB_READ_H
#define NSB_READ_H

#include <stddef.h>

#include <json-c/json.h>

struct nsb_report_doc {
	const char *path;
	json_object *doc;
	json_object *results;	/* array */
	json_object *benchmarks;	/* array or NULL */
};

/*
 * Read and check the report at @path into *r (r->doc owns everything; put it
 * with json_object_put()). Returns 0, or -errno with a one-line description
 * in @err when the file is readable but not a report of this schema version
 * (err[0] == '\0' when the errno says it all).
 */
int nsb_report_read(const char *path, struct nsb_report_doc *r, char *err, size_t errlen);

/* The string member @key of object @o, or NULL when absent or not a string. */
const char *nsb_json_str(json_object *o, const char *key);

#endif
