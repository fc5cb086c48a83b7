/* SPDX-License-Identifier: GPL-2.0-or-later */
/* expect.c - record expectations against observations, and decide verdicts. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/combo.h"
#include "common/errname.h"
#include "common/timens.h"
#include "expect.h"
#include "suite.h"

static const char *const verdict_names[_NSB_VERDICT_MAX] = {
	[NSB_PASS] = "pass", [NSB_FAIL] = "fail", [NSB_SKIP] = "skip",
	[NSB_ERROR] = "error", [NSB_TIMEOUT] = "timeout",
};

const char *nsb_verdict_name(enum nsb_verdict v)
{
	return v >= 0 && v < _NSB_VERDICT_MAX ? verdict_names[v] : "?";
}

void nsb_result_free(struct nsb_result *r)
{
	free(r->reason);
	r->reason = NULL;
	nsb_obs_free(&r->expected);
	nsb_obs_free(&r->observed);
}

int nsb_result_set_reason(struct nsb_result *r, const char *fmt, ...)
{
	char *s;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;	/* the reason it had, rather than none */
	free(r->reason);
	r->reason = s;
	return 0;
}

void nsb_check_init(struct nsb_check *k, unsigned combo, const struct nsb_obs *obs,
		    const char *token)
{
	memset(k, 0, sizeof(*k));
	k->combo = combo;
	k->obs = obs;
	k->token = token;
	nsb_obs_init(&k->expected);
	nsb_obs_init(&k->observed);
}

void nsb_check_free(struct nsb_check *k)
{
	nsb_obs_free(&k->expected);
	nsb_obs_free(&k->observed);
}

static void note_reason(struct nsb_check *k, const char *fmt, const char *a, const char *b,
			const char *c)
{
	if (!k->reason[0])
		snprintf(k->reason, sizeof(k->reason), fmt, a, b, c);
}

const char *nsb_get(struct nsb_check *k, const char *key)
{
	const char *v = nsb_obs_get(k->obs, key);

	if (!v) {
		k->missing = true;
		(void)nsb_obs_set(&k->observed, key, "(missing)");
		note_reason(k, "%s%s%s: not reported", "", "", key);
	}
	return v;
}

bool nsb_probe_has_cap(struct nsb_check *k, int cap)
{
	const char *v;

	if (nsb_has(k, NSB_NS_USER))
		return true;
	v = nsb_get(k, "parent.cap_eff");
	return v && cap >= 0 && cap < 64 && (strtoull(v, NULL, 16) >> cap & 1);
}

static void compare(struct nsb_check *k, const char *key, enum nsb_op op, const char *want,
		    const char *want_label)
{
	char exp[512];
	const char *seen;
	bool equal;

	snprintf(exp, sizeof(exp), "%s %s", op == NSB_EQ ? "==" : "!=", want_label);
	(void)nsb_obs_set(&k->expected, key, exp);
	seen = nsb_get(k, key);
	if (!seen || !want)
		return;
	(void)nsb_obs_set(&k->observed, key, seen);
	equal = strcmp(seen, want) == 0;
	if (equal != (op == NSB_EQ)) {
		k->failed = true;
		note_reason(k, "%s: expected %s, observed %s", key, exp, seen);
	}
}

void nsb_expect_str(struct nsb_check *k, const char *key, enum nsb_op op, const char *want)
{
	compare(k, key, op, want, want);
}

void nsb_expect_int(struct nsb_check *k, const char *key, enum nsb_op op, long long want)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", want);
	compare(k, key, op, buf, buf);
}

void nsb_expect_key(struct nsb_check *k, const char *key, enum nsb_op op, const char *other)
{
	const char *want = nsb_get(k, other);
	char label[512];

	snprintf(label, sizeof(label), "%s (%s)", other, want ? want : "missing");
	compare(k, key, op, want, label);
}

void nsb_expect_choice(struct nsb_check *k, const char *key, bool cond, const char *want_if_true,
		       const char *want_if_false)
{
	nsb_expect_str(k, key, NSB_EQ, cond ? want_if_true : want_if_false);
}

/*
 * The test parent's failed step, as tp.setup_step (a name of the step
 * table), tp.setup_types (a combination) and tp.setup_errno. Returns false
 * when a field is missing or unknown: the judge then reports it as an error.
 */
static bool read_setup(const struct nsb_obs *o, struct nsb_setup_err *e)
{
	const char *types = nsb_obs_get(o, "tp.setup_types");

	e->step = nsb_step_from_name(nsb_obs_get(o, "tp.setup_step"));
	e->err = nsb_errno_from_name(nsb_obs_get(o, "tp.setup_errno"));
	e->types = 0;
	if (types && nsb_combo_parse(types, &e->types, NULL, 0) < 0)
		return false;
	return e->step > NSB_STEP_NONE && e->err;
}

