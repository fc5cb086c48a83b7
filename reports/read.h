/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * read.h - reading a report back (for `nsbench compare`): a bounded read of a
 * regular file or a pipe, strict JSON (json-c's strict tokener, no NaN or
 * Infinity), the schema version this nsbench writes, and the essentials of
 * reports/schema.json the readers rely on: results[] with unique ids and a
 * verdict of the schema's enum, benchmarks[] with unique ids and a status.
 */
#ifndef NSB_READ_H
#define NSB_READ_H

#include <stddef.h>

#include <json-c/json.h>

/* The largest report read (bytes): nsbench's own are 1-3 MB; this stops /dev/zero or a runaway pipe. */
#define NSB_REPORT_MAX_BYTES ((size_t)256 << 20)

struct nsb_report_doc {
	const char *path;
	json_object *doc;
	json_object *results;		/* array */
	json_object *benchmarks;	/* array, or NULL when the report has none */
};

/*
 * Read and check the report at @path into *r (r->doc owns everything; put it
 * with json_object_put()). Only a regular file or a pipe (FIFO) is read, at
 * most NSB_REPORT_MAX_BYTES. Returns 0, or -errno with a one-line
 * description in @err (err[0] == '\0' when the errno says it all: a file that
 * cannot be opened). The description names what is wrong: "empty file",
 * "truncated JSON ...", "is a directory", "results[3].verdict ...".
 */
int nsb_report_read(const char *path, struct nsb_report_doc *r, char *err, size_t errlen);

/* As nsb_report_read(), from the @len bytes at @buf (which need not be NUL-terminated). */
int nsb_report_parse(const char *buf, size_t len, struct nsb_report_doc *r, char *err, size_t errlen);

/* The string member @key of object @o, or NULL when absent or not a string. */
const char *nsb_json_str(json_object *o, const char *key);

/*
 * @s made safe for a terminal, into @buf (always NUL-terminated; cut at
 * @len - 1): C0 controls, DEL and the C1 controls U+0080..U+009F (CSI is
 * U+009B) are written as \xHH, a backslash as \\, so that no escape
 * sequence read from a report reaches the terminal. Returns @buf.
 */
char *nsb_sanitize(const char *s, char *buf, size_t len);

#endif
