/* SPDX-License-Identifier: GPL-2.0-or-later */
/* diag.c - evidence -> reasons; pure functions over recorded inputs. See diag.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "common/errname.h"

#define CAP_BIT(c) (UINT64_C(1) << (c))

static const struct {
	const char *name;
	const char *desc;
	int expected;
} sc_table[_NSB_SC_MAX] = {
	[NSB_SC_UNSHARE] = { "unshare", "unshare(0)", 0 },
	[NSB_SC_CLONE] = { "clone", "clone(CLONE_SIGHAND)", EINVAL },
	[NSB_SC_CLONE3] = { "clone3", "clone3(NULL, 0)", EINVAL },
	[NSB_SC_SETNS] = { "setns", "setns(-1, 0)", EBADF },
	[NSB_SC_MOUNT] = { "mount", "mount(NULL, NULL, NULL, 0, NULL)", EFAULT },
};

const char *nsb_who_name(enum nsb_who w)
{
	static const char *const names[_NSB_WHO_MAX] = {
		[NSB_WHO_CURRENT] = "current",
		[NSB_WHO_UNPRIV] = "unprivileged",
		[NSB_WHO_VIA_USERNS] = "unprivileged_via_userns",
	};

	return w >= 0 && w < _NSB_WHO_MAX ? names[w] : "?";
}

const char *nsb_sc_name(enum nsb_sc sc)
{
	return sc_table[sc].name;
}

const char *nsb_sc_probe_desc(enum nsb_sc sc)
{
	return sc_table[sc].desc;
}

int nsb_sc_expected_errno(enum nsb_sc sc)
{
	return sc_table[sc].expected;
}

bool nsb_diag_sc_refused(const struct nsb_evidence *ev, enum nsb_sc sc)
{
	int e = ev->sc_errno[sc];

	return e != NSB_SC_UNTESTED && e != sc_table[sc].expected;
}

void nsb_evidence_init(struct nsb_evidence *ev)
{
	memset(ev, 0, sizeof(*ev));
	NSB_FOREACH_NS(t)
		ev->max_ns[t] = NSB_SYSCTL_ABSENT;
	ev->userns_clone = NSB_SYSCTL_ABSENT;
	ev->apparmor_restrict = NSB_SYSCTL_ABSENT;
	ev->seccomp_mode = -1;
	ev->in_init_userns = true;
	ev->unpriv_uid = 65534;
	for (int i = 0; i < _NSB_SC_MAX; i++)
		ev->sc_errno[i] = NSB_SC_UNTESTED;
}

/* "CONFIG_NET_NS=y" / "=m" -> yes; "# CONFIG_NET_NS is not set" -> no (Kconfig's own syntax). */
static enum nsb_kcfg kconfig_lookup(const char *text, const char *sym)
{
	size_t l = strlen(sym);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, sym, l) == 0 && p[l] == '=')
			return p[l + 1] == 'y' || p[l + 1] == 'm' ? NSB_KCFG_YES : NSB_KCFG_NO;
		if (strncmp(p, "# ", 2) == 0 && strncmp(p + 2, sym, l) == 0 &&
		    strncmp(p + 2 + l, " is not set", 11) == 0)
			return NSB_KCFG_NO;
	}
	return NSB_KCFG_UNKNOWN;
}

void nsb_diag_parse_kconfig(struct nsb_evidence *ev, const char *text, const char *src)
{
	snprintf(ev->kconfig_src, sizeof(ev->kconfig_src), "%s", text && src ? src : "");
	NSB_FOREACH_NS(t) {
		if (!text)
			ev->kconfig[t] = NSB_KCFG_UNKNOWN;
		else if (!nsb_nstypes[t].kconfig)	/* mount namespaces cannot be configured out */
			ev->kconfig[t] = NSB_KCFG_YES;
		else
			ev->kconfig[t] = kconfig_lookup(text, nsb_nstypes[t].kconfig);
	}
}

