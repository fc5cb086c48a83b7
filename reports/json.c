/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json.c - results -> the JSON report (json-c), written atomically or through, never over a non-file. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "common/util.h"
#include "report.h"

/* Length of the valid UTF-8 sequence at s (RFC 3629: no overlongs, surrogates or > U+10FFFF), 0 if none. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned c = s[0], lo, hi;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		lo = c == 0xE0 ? 0xA0 : 0x80;
		hi = c == 0xED ? 0x9F : 0xBF;
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		lo = c == 0xF0 ? 0x90 : 0x80;
		hi = c == 0xF4 ? 0x8F : 0xBF;
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80 ? 4 : 0;
	}
	return 0;
}

char *nsb_utf8_escape(const char *in)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = 0, bad = 0;
	char *out, *o;

	while (s[n]) {
		size_t l = utf8_len(s + n);

		bad += !l;
		n += l ? l : 1;
	}
	out = malloc(n + 3 * bad + 1);
	if (!out)
		return NULL;
	for (o = out; *s;) {
		size_t l = utf8_len(s);

		if (l) {
			memcpy(o, s, l);
			o += l;
			s += l;
		} else {
			o += sprintf(o, "\\x%02X", *s++);
		}
	}
	*o = '\0';
	return out;
}

/* Whether @s is valid UTF-8 throughout: nsb_utf8_escape() would return a copy of it. */
static bool utf8_valid(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t l;

	for (; *u; u += l) {
		if (*u < 0x80) {	/* the common case: ASCII, one byte */
			l = 1;
			continue;
		}
		if (!(l = utf8_len(u)))
			return false;
	}
	return true;
}

json_object *nsb_json_string(const char *s)
{
	char *e;
	json_object *j;

	/* Valid already (nearly every string of a report): no copy to escape into. */
	if (utf8_valid(s))
		return json_object_new_string(s);
	e = nsb_utf8_escape(s);
	j = json_object_new_string(e ? e : "");
	free(e);
	return j;
}

static void add_escaped(json_object *obj, const char *key, json_object *val)
{
	char *k;

	if (utf8_valid(key)) {
		json_object_object_add(obj, key, val);
		return;
	}
	k = nsb_utf8_escape(key);
	json_object_object_add(obj, k ? k : "", val);
	free(k);
}

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
		add_escaped(j, o->kv[i].key, nsb_json_string(o->kv[i].value));
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
		json_object_array_add(args, nsb_json_string(run->argv[i]));
	json_object_object_add(r, "args", args);
	json_object_object_add(r, "jobs", json_object_new_int((int)run->jobs));
	json_object_object_add(r, "timeout_s", json_object_new_double(run->timeout_ms / 1000.0));
	json_object_object_add(r, "interrupted", json_object_new_boolean(run->interrupted));
	if (run->env_error)
		json_object_object_add(r, "environment_error", json_object_new_string(run->env_error));
	json_object_object_add(r, "lab", lab_object(run->lab));
	nsb_count(res, n, &counts);
	c = json_object_new_object();
	for (int v = 0; v < _NSB_VERDICT_MAX; v++)
		json_object_object_add(c, nsb_verdict_name(v), json_object_new_int64((int64_t)counts.v[v]));
	json_object_object_add(c, "not_run", json_object_new_int64((int64_t)counts.not_run));
	json_object_object_add(r, "counts", c);
	json_object_object_add(r, "coverage_lost", json_object_new_boolean(nsb_coverage_lost(&counts)));
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
	json_object_object_add(j, "reason", nsb_json_string(nsb_result_reason(r)));
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

