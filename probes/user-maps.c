/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user-maps - the id maps and setgroups rules of user namespaces
 * (user_namespaces(7)): this process's own, those of a fresh user ns it
 * makes (G1, maps written by this privileged probe) and those of a user ns
 * made by a helper without CAP_SETUID/CAP_SETGID (H makes G2 and writes its maps).
 *
 * stdout (maps as "in out len", lines joined by ';', "(empty)" when none):
 *   self.uid, self.uid_map, self.gid_map, self.setgroups   this process
 *   overflowuid, overflowgid        kernel.overflow{u,g}id
 *   fresh.uid, fresh.gid, fresh.uid_map, fresh.gid_map, fresh.cap_eff
 *                                   G1 before any map is written
 *   sg.bad          writing "maybe" to G1's setgroups (EINVAL)
 *   map.uid, map.uid_again          G1's uid_map "0 <euid> 1", then again
 *   map.uid_read                    G1's uid_map read back by this probe
 *   map.gid, sg.deny_after_map      G1's gid_map, then setgroups "deny"
 *   mapped.uid, mapped.gid          G1's ids after the maps
 *   unpriv.cap_eff                  H after dropping all but CAP_SETFCAP (where it has it)
 *   unpriv.other_uid                H maps a uid other than its own (EPERM)
 *   unpriv.uid                      H maps its own uid
 *   unpriv.gid_before_deny, unpriv.deny, unpriv.allow_after_deny,
 *   unpriv.gid_after_deny           H's gid_map and setgroups writes, in order
 *   unpriv.uid_seen                 getuid() inside G2 once mapped
 *   unpriv.setgroups_call           setgroups(2) inside G2
 *   unpriv.inherited                /proc/self/setgroups of a user ns G2 makes
 * Every write result is "ok" or the errno name.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "common/errname.h"
#include "common/procfs.h"

/* "key=<file, normalised>" for a map or setgroups file. */
static void put_file(const char *key, const char *path)
{
	char buf[512], out[512];
	size_t o = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	if (n < 0) {
		probe_put(key, "%s", nsb_errno_name(errno));
		return;
	}
	for (ssize_t i = 0; i < n && o < sizeof(out) - 1; i++) {
		char c = buf[i] == '\n' ? ';' : buf[i] == '\t' ? ' ' : buf[i];

		if (c == ' ' && (o == 0 || out[o - 1] == ' ' || out[o - 1] == ';'))
			continue;
		if (c == ';' && o && out[o - 1] == ' ')
			o--;
		out[o++] = c;
	}
	while (o && out[o - 1] == ';')
		o--;
	out[o] = '\0';
	probe_put(key, "%s", o ? out : "(empty)");
}

static void put_write(const char *key, pid_t pid, const char *file, const char *s)
{
	probe_put(key, "%s", nsb_errno_name(nsb_write_proc(pid, file, s)));
}

static void put_cap_eff(const char *key)
{
	cap_t c = cap_get_proc();
	unsigned n = (unsigned)cap_max_bits();
	uint64_t mask = 0;

	for (unsigned i = 0; c && i < n; i++) {
		cap_flag_value_t v = CAP_CLEAR;

		if (cap_get_flag(c, (cap_value_t)i, CAP_EFFECTIVE, &v) == 0 && v == CAP_SET)
			mask |= 1ULL << i;
	}
	if (!c) {
		probe_put(key, "%s", nsb_errno_name(errno));
		return;
	}
	cap_free(c);
	probe_put(key, "%#llx", (unsigned long long)mask);
}

/* One byte on a pipe: the handshake between a process and its user-ns child. */
static void signal_fd(int fd)
{
	(void)!write(fd, "x", 1);
}

static int wait_fd(int fd)
{
	char c;

	return read(fd, &c, 1) == 1 ? 0 : -EPIPE;
}

struct kid {
	struct probe_kid k;
	pid_t proc_pid;	/* its /proc/<pid>: differs from pid with pid but not mnt */
	int to_kid;	/* we write: "go on" */
	int from_kid;	/* we read: "ready" */
};