static const char *status_field(const char *text, const char *name)
{
	size_t l = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, name, l) == 0 && p[l] == ':')
			return p + l + 1;
	return NULL;
}

int nsb_diag_parse_status(struct nsb_evidence *ev, const char *text)
{
	const char *v;
	char *end;

	if (!text)
		return -EINVAL;
	/* proc(5): "Seccomp: 0 disabled, 1 strict, 2 filter"; absent without CONFIG_SECCOMP. */
	v = status_field(text, "Seccomp");
	ev->seccomp_mode = v ? (int)strtol(v, NULL, 10) : 0;
	v = status_field(text, "NoNewPrivs");
	ev->no_new_privs = v && strtol(v, NULL, 10) == 1;
	v = status_field(text, "CapEff");
	if (!v)
		return -EINVAL;
	ev->cap_eff = strtoull(v, &end, 16);
	v = status_field(text, "CapBnd");
	if (!v)
		return -EINVAL;
	ev->cap_bnd = strtoull(v, &end, 16);
	ev->caps_known = true;
	return 0;
}

static void add(struct nsb_reasons *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct nsb_reasons *out, const char *fmt, ...)
{
	char line[NSB_REASON_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < out->n; i++)
		if (strcmp(out->r[i], line) == 0)
			return;
	if (out->n < NSB_REASONS_MAX)
		memcpy(out->r[out->n++], line, sizeof(line));
}

/* A type that needs a new user namespace on this attempt (to create it, or as the way in). */
static bool needs_userns(enum nsb_ns t, enum nsb_who who)
{
	return t == NSB_NS_USER || who == NSB_WHO_VIA_USERNS;
}

static bool has_cap(const struct nsb_evidence *ev, uint64_t set, int cap)
{
	(void)ev;
	return set & CAP_BIT(cap);
}

static void kconfig_reasons(const struct nsb_evidence *ev, enum nsb_ns t, enum nsb_who who,
			    int err, struct nsb_reasons *out)
{
	if (ev->kconfig[t] == NSB_KCFG_NO)
		add(out, "%s is not set (%s)", nsb_nstypes[t].kconfig, ev->kconfig_src);
	if (needs_userns(t, who) && ev->kconfig[NSB_NS_USER] == NSB_KCFG_NO && t != NSB_NS_USER)
		add(out, "%s is not set (%s)", nsb_nstypes[NSB_NS_USER].kconfig, ev->kconfig_src);
	/* A type compiled out is refused with EINVAL (clone(2)); without a config nobody can tell. */
	if (err == EINVAL && !ev->kconfig_src[0] && nsb_nstypes[t].kconfig)
		add(out, "kernel config unavailable (no /proc/config.gz or /boot/config-$(uname -r)): "
			 "cannot tell whether %s is set", nsb_nstypes[t].kconfig);
}

static void sysctl_limit(const struct nsb_evidence *ev, enum nsb_ns t, struct nsb_reasons *out)
{
	if (ev->max_ns[t] == 0)
		add(out, "user.%s=0", nsb_nstypes[t].sysctl + strlen("user/"));
}

static void sysctl_reasons(const struct nsb_evidence *ev, enum nsb_ns t, enum nsb_who who,
			   struct nsb_reasons *out)
{
	bool unpriv = who != NSB_WHO_CURRENT || !has_cap(ev, ev->cap_eff, CAP_SYS_ADMIN);

	sysctl_limit(ev, t, out);
	if (!needs_userns(t, who))
		return;
	if (t != NSB_NS_USER)
		sysctl_limit(ev, NSB_NS_USER, out);
	if (unpriv && ev->userns_clone == 0)
		add(out, "kernel.unprivileged_userns_clone=0 (Debian): unprivileged user namespaces are disabled");
	if (unpriv && ev->apparmor_restrict >= 1)
		add(out, "kernel.apparmor_restrict_unprivileged_userns=%lld (Ubuntu): AppArmor denies "
			 "capabilities in unprivileged user namespaces", ev->apparmor_restrict);
}

