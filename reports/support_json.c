/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * support_json.c - the "support" array and "environment" object shared by
 * the check report (reports/check-schema.json) and every run report
 * (reports/schema.json). Described in reports/FORMAT.md.
 */
#define _GNU_SOURCE
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "common/errname.h"
#include "report.h"

static json_object *errno_or_null(int err)
{
	return err > 0 ? json_object_new_string(nsb_errno_name(err)) : NULL;
}

static json_object *attempt_json(const struct nsb_attempt *at, bool methods)
{
	json_object *j = json_object_new_object();

	json_object_object_add(j, "ok", json_object_new_boolean(at->ok));
	json_object_object_add(j, "errno", at->ok ? NULL : errno_or_null(at->main.err));
	if (!at->ok) {
		char step[224];

		json_object_object_add(j, "step", json_object_new_string(nsb_step_format(
			at->main.step, at->main.types, step, sizeof(step))));
	}
	if (methods) {
		static const char *const names[_NSB_METHOD_MAX] = { "unshare", "clone3", "clone" };
		json_object *m = json_object_new_object();

		for (int i = 0; i < _NSB_METHOD_MAX; i++) {
			int e = at->method[i].err;

			if (e == NSB_NOT_TRIED)
				continue;
			json_object_object_add(m, names[i], json_object_new_string(e ? nsb_errno_name(e) : "ok"));
		}
		json_object_object_add(j, "methods", m);
	}
	return j;
}

struct json_object *nsb_support_json(const struct nsb_support *s)
{
	json_object *a = json_object_new_array();

	NSB_FOREACH_NS(t) {
		const struct nsb_support_row *row = &s->row[t];
		json_object *o = json_object_new_object(), *rs = json_object_new_array();

		json_object_object_add(o, "type", json_object_new_string(nsb_nstypes[t].name));
		for (int w = 0; w < _NSB_WHO_MAX; w++)
			json_object_object_add(o, nsb_who_name(w), attempt_json(&row->who[w], true));
		for (size_t i = 0; i < row->reasons.n; i++)
			json_object_array_add(rs, json_object_new_string(row->reasons.r[i]));
		json_object_object_add(o, "reasons", rs);
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *str_list(const char *csv)
{
	json_object *a = json_object_new_array();
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", csv);
	for (char *p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save))
		json_object_array_add(a, json_object_new_string(p));
	return a;
}

static json_object *caps_json(uint64_t set)
{
	static const struct { int cap; const char *name; } caps[] = {
		{ 6, "CAP_SETGID" }, { 7, "CAP_SETUID" }, { 21, "CAP_SYS_ADMIN" }, { 25, "CAP_SYS_TIME" }, { 31, "CAP_SETFCAP" },
	};
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (set & (1ULL << caps[i].cap))
			json_object_array_add(a, json_object_new_string(caps[i].name));
	return a;
}

static json_object *sysctl_json(const struct nsb_evidence *ev)
{
	json_object *o = json_object_new_object();
	char key[96];

	NSB_FOREACH_NS(t) {
		snprintf(key, sizeof(key), "user.%s", nsb_nstypes[t].sysctl + strlen("user/"));
		json_object_object_add(o, key, ev->max_ns[t] == NSB_SYSCTL_ABSENT ? NULL :
					       json_object_new_int64(ev->max_ns[t]));
	}
	if (ev->userns_clone != NSB_SYSCTL_ABSENT)
		json_object_object_add(o, "kernel.unprivileged_userns_clone",
				       json_object_new_int64(ev->userns_clone));
	if (ev->apparmor_restrict != NSB_SYSCTL_ABSENT)
		json_object_object_add(o, "kernel.apparmor_restrict_unprivileged_userns",
				       json_object_new_int64(ev->apparmor_restrict));
	return o;
}

static json_object *seccomp_json(const struct nsb_evidence *ev)
{
	json_object *o = json_object_new_object(), *refused = json_object_new_array();
	json_object *probes = json_object_new_object();

	json_object_object_add(o, "mode", json_object_new_int(ev->seccomp_mode));
	for (int i = 0; i < _NSB_SC_MAX; i++) {
		int e = ev->sc_errno[i];

		if (e == NSB_SC_UNTESTED)
			continue;
		json_object_object_add(probes, nsb_sc_probe_desc(i),
				       json_object_new_string(e ? nsb_errno_name(e) : "ok"));
		if (nsb_diag_sc_refused(ev, i))
			json_object_array_add(refused, json_object_new_string(nsb_sc_name(i)));
	}
	json_object_object_add(o, "refused", refused);
	json_object_object_add(o, "probes", probes);
	return o;
}

static json_object *ns_json(const struct nsb_environment *env)
{
	json_object *o = json_object_new_object(), *init = json_object_new_array();
	json_object *priv = json_object_new_array();

	NSB_FOREACH_NS(t) {
		json_object *n = json_object_new_object();

		json_object_object_add(n, "inode", json_object_new_int64((int64_t)env->ns[t].ino));
		json_object_object_add(n, "initial", env->ns[t].initial < 0 ? NULL :
				       json_object_new_boolean(env->ns[t].initial));
		json_object_object_add(o, nsb_nstypes[t].name, n);
		if (env->ns[t].initial == 1)
			json_object_array_add(init, json_object_new_string(nsb_nstypes[t].name));
		else if (env->ns[t].initial == 0)
			json_object_array_add(priv, json_object_new_string(nsb_nstypes[t].name));
	}
	json_object_object_add(o, "shared_with_machine", init);
	json_object_object_add(o, "private", priv);
	return o;
}

struct json_object *nsb_environment_json(const struct nsb_support *s)
{
	const struct nsb_environment *env = &s->env;
	const struct nsb_evidence *ev = &s->ev;
	json_object *o = json_object_new_object(), *caps = json_object_new_object();