static int kid_end(struct kid *k);

struct kid_arg {
	void (*fn)(int from_parent, int to_parent);
	int a[2], b[2];
};

static int kid_main(void *p)
{
	/* A copy: *p is in kid_start()'s frame, which is gone once we have said our pid. */
	const struct kid_arg ka = *(const struct kid_arg *)p;

	close(ka.a[1]);
	close(ka.b[0]);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || probe_tell_proc_pid(ka.b[1]) < 0)
		_exit(127);
	ka.fn(ka.a[0], ka.b[1]);
	fflush(stdout);
	_exit(0);
}

/*
 * Start fn in a child in a new user ns (probe_kid_start(): it may share our
 * memory, so it and we take turns over the pipes, stdout flushed at each
 * turn, as every fn here does). fn gets its ends of the two pipes.
 */
static int kid_start(struct kid *k, void (*fn)(int from_parent, int to_parent))
{
	struct kid_arg ka = { .fn = fn };
	int r;

	if (pipe2(ka.a, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(ka.b, O_CLOEXEC) < 0) {
		r = -errno;
		close(ka.a[0]);
		close(ka.a[1]);
		return r;
	}
	/* ka lives in this frame: the child copies it before it says its pid, which we wait for. */
	r = probe_kid_start(&k->k, CLONE_NEWUSER, kid_main, &ka);
	if (r < 0) {
		close(ka.a[0]), close(ka.a[1]), close(ka.b[0]), close(ka.b[1]);
		return r;
	}
	close(ka.a[0]);
	close(ka.b[1]);
	k->to_kid = ka.a[1];
	k->from_kid = ka.b[0];
	if (read(k->from_kid, &k->proc_pid, sizeof(k->proc_pid)) != sizeof(k->proc_pid)) {
		(void)kid_end(k);
		return -EPROTO;
	}
	return 0;
}

static int kid_end(struct kid *k)
{
	int st = 0, r;

	close(k->to_kid);
	close(k->from_kid);
	if ((r = probe_kid_wait(&k->k, &st)) < 0)
		return r;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -EPROTO;
}

/* G1: what a fresh user ns looks like, then again once the parent mapped it. */
static void fresh_kid(int from_parent, int to_parent)
{
	probe_put("fresh.uid", "%u", (unsigned)getuid());
	probe_put("fresh.gid", "%u", (unsigned)getgid());
	put_file("fresh.uid_map", "/proc/self/uid_map");
	put_file("fresh.gid_map", "/proc/self/gid_map");
	put_cap_eff("fresh.cap_eff");
	fflush(stdout);
	signal_fd(to_parent);
	if (wait_fd(from_parent) < 0)
		_exit(1);
	probe_put("mapped.uid", "%u", (unsigned)getuid());
	probe_put("mapped.gid", "%u", (unsigned)getgid());
}

static int privileged_writer(void)
{
	char map[64];
	struct kid k;
	int r = kid_start(&k, fresh_kid);

	if (r < 0)
		return r;
	if (wait_fd(k.from_kid) < 0) {
		(void)kid_end(&k);
		return -EPROTO;
	}
	put_write("sg.bad", k.proc_pid, "setgroups", "maybe");
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)geteuid());
	put_write("map.uid", k.proc_pid, "uid_map", map);
	put_write("map.uid_again", k.proc_pid, "uid_map", map);
	snprintf(map, sizeof(map), "/proc/%d/uid_map", (int)k.proc_pid);
	put_file("map.uid_read", map);
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)getegid());
	put_write("map.gid", k.proc_pid, "gid_map", map);
	put_write("sg.deny_after_map", k.proc_pid, "setgroups", "deny");
	fflush(stdout);
	signal_fd(k.to_kid);
	return kid_end(&k);
}

static void inherit_kid(int from_parent, int to_parent)
{
	(void)from_parent;
	(void)to_parent;
	put_file("unpriv.inherited", "/proc/self/setgroups");
}

