/* SPDX-License-Identifier: GPL-2.0-or-later */
/* obs.c - parse and hold a probe's key=value observations. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "obs.h"

void nsb_obs_init(struct nsb_obs *o)
{
	memset(o, 0, sizeof(*o));
}

void nsb_obs_free(struct nsb_obs *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->kv[i].key);
		free(o->kv[i].value);
	}
	free(o->kv);
	free(o->idx);
	nsb_obs_init(o);
}

/* FNV-1a: the judge looks keys up by the hundred per test (a linear scan was most of its time). */
static size_t key_hash(const char *key)
{
	size_t h = 2166136261u;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return h;
}

static void idx_insert(struct nsb_obs *o, size_t i)
{
	size_t mask = o->idx_cap - 1, h = key_hash(o->kv[i].key) & mask;

	while (o->idx[h])
		h = (h + 1) & mask;
	o->idx[h] = (unsigned)i + 1;
}

/* Index the keys once there are 8 of them, and keep the table at most half full. */
static void idx_grow(struct nsb_obs *o)
{
	size_t cap = 32;
	unsigned *idx;

	if (o->n < 8 || 2 * o->n < o->idx_cap)
		return;
	while (cap < 4 * o->n)
		cap *= 2;
	idx = calloc(cap, sizeof(*idx));
	if (!idx) {
		free(o->idx);	/* a linear scan still finds every key */
		o->idx = NULL;
		o->idx_cap = 0;
		return;
	}
	free(o->idx);
	o->idx = idx;
	o->idx_cap = cap;
	for (size_t i = 0; i < o->n; i++)
		idx_insert(o, i);
}

static struct nsb_kv *find(const struct nsb_obs *o, const char *key)
{
	if (o->idx) {
		size_t mask = o->idx_cap - 1;

		for (size_t h = key_hash(key) & mask; o->idx[h]; h = (h + 1) & mask)
			if (strcmp(o->kv[o->idx[h] - 1].key, key) == 0)
				return &o->kv[o->idx[h] - 1];
		return NULL;
	}
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->kv[i].key, key) == 0)
			return &o->kv[i];
	return NULL;
}

/* nsb_obs_set() taking v (allocated) over: it is freed on failure. */
static int set_owned(struct nsb_obs *o, const char *key, char *v)
{
	struct nsb_kv *kv = find(o, key);

	if (kv) {
		free(kv->value);
		kv->value = v;
		return 0;
	}
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 16;
		struct nsb_kv *n = realloc(o->kv, cap * sizeof(*n));

		if (!n) {
			free(v);
			return -ENOMEM;
		}
		o->kv = n;
		o->cap = cap;
	}
	o->kv[o->n].key = strdup(key);
	if (!o->kv[o->n].key) {
		free(v);
		return -ENOMEM;
	}
	o->kv[o->n++].value = v;
	if (o->idx && 2 * o->n < o->idx_cap)
		idx_insert(o, o->n - 1);
	else
		idx_grow(o);
	return 0;
}

int nsb_obs_set(struct nsb_obs *o, const char *key, const char *value)
{
	char *v = strdup(value);

	if (!v)
		return -ENOMEM;
	return set_owned(o, key, v);
}

const char *nsb_obs_get(const struct nsb_obs *o, const char *key)
{
	const struct nsb_kv *kv = find(o, key);

	return kv ? kv->value : NULL;
}

bool nsb_obs_key_valid(const char *key, size_t len)
{
	if (!len)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = key[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '-'))
			return false;
	}
	return true;
}

int nsb_obs_parse_line(struct nsb_obs *o, const char *line, size_t len)
{
	const char *eq = memchr(line, '=', len);
	char key[128];
	char *value;
	int r;

	if (!eq || !nsb_obs_key_valid(line, (size_t)(eq - line)) ||
	    (size_t)(eq - line) >= sizeof(key) || memchr(line, '\0', len)) {
		o->malformed++;
		return -EINVAL;
	}
	memcpy(key, line, (size_t)(eq - line));
	key[eq - line] = '\0';
	value = strndup(eq + 1, len - (size_t)(eq - line) - 1);
	if (!value)
		return -ENOMEM;
	r = set_owned(o, key, value);
	return r;
}

int nsb_obs_parse(struct nsb_obs *o, const char *buf, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		if (i > start) {
			int r = nsb_obs_parse_line(o, buf + start, i - start);

			if (r == -ENOMEM)
				return r;
		}
		start = i + 1;
	}
	return 0;
}
