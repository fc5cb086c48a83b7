/* SPDX-License-Identifier: GPL-2.0-or-later */
/* read.c - a report read back and checked: bounded input, strict JSON, schema version, essentials. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read.h"
#include "report.h"

char *nsb_sanitize(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	if (!len)
		return buf;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && o + 1 < len; p++) {
		unsigned c = *p;
		char esc[8] = "";

		if (c < 0x20 || c == 0x7f)
			snprintf(esc, sizeof(esc), "\\x%02x", c);
		else if (c == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)	/* U+0080..U+009F in UTF-8 */
			snprintf(esc, sizeof(esc), "\\x%02x", (unsigned)*++p);
		else if (c == '\\')
			snprintf(esc, sizeof(esc), "\\\\");
		if (esc[0]) {
			size_t n = strlen(esc);

			if (o + n >= len)
				break;
			memcpy(buf + o, esc, n);
			o += n;
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o] = '\0';
	return buf;
}

static const char *file_kind(mode_t m)
{
	return S_ISDIR(m) ? "is a directory" : S_ISCHR(m) ? "is a character device" :
	       S_ISBLK(m) ? "is a block device" : S_ISSOCK(m) ? "is a socket" : "is not a regular file";
}

/* The whole file or pipe into a NUL-terminated buffer, at most NSB_REPORT_MAX_BYTES. */
static int slurp(const char *path, char **ret, size_t *ret_len, char *err, size_t errlen)
{
	struct stat st;
	char *buf = NULL;
	size_t cap = 0, len = 0;
	int fd, r = 0;

	/* stat first: a device is refused without being opened. */
	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
		snprintf(err, errlen, "%s, not a report file", file_kind(st.st_mode));
		return -EINVAL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		r = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {	/* replaced since the stat */
		snprintf(err, errlen, "%s, not a report file", file_kind(st.st_mode));
		r = -EINVAL;
		goto out;
	}
	if (S_ISREG(st.st_mode) && (size_t)st.st_size > NSB_REPORT_MAX_BYTES) {
		snprintf(err, errlen, "is %lld MiB: larger than the %zu MiB a report may be",
			 (long long)(st.st_size >> 20), NSB_REPORT_MAX_BYTES >> 20);
		r = -EFBIG;
		goto out;
	}
	for (;;) {
		ssize_t got;

		if (cap - len < 65536) {
			size_t ncap = cap ? cap * 2 : 1 << 20;
			char *n;

			if (ncap > NSB_REPORT_MAX_BYTES + 1)
				ncap = NSB_REPORT_MAX_BYTES + 1;
			if (ncap <= len) {
				snprintf(err, errlen, "is larger than the %zu MiB a report may be",
					 NSB_REPORT_MAX_BYTES >> 20);
				r = -EFBIG;
				goto out;
			}
			n = realloc(buf, ncap + 1);
			if (!n) {
				r = -ENOMEM;
				goto out;
			}
			buf = n;
			cap = ncap;
		}
		got = read(fd, buf + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			r = -errno;
			goto out;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	buf[len] = '\0';
out:
	close(fd);
	if (r < 0) {
		free(buf);
		return r;
	}
	*ret = buf;
	*ret_len = len;
	return 0;
}

/* json-c's strict tokener; an empty, truncated or invalid text is named as such. */
static int parse_json(const char *buf, size_t len, json_object **ret, char *err, size_t errlen)
{
	json_tokener *tok;
	json_object *obj;
	enum json_tokener_error e;
	const char *nul = memchr(buf, '\0', len);
	size_t end;

	*ret = NULL;
	if (strspn(buf, " \t\r\n") >= len && !nul) {
		snprintf(err, errlen, len ? "empty file (only white space): not a report" :
					    "empty file: not a report");
		return -EINVAL;
	}
	if (nul) {
		snprintf(err, errlen, "not JSON: a NUL byte at byte %zu", (size_t)(nul - buf));
		return -EINVAL;
	}
	if (len > INT32_MAX) {
		snprintf(err, errlen, "too large to parse");
		return -EFBIG;
	}
	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, buf, (int)len);
	e = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (e == json_tokener_continue) {
		json_object_put(obj);
		snprintf(err, errlen, "truncated JSON: the document ends early (after %zu bytes)", len);
		return -EINVAL;
	}
	if (!obj || e != json_tokener_success) {
		json_object_put(obj);
		snprintf(err, errlen, "invalid JSON at byte %zu: %s", end, json_tokener_error_desc(e));
		return -EINVAL;
	}
	if (end < len && strspn(buf + end, " \t\r\n") != len - end) {
		json_object_put(obj);
		snprintf(err, errlen, "invalid JSON: data after the document at byte %zu", end);
		return -EINVAL;
	}
	*ret = obj;
	return 0;
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

static const char *const verdicts[] = { "pass", "fail", "skip", "error", "timeout", NULL };
static const char *const statuses[] = { "ok", "skipped", "error", NULL };

static bool one_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
}

struct idref {
	const char *id;
	size_t i;
};

static int cmp_idref(const void *a, const void *b)
{
	const struct idref *u = a, *v = b;
	int c = strcmp(u->id, v->id);

	return c ? c : (u->i > v->i) - (u->i < v->i);
}

/* Every @arr[i].id once: sorting, n log n (16,000 benchmarks in milliseconds). */
static int unique_ids(json_object *arr, const char *what, char *err, size_t errlen)
{
	size_t n = json_object_array_length(arr);
	struct idref *v = malloc((n ? n : 1) * sizeof(*v));
	int r = 0;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		v[i] = (struct idref){ nsb_json_str(json_object_array_get_idx(arr, i), "id"), i };
	qsort(v, n, sizeof(*v), cmp_idref);
	for (size_t i = 1; i < n; i++)
		if (strcmp(v[i - 1].id, v[i].id) == 0) {
			char s[160];

			snprintf(err, errlen, "duplicate %s id '%s' (%s[%zu] and %s[%zu])", what,
				 nsb_sanitize(v[i].id, s, sizeof(s)), what, v[i - 1].i, what, v[i].i);
			r = -EINVAL;
			break;
		}
	free(v);
	return r;
}

/* A member that must be a string when present; *ret is NULL when absent. */
static int opt_str(json_object *o, const char *key, const char *where, size_t i, char *err, size_t errlen)
{
	json_object *v;

	if (json_object_object_get_ex(o, key, &v) && !json_object_is_type(v, json_type_string)) {
		snprintf(err, errlen, "%s[%zu].%s is not a string", where, i, key);
		return -EINVAL;
	}
	return 0;
}

static bool is_number(json_object *v)
{
	return json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int);
}

