/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * user-reach - what capabilities in a user namespace can reach
 * (user_namespaces(7), capabilities(7)): this process (in the combination)
 * and G, a child in a new user ns of its own with the full capability set,
 * each try three things on the namespaces they share with their parent; G
 * and a child mapped as uid 5 show which capabilities survive execve.
 *
 * Usage: user-reach   (the probe re-executes itself as "user-reach exec WHO")
 *
 * stdout ("ok" or the errno name):
 *   p.sethostname   sethostname(2) to the current name (changes nothing)
 *   p.mount         a tmpfs on /tmp, unmounted at once
 *   p.sysctl        net.ipv4.ip_default_ttl written back with its own value
 *   g.sethostname, g.mount, g.sysctl   the same from G
 *   g.cap_eff       G's effective set (hex); G is mapped as uid 0
 *   g.exec.uid, g.exec.cap_eff     G after execve of this probe
 *   g5.cap_eff, g5.exec.uid, g5.exec.cap_eff   a child mapped as uid 5,
 *                   before and after execve
 *
 * Without uts or mnt in the combination, the attempts reach the test
 * parent's uts and mount namespaces: private ones inside the lab (.mutates).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "common/errname.h"
#include "common/procfs.h"

#define TTL "/proc/sys/net/ipv4/ip_default_ttl"

static const char *self_path;

static unsigned long long cap_eff(void)
{
	cap_t c = cap_get_proc();
	unsigned n = (unsigned)cap_max_bits();
	uint64_t mask = 0;

	for (unsigned i = 0; c && i < n; i++) {
		cap_flag_value_t v = CAP_CLEAR;

		if (cap_get_flag(c, (cap_value_t)i, CAP_EFFECTIVE, &v) == 0 && v == CAP_SET)
			mask |= 1ULL << i;
	}
	if (c)
		cap_free(c);
	return mask;
}

static int try_sethostname(void)
{
	char name[HOST_NAME_MAX + 1];

	if (gethostname(name, sizeof(name)) < 0)
		return errno;
	return sethostname(name, strlen(name)) < 0 ? errno : 0;
}

static int try_mount(void)
{
	if (mount("nsbench", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=4k") < 0)
		return errno;
	return umount2("/tmp", MNT_DETACH) < 0 ? errno : 0;
}

/* Write the sysctl's own value back: the permission check, no change. */
static int try_sysctl(void)
{
	char val[32];
	ssize_t n;
	int fd = open(TTL, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return errno;
	n = read(fd, val, sizeof(val) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? errno : EIO;
	val[n] = '\0';
	return -nsb_write_file(TTL, val);
}

static void put_attempts(const char *who)
{
	char key[32];

	snprintf(key, sizeof(key), "%s.sethostname", who);
	probe_put(key, "%s", nsb_errno_name(try_sethostname()));
	snprintf(key, sizeof(key), "%s.mount", who);
	probe_put(key, "%s", nsb_errno_name(try_mount()));
	snprintf(key, sizeof(key), "%s.sysctl", who);
	probe_put(key, "%s", nsb_errno_name(try_sysctl()));
}

/* What G does once its maps are written; "who" names its keys. */
static void __attribute__((noreturn)) in_new_userns(const char *who, bool attempts)
{
	char key[32];

	if (attempts)
		put_attempts(who);
	snprintf(key, sizeof(key), "%s.cap_eff", who);
	probe_put(key, "%#llx", cap_eff());
	fflush(stdout);
	execv(self_path, (char *[]){ (char *)self_path, "exec", (char *)who, NULL });
	_exit(126);
}

struct child_arg {
	const char *who;
	bool attempts;
	int go_r, go_w, back_r, back_w;
};

/* The child: says its /proc pid, waits for its maps, then in_new_userns(). */
static int child_fn(void *p)
{
	const struct child_arg *a = p;
	char c;

	close(a->go_w);
	close(a->back_r);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || probe_tell_proc_pid(a->back_w) < 0 ||
	    read(a->go_r, &c, 1) != 1)
		_exit(127);
	in_new_userns(a->who, a->attempts);
}

/*
 * A child in a new user ns, mapped "<inside> <our euid> 1" for uid and gid
 * (we hold CAP_SETUID/CAP_SETGID over our own ns, so no setgroups "deny").
 * It may share our memory (probe_kid_start()): we touch no stdio until it
 * has exec'd or exited.
 */
static int run_child(const char *who, unsigned inside, bool attempts)
{
	char map[64];
	int go[2], back[2], st, r, w;
	pid_t proc_pid;
	struct probe_kid k;
	struct child_arg a;

	if (pipe2(go, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(back, O_CLOEXEC) < 0) {
		r = -errno;
		close(go[0]);
		close(go[1]);
		return r;
	}
	a = (struct child_arg){ who, attempts, go[0], go[1], back[0], back[1] };
	r = probe_kid_start(&k, CLONE_NEWUSER, child_fn, &a);
	if (r < 0) {
		close(go[0]), close(go[1]), close(back[0]), close(back[1]);
		return r;
	}
	close(go[0]);
	close(back[1]);
	r = read(back[0], &proc_pid, sizeof(proc_pid)) == sizeof(proc_pid) ? 0 : -EPROTO;
	close(back[0]);
	snprintf(map, sizeof(map), "%u %u 1\n", inside, (unsigned)geteuid());
	if (r == 0)
		r = nsb_write_proc(proc_pid, "uid_map", map);
	snprintf(map, sizeof(map), "%u %u 1\n", inside, (unsigned)getegid());
	if (r == 0)
		r = nsb_write_proc(proc_pid, "gid_map", map);
	if (r == 0 && write(go[1], "g", 1) != 1)
		r = -EPIPE;
	close(go[1]);
	if (r < 0)
		kill(k.pid, SIGKILL);
	st = 0;
	if ((w = probe_kid_wait(&k, &st)) < 0)
		return w;
	if (r == 0 && (!WIFEXITED(st) || WEXITSTATUS(st) != 0))
		r = -EPROTO;
	return r;
}

int main(int argc, char *argv[])
{
	int r;

	self_path = argv[0];
	if (argc == 3 && strcmp(argv[1], "exec") == 0) {
		char key[32];

		snprintf(key, sizeof(key), "%s.exec.uid", argv[2]);
		probe_put(key, "%u", (unsigned)getuid());
		snprintf(key, sizeof(key), "%s.exec.cap_eff", argv[2]);
		probe_put(key, "%#llx", cap_eff());
		/*
		 * No exit-time hooks: LeakSanitizer (make check's build) reads
		 * /proc/<getpid()>/task at exit, which names no process when
		 * the pid ns is new but /proc is the lab's (pid without mnt).
		 * This image allocates nothing to check.
		 */
		_exit(probe_done());
	}
	if (argc != 1)
		return probe_error(0, "usage: user-reach");
	put_attempts("p");
	r = run_child("g", 0, true);
	if (r == 0)
		r = run_child("g5", 5, false);
	if (r == -EPERM || r == -ENOSPC || r == -EUSERS)
		return probe_skip("a child user ns: %s", nsb_errno_name(-r));
	if (r < 0)
		return probe_error(-r, "child user ns");
	return probe_done();
}
