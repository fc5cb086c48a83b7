// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-floor.c - the floor of nsbench's per-test design, for bench-self.sh -f.
 *
 * For every job of JOBLIST ("COMBO MUTATES" per line, each a comma list of
 * namespace types or "none": one line per result of a `run` report) it does
 * what no conformance run can do without, and nothing else: a fresh test
 * parent (vfork + execve of this program), which unshares the test's
 * MUTATES types, then a fresh probe in exactly COMBO (clone3, with CLONE_VM
 * where the kernel allows it; CLONE_NEWTIME by unshare(2) and offsets
 * first, as clone3 cannot give a time ns offsets: time_namespaces(7)),
 * root mapped in a new user ns (user_namespaces(7)), /proc mounted with pid
 * and mnt, an execve of this program that exits 0, and the two exits and
 * reaps. SLOTS test parents at a time, slot k pinned to the (k mod n)-th
 * CPU this process may run on, as nsbench pins its slots
 * (harness/engine/runner.c). No probe work, no pipes for output, no hooks,
 * no judge, no report: what the kernel charges for the processes and the
 * namespaces of a test alone. bench-self.sh runs it in a lab of the types
 * nsbench's lab has, made by unshare(1), and times it as it times nsbench
 * (wait4's rusage of every descendant), so that nsbench's CPU per result
 * can be read against it in the same round.
 *
 * It first moves into a mount ns of its own with every mount private
 * (where it may: EPERM leaves it where it is, and a new mount ns made by
 * an unprivileged user's new user ns gets slaves of shared mounts anyway),
 * so a probe's /proc mount never propagates out of the lab; clone(2) where
 * clone3 is refused, ENOSYS before 5.3 or EPERM from a seccomp filter, as
 * nsbench falls back (common/clone.c, nsb_clone3_refused()).
 *
 * Usage: bench-floor JOBLIST SLOTS
 * Prints "bench-floor: N jobs, F failed"; exit 0 every job ran, 1 some job
 * failed, 2 bad usage or a job list that is not one.
 * Shares no code with nsbench on purpose.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* struct clone_args of <linux/sched.h> (clone3 size ver 0), without the kernel's headers. */
struct floor_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

static const struct {
	const char *name;
	unsigned long flag;
} types[] = {
	{ "pid", CLONE_NEWPID }, { "uts", CLONE_NEWUTS }, { "ipc", CLONE_NEWIPC },
	{ "mnt", CLONE_NEWNS }, { "net", CLONE_NEWNET }, { "user", CLONE_NEWUSER },
	{ "cgroup", CLONE_NEWCGROUP }, { "time", CLONE_NEWTIME },
};

/* "pid,net" -> CLONE_NEWPID | CLONE_NEWNET; "none" -> 0; -1 for anything else. */
static long parse_types(const char *s)
{
	long flags = 0;

	if (strcmp(s, "none") == 0)
		return 0;
	for (;;) {
		size_t len = strcspn(s, ","), i;

		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strlen(types[i].name) == len && strncmp(s, types[i].name, len) == 0)
				break;
		if (i == sizeof(types) / sizeof(types[0]) || (flags & (long)types[i].flag))
			return -1;
		flags |= (long)types[i].flag;
		if (s[len] == '\0')
			return flags;
		s += len + 1;
	}
}

/* This program, for execve: the scheduler reads /proc/self/exe once and passes it on as argv[0]. */
static char *self;

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), r = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		r = -EIO;
	close(fd);
	return r;
}

/* The probe: from clone to exec, no allocation and no stdio (it may share our memory). */
static unsigned long child_flags;
static int child_sync[2] = { -1, -1 };	/* with a user ns only: "g" once the maps are written */
static pid_t parent_pid;