static int check_results(struct nsb_report_doc *r, char *err, size_t errlen)
{
	char s[80];

	if (!json_object_object_get_ex(r->doc, "results", &r->results)) {
		snprintf(err, errlen, "not an nsbench report: no results array");
		return -EINVAL;
	}
	if (!json_object_is_type(r->results, json_type_array)) {
		snprintf(err, errlen, "results is not an array");
		return -EINVAL;
	}
	for (size_t i = 0; i < json_object_array_length(r->results); i++) {
		json_object *x = json_object_array_get_idx(r->results, i);
		const char *v;

		if (!json_object_is_type(x, json_type_object)) {
			snprintf(err, errlen, "results[%zu] is not an object", i);
			return -EINVAL;
		}
		if (!nsb_json_str(x, "id") || !nsb_json_str(x, "id")[0]) {
			snprintf(err, errlen, "results[%zu] lacks id (a non-empty string)", i);
			return -EINVAL;
		}
		if (!(v = nsb_json_str(x, "verdict"))) {
			snprintf(err, errlen, "results[%zu] lacks verdict (a string)", i);
			return -EINVAL;
		}
		if (!one_of(v, verdicts)) {
			snprintf(err, errlen, "results[%zu].verdict is \"%s\", not one of pass, fail, skip, error, timeout",
				 i, nsb_sanitize(v, s, sizeof(s)));
			return -EINVAL;
		}
		if (opt_str(x, "reason", "results", i, err, errlen) < 0)
			return -EINVAL;
	}
	return unique_ids(r->results, "results", err, errlen);
}

