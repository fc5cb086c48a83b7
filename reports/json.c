/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json.c - results -> the JSON report (json-c), written atomically. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "common/util.h"
#include "report.h"

void nsb_count(const struct nsb_result *res, size_t n, struct nsb_counts *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < n; i++) {
		if (!res[i].ran)
			c->not_run++;
		else
			c->v[res[i].verdict]++;
	}
}

json_object *nsb_json_combo(unsigned mask)
{
	json_object *a = json_object_new_array();

	NSB_FOREACH_NS(t)
		if (mask & NSB_MASK(t))
			json_object_array_add(a, json_object_new_string(nsb_nstypes[t].name));
	return a;
}

static json_object *obs_object(const struct nsb_obs *o)
{
	json_object *j = json_object_new_object();

	for (size_t i = 0; i < o->n; i++)
		json_object_object_add(j, o->kv[i].key, json_object_new_string(o->kv[i].value));
	return j;
}

static json_object *properties_array(const char *props)
{
	json_object *a = json_object_new_array();
	char buf[256], *save = NULL;

	if (!props)
		return a;
	snprintf(buf, sizeof(buf), "%s", props);
	for (char *p = strtok_r(buf, ", ", &save); p; p = strtok_r(NULL, ", ", &save))
		json_object_array_add(a, json_object_new_string(p));
	return a;
}

json_object *nsb_host_json(void)
{
	json_object *h = json_object_new_object();
	struct utsname u;

	if (uname(&u) == 0) {
		json_object_object_add(h, "kernel_release", json_object_new_string(u.release));
		json_object_object_add(h, "kernel_version", json_object_new_string(u.version));
		json_object_object_add(h, "arch", json_object_new_string(u.machine));
	}
	json_object_object_add(h, "cpus", json_object_new_int(sysconf(_SC_NPROCESSORS_ONLN)));
	return h;
}

static json_object *lab_object(const struct nsb_report_lab *lab)
{
	json_object *l = json_object_new_object();

	json_object_object_add(l, "ok", json_object_new_boolean(lab->ok));
	json_object_object_add(l, "types", nsb_json_combo(lab->types));
	json_object_object_add(l, "privileged", json_object_new_boolean(lab->privileged));
	json_object_object_add(l, "uid", json_object_new_int64(lab->outer_uid));
	json_object_object_add(l, "gid", json_object_new_int64(lab->outer_gid));
	if (!lab->ok)
		json_object_object_add(l, "reason", json_object_new_string(lab->reason));
	return l;
}

