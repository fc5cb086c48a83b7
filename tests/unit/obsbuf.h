/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * obsbuf.h - build a probe's observations as text in a unit test, then
 * tell one lie (replace a value) or drop a key, to show a rule can fail.
 * Include after cmocka-wrap.h.
 */
#ifndef NSB_OBSBUF_H
#define NSB_OBSBUF_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct obs {
	char buf[8192];
	size_t len;
};

static void put(struct obs *o, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void put(struct obs *o, const char *key, const char *fmt, ...)
{
	va_list ap;

	o->len += (size_t)snprintf(o->buf + o->len, sizeof(o->buf) - o->len, "%s=", key);
	va_start(ap, fmt);
	o->len += (size_t)vsnprintf(o->buf + o->len, sizeof(o->buf) - o->len, fmt, ap);
	va_end(ap);
	o->len += (size_t)snprintf(o->buf + o->len, sizeof(o->buf) - o->len, "\n");
}

/* Replace the value of @key (which must be present) by @value. */
static void lie(struct obs *o, const char *key, const char *value)
{
	char needle[128], rest[8192], *p, *eol;

	snprintf(needle, sizeof(needle), "\n%s=", key);
	p = strstr(o->buf, needle);
	assert_non_null(p);
	p += strlen(needle);
	eol = strchr(p, '\n');
	snprintf(rest, sizeof(rest), "%s", eol);
	snprintf(p, sizeof(o->buf) - (size_t)(p - o->buf), "%s%s", value, rest);
	o->len = strlen(o->buf);
}

static void drop(struct obs *o, const char *key)
{
	char needle[128], *p, *eol;

	snprintf(needle, sizeof(needle), "\n%s=", key);
	p = strstr(o->buf, needle);
	assert_non_null(p);
	eol = strchr(p + 1, '\n');
	memmove(p, eol, strlen(eol) + 1);
	o->len = strlen(o->buf);

#endif
