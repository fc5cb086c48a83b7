/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * support.c - try to create each namespace type in throwaway children, as
 * the current process, as uid 65534 without capabilities, and as that user
 * inside a new user namespace; gather the evidence that explains a refusal.
 * The calling process itself never unshares anything. See support.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "common/clone.h"
#include "common/combo.h"
#include "common/errname.h"
#include "common/netlink.h"
#include "common/procfs.h"
#include "common/timens.h"
#include "common/uapi.h"
#include "common/util.h"
#include "support.h"

#define NOBODY 65534

/* ---- running something in a throwaway child ---- */

/*
 * Fork; the child runs fn(arg, out_fd) and _exits. The parent reads up to
 * len bytes of what the child wrote into buf. Returns the bytes read or -errno.
 */
static ssize_t in_child(void (*fn)(void *arg, int fd), void *arg, void *buf, size_t len)
{
	int p[2];
	ssize_t n, got = 0;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		int r = -errno;

		close(p[0]);
		close(p[1]);
		return r;
	}
	if (pid == 0) {
		close(p[0]);
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
		fn(arg, p[1]);
		_exit(0);
	}
	close(p[1]);
	while ((size_t)got < len && ((n = read(p[0], (char *)buf + got, len - (size_t)got)) > 0 ||
				     (n < 0 && errno == EINTR)))
		if (n > 0)
			got += n;
	close(p[0]);
	(void)waitpid(pid, NULL, 0);
	return got;
}

static void put(int fd, const void *p, size_t len)
{
	(void)!write(fd, p, len);
}

static void set_outcome(struct nsb_setup_err *o, int err, enum nsb_step step, unsigned types)
{
	*o = (struct nsb_setup_err){ .step = step, .types = types, .err = err };
}

/* ---- one type, one method, in a grandchild ---- */

struct method_arg {
	enum nsb_ns t;
	enum nsb_method m;
};

/*
 * ENOSPC against user.max_*_namespaces can be transient: namespaces of an
 * earlier run are freed asynchronously. Every trial shares one budget
 * (NSB_CHECK_ENOSPC_WAIT_MS for the whole check, in a shared mapping since
 * trials run in children) to wait it out; the retries are counted for the
 * report. A limit that is really reached costs the budget once, not per trial.
 */
#define NSB_CHECK_ENOSPC_WAIT_MS 1000
struct enospc_budget {
	long long waited_ms;
	int retries;
};
static struct enospc_budget *enospc;

/* True (after a pause) when an ENOSPC should be tried again. */
static bool enospc_retry(int err, long long *pause_ms)
{
	if (err != ENOSPC || !enospc || enospc->waited_ms >= NSB_CHECK_ENOSPC_WAIT_MS)
		return false;
	if (*pause_ms > NSB_CHECK_ENOSPC_WAIT_MS - enospc->waited_ms)
		*pause_ms = NSB_CHECK_ENOSPC_WAIT_MS - enospc->waited_ms;
	(void)nanosleep(&(struct timespec){ *pause_ms / 1000, (*pause_ms % 1000) * 1000000 }, NULL);
	__atomic_add_fetch(&enospc->waited_ms, *pause_ms, __ATOMIC_RELAXED);
	__atomic_add_fetch(&enospc->retries, 1, __ATOMIC_RELAXED);
	*pause_ms *= 2;
	return true;
}

/* unshare(flag); for user: map ourselves; for time: write offsets, as spawn.c does. */
static int by_unshare(enum nsb_ns t, enum nsb_step *ret_step)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	long long pause = 5;

	*ret_step = NSB_STEP_UNSHARE;
	while (unshare((int)nsb_nstypes[t].clone_flag) < 0)
		if (!enospc_retry(errno, &pause))
			return -errno;
	if (t == NSB_NS_USER)
		return nsb_map_root(0, uid, gid, NSB_SETGROUPS_IF_NEEDED, ret_step);
	if (t == NSB_NS_TIME) {
		*ret_step = NSB_STEP_TIMENS_OFFSETS;
		return nsb_write_time_offsets(0, NSB_TIME_OFFSET_MONOTONIC_S,
					      NSB_TIME_OFFSET_BOOTTIME_S);
	}
	return 0;
}