/* G2: setgroups(2) once setgroups is denied; a user ns it makes inherits "deny". */
static void unpriv_kid(int from_parent, int to_parent)
{
	struct kid k;

	(void)to_parent;
	if (wait_fd(from_parent) < 0)
		_exit(1);
	probe_put("unpriv.uid_seen", "%u", (unsigned)getuid());
	probe_put("unpriv.setgroups_call", "%s", nsb_errno_name(setgroups(0, NULL) < 0 ? errno : 0));
	if (kid_start(&k, inherit_kid) < 0 || kid_end(&k) < 0)
		_exit(1);
}

/* H: no capabilities left, so only the rules for unprivileged writers apply. */
static void __attribute__((noreturn)) unprivileged_writer(void)
{
	static const cap_value_t setfcap[] = { CAP_SETFCAP };
	char uid[64], other[64], gid[64];
	cap_t c = cap_init();
	struct kid k;

	cap_t mine = cap_get_proc();
	cap_flag_value_t have = CAP_CLEAR;

	/*
	 * Mapping the parent's uid 0, even one's own, needs CAP_SETFCAP
	 * (verify_root_map(), Linux 5.12), and our euid is 0 here unless
	 * nsbench runs as another user (with capabilities of its own, no user
	 * ns in the combination): keep that one where we have it, drop
	 * CAP_SETUID, CAP_SETGID and the rest.
	 */
	if (!c || !mine || cap_get_flag(mine, CAP_SETFCAP, CAP_PERMITTED, &have) < 0)
		_exit(1);
	cap_free(mine);
	if (have == CAP_SET && (cap_set_flag(c, CAP_EFFECTIVE, 1, setfcap, CAP_SET) < 0 ||
				cap_set_flag(c, CAP_PERMITTED, 1, setfcap, CAP_SET) < 0))
		_exit(1);
	if (cap_set_proc(c) < 0)
		_exit(1);
	cap_free(c);
	put_cap_eff("unpriv.cap_eff");
	if (kid_start(&k, unpriv_kid) < 0)
		_exit(1);
	snprintf(other, sizeof(other), "0 %u 1\n", (unsigned)geteuid() + 1);
	snprintf(uid, sizeof(uid), "0 %u 1\n", (unsigned)geteuid());
	snprintf(gid, sizeof(gid), "0 %u 1\n", (unsigned)getegid());
	put_write("unpriv.other_uid", k.proc_pid, "uid_map", other);
	put_write("unpriv.uid", k.proc_pid, "uid_map", uid);
	put_write("unpriv.gid_before_deny", k.proc_pid, "gid_map", gid);
	put_write("unpriv.deny", k.proc_pid, "setgroups", "deny");
	put_write("unpriv.allow_after_deny", k.proc_pid, "setgroups", "allow");
	put_write("unpriv.gid_after_deny", k.proc_pid, "gid_map", gid);
	fflush(stdout);
	signal_fd(k.to_kid);
	_exit(kid_end(&k) < 0 ? 1 : 0);
}

static int run_unprivileged(void)
{
	pid_t h;
	int st;

	fflush(stdout);
	h = fork();
	if (h < 0)
		return -errno;
	if (h == 0) {
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
			_exit(127);
		unprivileged_writer();
	}
	if (waitpid(h, &st, 0) < 0)
		return -errno;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -EPROTO;
}

int main(void)
{
	int r;

	probe_put("self.uid", "%u", (unsigned)getuid());
	put_file("self.uid_map", "/proc/self/uid_map");
	put_file("self.gid_map", "/proc/self/gid_map");
	put_file("self.setgroups", "/proc/self/setgroups");
	put_file("overflowuid", "/proc/sys/kernel/overflowuid");
	put_file("overflowgid", "/proc/sys/kernel/overflowgid");
	r = privileged_writer();
	if (r == -EPERM || r == -ENOSPC || r == -EUSERS)
		return probe_skip("clone(CLONE_NEWUSER): %s", nsb_errno_name(-r));
	if (r < 0)
		return probe_error(-r, "fresh user ns");
	r = run_unprivileged();
	if (r < 0)
		return probe_error(-r, "user ns made without capabilities");
	return probe_done();
}