static json_object *run_object(const struct nsb_run_info *run, const struct nsb_result *res,
			       size_t n)
{
	json_object *r = json_object_new_object(), *args = json_object_new_array(), *c;
	struct nsb_counts counts;
	char started[64];
	struct tm tm;

	gmtime_r(&run->started.tv_sec, &tm);
	strftime(started, sizeof(started), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_object_add(r, "started", json_object_new_string(started));
	json_object_object_add(r, "duration_s", json_object_new_double(run->duration_s));
	json_object_object_add(r, "conformance_s", json_object_new_double(run->conformance_s));
	json_object_object_add(r, "bench_s", json_object_new_double(run->bench_s));
	for (int i = 0; i < run->argc; i++)
		json_object_array_add(args, json_object_new_string(run->argv[i]));
	json_object_object_add(r, "args", args);
	json_object_object_add(r, "jobs", json_object_new_int((int)run->jobs));
	json_object_object_add(r, "timeout_s", json_object_new_double(run->timeout_ms / 1000.0));
	json_object_object_add(r, "interrupted", json_object_new_boolean(run->interrupted));
	json_object_object_add(r, "lab", lab_object(run->lab));
	nsb_count(res, n, &counts);
	c = json_object_new_object();
	for (int v = 0; v < _NSB_VERDICT_MAX; v++)
		json_object_object_add(c, nsb_verdict_name(v), json_object_new_int64((int64_t)counts.v[v]));
	json_object_object_add(c, "not_run", json_object_new_int64((int64_t)counts.not_run));
	json_object_object_add(r, "counts", c);
	return r;
}

static json_object *result_object(const struct nsb_result *r)
{
	json_object *j = json_object_new_object();

	json_object_object_add(j, "id", json_object_new_string(r->id));
	json_object_object_add(j, "suite", json_object_new_string(r->suite->name));
	json_object_object_add(j, "test", json_object_new_string(r->test->name));
	json_object_object_add(j, "probe", json_object_new_string(r->test->probe));
	json_object_object_add(j, "combo", nsb_json_combo(r->combo));
	json_object_object_add(j, "properties", properties_array(r->test->properties));
	json_object_object_add(j, "expected", obs_object(&r->expected));
	json_object_object_add(j, "observed", obs_object(&r->observed));
	json_object_object_add(j, "verdict", json_object_new_string(nsb_verdict_name(r->verdict)));
	json_object_object_add(j, "reason", json_object_new_string(r->reason));
	json_object_object_add(j, "duration_us", json_object_new_int64(r->duration_us));
	json_object_object_add(j, "spawn", json_object_new_string(r->used_clone ? "clone" : "clone3"));
	return j;
}

struct json_object *nsb_report_build(const struct nsb_run_info *run, const struct nsb_result *res,
				     size_t n)
{
	json_object *doc = json_object_new_object(), *tool, *results;

	if (!doc)
		return NULL;
	json_object_object_add(doc, "schema_version", json_object_new_int(NSB_SCHEMA_VERSION));
	tool = json_object_new_object();
	json_object_object_add(tool, "name", json_object_new_string("nsbench"));
	json_object_object_add(tool, "version", json_object_new_string(NSB_VERSION));
	json_object_object_add(doc, "tool", tool);
	json_object_object_add(doc, "host", nsb_host_json());
	json_object_object_add(doc, "run", run_object(run, res, n));
	if (run->support && run->support->computed) {
		json_object_object_add(doc, "support", nsb_support_json(run->support));
		json_object_object_add(doc, "environment", nsb_environment_json(run->support));
	}
	results = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		if (res[i].ran)
			json_object_array_add(results, result_object(&res[i]));
	json_object_object_add(doc, "results", results);
	if (run->bench)
		json_object_object_add(doc, "bench", nsb_bench_settings_json(run->bench));
	json_object_object_add(doc, "benchmarks", nsb_bench_array_json(run->bench));
	return doc;
}

static int tmp_in_dir_of(const char *path, char *buf, size_t len)
{
	char copy[PATH_MAX];

	if (snprintf(copy, sizeof(copy), "%s", path) >= (int)sizeof(copy))
		return -ENAMETOOLONG;
	if (snprintf(buf, len, "%s/.nsbench-report.XXXXXX", dirname(copy)) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

int nsb_report_probe_path(const char *path)
{
	char tmp[PATH_MAX];
	int fd, r;

	if ((r = tmp_in_dir_of(path, tmp, sizeof(tmp))) < 0)
		return r;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	close(fd);
	unlink(tmp);
	/* An existing non-regular target (a directory) cannot be replaced by rename. */
	if (access(path, F_OK) == 0) {
		_cleanup_close_ int t = open(path, O_WRONLY | O_CLOEXEC | O_NONBLOCK);

		if (t < 0)
			return -errno;
	}
	return 0;
}

int nsb_report_write(struct json_object *doc, const char *path)
{
	const char *s;
	char tmp[PATH_MAX];
	size_t len, off = 0;
	int fd, r;

	if ((r = tmp_in_dir_of(path, tmp, sizeof(tmp))) < 0)
		return r;
	s = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
							JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!s)
		return -ENOMEM;
	len = strlen(s);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (off < len) {
		ssize_t w = write(fd, s + off, len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			goto fail;
		}
		off += (size_t)w;
	}
	if (write(fd, "\n", 1) != 1 || fchmod(fd, 0644) < 0 || fsync(fd) < 0) {
		r = -errno;
		goto fail;
	}
	close(fd);
	if (rename(tmp, path) < 0) {
		r = -errno;
		unlink(tmp);
		return r;
	}
	return 0;
fail:
	close(fd);
	unlink(tmp);
	return r;
}