/* clone3 or clone(2) with the flag; the new child waits for its maps, then exits. */
static int by_clone(enum nsb_ns t, bool v3, enum nsb_step *ret_step)
{
	unsigned long flag = nsb_nstypes[t].clone_flag;
	int p[2], r = 0;
	char c;
	pid_t pid;

	*ret_step = v3 ? NSB_STEP_CLONE3 : NSB_STEP_CLONE;
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	/* clone(2) refuses CLONE_NEWTIME: its bit is CSIGNAL's (clone(2)). */
	for (long long pause = 5;;) {
		pid = v3 ? nsb_sys_clone3(flag, NULL) : nsb_sys_clone(flag, NULL);
		if (pid >= 0 || !enospc_retry((int)-pid, &pause))
			break;
	}
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return pid;
	}
	if (pid == 0) {
		close(p[1]);
		(void)!read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	if (t == NSB_NS_USER)
		r = nsb_map_root(pid, geteuid(), getegid(), NSB_SETGROUPS_IF_NEEDED, ret_step);
	close(p[1]);
	(void)waitpid(pid, NULL, 0);
	return r;
}

static void method_child(void *p, int fd)
{
	const struct method_arg *a = p;
	enum nsb_step step = NSB_STEP_NONE;
	struct nsb_setup_err o;
	int r;

	r = a->m == NSB_METHOD_UNSHARE ? by_unshare(a->t, &step) : by_clone(a->t, a->m == NSB_METHOD_CLONE3, &step);
	set_outcome(&o, -r, step, NSB_MASK(a->t));
	put(fd, &o, sizeof(o));
}

/* Every method in its own grandchild (an unshare must not change what the next one sees). */
static void try_methods(enum nsb_ns t, struct nsb_attempt *at)
{
	for (int m = 0; m < _NSB_METHOD_MAX; m++) {
		struct method_arg a = { t, m };

		if (in_child(method_child, &a, &at->method[m], sizeof(at->method[m])) !=
		    sizeof(at->method[m]))
			set_outcome(&at->method[m], EPROTO, NSB_STEP_TRIAL_DIED, 0);
	}
}

/*
 * Decide: created if any method worked. The decisive outcome is nsbench's
 * own way (spawn.c): unshare for time, clone3 otherwise, clone(2) when a
 * filter refused clone3 (ENOSYS/EPERM).
 */
static void decide(enum nsb_ns t, struct nsb_attempt *at)
{
	const struct nsb_setup_err *c3 = &at->method[NSB_METHOD_CLONE3];

	if (t == NSB_NS_TIME)
		at->main = at->method[NSB_METHOD_UNSHARE];
	else if (nsb_clone3_refused(c3->err))
		at->main = at->method[NSB_METHOD_CLONE];
	else
		at->main = *c3;
	at->ok = at->main.err == 0;
}

/* A refusal of nsbench's way while another method works is worth saying. */
static void other_methods(const struct nsb_attempt *at, struct nsb_reasons *rs)
{
	static const char *const names[_NSB_METHOD_MAX] = { "unshare", "clone3", "clone" };
	char step[224];

	for (int m = 0; m < _NSB_METHOD_MAX && rs->n < NSB_REASONS_MAX; m++)
		if (at->method[m].err == 0)
			snprintf(rs->r[rs->n++], NSB_REASON_LEN,
				 "%s alone works, but not the way nsbench's tests need (%s)", names[m],
				 nsb_step_format(at->main.step, at->main.types, step, sizeof(step)));
}

/* ---- who tries: drop to nobody, enter a user ns ---- */

static int drop_caps(void)
{
	cap_t c = cap_init();
	int r;

	if (!c)
		return -errno;
	r = cap_set_proc(c) < 0 ? -errno : 0;
	cap_free(c);
	return r;
}

/*
 * Become uid/gid 65534 with no capabilities, when we may (CAP_SETUID/GID);
 * otherwise stay who we are and only drop capabilities. A uid change makes
 * the process non-dumpable, which would make /proc/self/uid_map and friends root-owned
 * (proc(5)): set it dumpable again.
 */
