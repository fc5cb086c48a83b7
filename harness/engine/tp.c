/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tp.c - the test parent: one forked process per test inside the lab. It
 * gives the test a private parent (unsharing .mutates), records its own
 * namespaces, spawns the probe in the combination, relays the probe's
 * observations to the runner and adds how the probe ended ("tp.*").
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <unistd.h>

#include "common/combo.h"
#include "common/errname.h"
#include "common/step.h"
#include "common/uapi.h"
#include "common/util.h"
#include "spawn.h"
#include "tp.h"

/*
 * Observations go out in as few writes as possible (each one wakes the
 * scheduler): lines collect here and are flushed when the probe keeps the
 * test parent waiting, before a hook runs (a hook may fork: its child must
 * not inherit lines to write twice) and before it exits. Only in the test
 * parent (nsb_tp_main): elsewhere (`nsbench shell --test` rebuilding one)
 * nsb_tp_put() writes at once.
 */
static struct {
	char buf[16384];
	size_t len;
	bool batch;
} ob;

static void ob_flush(int fd)
{
	size_t off = 0;

	while (off < ob.len) {
		ssize_t n = write(fd, ob.buf + off, ob.len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* the runner is gone: nobody to tell */
		off += (size_t)n;
	}
	ob.len = 0;
}

static void ob_put(int fd, const char *data, size_t len)
{
	if (!ob.batch) {
		(void)!write(fd, data, len);
		return;
	}
	if (len > sizeof(ob.buf) - ob.len)
		ob_flush(fd);
	if (len > sizeof(ob.buf)) {
		(void)!write(fd, data, len);
		return;
	}
	memcpy(ob.buf + ob.len, data, len);
	ob.len += len;
}

static void out(int fd, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void out(int fd, const char *key, const char *fmt, ...)
{
	char line[1024];
	int n;
	va_list ap;

	n = snprintf(line, sizeof(line), "%s=", key);
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	ob_put(fd, line, (size_t)n);
}

void nsb_tp_put(struct nsb_tp *tp, const char *key, const char *fmt, ...)
{
	char k[128], v[896];
	va_list ap;

	snprintf(k, sizeof(k), "parent.%s", key);
	va_start(ap, fmt);
	vsnprintf(v, sizeof(v), fmt, ap);
	va_end(ap);
	out(tp->out_fd, k, "%s", v);
}

/* The hook running now (its step in the table), for nsb_tp_refused(). */
static enum nsb_step hook_step = NSB_STEP_HOOK_BEFORE;

int nsb_tp_refused(struct nsb_tp *tp, const char *what, int kind, int cap, int err)
{
	struct utsname u;

	if (err < 0)
		err = -err;
	if (!err)
		err = EIO;
	if (tp->refused)	/* the first failure is the one that stopped the hook */
		return -err;
	tp->refused = true;
	out(tp->out_fd, "tp.hook", "%s", nsb_steps[hook_step].name);
	out(tp->out_fd, "tp.hook_what", "%s", what && *what ? what : "the suite's hook");
	if (kind >= 0 && kind < _NSB_IFACE_MAX &&
	    (nsb_errno_is_absent(err, (enum nsb_iface)kind) || nsb_errno_is_filtered(err)))
		out(tp->out_fd, "tp.hook_kind", "%s", nsb_iface_name((enum nsb_iface)kind));
	if (nsb_cap_name(cap))
		out(tp->out_fd, "tp.hook_cap", "%s", nsb_cap_name(cap));
	out(tp->out_fd, "tp.hook_errno", "%s", nsb_errno_name(err));
	out(tp->out_fd, "tp.release", "%s", uname(&u) == 0 ? u.release : "?");
	return -err;
}

/* The failed step as data: its name in the step table, the types it concerned, the errno. */
static void __attribute__((noreturn)) setup_failed(int fd, enum nsb_step step, unsigned types,
						   int err)
{
	char combo[NSB_COMBO_STRLEN];

	out(fd, "tp.setup_step", "%s", nsb_steps[step].name);
	out(fd, "tp.setup_types", "%s", nsb_combo_format(types, combo, sizeof(combo)));
	out(fd, "tp.setup_errno", "%s", nsb_errno_name(err));
	ob_flush(fd);
	_exit(0);
}

/*
 * The offsets of the time ns the test parent lives in (its time_for_children
 * before spawn; time_namespaces(7): "monotonic <s> <ns>" lines, relative to
 * the machine's initial time ns), as parent.time_offset.<clock> in ns. nsbench
 * may start in a time ns of its own with offsets (unshare --time --monotonic):
 * the rules derive what a probe's clocks read from these, never from zero.
 * Absent file (no time namespaces): no key, and the rules take 0.
 * Read with read(2) into buf (no stdio: no allocation in the test parent);
 * returns the length, or -1 when the file cannot be read.
 */
static ssize_t read_time_offsets(char *buf, size_t len)
{
	int fd = open("/proc/self/timens_offsets", O_RDONLY | O_CLOEXEC);
	ssize_t n, got = 0;

	if (fd < 0)
		return -1;
	while ((size_t)got < len - 1 && (n = read(fd, buf + got, len - 1 - (size_t)got)) > 0)
		got += n;
	close(fd);
	buf[got] = '\0';
	return got;
}

static void put_time_offsets(struct nsb_tp *tp, const char *buf)
{
	const char *p = buf;
	char clock[32], key[64];

	/* "<clock> <s> <ns>\n" per line, as fscanf("%31s %lld %lld") read it */
	while (*p) {
		size_t l = strcspn(p, " \t\n");
		char *end;
		long long s, ns;

		if (!l || l >= sizeof(clock))
			break;
		memcpy(clock, p, l);
		clock[l] = '\0';
		s = strtoll(p + l, &end, 10);
		if (end == p + l)
			break;
		p = end;
		ns = strtoll(p, &end, 10);
		if (end == p)
			break;
		p = end + strspn(end, " \t\n");
		snprintf(key, sizeof(key), "time_offset.%s", clock);
		nsb_tp_put(tp, key, "%lld", s * 1000000000LL + ns);
	}
}

/* The test parent's effective capabilities (capget(2)) as a hex mask: the rules derive what the probe may do from them. */
static unsigned long long own_caps(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return 0;
	return (unsigned long long)d[1].effective << 32 | d[0].effective;
}

/*
 * Runs one of the test's hooks as @step. Whatever way it failed (through
 * nsb_tp_refused() or a bare -errno, recorded here the same way), the test
 * parent stops: the judge reads tp.hook*.
 */
static void run_hook(struct nsb_tp *tp, enum nsb_step step, int (*hook)(struct nsb_tp *tp))
{
	int r;

	ob_flush(tp->out_fd);	/* a hook may fork: its child must not inherit lines to write twice */
	hook_step = step;
	r = hook(tp);
	if (r < 0 && !tp->refused)
		nsb_tp_refused(tp, NULL, NSB_HOOK_OP, NSB_HOOK_NO_CAP, r);
	if (tp->refused) {
		ob_flush(tp->out_fd);
		_exit(0);
	}
}

/*
 * ns.<entry>: the inode number as namespaces(7) spells it in the link
 * "/proc/self/ns/<entry>" -> "<type>:[<inode>]", the number a stat() gives,
 * without the nsfs lookup (a dentry per call) a stat() costs. 0: unreadable.
 */
static unsigned long long read_ns_entry(int dfd, const char *entry)
{
	char link[64], *b, *end;
	unsigned long long ino;
	ssize_t n = readlinkat(dfd, entry, link, sizeof(link) - 1);

	if (n <= 0)
		return 0;
	link[n] = '\0';
	b = strchr(link, '[');
	if (!b)
		return 0;
	ino = strtoull(b + 1, &end, 10);
	return end > b + 1 && *end == ']' ? ino : 0;
}

/*
 * What the scheduler read of its own namespaces and time offsets before the
 * first test (nsb_tp_prepare()). A test parent is fork(2)ed from it and
 * shares every namespace it does not unshare itself (.mutates): those
 * entries it reads again, and any the scheduler could not read; the others
 * are the same namespaces, so the same inodes, and are taken from here
 * (about 10 /proc lookups less per test).
 */
static struct {
	bool ready;
	unsigned long long ino[2][_NSB_NS_MAX];	/* [0]: <type>, [1]: <type>_for_children */
	char time_offsets[256];
	bool have_time_offsets;
} base;

void nsb_tp_prepare(void)
{
	int dfd = open("/proc/self/ns", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (dfd < 0)
		return;
	NSB_FOREACH_NS(t) {
		base.ino[0][t] = read_ns_entry(dfd, nsb_nstypes[t].name);
		if (nsb_nstypes[t].name_children)
			base.ino[1][t] = read_ns_entry(dfd, nsb_nstypes[t].name_children);
	}
	close(dfd);
	base.have_time_offsets = read_time_offsets(base.time_offsets, sizeof(base.time_offsets)) >= 0;
	base.ready = true;
}

int nsb_tp_base_format(char *buf, size_t len)
{
	size_t off = 0;
	int n;

	if (!base.ready)
		return -ENODATA;
	for (int c = 0; c < 2; c++)
		NSB_FOREACH_NS(t) {
			n = snprintf(buf + off, len - off, "%llu,", base.ino[c][t]);
			if (n < 0 || (size_t)n >= len - off)
				return -ENOSPC;
			off += (size_t)n;
		}
	/* The offsets last: their text (two lines) is the rest of the string. */
	n = snprintf(buf + off, len - off, "%s", base.have_time_offsets ? base.time_offsets : "");
	if (n < 0 || (size_t)n >= len - off)
		return -ENOSPC;
	return 0;
}

int nsb_tp_base_parse(const char *s)
{
	char *end;

	for (int c = 0; c < 2; c++)
		NSB_FOREACH_NS(t) {
			errno = 0;
			base.ino[c][t] = strtoull(s, &end, 10);
			if (errno || end == s || *end != ',') {
				base.ready = false;
				return -EINVAL;
			}
			s = end + 1;
		}
	if (strlen(s) >= sizeof(base.time_offsets)) {
		base.ready = false;
		return -EINVAL;
	}
	strcpy(base.time_offsets, s);
	base.have_time_offsets = *s != '\0';
	base.ready = true;
	return 0;
}

/*
 * ns.<entry> for every /proc/self/ns entry: the types, then the *_for_children
 * ones; unshare(2) of a type changes its entry and, for pid and time, the
 * *_for_children one: those are read here, the rest comes from base.
 */
static void record_own_namespaces(struct nsb_tp *tp, unsigned mutated)
{
	int dfd = -EBADF;
	char key[64], offs[sizeof(base.time_offsets)];

	for (int c = 0; c < 2; c++)
		NSB_FOREACH_NS(t) {
			const char *entry = c ? nsb_nstypes[t].name_children : nsb_nstypes[t].name;
			unsigned long long ino = base.ready ? base.ino[c][t] : 0;

			if (!entry)
				continue;
			if (!ino || nsb_combo_has(mutated, t)) {
				if (dfd == -EBADF)
					dfd = open("/proc/self/ns", O_PATH | O_DIRECTORY | O_CLOEXEC);
				ino = dfd >= 0 ? read_ns_entry(dfd, entry) : 0;
			}
			if (!ino)
				continue;
			snprintf(key, sizeof(key), "ns.%s", entry);
			nsb_tp_put(tp, key, "%llu", ino);
		}
	if (dfd >= 0)
		close(dfd);
	if (!base.ready || !base.have_time_offsets || nsb_combo_has(mutated, NSB_NS_TIME)) {
		if (read_time_offsets(offs, sizeof(offs)) >= 0)
			put_time_offsets(tp, offs);
	} else {
		put_time_offsets(tp, base.time_offsets);
	}
	nsb_tp_put(tp, "cap_eff", "%#llx", own_caps());
}

/* Relays the probe's stdout lines; a probe may not forge the parent's keys. */
static void relay_line(struct nsb_tp *tp, const char *line, size_t len, int *in_w)
{
	if ((len >= 7 && memcmp(line, "parent.", 7) == 0) || (len >= 3 && memcmp(line, "tp.", 3) == 0)) {
		ob_put(tp->out_fd, "forged key from probe\n", 22);
		return;
	}
	if (len < sizeof(ob.buf) - ob.len) {	/* the line and its newline in one piece */
		memcpy(ob.buf + ob.len, line, len);
		ob.buf[ob.len + len] = '\n';
		ob.len += len + 1;
	} else {
		ob_put(tp->out_fd, line, len);
		ob_put(tp->out_fd, "\n", 1);
	}
	if (len >= 5 && memcmp(line, "sync=", 5) == 0) {
		if (tp->test->during)
			run_hook(tp, NSB_STEP_HOOK_DURING, tp->test->during);
		safe_close(in_w);	/* lets the probe go on */
	}
}

struct linebuf {
	char buf[4096];
	size_t len;
};

/* Pump results: 0 at EOF (or a read error), 1 data was read, 2 nothing there now. */
static int pump_stdout(struct nsb_tp *tp, int fd, struct linebuf *lb, int *in_w)
{
	ssize_t n = read(fd, lb->buf + lb->len, sizeof(lb->buf) - lb->len);
	char *nl;

	if (n < 0)
		return errno == EINTR ? 1 : errno == EAGAIN ? 2 : 0;
	if (n == 0) {
		if (lb->len)	/* a last line without '\n' still counts */
			relay_line(tp, lb->buf, lb->len, in_w);
		lb->len = 0;
		return 0;
	}
	lb->len += (size_t)n;
	while ((nl = memchr(lb->buf, '\n', lb->len))) {
		size_t l = (size_t)(nl - lb->buf);

		relay_line(tp, lb->buf, l, in_w);
		memmove(lb->buf, nl + 1, lb->len - l - 1);
		lb->len -= l + 1;
	}
	if (lb->len == sizeof(lb->buf)) {	/* an endless line: not key=value */
		ob_put(tp->out_fd, "overlong line from probe\n", 25);
		lb->len = 0;
	}
	return 1;
}

/* Keeps the tail of the probe's stderr, newlines folded, for the report. */
static int pump_stderr(int fd, char *tail, size_t cap)
{
	char buf[1024];
	ssize_t n = read(fd, buf, sizeof(buf));
	size_t len = strlen(tail);

	if (n < 0)
		return errno == EINTR ? 1 : errno == EAGAIN ? 2 : 0;
	if (n == 0)
		return 0;
	for (ssize_t i = 0; i < n; i++) {
		char c = buf[i] == '\n' ? ' ' : buf[i];

		if (c != ' ' && (c < 0x20 || c == 0x7f))
			c = '?';
		if (len + 1 >= cap) {
			memmove(tail, tail + cap / 2, len - cap / 2);
			len -= cap / 2;
		}
		tail[len++] = c;
	}
	tail[len] = '\0';
	return 1;
}

static char **build_argv(const struct nsb_test *t, const char *path, const char *token)
{
	static char *argv[32];
	size_t n = 0;

	argv[n++] = (char *)path;
	for (size_t i = 0; t->args && t->args[i] && n < ARRAY_SIZE(argv) - 1; i++)
		argv[n++] = (char *)(strcmp(t->args[i], "@token") == 0 ? token : t->args[i]);
	argv[n] = NULL;
	return argv;
}

void nsb_tp_main(const struct nsb_job *job, const char *token, const struct nsb_run_opts *o,
		 int out_fd)
{
	struct nsb_tp tp = { .test = job->test, .combo = job->combo, .token = token,
			     .out_fd = out_fd, .child_pidfd = -EBADF, .child_pid = -1 };
	int in[2], sout[2], serr[2], r = 0, in_w, st_out, st_err, waited_ms = 0;
	bool now;
	struct nsb_spawn_res res;
	struct linebuf lb = { .len = 0 };
	char path[PATH_MAX], tail[256] = "";
	siginfo_t si = { 0 };

	ob.batch = true;
	(void)setpgid(0, 0);
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	if (out_fd > 3)
		syscall(SYS_close_range, 3, out_fd - 1, 0);
	syscall(SYS_close_range, out_fd + 1, ~0U, 0);

	if (job->test->mutates && unshare((int)nsb_combo_clone_flags(job->test->mutates)) < 0)
		setup_failed(out_fd, NSB_STEP_UNSHARE_TP, job->test->mutates, errno);
	record_own_namespaces(&tp, job->test->mutates);
	if (job->test->before)
		run_hook(&tp, NSB_STEP_HOOK_BEFORE, job->test->before);

	snprintf(path, sizeof(path), "%s/%s", o->probe_dir, job->test->probe);
	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(sout, O_CLOEXEC) < 0 || pipe2(serr, O_CLOEXEC) < 0)
		setup_failed(out_fd, NSB_STEP_PIPE, 0, errno);
	r = nsb_spawn(&(struct nsb_spawn_req){ .combo = job->combo, .path = path,
					       .argv = build_argv(job->test, path, token),
					       .fd_in = in[0], .fd_out = sout[1], .fd_err = serr[1] },
		      &res);
	if (r < 0)
		setup_failed(out_fd, res.setup.step, res.setup.types, res.setup.err);
	close(in[0]);
	close(sout[1]);
	close(serr[1]);
	in_w = in[1];
	tp.child_pid = res.pid;
	tp.child_pidfd = res.pidfd;
	out(out_fd, "tp.spawn", "%s", res.used_clone ? "clone" : "clone3");

	/*
	 * A probe's output is read when it exits, not as it comes: a probe
	 * flushes stdout several times (before each fork) and each read would
	 * cost a wake-up. Only a test with a .during hook must see its sync
	 * line at once; otherwise we wake for the exit, and every 100 ms to
	 * drain the pipes (a probe that writes more than a pipe holds goes on).
	 */
	now = job->test->during != NULL;
	if (!now) {
		fcntl(sout[0], F_SETFL, O_NONBLOCK);
		fcntl(serr[0], F_SETFL, O_NONBLOCK);
	}
	st_out = st_err = 1;
	while (st_out || st_err) {
		struct pollfd p[3] = { { st_out ? sout[0] : -1, now ? POLLIN : 0, 0 },
				       { st_err ? serr[0] : -1, now ? POLLIN : 0, 0 },
				       { res.pidfd, POLLIN, 0 } };
		int tmo = now ? (ob.len ? 100 : -1) : 100;
		int n = poll(p, 3, tmo);

		if (n < 0 && errno != EINTR)
			break;
		/* Held lines go out once the probe has kept us waiting 100 ms (a hang's diagnosis). */
		if (n == 0 && (waited_ms += tmo) >= 100 && ob.len)
			ob_flush(out_fd);
		if (p[2].revents) {
			/* The probe exited: drain what it wrote, but never wait for its leftovers. */
			fcntl(sout[0], F_SETFL, O_NONBLOCK);
			fcntl(serr[0], F_SETFL, O_NONBLOCK);
			while (st_out == 1)
				st_out = pump_stdout(&tp, sout[0], &lb, &in_w);
			while (st_err == 1)
				st_err = pump_stderr(serr[0], tail, sizeof(tail));
			if (st_out == 2 && lb.len)	/* a last line without '\n' */
				relay_line(&tp, lb.buf, lb.len, &in_w);
			break;
		}
		if (now ? p[0].revents != 0 : st_out != 0)
			while ((st_out = pump_stdout(&tp, sout[0], &lb, &in_w)) == 1 && !now)
				;
		if (now ? p[1].revents != 0 : st_err != 0)
			while ((st_err = pump_stderr(serr[0], tail, sizeof(tail))) == 1 && !now)
				;
		st_out = st_out == 2 ? 1 : st_out;	/* nothing there now: more may come */
		st_err = st_err == 2 ? 1 : st_err;
	}
	safe_close(&in_w);
	if (waitid((idtype_t)P_PIDFD, (id_t)res.pidfd, &si, WEXITED) < 0)
		setup_failed(out_fd, NSB_STEP_WAIT, 0, errno);
	if (job->test->after)
		run_hook(&tp, NSB_STEP_HOOK_AFTER, job->test->after);
	if (tail[0])
		out(out_fd, "tp.stderr", "%s", tail);
	if (si.si_code == CLD_EXITED)
		out(out_fd, "tp.exit", "%d", si.si_status);
	else
		out(out_fd, "tp.signal", "SIG%s", nsb_signal_abbrev(si.si_status) ?: "?");
	ob_flush(out_fd);
	_exit(0);
}