/*
 * Where a report goes. --report names one of:
 *  - a new path or a regular file: the report is replaced atomically. It is
 *    written into an unnamed O_TMPFILE in the target's directory and linked
 *    into place only when complete (linkat(2) of /proc/self/fd/N with
 *    AT_SYMLINK_FOLLOW, which works unprivileged; AT_EMPTY_PATH would need
 *    CAP_DAC_READ_SEARCH), so no name exists before the report is whole. A new
 *    path is linked under its own name; an existing file is linked under a
 *    temporary name and renamed over it (the only window in which a name
 *    other than the report's exists, and that file is complete). A filesystem
 *    without O_TMPFILE (EOPNOTSUPP, or EISDIR from a kernel without it) falls
 *    back to a named temporary file and rename(2): there a SIGKILL during the
 *    write can leave .nsbench-report.XXXXXX behind.
 *  - a device, FIFO, socket or another non-regular file: written through
 *    (open(2) O_WRONLY, no O_CREAT, no O_TRUNC), never renamed over, so that
 *    --report /dev/null as root can never replace the machine's /dev/null.
 *  - a symlink: never replaced by a file. The chain is followed link by link
 *    and the rules above apply to its final target: a link to a regular file
 *    (or to a new path) gets the target replaced atomically in the target's
 *    directory, and the link stays. Chosen over writing through because
 *    writing through truncates the target first, so a kill or a reader could
 *    see half a report: the same all-or-nothing guarantee holds whether the
 *    user names the file or a link to it. A kernel "magic" link of procfs
 *    (/dev/stdout -> /proc/self/fd/1, /dev/fd/N, /proc/PID/fd/N) names an open
 *    file, not a path: it is always written through - through this process's
 *    own descriptor when it is one (sharing its offset, as a shell redirection
 *    does), else opened O_WRONLY|O_APPEND.
 */
enum target_kind { TARGET_NEW, TARGET_REGULAR, TARGET_THROUGH };

struct target {
	char path[PATH_MAX];	/* the final path, after the symlinks */
	enum target_kind kind;
	int own_fd;		/* >= 0: a magic link to this descriptor of ours */
};

/* Test-only (tests/integration/report-kill.sh): wait this long inside the write window. */
#define NSB_TEST_WRITE_DELAY_ENV "NSBENCH_TEST_WRITE_DELAY_MS"
/* Test-only: write as if the filesystem had no O_TMPFILE (the named temporary file). */
#define NSB_TEST_NO_TMPFILE_ENV "NSBENCH_TEST_NO_TMPFILE"