static int become_unprivileged(uid_t target)
{
	int r;

	if (target != geteuid()) {
		/* setgroups(2) is refused (EPERM) once a user ns has setgroups=deny: keep ours then. */
		if (setgroups(0, NULL) < 0 && errno != EPERM)
			return -errno;
		if (setresgid(target, target, target) < 0 || setresuid(target, target, target) < 0)
			return -errno;
	}
	/* Dumpable only once nothing is left to take: the capabilities go first. */
	if ((r = drop_caps()) < 0)
		return r;
	(void)prctl(PR_SET_DUMPABLE, 1);
	return 0;
}

struct who_arg {
	enum nsb_ns t;
	enum nsb_who who;
	uid_t unpriv_uid;
};

static void who_child(void *p, int fd)
{
	const struct who_arg *a = p;
	struct nsb_attempt at;
	enum nsb_step step = NSB_STEP_ENTER_USERNS;
	uid_t uid;
	gid_t gid;
	int r = 0;

	memset(&at, 0, sizeof(at));
	for (int m = 0; m < _NSB_METHOD_MAX; m++)
		at.method[m].err = NSB_NOT_TRIED;
	if (a->who != NSB_WHO_CURRENT && (r = become_unprivileged(a->unpriv_uid)) < 0)
		step = NSB_STEP_DROP_PRIVS;
	if (!r && a->who == NSB_WHO_VIA_USERNS) {
		uid = geteuid();
		gid = getegid();
		if (unshare(CLONE_NEWUSER) < 0)
			r = -errno;
		else
			r = nsb_map_root(0, uid, gid, NSB_SETGROUPS_IF_NEEDED, &step);
	}
	if (r < 0) {
		set_outcome(&at.main, -r, step, step == NSB_STEP_ENTER_USERNS ? NSB_MASK(NSB_NS_USER) : 0);
		put(fd, &at, sizeof(at));
		return;
	}
	try_methods(a->t, &at);
	decide(a->t, &at);
	put(fd, &at, sizeof(at));
}

static void attempt(enum nsb_ns t, enum nsb_who who, uid_t unpriv_uid, struct nsb_attempt *at)
{
	struct who_arg a = { t, who, unpriv_uid };

	if (in_child(who_child, &a, at, sizeof(*at)) != sizeof(*at)) {
		memset(at, 0, sizeof(*at));
		set_outcome(&at->main, EPROTO, NSB_STEP_TRIAL_DIED, 0);
	}
}

/* ---- evidence: harmless calls, nesting depth ---- */

static void sc_child(void *p, int fd)
{
	int e[_NSB_SC_MAX];
	long r;

	(void)p;
	r = unshare(0);
	e[NSB_SC_UNSHARE] = r < 0 ? errno : 0;
	/* CLONE_SIGHAND without CLONE_VM is EINVAL before anything is created (clone(2)). */
	r = syscall(SYS_clone, CLONE_SIGHAND, NULL, NULL, NULL, 0);
	if (r == 0)
		_exit(0);
	e[NSB_SC_CLONE] = r < 0 ? errno : 0;
	r = syscall(SYS_clone3, NULL, 0);
	if (r == 0)
		_exit(0);
	e[NSB_SC_CLONE3] = r < 0 ? errno : 0;
	r = setns(-1, 0);
	e[NSB_SC_SETNS] = r < 0 ? errno : 0;
	r = mount(NULL, NULL, NULL, 0, NULL);
	e[NSB_SC_MOUNT] = r < 0 ? errno : 0;
	put(fd, e, sizeof(e));
}

/*
 * How many more user namespaces nest below us (33 levels in all, then
 * ENOSPC; EUSERS before 4.9), and the errno that ended the count: only
 * ENOSPC/EUSERS say "no level left", anything else (EPERM, a map refused)
 * says the count is not the depth.
 */
static void userns_depth_child(void *p, int fd)
{
	int v[2] = { 0, 0 };

	(void)p;
	while (v[0] < 64) {
		uid_t uid = geteuid();
		gid_t gid = getegid();

		if (unshare(CLONE_NEWUSER) < 0) {
			v[1] = errno;
			break;
		}
		if (nsb_map_root(0, uid, gid, NSB_SETGROUPS_IF_NEEDED, NULL) < 0) {
			v[1] = EPROTO;
			break;
		}
		v[0]++;
	}
	put(fd, v, sizeof(v));
}

