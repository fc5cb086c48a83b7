/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * obs.h - observations: the "key=value" lines a probe prints, plus the
 * keys its test parent adds ("parent.*" for what the parent saw, "tp.*" for
 * how the probe ended). Parsing is strict: a malformed line is counted, and
 * the judge turns it into an "error" verdict.
 */
#ifndef NSB_OBS_H
#define NSB_OBS_H

#include <stdbool.h>
#include <stddef.h>

struct nsb_kv {
	char *key;
	char *value;
};

struct nsb_obs {
	struct nsb_kv *kv;
	size_t n, cap;
	size_t malformed;	/* lines that were not key=value */
	unsigned *idx;		/* from 8 keys on: hash of key -> index + 1 in kv (0: empty) */
	size_t idx_cap;		/* a power of two, at least twice n */
};

void nsb_obs_init(struct nsb_obs *o);
void nsb_obs_free(struct nsb_obs *o);
/* Adds (or replaces) key. Returns 0 or -ENOMEM. */
int nsb_obs_set(struct nsb_obs *o, const char *key, const char *value);
/* The value of key, or NULL. */
const char *nsb_obs_get(const struct nsb_obs *o, const char *key);
/* True if key matches [a-z0-9_.-]+. */
bool nsb_obs_key_valid(const char *key, size_t len);
/* Parse one line (without '\n'). Returns 0, -EINVAL (malformed, counted) or -ENOMEM. */
int nsb_obs_parse_line(struct nsb_obs *o, const char *line, size_t len);
/* Parse a buffer of lines. Returns 0 or -ENOMEM; malformed lines are counted. */
int nsb_obs_parse(struct nsb_obs *o, const char *buf, size_t len);

#endif