static bool on_procfs(const char *path)
{
	_cleanup_close_ int fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	struct statfs sfs;

	return fd >= 0 && fstatfs(fd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC;
}

/* The descriptor of ours that a procfs magic link path names, or -1. */
static int own_fd_of(const char *link)
{
	char dir[PATH_MAX], real[PATH_MAX], want[64];
	const char *base = strrchr(link, '/');
	char *end;
	long n;

	if (!base || snprintf(dir, sizeof(dir), "%.*s", (int)(base - link), link) >= (int)sizeof(dir))
		return -1;
	n = strtol(base + 1, &end, 10);
	if (end == base + 1 || *end || n < 0 || n > INT_MAX || !realpath(*dir ? dir : "/", real))
		return -1;
	snprintf(want, sizeof(want), "/proc/%d/fd", (int)getpid());
	if (strcmp(real, want) != 0) {
		snprintf(want, sizeof(want), "/proc/%d/task/%d/fd", (int)getpid(), (int)gettid());
		if (strcmp(real, want) != 0)
			return -1;
	}
	return fcntl((int)n, F_GETFD) < 0 ? -1 : (int)n;
}

static int check_name_length(const char *path)
{
	const char *base = strrchr(path, '/');

	if (strlen(path) >= PATH_MAX)
		return -ENAMETOOLONG;
	return strlen(base ? base + 1 : path) > NAME_MAX ? -ENAMETOOLONG : 0;
}

/* Follow path's symlinks (at most 40, as the kernel does) and classify the final target. */
static int resolve_target(const char *path, struct target *t)
{
	char link[PATH_MAX];
	struct stat st;
	int r;

	t->own_fd = -1;
	if (!*path)
		return -ENOENT;
	if (snprintf(t->path, sizeof(t->path), "%s", path) >= (int)sizeof(t->path))
		return -ENAMETOOLONG;
	for (int hops = 0;; hops++) {
		const char *slash;
		ssize_t n;

		if ((r = check_name_length(t->path)) < 0)
			return r;
		if (lstat(t->path, &st) < 0) {
			if (errno != ENOENT)
				return -errno;
			t->kind = TARGET_NEW;
			return 0;
		}
		if (!S_ISLNK(st.st_mode)) {
			if (S_ISDIR(st.st_mode))
				return -EISDIR;
			t->kind = S_ISREG(st.st_mode) ? TARGET_REGULAR : TARGET_THROUGH;
			return 0;
		}
		if (hops >= 40)
			return -ELOOP;
		if (on_procfs(t->path)) {
			if (stat(t->path, &st) == 0 && S_ISDIR(st.st_mode))
				return -EISDIR;
			t->kind = TARGET_THROUGH;
			t->own_fd = own_fd_of(t->path);
			return 0;
		}
		n = readlink(t->path, link, sizeof(link));
		if (n < 0)
			return -errno;
		if (n >= (ssize_t)sizeof(link))
			return -ENAMETOOLONG;
		link[n] = '\0';
		slash = strrchr(t->path, '/');
		if (link[0] == '/' || !slash) {
			if (snprintf(t->path, sizeof(t->path), "%s", link) >= (int)sizeof(t->path))
				return -ENAMETOOLONG;
		} else {
			char dir[PATH_MAX];

			snprintf(dir, sizeof(dir), "%.*s", (int)(slash - t->path), t->path);
			if (snprintf(t->path, sizeof(t->path), "%s/%s", *dir ? dir : "", link) >=
			    (int)sizeof(t->path))
				return -ENAMETOOLONG;
		}
	}
}

/* The directory of path (O_PATH) and its last component. */
static int open_dir_of(const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	int fd;

	*name = slash ? slash + 1 : path;
	if (!**name)
		return -EISDIR;
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
	fd = open(*dir ? dir : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

static bool no_tmpfile(int err)
{
	return err == -EOPNOTSUPP || err == -EISDIR;
}

/* The content, in pieces: the report is json-c's string and a newline, never copied into one. */
struct content {
	struct iovec iov[2];
	int n;
};

static int write_all(int fd, const struct content *c)
{
	struct iovec iov[2];
	int n = c->n, i = 0;

	memcpy(iov, c->iov, sizeof(iov));
	while (i < n) {
		ssize_t w = writev(fd, iov + i, n - i);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (; i < n && (size_t)w >= iov[i].iov_len; i++)
			w -= (ssize_t)iov[i].iov_len;
		if (i < n) {
			iov[i].iov_base = (char *)iov[i].iov_base + w;
			iov[i].iov_len -= (size_t)w;
		}
	}
	return 0;
}

static void test_delay(void)
{
	const char *e = getenv(NSB_TEST_WRITE_DELAY_ENV);
	long ms = e ? strtol(e, NULL, 10) : 0;

	if (ms <= 0)
		return;
	fprintf(stderr, "nsbench: test: report written, not yet linked; waiting %ld ms\n", ms);
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Content, mode 0644, on disk. */
static int fill(int fd, const struct content *c)
{
	int r = write_all(fd, c);

	if (r == 0 && (fchmod(fd, 0644) < 0 || fsync(fd) < 0))
		r = -errno;
	if (r == 0)
		test_delay();
	return r;
}

/* Give the unnamed file fd the name dfd/name (EEXIST if taken). */
static int link_as(int fd, int dfd, const char *name)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (linkat(AT_FDCWD, proc, dfd, name, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	if (errno != ENOENT)
		return -errno;
	/* No /proc here: AT_EMPTY_PATH, which needs CAP_DAC_READ_SEARCH. */
	return linkat(fd, "", dfd, name, AT_EMPTY_PATH) == 0 ? 0 : -errno;
}

/* Link the complete unnamed file fd as dfd/name, replacing an existing file atomically. */
static int publish(int fd, int dfd, const char *name, bool exists)
{
	char tmp[64];
	int r = -EEXIST;

	if (!exists && (r = link_as(fd, dfd, name)) != -EEXIST)
		return r;
	/* Replace: a complete file under a temporary name, renamed over the old one. */
	for (unsigned i = 0; i < 100 && r == -EEXIST; i++) {
		snprintf(tmp, sizeof(tmp), ".nsbench-report.%d.%u", (int)getpid(), i);
		r = link_as(fd, dfd, tmp);
	}
	if (r < 0)
		return r;
	if (renameat(dfd, tmp, dfd, name) < 0) {
		r = -errno;
		unlinkat(dfd, tmp, 0);
	}
	return r;
}

/* Named temporary file and rename(2): filesystems without O_TMPFILE only. */
static int write_named(int dfd, const char *name, const struct content *c)
{
	char tmp[64];
	int fd = -1, r;

	for (unsigned i = 0; i < 100 && fd < 0; i++) {
		snprintf(tmp, sizeof(tmp), ".nsbench-report.%d.%u", (int)getpid(), i);
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			return -errno;
	}
	if (fd < 0)
		return -EEXIST;
	r = fill(fd, c);
	close(fd);
	if (r == 0 && renameat(dfd, tmp, dfd, name) < 0)
		r = -errno;
	if (r < 0)
		unlinkat(dfd, tmp, 0);
	return r;
}

static int write_atomic(const struct target *t, const struct content *c)
{
	const char *name;
	_cleanup_close_ int dfd = open_dir_of(t->path, &name);
	int fd, r;

	if (dfd < 0)
		return dfd;
	/* Test-only: as on a filesystem without O_TMPFILE (the negative control of report-kill.sh). */
	if (getenv(NSB_TEST_NO_TMPFILE_ENV))
		return write_named(dfd, name, c);
	fd = openat(dfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0)
		return no_tmpfile(-errno) ? write_named(dfd, name, c) : -errno;
	r = fill(fd, c);
	if (r == 0)
		r = publish(fd, dfd, name, t->kind == TARGET_REGULAR);
	close(fd);
	return r;
}

static int write_through(const struct target *t, const struct content *c)
{
	int fd, r;

	if (t->own_fd >= 0) {
		fflush(NULL);	/* what stdio holds for that descriptor comes first */
		fd = fcntl(t->own_fd, F_DUPFD_CLOEXEC, 3);
	} else {
		fd = open(t->path, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC);
	}
	if (fd < 0)
		return -errno;
	r = write_all(fd, c);
	close(fd);
	return r;
}

int nsb_report_probe_path(const char *path)
{
	struct target t;
	const char *name;
	int r = resolve_target(path, &t), fd;

	if (r < 0)
		return r;
	if (t.kind == TARGET_THROUGH) {
		/* Never open it here: closing a FIFO's only writer would end its reader's input. */
		if (t.own_fd >= 0)
			return (fcntl(t.own_fd, F_GETFL) & O_ACCMODE) == O_RDONLY ? -EBADF : 0;
		return faccessat(AT_FDCWD, t.path, W_OK, AT_EACCESS) < 0 ? -errno : 0;
	}
	_cleanup_close_ int dfd = open_dir_of(t.path, &name);
	if (dfd < 0)
		return dfd;
	/* An unnamed file is made and dropped: nothing ever appears in the directory. */
	fd = openat(dfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0 && no_tmpfile(-errno)) {
		char tmp[64];

		snprintf(tmp, sizeof(tmp), ".nsbench-report.%d.probe", (int)getpid());
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			unlinkat(dfd, tmp, 0);
	}
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int output_write(const char *path, const struct content *c)
{
	struct target t;
	int r;

	if ((r = resolve_target(path, &t)) < 0)
		return r;
	return t.kind == TARGET_THROUGH ? write_through(&t, c) : write_atomic(&t, c);
}

int nsb_output_write(const char *path, const char *s, size_t len)
{
	struct content c = { .iov = { { (void *)s, len } }, .n = 1 };

	return output_write(path, &c);
}

int nsb_report_write(struct json_object *doc, const char *path)
{
	size_t len = 0;	/* set only when s is */
	const char *s = json_object_to_json_string_length(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
								JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	/* Written as json-c made it, and a newline: a 7 MB report is not copied again (issue 15). */
	struct content c = { .iov = { { (void *)s, len }, { "\n", 1 } }, .n = 2 };

	if (!s)
		return -ENOMEM;
	return output_write(path, &c);
}