/* pid namespaces: each level's first child unshares the next; 'l' per level made, then '!' and the errno. */
static void pidns_depth_child(void *p, int fd)
{
	(void)p;
	for (int n = 0; n < 64; n++) {
		pid_t pid;
		char e[2] = { '!', 0 };

		if (unshare(CLONE_NEWPID) < 0) {
			e[1] = (char)errno;
			put(fd, e, 2);
			_exit(0);
		}
		pid = fork();
		if (pid < 0) {
			e[1] = (char)errno;
			put(fd, e, 2);
			_exit(0);
		}
		if (pid > 0) {
			(void)waitpid(pid, NULL, 0);
			_exit(0);
		}
		put(fd, "l", 1);
	}
}

/* The link kinds the net suite makes (common/netlink.h callers), in this order. */
static const char *const link_kinds[] = { "dummy", "ifb", "veth" };

/*
 * In a throwaway net ns (in a user ns of its own where a plain one is
 * refused), try to create each link kind: 0 or the errno per kind
 * (EOPNOTSUPP: not built and not loadable, rtnl_newlink). The ns and its
 * links go with the child.
 */
static void link_kinds_child(void *p, int fd)
{
	int e[sizeof(link_kinds) / sizeof(link_kinds[0])];
	uid_t uid = geteuid();
	gid_t gid = getegid();

	(void)p;
	if (unshare(CLONE_NEWNET) < 0 &&
	    (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0 ||
	     nsb_map_root(0, uid, gid, NSB_SETGROUPS_IF_NEEDED, NULL) < 0))
		_exit(0);
	for (size_t i = 0; i < sizeof(link_kinds) / sizeof(link_kinds[0]); i++)
	{
		char name[16];

		snprintf(name, sizeof(name), "nsbk%zu", i);
		e[i] = -nsb_nl_link_add(name, link_kinds[i], i == 2 ? "nsbkp" : NULL);
	}
	put(fd, e, sizeof(e));
}

/* "dummy yes, ifb yes, veth no (EOPNOTSUPP)", or "unknown (...)" when no net ns could be made. */
static void link_kinds_text(char *buf, size_t len)
{
	int e[sizeof(link_kinds) / sizeof(link_kinds[0])];

	buf[0] = '\0';
	if (in_child(link_kinds_child, NULL, e, sizeof(e)) != (ssize_t)sizeof(e)) {
		snprintf(buf, len, "unknown (no net namespace to try them in)");
		return;
	}
	for (size_t i = 0; i < sizeof(e) / sizeof(e[0]); i++) {
		size_t l = strlen(buf);

		if (e[i])
			snprintf(buf + l, len - l, "%s%s no (%s)", i ? ", " : "", link_kinds[i],
				 nsb_errno_name(e[i]));
		else
			snprintf(buf + l, len - l, "%s%s yes", i ? ", " : "", link_kinds[i]);
	}
}

static int pidns_depth(int *stop_err)
{
	char buf[80];
	ssize_t n = in_child(pidns_depth_child, NULL, buf, sizeof(buf));
	int levels = 0;

	*stop_err = 0;
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == 'l')
			levels++;
		else if (buf[i] == '!' && i + 1 < n)
			*stop_err = (unsigned char)buf[++i];
	}
	return n < 0 ? -1 : levels;
}

/* ---- evidence: files ---- */

/* /proc/config.gz through zlib (CONFIG_IKCONFIG_PROC), else /boot/config-$(uname -r). */
static char *read_kconfig(char *src, size_t srclen)
{
	struct utsname u;
	char *buf = NULL;
	size_t len = 0;
	gzFile gz = gzopen("/proc/config.gz", "rb");

	if (gz) {
		for (;;) {
			char *b = realloc(buf, len + 65537);
			int n;

			if (!b)
				break;
			buf = b;
			n = gzread(gz, buf + len, 65536);
			if (n <= 0)
				break;
			len += (size_t)n;
		}
		gzclose(gz);
		if (buf && len) {
			buf[len] = '\0';
			snprintf(src, srclen, "/proc/config.gz");
			return buf;
		}
		free(buf);
	}
	if (uname(&u) < 0)
		return NULL;
	snprintf(src, srclen, "/boot/config-%s", u.release);
	buf = nsb_read_text(src);
	if (!buf)
		src[0] = '\0';
	return buf;
}