static bool note_absent(struct nsb_check *k, const char *key, const char *iface,
			enum nsb_iface kind, bool filtered_too)
{
	const char *v = nsb_obs_get(k->obs, key);
	int err = v ? nsb_errno_from_name(v) : 0;

	if (err <= 0 || (!nsb_errno_is_absent(err, kind) &&
			 !(filtered_too && nsb_errno_is_filtered(err))))
		return false;
	(void)nsb_obs_set(&k->observed, key, v);
	if (!k->absent[0])
		nsb_absent_format(iface, kind, err, NULL, k->absent, sizeof(k->absent));
	return true;
}

bool nsb_absent(struct nsb_check *k, const char *key, const char *iface, enum nsb_iface kind)
{
	return note_absent(k, key, iface, kind, false);
}

bool nsb_refused(struct nsb_check *k, const char *key, const char *iface, enum nsb_iface kind)
{
	return note_absent(k, key, iface, kind, true);
}

/*
 * The one path for a hook that could not do what it tried (suite.h
 * nsb_tp_refused): tp.hook (a hook step of the step table), tp.hook_what,
 * tp.hook_kind, tp.hook_cap, tp.hook_errno, tp.release. One rule:
 * - an interface (tp.hook_kind): its "no such interface" answer
 *   (nsb_errno_is_absent) or a filter's (nsb_errno_is_filtered) is a skip
 *   naming the interface, the errno and the release (nsb_absent_format);
 *   EPERM/EACCES where the test parent lacked tp.hook_cap (parent.cap_eff)
 *   names that capability instead; any other errno: the record lies, error;
 * - an operation: the step table's rule (nsb_setup_err_is_skip: a refusal
 *   errno in a hook is "not possible here") makes a skip "hook before
 *   (<what>; the test parent lacks <cap> (...)): EPERM", the capability
 *   named when parent.cap_eff shows it missing; any other errno: error.
 * A record that is incomplete or names no known step, kind or capability is
 * an error.
 */
static enum nsb_verdict judge_hook(struct nsb_check *k)
{
	const struct nsb_obs *o = k->obs;
	const char *what = nsb_obs_get(o, "tp.hook_what");
	const char *kind_s = nsb_obs_get(o, "tp.hook_kind");
	const char *cap_s = nsb_obs_get(o, "tp.hook_cap");
	const char *err_s = nsb_obs_get(o, "tp.hook_errno");
	enum nsb_step step = nsb_step_from_name(nsb_obs_get(o, "tp.hook"));
	int kind = kind_s ? nsb_iface_from_name(kind_s) : -1;
	int cap = cap_s ? nsb_cap_from_name(cap_s) : -1;
	int err = nsb_errno_from_name(err_s);
	bool lacks = cap >= 0 && !nsb_parent_has_cap(k, cap);
	char note[160] = "";

	if ((step != NSB_STEP_HOOK_BEFORE && step != NSB_STEP_HOOK_DURING && step != NSB_STEP_HOOK_AFTER) ||
	    !what || err <= 0 || (kind_s && kind < 0) || (cap_s && cap < 0)) {
		snprintf(k->reason, sizeof(k->reason), "%s (%s): %s: an incomplete record",
			 nsb_obs_get(o, "tp.hook") ?: "hook", what ?: "?", err_s ?: "no errno");
		return NSB_ERROR;
	}
	if (lacks)
		snprintf(note, sizeof(note), "the test parent lacks %s (not in its effective set: dropped "
			 "where nsbench was started)", nsb_cap_name(cap));
	if (kind >= 0) {
		if (!nsb_errno_is_absent(err, (enum nsb_iface)kind) && !nsb_errno_is_filtered(err)) {
			snprintf(k->reason, sizeof(k->reason), "hook met %s: %s", what, nsb_errno_name(err));
			return NSB_ERROR;
		}
		if (lacks && nsb_errno_is_filtered(err))
			snprintf(k->reason, sizeof(k->reason), "%s: %s: %s", what, nsb_errno_name(err), note);
		else
			nsb_absent_format(what, (enum nsb_iface)kind, err, nsb_obs_get(o, "tp.release") ?: "?",
					  k->reason, sizeof(k->reason));
		return NSB_SKIP;
	}
	k->setup = (struct nsb_setup_err){ .step = step, .types = 0, .err = err };
	snprintf(k->reason, sizeof(k->reason), "%s (%s%s%s): %s", nsb_steps[step].name, what,
		 lacks ? "; " : "", note, nsb_errno_name(err));
	if (nsb_setup_err_is_skip(&k->setup))
		return NSB_SKIP;
	k->setup.step = NSB_STEP_NONE;	/* an error, not a refused setup step to explain */
	return NSB_ERROR;
}