static int probe_child(void *arg)
{
	char go, *const argv[] = { self, "probe", NULL };

	(void)arg;
	/* Our end closed, so that read() sees EOF once the test parent is gone (spawn.c's rule). */
	if (child_flags & CLONE_NEWUSER)
		close(child_sync[1]);
	/*
	 * A parent gone before the prctl would never send the signal: check who
	 * our parent is (in a pid ns of our own it is 0 either way, and then a
	 * user ns probe sees EOF below, any other one only execs and exits).
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 ||
	    (!(child_flags & CLONE_NEWPID) && getppid() != parent_pid))
		_exit(127);
	if ((child_flags & CLONE_NEWUSER) && read(child_sync[0], &go, 1) != 1)
		_exit(127);
	if ((child_flags & CLONE_NEWPID) && (child_flags & CLONE_NEWNS) &&
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		_exit(126);
	execve(self, argv, (char *[]){ NULL });
	_exit(127);
}

#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
static char child_stack[64 * 1024] __attribute__((aligned(16)));

/* clone3 with CLONE_VM, the child running probe_child() on child_stack (nsbench's spawn.c does the same). */
static long clone3_vm(struct floor_clone_args *a)
{
	register void *r12 asm("r12") = (void *)probe_child;
	long ret;

	a->stack = (uint64_t)(uintptr_t)child_stack;
	a->stack_size = sizeof(child_stack);
	asm volatile("syscall\n\t"
		     "test %%rax, %%rax\n\t"
		     "jnz 1f\n\t"
		     "xor %%ebp, %%ebp\n\t"
		     "xor %%edi, %%edi\n\t"
		     "call *%%r12\n\t"
		     "mov %%eax, %%edi\n\t"
		     "mov $60, %%eax\n\t"
		     "syscall\n\t"
		     "hlt\n"
		     "1:"
		     : "=a"(ret)
		     : "a"((long)SYS_clone3), "D"(a), "S"(sizeof(*a)), "r"(r12)
		     : "rcx", "r11", "memory");
	return ret;
}
#endif

/* The probe's maps, as root of its user ns (user_namespaces(7)); 0 or -errno. */
static int map_root(long pid)
{
	char path[64], map[64];
	int r;

	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)geteuid());
	snprintf(path, sizeof(path), "/proc/%ld/uid_map", pid);
	if ((r = write_file(path, map)) < 0)
		return r;
	/* Without CAP_SETGID in the parent ns, setgroups is denied first. */
	snprintf(path, sizeof(path), "/proc/%ld/setgroups", pid);
	if (getuid() != 0 && (r = write_file(path, "deny")) < 0)
		return r;
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)getegid());
	snprintf(path, sizeof(path), "/proc/%ld/gid_map", pid);
	return write_file(path, map);
}

/* The test parent of one job: returns its exit status (0 ok, 1 a step failed). */
static int test_parent(long combo, long mutates)
{
	struct floor_clone_args a = { .exit_signal = SIGCHLD };
	int pidfd = -1, st;
	long pid = -ENOSYS;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		return 1;
	if (mutates && unshare((int)mutates) < 0)
		return 1;
	if (combo & CLONE_NEWTIME) {
		if (unshare(CLONE_NEWTIME) < 0 ||
		    write_file("/proc/self/timens_offsets", "monotonic 864000 0\nboottime 864000 0\n") < 0)
			return 1;
	}
	child_flags = (unsigned long)combo & ~(unsigned long)CLONE_NEWTIME;
	if ((child_flags & CLONE_NEWUSER) && pipe2(child_sync, O_CLOEXEC) < 0)
		return 1;
	parent_pid = getpid();
	a.flags = child_flags | CLONE_PIDFD;
	a.pidfd = (uint64_t)(uintptr_t)&pidfd;
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
	/* A CLONE_VM child cannot enter a time ns other than ours (EINVAL): fork-style there. */
	if (!(combo & CLONE_NEWTIME)) {
		a.flags |= CLONE_VM;
		pid = clone3_vm(&a);
		if (pid == -EINVAL || pid == -EPERM)	/* CLONE_VM refused: fork-style, as spawn.c */
			pid = -ENOSYS;
	}
#endif
	if (pid == -ENOSYS) {	/* fork-style clone3, else clone(2) where clone3 is refused */
		a.flags &= ~(uint64_t)CLONE_VM;
		pid = syscall(SYS_clone3, &a, sizeof(a));
		if (pid < 0 && (errno == ENOSYS || errno == EPERM)) {
			pidfd = -1;
			pid = syscall(SYS_clone, (unsigned long)child_flags | SIGCHLD, NULL, NULL, NULL, NULL);
		}
		if (pid == 0)
			probe_child(NULL);
		if (pid < 0)
			pid = -errno;
	}
	if (child_flags & CLONE_NEWUSER)
		close(child_sync[0]);
	if (pid < 0)
		return 1;
	if (pidfd >= 0)
		close(pidfd);
	if ((child_flags & CLONE_NEWUSER) && (map_root(pid) < 0 || write(child_sync[1], "g", 1) != 1)) {
		kill((pid_t)pid, SIGKILL);
		(void)waitpid((pid_t)pid, NULL, 0);
		return 1;
	}
	if (child_flags & CLONE_NEWUSER)
		close(child_sync[1]);
	if (waitpid((pid_t)pid, &st, 0) < 0)
		return 1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}