static long long read_sysctl(const char *rel)
{
	char path[128], *text;
	long long v;

	snprintf(path, sizeof(path), "/proc/sys/%s", rel);
	text = nsb_read_text(path);
	if (!text)
		return NSB_SYSCTL_ABSENT;
	v = strtoll(text, NULL, 10);
	free(text);
	return v;
}

/* The initial user ns maps all of 0..2^32-2 onto itself (user_namespaces(7)). */
static bool in_init_userns(void)
{
	_cleanup_free_ char *m = nsb_read_text("/proc/self/uid_map");
	unsigned long a, b, c;

	return m && sscanf(m, "%lu %lu %lu", &a, &b, &c) == 3 && a == 0 && b == 0 && c == 4294967295UL &&
	       !strchr(strchr(m, '\n') ? strchr(m, '\n') + 1 : "", '\n');
}

/* Capabilities through libcap: effective set and bounding set as bit masks. */
static void read_caps(struct nsb_evidence *ev)
{
	cap_t c = cap_get_proc();
	int max = (int)cap_max_bits();

	if (!c)
		return;
	ev->cap_eff = ev->cap_bnd = 0;
	for (int i = 0; i < max && i < 64; i++) {
		cap_flag_value_t v = CAP_CLEAR;

		if (cap_get_flag(c, (cap_value_t)i, CAP_EFFECTIVE, &v) == 0 && v == CAP_SET)
			ev->cap_eff |= 1ULL << i;
		if (cap_get_bound((cap_value_t)i) == 1)
			ev->cap_bnd |= 1ULL << i;
	}
	cap_free(c);
	ev->caps_known = true;
}

int nsb_evidence_gather(struct nsb_evidence *ev)
{
	_cleanup_free_ char *status = nsb_read_text("/proc/self/status");
	_cleanup_free_ char *cfg = NULL;
	char src[128];
	ssize_t n;

	nsb_evidence_init(ev);
	ev->euid = geteuid();
	cfg = read_kconfig(src, sizeof(src));
	nsb_diag_parse_kconfig(ev, cfg, src);
	NSB_FOREACH_NS(t)
		ev->max_ns[t] = read_sysctl(nsb_nstypes[t].sysctl);
	ev->userns_clone = read_sysctl("kernel/unprivileged_userns_clone");
	ev->apparmor_restrict = read_sysctl("kernel/apparmor_restrict_unprivileged_userns");
	ev->in_init_userns = in_init_userns();
	if (status)
		(void)nsb_diag_parse_status(ev, status);
	read_caps(ev);
	n = in_child(sc_child, NULL, ev->sc_errno, sizeof(ev->sc_errno));
	if (n != sizeof(ev->sc_errno))
		for (int i = 0; i < _NSB_SC_MAX; i++)
			ev->sc_errno[i] = NSB_SC_UNTESTED;
	return 0;
}

int nsb_where(struct nsb_support *s);	/* where.c */

/* True when @id is mapped in our user namespace (a line of uid_map/gid_map covers it). */
static bool id_mapped(const char *file, unsigned long id)
{
	_cleanup_fclose_ FILE *f = fopen(file, "re");
	unsigned long in, out, len;

	while (f && fscanf(f, "%lu %lu %lu", &in, &out, &len) == 3)
		if (id >= in && id - in < len)
			return true;
	return false;
}

/*
 * Who the "unprivileged" trials run as: uid/gid 65534 when we may switch
 * to it (CAP_SETUID/SETGID and 65534 mapped here), ourselves when we are
 * not root already; else uid 0 with every capability dropped.
 */