/* Which probed syscall the failed step used (the step table's syscall column), or -1. */
static int step_syscall(const struct nsb_setup_err *e)
{
	const char *sc;

	if (!e || e->step <= NSB_STEP_NONE || e->step >= _NSB_STEP_MAX)
		return -1;
	sc = nsb_steps[e->step].syscall;
	for (int i = 0; sc && i < _NSB_SC_MAX; i++)
		if (strcmp(sc, sc_table[i].name) == 0)
			return i;
	return -1;
}

static bool step_is(const struct nsb_setup_err *e, enum nsb_step s)
{
	return e && e->step == s;
}

static void seccomp_reasons(const struct nsb_evidence *ev, const struct nsb_setup_err *step,
			    struct nsb_reasons *out)
{
	int sc = step_syscall(step);

	if (ev->seccomp_mode == 1) {
		add(out, "seccomp strict mode: only read, write, _exit and sigreturn are allowed");
		return;
	}
	if (sc < 0 || !nsb_diag_sc_refused(ev, sc))
		return;
	if (sc == NSB_SC_CLONE3 && ev->sc_errno[sc] == ENOSYS && ev->seccomp_mode == 2)
		add(out, "clone3 refused by a seccomp filter (%s: ENOSYS; not an old kernel)",
		    sc_table[sc].desc);
	else
		add(out, "%s refused%s (%s: %s)", sc_table[sc].name,
		    ev->seccomp_mode == 2 ? " by a seccomp filter" : "", sc_table[sc].desc,
		    nsb_errno_name(ev->sc_errno[sc]));
}

/* The call itself passes the filter, but a filter may look at its flags (docker's profile does). */
static void seccomp_hint(const struct nsb_evidence *ev, const struct nsb_setup_err *step, int err,
			 struct nsb_reasons *out)
{
	int sc = step_syscall(step);

	if (ev->seccomp_mode == 2 && (sc == NSB_SC_UNSHARE || sc == NSB_SC_CLONE || sc == NSB_SC_CLONE3) &&
	    (err == EPERM || err == ENOSYS || err == EACCES))
		add(out, "a seccomp filter is active (Seccomp: 2) and may refuse these flags");
}

static void cap_reasons(const struct nsb_evidence *ev, enum nsb_ns t, enum nsb_who who,
			const struct nsb_setup_err *step, int err, struct nsb_reasons *out)
{
	uid_t uid = who == NSB_WHO_CURRENT ? ev->euid : ev->unpriv_uid;
	bool setfcap = who == NSB_WHO_CURRENT && has_cap(ev, ev->cap_eff, CAP_SETFCAP);

	if (err != EPERM || !ev->caps_known)
		return;
	/* Mapping uid 0 of the parent ns needs CAP_SETFCAP since 5.12 (user_namespaces(7)). */
	if (needs_userns(t, who) && step_is(step, NSB_STEP_UID_MAP) && uid == 0 && !setfcap)
		add(out, "CAP_SETFCAP is missing: mapping uid 0 into a user namespace needs it (since 5.12)");
	/* Offsets need CAP_SYS_TIME over the time ns's owner (time_namespaces(7)); nspawn drops it. */
	if (t == NSB_NS_TIME && step_is(step, NSB_STEP_TIMENS_OFFSETS) && who == NSB_WHO_CURRENT &&
	    !has_cap(ev, ev->cap_eff, CAP_SYS_TIME))
		add(out, "CAP_SYS_TIME is missing: writing timens_offsets needs it (time_namespaces(7))");
	if (who == NSB_WHO_UNPRIV && t != NSB_NS_USER) {
		add(out, "uid %u without capabilities: %s needs CAP_SYS_ADMIN in the caller's user "
			 "namespace (namespaces(7))", (unsigned)ev->unpriv_uid, nsb_nstypes[t].flag_name);
		return;
	}
	if (who != NSB_WHO_CURRENT)
		return;
	if (t != NSB_NS_USER && !has_cap(ev, ev->cap_eff, CAP_SYS_ADMIN)) {
		add(out, "CAP_SYS_ADMIN is not in the effective set");
		if (!has_cap(ev, ev->cap_bnd, CAP_SYS_ADMIN))
			add(out, "nor in the bounding set (cannot be regained outside a new user namespace)");
	}
	if (t == NSB_NS_USER && step_is(step, NSB_STEP_GID_MAP) && !has_cap(ev, ev->cap_eff, CAP_SETGID))
		add(out, "CAP_SETGID is missing: gid_map needs setgroups=deny first");
}