/* vfork + execve of a test parent (as nsbench's scheduler starts nsbench-tp), pinned to @pin. */
static pid_t start_test_parent(char **argv, const cpu_set_t *pin)
{
	pid_t pid = vfork();

	if (pid == 0) {
		if (pin)
			(void)sched_setaffinity(0, sizeof(*pin), pin);
		execve(self, argv, (char *[]){ NULL });
		_exit(127);
	}
	return pid;
}

/* Job list: "COMBO MUTATES" per line; 0 or -1 after one line on stderr. */
static int read_jobs(const char *file, long *combo, long *mutates, size_t max, size_t *n)
{
	char *line = NULL, c[128], m[128], extra[2];
	size_t cap = 0, no = 0;
	FILE *f = fopen(file, "re");

	if (!f) {
		fprintf(stderr, "bench-floor: %s: %s\n", file, strerror(errno));
		return -1;
	}
	*n = 0;
	while (getline(&line, &cap, f) > 0) {
		no++;
		if (sscanf(line, "%127s %127s %1s", c, m, extra) != 2 || *n == max ||
		    (combo[*n] = parse_types(c)) < 0 || (mutates[*n] = parse_types(m)) < 0 ||
		    (mutates[*n] & (CLONE_NEWUSER | CLONE_NEWTIME))) {
			line[strcspn(line, "\n")] = '\0';
			fprintf(stderr, "bench-floor: %s: line %zu: %s: %s\n", file, no,
				*n == max ? "more jobs than it takes" : "not \"COMBO MUTATES\"", line);
			free(line);
			fclose(f);
			return -1;
		}
		(*n)++;
	}
	free(line);
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	static long combo[65536], mutates[65536];
	static char self_path[4096];
	pid_t slot_pid[256] = { 0 };
	int cpus[CPU_SETSIZE], ncpu = 0, running = 0, failed = 0;
	size_t n = 0, next = 0;
	cpu_set_t mine;
	char *end;
	ssize_t len;
	long slots;

	if (argc == 2 && strcmp(argv[1], "probe") == 0)
		return 0;
	if (argc == 4 && strcmp(argv[1], "tp") == 0) {
		self = argv[0];
		return test_parent(strtol(argv[2], NULL, 10), strtol(argv[3], NULL, 10));
	}
	len = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);
	if (len <= 0) {
		perror("bench-floor: readlink /proc/self/exe");
		return 2;
	}
	self_path[len] = '\0';
	self = self_path;
	if (argc != 3 || (slots = strtol(argv[2], &end, 10)) < 1 || slots > 256 || *end || end == argv[2]) {
		fprintf(stderr, "usage: bench-floor JOBLIST SLOTS (1-256)\n");
		return 2;
	}
	if (read_jobs(argv[1], combo, mutates, sizeof(combo) / sizeof(combo[0]), &n) < 0)
		return 2;
	/* A probe's /proc mount must not propagate out: our own mount ns, every mount private. */
	if (unshare(CLONE_NEWNS) == 0) {
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
			perror("bench-floor: making / private in a mount ns of its own");
			return 2;
		}
	} else if (errno != EPERM) {
		perror("bench-floor: unshare(CLONE_NEWNS)");
		return 2;
	}
	if (sched_getaffinity(0, sizeof(mine), &mine) == 0)
		for (int i = 0; i < CPU_SETSIZE; i++)
			if (CPU_ISSET(i, &mine))
				cpus[ncpu++] = i;
	while (next < n || running) {
		int st;
		pid_t w;

		while (running < slots && next < n) {
			char cs[32], ms[32], *av[] = { self, "tp", cs, ms, NULL };
			cpu_set_t pin;
			int s = 0;
			pid_t pid;

			while (s < slots && slot_pid[s])
				s++;
			snprintf(cs, sizeof(cs), "%ld", combo[next]);
			snprintf(ms, sizeof(ms), "%ld", mutates[next]);
			CPU_ZERO(&pin);
			if (slots > 1 && ncpu > 1)
				CPU_SET(cpus[s % ncpu], &pin);
			pid = start_test_parent(av, slots > 1 && ncpu > 1 ? &pin : NULL);
			if (pid < 0) {
				perror("bench-floor: vfork");
				return 1;
			}
			slot_pid[s] = pid;
			running++;
			next++;
		}
		w = wait(&st);
		if (w < 0)
			break;
		/* Only our test parents count (as a PID 1 we also reap others' orphans). */
		for (int s = 0; s < slots; s++)
			if (slot_pid[s] == w) {
				slot_pid[s] = 0;
				running--;
				failed += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
			}
	}
	printf("bench-floor: %zu jobs, %d failed\n", n, failed);
	return failed ? 1 : 0;
}