static int check_bench(json_object *x, size_t i, char *err, size_t errlen)
{
	json_object *v, *m;
	const char *st;
	char s[80];

	if (!json_object_is_type(x, json_type_object)) {
		snprintf(err, errlen, "benchmarks[%zu] is not an object", i);
		return -EINVAL;
	}
	if (!nsb_json_str(x, "id") || !nsb_json_str(x, "id")[0]) {
		snprintf(err, errlen, "benchmarks[%zu] lacks id (a non-empty string)", i);
		return -EINVAL;
	}
	if (!(st = nsb_json_str(x, "status"))) {
		snprintf(err, errlen, "benchmarks[%zu] lacks status (a string)", i);
		return -EINVAL;
	}
	if (!one_of(st, statuses)) {
		snprintf(err, errlen, "benchmarks[%zu].status is \"%s\", not one of ok, skipped, error", i,
			 nsb_sanitize(st, s, sizeof(s)));
		return -EINVAL;
	}
	if (opt_str(x, "reason", "benchmarks", i, err, errlen) < 0)
		return -EINVAL;
	if (json_object_object_get_ex(x, "unit", &v) &&
	    !(json_object_is_type(v, json_type_string) && strcmp(json_object_get_string(v), "ns") == 0)) {
		snprintf(err, errlen, "benchmarks[%zu].unit is not \"ns\"", i);
		return -EINVAL;
	}
	if (json_object_object_get_ex(x, "stats", &v) && v) {
		if (!json_object_is_type(v, json_type_object)) {
			snprintf(err, errlen, "benchmarks[%zu].stats is neither an object nor null", i);
			return -EINVAL;
		}
		if (json_object_object_get_ex(v, "median", &m) && m && !is_number(m)) {
			snprintf(err, errlen, "benchmarks[%zu].stats.median is not a number", i);
			return -EINVAL;
		}
	}
	if (json_object_object_get_ex(x, "runs", &v)) {
		if (!json_object_is_type(v, json_type_object)) {
			snprintf(err, errlen, "benchmarks[%zu].runs is not an object", i);
			return -EINVAL;
		}
		if (json_object_object_get_ex(v, "medians", &m)) {
			if (!json_object_is_type(m, json_type_array)) {
				snprintf(err, errlen, "benchmarks[%zu].runs.medians is not an array", i);
				return -EINVAL;
			}
			for (size_t k = 0; k < json_object_array_length(m); k++) {
				json_object *e = json_object_array_get_idx(m, k);

				if (e && !is_number(e)) {
					snprintf(err, errlen, "benchmarks[%zu].runs.medians[%zu] is not a number", i, k);
					return -EINVAL;
				}
			}
		}
	}
	return 0;
}

static int check_context(struct nsb_report_doc *r, char *err, size_t errlen)
{
	static const char *const objs[] = { "tool", "host", "run", "bench" };
	json_object *v;

	for (size_t i = 0; i < sizeof(objs) / sizeof(*objs); i++)
		if (json_object_object_get_ex(r->doc, objs[i], &v) && v &&
		    !json_object_is_type(v, json_type_object)) {
			snprintf(err, errlen, "%s is not an object", objs[i]);
			return -EINVAL;
		}
	return 0;
}

/* The essentials of reports/schema.json that compare relies on; err names the field. */
static int check_shape(struct nsb_report_doc *r, char *err, size_t errlen)
{
	json_object *v;
	int ret;

	if (!json_object_is_type(r->doc, json_type_object)) {
		snprintf(err, errlen, "not an nsbench report: the top level is not an object");
		return -EINVAL;
	}
	if (has_nonfinite(r->doc)) {
		snprintf(err, errlen, "invalid JSON: NaN or Infinity is not a JSON number");
		return -EINVAL;
	}
	if (!json_object_object_get_ex(r->doc, "schema_version", &v)) {
		snprintf(err, errlen, "not an nsbench report: no schema_version");
		return -EINVAL;
	}
	if (!json_object_is_type(v, json_type_int)) {
		snprintf(err, errlen, "schema_version must be an integer");
		return -EINVAL;
	}
	if (json_object_get_int64(v) != NSB_SCHEMA_VERSION) {
		snprintf(err, errlen, "schema_version %lld is not supported (this nsbench reads %d)",
			 (long long)json_object_get_int64(v), NSB_SCHEMA_VERSION);
		return -EINVAL;
	}
	if ((ret = check_context(r, err, errlen)) < 0 || (ret = check_results(r, err, errlen)) < 0)
		return ret;
	if (!json_object_object_get_ex(r->doc, "benchmarks", &r->benchmarks) || !r->benchmarks) {
		r->benchmarks = NULL;
		return 0;
	}
	if (!json_object_is_type(r->benchmarks, json_type_array)) {
		snprintf(err, errlen, "benchmarks is not an array");
		return -EINVAL;
	}
	for (size_t i = 0; i < json_object_array_length(r->benchmarks); i++)
		if ((ret = check_bench(json_object_array_get_idx(r->benchmarks, i), i, err, errlen)) < 0)
			return ret;
	return unique_ids(r->benchmarks, "benchmarks", err, errlen);
}

int nsb_report_parse(const char *buf, size_t len, struct nsb_report_doc *r, char *err, size_t errlen)
{
	int ret;

	r->doc = NULL;
	r->results = r->benchmarks = NULL;
	err[0] = '\0';
	ret = parse_json(buf, len, &r->doc, err, errlen);
	if (ret == 0)
		ret = check_shape(r, err, errlen);
	if (ret < 0) {
		json_object_put(r->doc);
		r->doc = NULL;
		r->results = r->benchmarks = NULL;
	}
	return ret;
}

int nsb_report_read(const char *path, struct nsb_report_doc *r, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t len = 0;
	int ret;

	memset(r, 0, sizeof(*r));
	r->path = path;
	err[0] = '\0';
	ret = slurp(path, &buf, &len, err, errlen);
	if (ret < 0)
		return ret;
	ret = nsb_report_parse(buf, len, r, err, errlen);
	r->path = path;
	free(buf);
	return ret;
}