enum nsb_verdict nsb_judge(const struct nsb_test *test, struct nsb_check *k)
{
	const struct nsb_obs *o = k->obs;
	const char *step = nsb_obs_get(o, "tp.setup_step");
	const char *ex = nsb_obs_get(o, "tp.exit");
	const char *sig = nsb_obs_get(o, "tp.signal");
	const char *stderr_tail = nsb_obs_get(o, "tp.stderr");

	if (step) {
		/* A refusal is "not possible here" (LTP's TCONF): skip; the rest is TBROK: error. */
		if (!read_setup(o, &k->setup)) {
			snprintf(k->reason, sizeof(k->reason), "setup step %s failed: %s", step,
				 nsb_obs_get(o, "tp.setup_errno") ?: "no errno");
			return NSB_ERROR;
		}
		nsb_setup_err_format(&k->setup, k->reason, sizeof(k->reason));
		return nsb_setup_err_is_skip(&k->setup) ? NSB_SKIP : NSB_ERROR;
	}
	if (nsb_obs_get(o, "tp.hook"))
		return judge_hook(k);
	if (o->malformed) {
		snprintf(k->reason, sizeof(k->reason), "probe printed %zu malformed line(s)",
			 o->malformed);
		return NSB_ERROR;
	}
	if (sig) {
		snprintf(k->reason, sizeof(k->reason), "probe killed by signal %s", sig);
		return NSB_ERROR;
	}
	if (!ex) {
		snprintf(k->reason, sizeof(k->reason), "test parent reported no exit status");
		return NSB_ERROR;
	}
	if (strcmp(ex, "4") == 0) {
		const char *why = nsb_obs_get(o, "skip");

		if (!why || !*why) {
			snprintf(k->reason, sizeof(k->reason), "probe skipped without a reason");
			return NSB_ERROR;
		}
		snprintf(k->reason, sizeof(k->reason), "%s", why);
		return NSB_SKIP;
	}
	if (strcmp(ex, "0") != 0) {
		snprintf(k->reason, sizeof(k->reason), "probe exited %s%s%s", ex,
			 stderr_tail ? ": " : "", stderr_tail ? stderr_tail : "");
		return NSB_ERROR;
	}
	test->expect(k);
	if (k->missing)
		return NSB_ERROR;
	if (k->failed)
		return NSB_FAIL;
	if (k->absent[0]) {
		snprintf(k->reason, sizeof(k->reason), "%s", k->absent);
		return NSB_SKIP;
	}
	return NSB_PASS;
}

void nsb_expect_between(struct nsb_check *k, const char *key, long long lo, long long hi)
{
	char exp[128], *end;
	const char *seen;
	long long v;

	snprintf(exp, sizeof(exp), "in [%lld, %lld]", lo, hi);
	(void)nsb_obs_set(&k->expected, key, exp);
	seen = nsb_get(k, key);
	if (!seen)
		return;
	(void)nsb_obs_set(&k->observed, key, seen);
	errno = 0;
	v = strtoll(seen, &end, 10);
	if (errno || end == seen || *end || v < lo || v > hi) {
		k->failed = true;
		note_reason(k, "%s: expected %s, observed %s", key, exp, seen);
	}
}

enum nsb_verdict nsb_judge_text(const struct nsb_test *test, unsigned combo, const char *lines,
				size_t len, const char *token, char *reason, size_t reason_len)
{
	struct nsb_obs o;
	struct nsb_check k;
	enum nsb_verdict v = NSB_ERROR;

	nsb_obs_init(&o);
	if (nsb_obs_parse(&o, lines, len) < 0) {
		snprintf(reason, reason_len, "cannot hold the observations: ENOMEM");
		goto out;
	}
	nsb_check_init(&k, combo, &o, token);
	v = nsb_judge(test, &k);
	snprintf(reason, reason_len, "%s", k.reason);
	nsb_check_free(&k);
out:
	nsb_obs_free(&o);
	return v;
}

long long nsb_start_time_offset_ns(struct nsb_check *k, const char *clock)
{
	char key[64];
	const char *v;

	snprintf(key, sizeof(key), "parent.time_offset.%s", clock);
	v = nsb_obs_get(k->obs, key);
	return v ? strtoll(v, NULL, 10) : 0;
}

long long nsb_probe_time_offset_ns(struct nsb_check *k, const char *clock)
{
	if (nsb_has(k, NSB_NS_TIME))
		return (strcmp(clock, "boottime") == 0 ? NSB_TIME_OFFSET_BOOTTIME_S
						       : NSB_TIME_OFFSET_MONOTONIC_S) * 1000000000LL;
	return nsb_start_time_offset_ns(k, clock);
}

bool nsb_parent_has_cap(struct nsb_check *k, int cap)
{
	const char *v = nsb_obs_get(k->obs, "parent.cap_eff");

	/* Not reported (an older recording): the full set, as before it was recorded. */
	return !v || (strtoull(v, NULL, 16) >> cap & 1);
}
