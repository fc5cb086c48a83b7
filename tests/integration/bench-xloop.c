// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-xloop.c - an independent minimal timing loop for bench-xcheck.sh.
 * unshare: N fresh children, each warms up (two clock reads, unshare(0)) and
 * times one unshare(CLONE_NEW<TYPE>). clone: this process, after 10 untimed
 * round trips, times N fork-style round trips clone3(CLONE_NEW<TYPE>) +
 * the child's _exit(0) + waitpid, each paired with one of no flag in ABBA
 * order, as nsbench's worker pairs a type with its baseline (TYPE "none": N
 * round trips of no flag, unpaired, as nsbench times clone.none); the
 * cleanup one leaves behind lands in the next, so the pairing is timed
 * alike on both sides. Prints the median of the TYPE round trips in ns.
 * Shares no code with nsbench on purpose.
 * Usage: bench-xloop unshare|clone TYPE N CPU [EXTRA_NS]
 * EXTRA_NS (default 0) is spun inside each timed region: the cross-check's
 * negative control, a reference that is slower by a known amount.
 */
#define _GNU_SOURCE
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* One fork-style clone3 round trip, or -1. */
static long long extra;

/* Spin EXTRA_NS from t; returns the clock after it. */
static long long spin(long long t)
{
	for (long long s = t; t - s < extra;)
		t = ns();
	return t;
}

/* @timed: the EXTRA_NS spin too (the round trips kept); the paired baseline goes without. */
static long long clone_rt(int flag, int timed)
{
	struct clone_args a = { .flags = (uint64_t)flag, .exit_signal = SIGCHLD };
	long long t0 = ns(), t1;
	long pid = syscall(SYS_clone3, &a, sizeof(a));

	if (pid == 0)
		_exit(0);
	if (pid < 0 || waitpid((pid_t)pid, NULL, 0) < 0)
		return -1;
	t1 = timed ? spin(ns()) : ns();
	return t1 - t0;
}

int main(int argc, char **argv)
{
	static const struct { const char *n; int f; } types[] = {
		{ "pid", CLONE_NEWPID }, { "uts", CLONE_NEWUTS }, { "ipc", CLONE_NEWIPC },
		{ "mnt", CLONE_NEWNS }, { "net", CLONE_NEWNET }, { "user", CLONE_NEWUSER },
		{ "cgroup", CLONE_NEWCGROUP }, { "time", 0x80 },
	};
	int flag = -1, n, cpu, clone_op = 0;
	long long *v;
	cpu_set_t set;

	if (argc != 5 && argc != 6)
		return 2;
	clone_op = strcmp(argv[1], "clone") == 0;
	if (!clone_op && strcmp(argv[1], "unshare") != 0)
		return 2;
	if (argc == 6)
		extra = atoll(argv[5]);
	argv++;
	for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(argv[1], types[i].n) == 0)
			flag = types[i].f;
	if (clone_op && strcmp(argv[1], "none") == 0)
		flag = 0;
	n = atoi(argv[2]);
	cpu = atoi(argv[3]);
	if (flag < 0 || n < 1)
		return 2;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
	v = mmap(NULL, (size_t)n * sizeof(*v), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (v == MAP_FAILED)
		return 1;
	for (int i = 0; clone_op && i < 10 + n; i++) {
		long long d;

		/* ABBA: the baseline goes first every other pair. */
		if (flag && (i & 1) && clone_rt(0, 0) < 0)
			return 1;
		d = clone_rt(flag, 1);
		if (d < 0 || (flag && !(i & 1) && clone_rt(0, 0) < 0))
			return 1;
		if (i >= 10)
			v[i - 10] = d;
	}
	for (int i = 0; !clone_op && i < n; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			long long t0, t1;

			v[i] = -1;
			ns();
			ns();
			unshare(0);
			t0 = ns();
			if (unshare(flag) < 0)
				_exit(1);
			t1 = spin(ns());
			v[i] = t1 - t0;
			_exit(0);
		}
		if (pid < 0 || waitpid(pid, NULL, 0) < 0 || v[i] < 0)
			return 1;
	}
	qsort(v, (size_t)n, sizeof(*v), cmp);
	printf("%lld\n", n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
	return 0;
}