static void choose_unpriv(struct nsb_evidence *ev, struct nsb_environment *env)
{
	bool can_switch = (ev->cap_eff & (1ULL << CAP_SETUID)) && (ev->cap_eff & (1ULL << CAP_SETGID));

	if (env->euid != 0) {
		ev->unpriv_uid = env->euid;
		snprintf(env->unpriv_as, sizeof(env->unpriv_as),
			 "as uid %u (already unprivileged), capabilities dropped", (unsigned)env->euid);
	} else if (can_switch && id_mapped("/proc/self/uid_map", NOBODY) &&
		   id_mapped("/proc/self/gid_map", NOBODY)) {
		ev->unpriv_uid = NOBODY;
		snprintf(env->unpriv_as, sizeof(env->unpriv_as),
			 "as uid/gid 65534 without capabilities (setresuid in the trial child)");
	} else {
		ev->unpriv_uid = 0;
		snprintf(env->unpriv_as, sizeof(env->unpriv_as),
			 "as uid 0 without capabilities (%s)", can_switch ?
			 "uid 65534 is not mapped in this user namespace" : "no CAP_SETUID/CAP_SETGID");
	}
}

/* ---- what the suites need beyond creating namespaces ---- */

static const char *const need_names[_NSB_NEED_MAX][2] = {
	[NSB_NEED_NETLINK] = { "netlink", "netlink changes in a new net ns (lo up; the net suites' hooks)" },
	[NSB_NEED_TIME_OFFSETS] = { "time_offsets", "offsets of a new time ns (timens_offsets)" },
	[NSB_NEED_FILE_HANDLES] = { "file_handles", "open_by_handle_at (nsfs file handles)" },
	[NSB_NEED_FANOTIFY] = { "fanotify", "fanotify_init (mount notifications)" },
	[NSB_NEED_STATMOUNT] = { "statmount", "statmount(2)/listmount(2)" },
	[NSB_NEED_MOUNT_PROC] = { "mount_proc", "mounting proc in a new mnt+pid ns" },
	[NSB_NEED_MOUNT_SYSFS] = { "mount_sysfs", "mounting sysfs in a new mnt+net ns" },
	[NSB_NEED_MOUNT_CGROUP] = { "mount_cgroup", "mounting cgroup2 in a new mnt+cgroup ns" },
};

const char *nsb_need_name(enum nsb_need n)
{
	return n >= 0 && n < _NSB_NEED_MAX ? need_names[n][0] : "?";
}

const char *nsb_need_desc(enum nsb_need n)
{
	return n >= 0 && n < _NSB_NEED_MAX ? need_names[n][1] : "?";
}

struct need_arg {
	enum nsb_need n;
	bool userns;
};

/* unshare(@flags) (in a user ns first when the lab would be in one), mounts made private. 0 or errno. */
static int need_enter(bool userns, int flags)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (userns && (unshare(CLONE_NEWUSER) < 0 ||
		       nsb_map_root(0, uid, gid, NSB_SETGROUPS_DENY, NULL) < 0))
		return errno ? errno : EPROTO;
	if (flags && unshare(flags) < 0)
		return errno;
	if ((flags & CLONE_NEWNS) && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return errno;
	return 0;
}