	json_object_object_add(o, "outer", json_object_new_string(env->outer));
	json_object_object_add(o, "outer_evidence", json_object_new_string(env->outer_evidence));
	json_object_object_add(o, "virtualisation", json_object_new_string(env->virt));
	json_object_object_add(o, "virtualisation_evidence", json_object_new_string(env->virt_evidence));
	json_object_object_add(o, "cgroup_layout", json_object_new_string(env->cgroup_layout));
	json_object_object_add(o, "seccomp", seccomp_json(ev));
	json_object_object_add(o, "no_new_privs", json_object_new_boolean(ev->no_new_privs));
	json_object_object_add(o, "lsm", env->lsm[0] ? str_list(env->lsm) : NULL);
	json_object_object_add(o, "lsm_source", json_object_new_string(env->lsm_source));
	json_object_object_add(o, "kernel_config", ev->kconfig_src[0] ?
			       json_object_new_string(ev->kconfig_src) : NULL);
	json_object_object_add(o, "sysctls", sysctl_json(ev));
	json_object_object_add(caps, "effective", caps_json(ev->cap_eff));
	json_object_object_add(caps, "bounding", caps_json(ev->cap_bnd));
	json_object_object_add(o, "capabilities", caps);
	json_object_object_add(o, "uid", json_object_new_int64(env->uid));
	json_object_object_add(o, "euid", json_object_new_int64(env->euid));
	json_object_object_add(o, "in_initial_user_ns", json_object_new_boolean(ev->in_init_userns));
	json_object_object_add(o, "unprivileged_as", json_object_new_string(env->unpriv_as));
	json_object_object_add(o, "clone3", json_object_new_string(env->clone3));
	json_object_object_add(o, "link_kinds", json_object_new_string(env->link_kinds));
	json_object_object_add(o, "time_ns", json_object_new_boolean(env->time_ns));
	json_object_object_add(o, "user_ns_levels_left", json_object_new_int(env->userns_levels));
	json_object_object_add(o, "pid_ns_levels_left", json_object_new_int(env->pidns_levels));
	json_object_object_add(o, "namespaces", ns_json(env));
	{
		json_object *needs = json_object_new_object();

		for (int n = 0; n < _NSB_NEED_MAX; n++) {
			json_object *row = json_object_new_object();

			json_object_object_add(row, "ok", json_object_new_boolean(!env->need[n].err));
			json_object_object_add(row, "errno", env->need[n].err ?
					       json_object_new_string(nsb_errno_name(env->need[n].err)) : NULL);
			if (env->need[n].err)
				json_object_object_add(row, "reason", json_object_new_string(env->need[n].why));
			json_object_object_add(needs, nsb_need_name(n), row);
		}
		json_object_object_add(o, "suite_needs", needs);
		json_object_object_add(o, "enospc_retries", json_object_new_int(env->enospc_retries));
		json_object_object_add(o, "suite_needs_in_userns",
				       json_object_new_boolean(env->needs_in_userns));
	}
	return o;
}
