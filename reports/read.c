/* SPDX-License-Identifier: GPL-2.0-or-later */
/* read.c - a report read back and checked: strict JSON, schema version, shape. */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read.h"
#include "report.h"

/* Read a file with json-c's strict tokener (no trailing commas, no garbage after the value). */
static int read_json(const char *path, json_object **ret, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	json_tokener *tok;
	json_object *obj = NULL;
	char *buf = NULL;
	size_t cap = 0, len = 0;
	int r = 0;

	if (!f)
		return -errno;
	for (;;) {
		if (cap - len < 65536) {
			char *n = realloc(buf, cap + 65536 + 1);

			if (!n) {
				r = -ENOMEM;
				goto out;
			}
			buf = n;
			cap += 65536;
		}
		size_t got = fread(buf + len, 1, cap - len, f);

		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		r = -EIO;
		goto out;
	}
	buf[len] = '\0';
	if (strlen(buf) != len) {
		snprintf(err, errlen, "contains a NUL byte");
		r = -EINVAL;
		goto out;
	}
	tok = json_tokener_new();
	if (!tok) {
		r = -ENOMEM;
		goto out;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	obj = json_tokener_parse_ex(tok, buf, (int)len);
	if (!obj || json_tokener_get_error(tok) != json_tokener_success) {
		snprintf(err, errlen, "invalid JSON: %s",
			 json_tokener_error_desc(json_tokener_get_error(tok)));
		json_object_put(obj);
		obj = NULL;
		r = -EINVAL;
	} else if (tok->char_offset < (int)len && strspn(buf + tok->char_offset, " \t\r\n") != len - (size_t)tok->char_offset) {
		snprintf(err, errlen, "invalid JSON: data after the document at byte %d", tok->char_offset);
		json_object_put(obj);
		obj = NULL;
		r = -EINVAL;
	}
	json_tokener_free(tok);
	*ret = obj;
out:
	free(buf);
	fclose(f);
	return r;
}

const char *nsb_json_str(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* json-c's strict tokener still accepts NaN and Infinity (LIBS-NOTES.md): refuse them. */
static bool has_nonfinite(json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_double:
		return !isfinite(json_object_get_double(o));
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(o); i++)
			if (has_nonfinite(json_object_array_get_idx(o, i)))
				return true;
		return false;
	case json_type_object: {
		json_object_object_foreach(o, key, val) {
			(void)key;
			if (has_nonfinite(val))
				return true;
		}
		return false;
	}
	default:
		return false;
	}
}

/* Check the shape this command relies on; err says what is wrong. */
static int check_shape(struct nsb_report_doc *r, char *err, size_t errlen)
{
	json_object *v;

	if (has_nonfinite(r->doc)) {
		snprintf(err, errlen, "invalid JSON: NaN or Infinity is not a JSON number");
		return -EINVAL;
	}
	if (!json_object_is_type(r->doc, json_type_object)) {
		snprintf(err, errlen, "not an nsbench report: the top level is not an object");
		return -EINVAL;
	}
	if (!json_object_object_get_ex(r->doc, "schema_version", &v) ||
	    !json_object_is_type(v, json_type_int)) {
		snprintf(err, errlen, "not an nsbench report: no schema_version");
		return -EINVAL;
	}
	if (json_object_get_int(v) != NSB_SCHEMA_VERSION) {
		snprintf(err, errlen, "schema_version %d is not supported (this nsbench reads %d)",
			 json_object_get_int(v), NSB_SCHEMA_VERSION);
		return -EINVAL;
	}
	if (!json_object_object_get_ex(r->doc, "results", &r->results) ||
	    !json_object_is_type(r->results, json_type_array)) {
		snprintf(err, errlen, "not an nsbench report: no results array");
		return -EINVAL;
	}
	for (size_t i = 0; i < json_object_array_length(r->results); i++) {
		json_object *x = json_object_array_get_idx(r->results, i);

		if (!json_object_is_type(x, json_type_object) || !nsb_json_str(x, "id") || !nsb_json_str(x, "verdict")) {
			snprintf(err, errlen, "not an nsbench report: results[%zu] lacks id or verdict", i);
			return -EINVAL;
		}
	}
	if (json_object_object_get_ex(r->doc, "benchmarks", &r->benchmarks) &&
	    !json_object_is_type(r->benchmarks, json_type_array)) {
		snprintf(err, errlen, "not an nsbench report: benchmarks is not an array");
		return -EINVAL;
	}
	return 0;
}

int nsb_report_read(const char *path, struct nsb_report_doc *r, char *err, size_t errlen)
{
	int ret;

	memset(r, 0, sizeof(*r));
	r->path = path;
	err[0] = '\0';
	ret = read_json(path, &r->doc, err, errlen);
	if (ret == 0)
		ret = check_shape(r, err, errlen);
	return ret;
}