/* In a child of its own: one need, tried the way the suites do it; writes the errno (0: works). */
static void need_child(void *p, int fd)
{
	const struct need_arg *a = p;
	int err = 0;
	long r;

	switch (a->n) {
	case NSB_NEED_NETLINK:
		if (!(err = need_enter(a->userns, CLONE_NEWNET)))
			err = -nsb_nl_link_set("lo", true, 0);
		break;
	case NSB_NEED_TIME_OFFSETS:
		if (!(err = need_enter(a->userns, CLONE_NEWTIME)))
			err = -nsb_write_time_offsets(0, NSB_TIME_OFFSET_MONOTONIC_S,
						      NSB_TIME_OFFSET_BOOTTIME_S);
		break;
	case NSB_NEED_FILE_HANDLES:
		/* A bad handle pointer: EFAULT/EBADF/EINVAL where the call exists; a filter answers first. */
		r = syscall(SYS_open_by_handle_at, -1, NULL, O_RDONLY);
		err = r < 0 && (errno == EPERM || errno == ENOSYS) ? errno : 0;
		break;
	case NSB_NEED_FANOTIFY:
		r = syscall(SYS_fanotify_init, 0x00000200 /* FAN_REPORT_FID */, O_RDONLY);
		err = r < 0 ? errno : 0;
		if (r >= 0)
			close((int)r);
		break;
	case NSB_NEED_STATMOUNT:
		/* A request smaller than VER0: EINVAL where statmount exists. */
		r = syscall(NSB_NR_STATMOUNT, NULL, NULL, 0, 0);
		err = r < 0 && errno != EINVAL && errno != EFAULT ? errno : 0;
		if (!err) {
			r = syscall(NSB_NR_LISTMOUNT, NULL, NULL, 0, 0);
			err = r < 0 && errno != EINVAL && errno != EFAULT ? errno : 0;
		}
		break;
	case NSB_NEED_MOUNT_PROC:
		if (!(err = need_enter(a->userns, CLONE_NEWNS | CLONE_NEWPID))) {
			pid_t pid = fork();
			int st = 0;

			if (pid == 0)
				_exit(mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 ?
				      errno : 0);
			err = pid < 0 ? errno : waitpid(pid, &st, 0) < 0 ? errno :
			      WIFEXITED(st) ? WEXITSTATUS(st) : EPROTO;
		}
		break;
	case NSB_NEED_MOUNT_SYSFS:
		if (!(err = need_enter(a->userns, CLONE_NEWNS | CLONE_NEWNET)))
			err = mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 ? errno : 0;
		break;
	case NSB_NEED_MOUNT_CGROUP:
		if (!(err = need_enter(a->userns, CLONE_NEWNS | CLONE_NEWCGROUP)))
			err = mount("cgroup2", "/sys/fs/cgroup", "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC,
				    NULL) < 0 ? errno : 0;
		break;
	default:
		err = EINVAL;
	}
	put(fd, &err, sizeof(err));
}

/* Why a need was refused, from the evidence: the filter, a capability, else the errno and kernel. */
static void need_why(const struct nsb_support *s, enum nsb_need n, int err, char *buf, size_t len)
{
	const struct nsb_evidence *ev = &s->ev;
	static const int cap_of[_NSB_NEED_MAX] = {
		[NSB_NEED_NETLINK] = CAP_NET_ADMIN, [NSB_NEED_TIME_OFFSETS] = CAP_SYS_TIME,
		[NSB_NEED_MOUNT_PROC] = CAP_SYS_ADMIN, [NSB_NEED_MOUNT_SYSFS] = CAP_SYS_ADMIN,
		[NSB_NEED_MOUNT_CGROUP] = CAP_SYS_ADMIN,
	};
	static const char *const cap_name[64] = {
		[CAP_NET_ADMIN] = "CAP_NET_ADMIN", [CAP_SYS_TIME] = "CAP_SYS_TIME",
		[CAP_SYS_ADMIN] = "CAP_SYS_ADMIN",
	};
	struct utsname u;
	int cap = cap_of[n];

	if ((err == EPERM || err == ENOSYS) && ev->seccomp_mode == 2 &&
	    (n == NSB_NEED_FILE_HANDLES || n == NSB_NEED_FANOTIFY || n == NSB_NEED_STATMOUNT)) {
		snprintf(buf, len, "%s: %s, refused by a seccomp filter (Seccomp: 2 in /proc/self/status), "
			 "not the kernel", nsb_need_desc(n), nsb_errno_name(err));
		return;
	}
	if (err == EPERM && cap && !s->env.needs_in_userns && ev->caps_known &&
	    !(ev->cap_eff & (1ULL << cap))) {
		snprintf(buf, len, "%s: EPERM, %s is not in the effective set%s", nsb_need_desc(n),
			 cap_name[cap], !(ev->cap_bnd & (1ULL << cap)) ?
			 " nor in the bounding set (dropped by whoever started nsbench)" : "");
		return;
	}
	if (err == ENOSPC) {
		snprintf(buf, len, "%s: ENOSPC, a user.max_*_namespaces limit (here or in an ancestor user "
			 "ns) or the nesting depth", nsb_need_desc(n));
		return;
	}
	uname(&u);
	snprintf(buf, len, "%s: %s (kernel %s)", nsb_need_desc(n), nsb_errno_name(err), u.release);
}