/* Hints from the errno alone, when the evidence shows no definite cause. */
static void errno_reasons(const struct nsb_evidence *ev, enum nsb_ns t, int err,
			  struct nsb_reasons *out)
{
	/*
	 * User ns nesting deeper than 32 levels: ENOSPC since 4.9 (a ucount
	 * limit and the depth answer alike, kernel/user_namespace.c), EUSERS
	 * before.
	 */
	if ((err == EUSERS || err == ENOSPC) && t == NSB_NS_USER) {
		add(out, err == EUSERS ? "user namespace nesting limit reached (32 levels)" :
			 "user namespace nesting limit reached (32 levels) or user.max_user_namespaces exhausted");
		return;
	}
	if (err != ENOSPC)
		return;
	/* Each user ns starts with INT_MAX copies (user_namespaces(7)); the ancestors' limits still apply. */
	if (!ev->in_init_userns)
		add(out, "user.max_*_namespaces read INT_MAX inside a user namespace and prove nothing: "
			 "an ancestor's limit (or the pid nesting depth) gives ENOSPC");
	else if (t == NSB_NS_PID)
		add(out, "pid namespace nesting limit reached (32 levels)");
	else
		add(out, "a user.max_*_namespaces limit is exhausted");
}

size_t nsb_diag_reasons(const struct nsb_evidence *ev, enum nsb_ns t, enum nsb_who who,
			const struct nsb_setup_err *step, struct nsb_reasons *out)
{
	size_t before = out->n;
	int err = step->err;
	char text[224];

	kconfig_reasons(ev, t, who, err, out);
	sysctl_reasons(ev, t, who, out);
	seccomp_reasons(ev, step, out);
	cap_reasons(ev, t, who, step, err, out);
	if (out->n == before)
		seccomp_hint(ev, step, err, out);
	if (out->n == before)
		errno_reasons(ev, t, err, out);
	if (out->n == before)
		add(out, "no cause found in the evidence (%s: %s)",
		    nsb_step_format(step->step, step->types, text, sizeof(text)), nsb_errno_name(err));
	return out->n - before;
}

size_t nsb_diag_explain(const struct nsb_evidence *ev, unsigned mask, enum nsb_who who,
			const struct nsb_setup_err *step, char *buf, size_t len)
{
	int err = step->err;
	struct nsb_reasons rs = { .n = 0 };
	size_t off = 0;

	if (!len)
		return 0;
	buf[0] = '\0';
	NSB_FOREACH_NS(t) {
		if (!(mask & NSB_MASK(t)))
			continue;
		kconfig_reasons(ev, t, who, err, &rs);
		sysctl_reasons(ev, t, who, &rs);
		cap_reasons(ev, t, who, step, err, &rs);
	}
	seccomp_reasons(ev, step, &rs);
	if (!rs.n)
		seccomp_hint(ev, step, err, &rs);
	NSB_FOREACH_NS(t)
		if (!rs.n && (mask & NSB_MASK(t)))
			errno_reasons(ev, t, err, &rs);
	for (size_t i = 0; i < rs.n && off + 1 < len; i++) {
		int n = snprintf(buf + off, len - off, "%s%s", i ? "; " : "", rs.r[i]);

		if (n < 0)
			break;
		off += (size_t)n < len - off ? (size_t)n : len - off - 1;
	}
	return off;
}