/* The lab's way (lab.c): directly where this process can make every lab type, else in a user ns. */
static void needs_compute(struct nsb_support *s)
{
	static const enum nsb_ns lab[] = { NSB_NS_PID, NSB_NS_UTS, NSB_NS_IPC, NSB_NS_MNT, NSB_NS_NET,
					   NSB_NS_CGROUP };
	bool direct = true;

	for (size_t i = 0; i < ARRAY_SIZE(lab); i++)
		direct = direct &&
			 s->row[lab[i]].who[NSB_WHO_CURRENT].method[NSB_METHOD_UNSHARE].err == 0;
	s->env.needs_in_userns = !direct;
	for (int n = 0; n < _NSB_NEED_MAX; n++) {
		struct need_arg a = { n, !direct };
		struct nsb_need_row *row = &s->env.need[n];

		row->tried = in_child(need_child, &a, &row->err, sizeof(row->err)) == sizeof(row->err);
		if (!row->tried)
			row->err = EPROTO;
		if (row->err)
			need_why(s, n, row->err, row->why, sizeof(row->why));
	}
}

int nsb_support_compute(struct nsb_support *s)
{
	int r;

	memset(s, 0, sizeof(*s));
	if (!enospc) {
		void *m = mmap(NULL, sizeof(*enospc), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

		enospc = m == MAP_FAILED ? NULL : m;
	}
	if (enospc)
		*enospc = (struct enospc_budget){ 0, 0 };
	if ((r = nsb_evidence_gather(&s->ev)) < 0)
		return r;
	s->env.uid = getuid();
	s->env.euid = geteuid();
	s->env.gid = getgid();
	s->env.egid = getegid();
	choose_unpriv(&s->ev, &s->env);
	NSB_FOREACH_NS(t) {
		struct nsb_support_row *row = &s->row[t];

		for (int w = 0; w < _NSB_WHO_MAX; w++) {
			struct nsb_reasons rs = { .n = 0 };

			attempt(t, w, s->ev.unpriv_uid, &row->who[w]);
			if (row->who[w].ok)
				continue;
			nsb_diag_reasons(&s->ev, t, w, &row->who[w].main, &rs);
			other_methods(&row->who[w], &rs);
			for (size_t i = 0; i < rs.n && row->reasons.n < NSB_REASONS_MAX; i++)
				snprintf(row->reasons.r[row->reasons.n++], NSB_REASON_LEN, "%s: %s",
					 nsb_who_name(w), rs.r[i]);
		}
	}
	{
		int v[2];

		if (in_child(userns_depth_child, NULL, v, sizeof(v)) != sizeof(v))
			v[0] = -1, v[1] = 0;
		s->env.userns_levels = v[0];
		s->env.userns_stop_err = v[1];
	}
	s->env.pidns_levels = pidns_depth(&s->env.pidns_stop_err);
	needs_compute(s);
	link_kinds_text(s->env.link_kinds, sizeof(s->env.link_kinds));
	if (enospc) {
		s->env.enospc_retries = enospc->retries;
		s->env.enospc_waited_ms = enospc->waited_ms;
	}
	(void)nsb_where(s);
	s->computed = true;
	return 0;
}

bool nsb_support_all_current(const struct nsb_support *s)
{
	NSB_FOREACH_NS(t)
		if (!s->row[t].who[NSB_WHO_CURRENT].ok)
			return false;
	return true;
}

void nsb_support_enrich(const struct nsb_support *s, enum nsb_who who,
			const struct nsb_setup_err *e, unsigned combo, char *reason, size_t len)
{
	size_t off = strlen(reason);

	if (!s || !s->computed || !e->err || off + 3 >= len)
		return;
	reason[off++] = ';';
	reason[off++] = ' ';
	reason[off] = '\0';
	if (!nsb_diag_explain(&s->ev, e->types ? e->types : combo, who, e, reason + off, len - off))
		reason[off - 2] = '\0';
}
