/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runner.c - schedule jobs over --jobs test parents, enforce timeouts and
 * judge. nsb_runner_run() is called by the lab's init (PID 1 of the lab's pid
 * namespace); when it exits, the kernel kills whatever is left.
 *
 * Two processes share the work, so that the process every test parent is
 * forked from stays small: the scheduler, forked once at the start, starts
 * the test parents, enforces the timeouts, reaps (it is a child subreaper)
 * and streams each test's raw observations out as one record, in batches
 * (slot_send()); the caller (the lab init) judges and keeps the results.
 * Holding thousands of results in the forking process made every fork copy,
 * and every exit tear down, megabytes of page tables (issue 15).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/securebits.h>

#include "common/combo.h"
#include "common/util.h"
#include "common/log.h"
#include "runner.h"
#include "tp-build.h"
#include "suites/expect.h"
#include "tp.h"

struct slot {
	size_t job;		/* index, or SIZE_MAX when free */
	pid_t pid;
	int pidfd;
	int fd;			/* the test parent's observations */
	char *buf;
	size_t len, cap;
	long long start_us, deadline_us;
	int exited, eof, timed_out;
	bool long_job;		/* started from start_order()'s long jobs */
};

/*
 * One finished test, from the scheduler to the judge, followed by len bytes
 * of observations; or, with job SIZE_MAX, the errno (err > 0) with which the
 * environment refused a test process, sent once before the scheduler exits.
 */
struct record {
	size_t job;
	long long duration_us;
	size_t len;
	int timed_out;
	int err;
};

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

void nsb_job_id(const struct nsb_job *j, char *buf, size_t len)
{
	char combo[NSB_COMBO_STRLEN];

	snprintf(buf, len, "%s.%s.%s", j->suite->name, j->test->name,
		 nsb_combo_format(j->combo, combo, sizeof(combo)));
}

/*
 * What every nsbench-tp is given alike, made once by the scheduler: its
 * base (nsb_tp_base_format()), its signal mask (bit n-1: signal n) and its
 * pid, the parent the test parent must die with.
 */
static char tp_base[640], tp_mask[24], tp_ppid[24];
/*
 * The CPUs this process may run on (sched_getaffinity(2)), when there are
 * two or more: slot k's test parents, and with them their probes, are
 * pinned to the (k mod n)-th. A test is a few processes that hand work to
 * each other (the probe's pipe, its exit, the test parent's waitid); on
 * one CPU none of that is a cross-CPU wake-up or TLB shootdown, which cost
 * a virtual machine an exit each (issue 15: the whole run on one CPU took
 * 10 % less CPU per result, at 40 % more wall time). Tests that declare a
 * timeout of their own (the labs, whose traffic wants every CPU) are not
 * pinned, also where --timeout is longer and they do not go first.
 */
static int pin_cpus[CPU_SETSIZE];
static unsigned n_pin;
/* Cleared where nsbench-tp cannot be started (slot_start()): then every test parent is forked. */
static bool use_tp_prog = true;

/*
 * Does an exec of nsbench-tp (no file capabilities, not set-user-ID) leave
 * the capability sets as a fork does (capabilities(7), "Transformation of
 * capabilities during execve()")? As root (real and effective uid 0, no
 * SECBIT_NOROOT) the new permitted set is inheritable | bounding, else the
 * ambient set; effective = permitted. Where the result differs from ours
 * (file capabilities on nsbench, a permitted set above the bounding one, an
 * effective set below the permitted one), a test parent must be a fork:
 * its cap_eff and what its hooks may do must not depend on how it started.
 * false also when libcap cannot tell.
 */
static bool exec_keeps_caps(void)
{
	bool root = getuid() == 0 && geteuid() == 0 && !(cap_get_secbits() & SECBIT_NOROOT);
	cap_t c = cap_get_proc();
	bool same = c != NULL;

	for (cap_value_t v = 0; same && v < (cap_value_t)cap_max_bits(); v++) {
		cap_flag_value_t p = CAP_CLEAR, e = CAP_CLEAR, i = CAP_CLEAR;
		bool next;

		if (cap_get_flag(c, v, CAP_PERMITTED, &p) < 0 || cap_get_flag(c, v, CAP_EFFECTIVE, &e) < 0 ||
		    cap_get_flag(c, v, CAP_INHERITABLE, &i) < 0) {
			same = false;
			break;
		}
		next = root ? (i == CAP_SET || cap_get_bound(v) == 1) : cap_get_ambient(v) == 1;
		same = next == (p == CAP_SET) && next == (e == CAP_SET);
	}
	cap_free(c);
	return same;
}

/*
 * Start @j's test parent as nsbench-tp (o->tp_prog) with @out_fd as its
 * NSB_TP_OUT_FD, in a process group of its own (set before the exec, so a
 * timeout's group kill never misses it). vfork(2): nothing of ours is
 * copied, and unlike glibc's posix_spawn(3) no stack is mapped and unmapped
 * and no 64 sigaction calls are made per test (167-198 against 227-252 us
 * a spawn, exec and exit of a static no-op here); and vfork is not clone3,
 * which filters refuse (absent.sh). Every signal stays blocked from before
 * the vfork through the exec, so no handler of ours can run on the shared
 * stack; nsbench-tp restores the mask it is given. Returns its pid or
 * -errno (an exec failure included).
 */
static pid_t spawn_tp(const struct nsb_run_opts *o, const struct nsb_job *j, const char *token, int out_fd,
		      const cpu_set_t *pin)
{
	char combo[16];
	char *argv[] = { (char *)o->tp_prog, (char *)j->suite->name, (char *)j->test->name, combo,
			 (char *)token, (char *)o->probe_dir, tp_base, tp_mask, tp_ppid, NSB_TP_BUILD, NULL };
	volatile int exec_err = 0;	/* written by the child, which shares our memory until its exec */
	sigset_t all, old;
	pid_t pid;
	int err;

	snprintf(combo, sizeof(combo), "%u", j->combo);
	sigfillset(&all);
	if (sigprocmask(SIG_SETMASK, &all, &old) < 0)
		return -errno;
	pid = vfork();
	if (pid == 0) {
		/* Only system calls here: this is our memory and our stack. */
		if (pin)
			(void)sched_setaffinity(0, sizeof(*pin), pin);	/* a hint: unpinned if refused */
		if (setpgid(0, 0) < 0 ||
		    (out_fd == NSB_TP_OUT_FD ? fcntl(out_fd, F_SETFD, 0) : dup2(out_fd, NSB_TP_OUT_FD)) < 0) {
			exec_err = errno;
			_exit(127);
		}
		execve(o->tp_prog, argv, environ);
		exec_err = errno;
		_exit(127);
	}
	err = pid < 0 ? errno : 0;
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid < 0)
		return -err;
	if (exec_err) {
		err = exec_err;
		(void)waitpid(pid, NULL, 0);
		return -err;
	}
	return pid;
}

static int slot_start(struct slot *s, const struct nsb_job *jobs, size_t i,
		      const struct nsb_run_opts *o, int cpu)
{
	const struct nsb_job *j = &jobs[i];
	unsigned tmo = j->test->timeout_ms ? j->test->timeout_ms : o->timeout_ms;
	char token[32];
	int p[2];
	pid_t pid;

	cpu_set_t pin;

	CPU_ZERO(&pin);
	if (cpu >= 0)
		CPU_SET(cpu, &pin);
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	snprintf(token, sizeof(token), "nsb-t%zu", i);
	pid = use_tp_prog && o->tp_prog && !j->suite->netlink ?
	      spawn_tp(o, j, token, p[1], cpu >= 0 ? &pin : NULL) : 0;
	/*
	 * A mount (noexec), an LSM or a filter may refuse the exec, or vfork;
	 * anything but a resource limit (which fork meets as well): fork this
	 * test parent and every later one.
	 */
	if (pid < 0 && pid != -EAGAIN && pid != -ENOMEM) {
		use_tp_prog = false;
		if (o->verbose)
			log_info("cannot start the test parent program %s (%s): test parents are forked",
				 o->tp_prog, strerror(-pid));
		pid = 0;
	}
	if (pid == 0) {
		/* No fflush(NULL) here: the scheduler flushed once at its start and writes no stdio since. */
		pid = fork();
		if (pid < 0)
			pid = -errno;
		if (pid == 0) {
			close(p[0]);
			if (cpu >= 0)
				(void)sched_setaffinity(0, sizeof(pin), &pin);
			nsb_tp_main(j, token, o, p[1]);
		}
	}
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return pid;
	}
	close(p[1]);
	(void)setpgid(pid, pid);	/* the child does it too: no race on the group kill */
	/* The buffer stays with the slot from test to test: no allocation per test. */
	*s = (struct slot){ .job = i, .pid = pid, .fd = p[0], .start_us = now_us(), .buf = s->buf,
			    .cap = s->cap };
	s->deadline_us = s->start_us + (long long)tmo * 1000;
	s->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	return 0;
}

/* A slot's buffer: room for the record header (slot_send()), then the observations. */
#define REC_HDR sizeof(struct record)

static void slot_read(struct slot *s)
{
	if (s->cap < REC_HDR || s->cap - REC_HDR - s->len < 4096) {
		size_t cap = s->cap ? s->cap * 2 : 16384;
		char *b = realloc(s->buf, cap);

		if (!b) {
			s->eof = 1;	/* judged as error: incomplete observations */
			return;
		}
		s->buf = b;
		s->cap = cap;
	}
	ssize_t n = read(s->fd, s->buf + REC_HDR + s->len, s->cap - REC_HDR - s->len);
	if (n > 0)
		s->len += (size_t)n;
	else if (n == 0 || errno != EINTR)
		s->eof = 1;
}

/* Judge one test from its raw observations; runs in the caller (the lab init). */
static void judge(const struct record *rec, const char *buf, const struct nsb_job *jobs,
		  struct nsb_result *results, const struct nsb_run_opts *o)
{
	const struct nsb_job *j = &jobs[rec->job];
	struct nsb_result *r = &results[rec->job];
	struct nsb_obs obs;
	struct nsb_check k;
	char token[32];

	snprintf(token, sizeof(token), "nsb-t%zu", rec->job);
	nsb_obs_init(&obs);
	if (nsb_obs_parse(&obs, buf ? buf : "", rec->len) < 0)
		obs.malformed++;
	nsb_check_init(&k, j->combo, &obs, token);
	r->ran = 1;
	r->duration_us = rec->duration_us;
	if (rec->timed_out) {
		r->verdict = NSB_TIMEOUT;
		(void)nsb_result_set_reason(r, "no result within %u ms; process group killed",
					    j->test->timeout_ms ? j->test->timeout_ms : o->timeout_ms);
	} else {
		r->verdict = nsb_judge(j->test, &k);
		if (k.reason[0])
			(void)nsb_result_set_reason(r, "%s", k.reason);
		r->setup = k.setup;
	}
	r->used_clone = nsb_obs_get(&obs, "tp.spawn") &&
			strcmp(nsb_obs_get(&obs, "tp.spawn"), "clone") == 0;
	r->expected = k.expected;
	r->observed = k.observed;
	if (o->verbose > 1)
		for (size_t i = 0; i < obs.n; i++)
			log_info("%s: %s=%s", r->id, obs.kv[i].key, obs.kv[i].value);
	nsb_obs_free(&obs);
}

/* The slot is free again; its buffer stays for the next test (freed by schedule()). */
static void slot_free(struct slot *s)
{
	close(s->fd);
	if (s->pidfd >= 0)
		close(s->pidfd);
	s->len = 0;
	s->job = SIZE_MAX;
}

/* Write all of buf, or return -errno. */
static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read all of len bytes: 1, 0 at EOF before the first byte, or -errno. */
static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, p + got, len - got);

		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return got ? -EPIPE : 0;
		got += (size_t)n;
	}
	return 1;
}

/*
 * Finished tests on their way to the judge, sent in batches: one write, and
 * one wakeup of the judge, per REC_BATCH tests or per REC_LINGER_US, not one
 * per test. On this VM a wakeup costs more than judging: a pipe ping-pong
 * costs 33-40 us of CPU per wakeup across CPUs (an interrupt, so a VM exit)
 * against 3-4 us on one CPU. Per test, the judge took 46 us of CPU, 25 with
 * batches (`run all`: 0.22 -> 0.12 CPU-s; issue 15). The progress line and
 * KTAP output lag by REC_LINGER_US at most; what is queued when the loop
 * ends, a stop included, is sent: those tests finished.
 */
#define REC_BATCH 32
#define REC_LINGER_US 100000LL

struct outbox {
	char *buf;
	size_t len, cap;
	unsigned n;		/* records in buf */
	long long first_us;	/* when the oldest of them was queued */
};

static int outbox_flush(struct outbox *ob, int rec_fd)
{
	int r = ob->len ? write_all(rec_fd, ob->buf, ob->len) : 0;

	ob->len = 0;
	ob->n = 0;
	return r;
}

/* Queue a finished test for the judge; flushes when the batch is full. -errno when the judge is gone. */
static int slot_send(struct slot *s, struct outbox *ob, int rec_fd)
{
	struct record rec = { .job = s->job, .duration_us = now_us() - s->start_us, .len = s->len,
			      .timed_out = s->timed_out };
	size_t need = REC_HDR + s->len;
	int r = 0;

	if (ob->cap - ob->len < need) {
		size_t cap = ob->cap ? ob->cap : 65536;
		char *b;

		while (cap - ob->len < need)
			cap *= 2;
		b = realloc(ob->buf, cap);
		if (!b) {
			/* No room to queue it: send what waits, then this one alone. */
			if ((r = outbox_flush(ob, rec_fd)) == 0) {
				if (s->buf) {
					memcpy(s->buf, &rec, sizeof(rec));
					r = write_all(rec_fd, s->buf, need);
				} else {
					r = write_all(rec_fd, &rec, sizeof(rec));
				}
			}
			slot_free(s);
			return r;
		}
		ob->buf = b;
		ob->cap = cap;
	}
	memcpy(ob->buf + ob->len, &rec, sizeof(rec));
	if (s->len)
		memcpy(ob->buf + ob->len + REC_HDR, s->buf + REC_HDR, s->len);
	ob->len += need;
	if (!ob->n++)
		ob->first_us = now_us();
	slot_free(s);
	return ob->n >= REC_BATCH ? outbox_flush(ob, rec_fd) : 0;
}

/* Reap every exited child: our test parents, and orphans re-parented to us (we are init). */
static void reap(struct slot *slots, unsigned n)
{
	pid_t pid;

	while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
		for (unsigned i = 0; i < n; i++)
			if (slots[i].job != SIZE_MAX && slots[i].pid == pid)
				slots[i].exited = 1;
}

static void kill_slot(struct slot *s)
{
	kill(-s->pid, SIGKILL);
	kill(s->pid, SIGKILL);
}

static void progress(size_t done, size_t n)
{
	fprintf(stderr, "\r[%zu/%zu]", done, n);
	if (done == n)
		fputs("\r\033[K", stderr);
}

/*
 * The order in which the scheduler starts jobs: with more than one slot, the
 * tests that declare the run's longest timeout, above --timeout (the network
 * labs, seconds each, mostly waiting on traffic), come first in *nlong, the
 * others after them in the suites' order. Started last, the labs were the
 * run's tail, with a core idle (issue 15). Results keep the suites' order
 * whatever the start order. NULL when out of memory.
 */
static size_t *start_order(const struct nsb_job *jobs, size_t n, unsigned nslots,
			   const struct nsb_run_opts *o, size_t *nlong)
{
	size_t *order = malloc((n ? n : 1) * sizeof(*order)), k = 0;
	unsigned top = 0;

	if (!order)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (jobs[i].test->timeout_ms > top)
			top = jobs[i].test->timeout_ms;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			bool first = nslots > 1 && top > o->timeout_ms && jobs[i].test->timeout_ms == top;

			if (first == (pass == 0))
				order[k++] = i;
		}
		if (pass == 0)
			*nlong = k;
	}
	return order;
}

/*
 * The scheduler: --jobs test parents at a time, timeouts, reaping; each
 * finished test goes to rec_fd as a record. Returns 0, or -errno when the
 * judge went away or poll failed; *start_err is the -errno with which a test
 * process could not be started (the tests running then were finished), or 0.
 */
static int schedule(const struct nsb_job *jobs, size_t n, const struct nsb_run_opts *o,
		    int rec_fd, volatile sig_atomic_t *stop, int *start_err)
{
	unsigned nslots = o->jobs ? o->jobs : 1;
	struct slot *slots = calloc(nslots, sizeof(*slots));
	struct pollfd *pfd = calloc(2 * (size_t)nslots, sizeof(*pfd));
	/*
	 * Long jobs: order[0 .. nlong), at most two at once (and half the slots);
	 * the rest after them. The labs are the long jobs, and their traffic shares
	 * every CPU's backlog: all ten at once read 45.9 of a 50 Mbit/s tbf rate,
	 * two at once (as before the long jobs went first) within 2-4 %.
	 */
	size_t nlong = 0, lnext = 0, rnext, done = 0, *order = start_order(jobs, n, nslots, o, &nlong);
	unsigned long_max = nslots < 4 ? (nslots + 1) / 2 : 2;
	struct outbox ob = { 0 };
	int r = 0;

	if (!slots || !pfd || !order) {
		free(slots);
		free(pfd);
		free(order);
		return -ENOMEM;
	}
	for (unsigned i = 0; i < nslots; i++)
		slots[i].job = SIZE_MAX;
	rnext = nlong;

	while (done < n) {
		unsigned active = 0, long_running = 0;
		long long now = now_us(), wait_us = 1000000;

		for (unsigned i = 0; i < nslots; i++)
			long_running += slots[i].job != SIZE_MAX && slots[i].long_job;
		for (unsigned i = 0; i < nslots && !*stop && !*start_err; i++) {
			size_t *next;

			if (slots[i].job != SIZE_MAX)
				continue;
			if (lnext < nlong && long_running < long_max)
				next = &lnext;
			else if (rnext < n)
				next = &rnext;
			else
				continue;	/* only long jobs are left, and long_max of them run */
			/*
			 * The environment refused a process (EAGAIN: RLIMIT_NPROC or
			 * pids.max; ENOMEM): no interruption. Start nothing more, let
			 * the running tests finish, return the errno.
			 */
			/* A test with a timeout of its own (the labs) is not pinned, whatever the queue. */
			if ((*start_err = slot_start(&slots[i], jobs, order[*next], o,
						     n_pin && !jobs[order[*next]].test->timeout_ms ?
						     pin_cpus[i % n_pin] : -1)) < 0) {
				char id[160];

				nsb_job_id(&jobs[order[*next]], id, sizeof(id));
				log_error_errno(*start_err, "cannot start test '%s'", id);
				break;
			}
			slots[i].long_job = next == &lnext;
			long_running += slots[i].long_job;
			(*next)++;
		}
		for (unsigned i = 0; i < nslots; i++) {
			struct slot *s = &slots[i];

			pfd[2 * i] = (struct pollfd){ .fd = -1 };
			pfd[2 * i + 1] = (struct pollfd){ .fd = -1 };
			if (s->job == SIZE_MAX)
				continue;
			active++;
			if (!s->eof)
				pfd[2 * i] = (struct pollfd){ .fd = s->fd, .events = POLLIN };
			if (!s->exited)
				pfd[2 * i + 1] = (struct pollfd){ .fd = s->pidfd, .events = POLLIN };
			if (!s->timed_out && s->deadline_us - now < wait_us)
				wait_us = s->deadline_us - now;
		}
		if (!active)
			break;	/* only when stopping, or when no test could be started */
		if (ob.n && ob.first_us + REC_LINGER_US - now < wait_us)
			wait_us = ob.first_us + REC_LINGER_US - now;
		if (wait_us < 0)
			wait_us = 0;
		if (poll(pfd, 2 * nslots, (int)((wait_us + 999) / 1000)) < 0 && errno != EINTR) {
			r = -errno;
			break;
		}
		reap(slots, nslots);
		now = now_us();
		for (unsigned i = 0; i < nslots; i++) {
			struct slot *s = &slots[i];

			if (s->job == SIZE_MAX)
				continue;
			if (pfd[2 * i].revents)
				slot_read(s);
			if (*stop || (!s->timed_out && now >= s->deadline_us)) {
				s->timed_out = !*stop;
				kill_slot(s);
			}
			if (s->eof && s->exited) {
				if (*stop && !s->timed_out) {
					/* interrupted: not a result, it never finished */
					slot_free(s);
					continue;
				}
				if ((r = slot_send(s, &ob, rec_fd)) < 0) {
					*stop = 1;	/* the judge is gone: stop what runs */
					continue;
				}
				done++;
			}
		}
		if (ob.n && now - ob.first_us >= REC_LINGER_US && (r = outbox_flush(&ob, rec_fd)) < 0)
			*stop = 1;
	}
	{
		/* What waits goes out whatever stopped the loop: those tests finished. */
		int fr = outbox_flush(&ob, rec_fd);

		if (r == 0)
			r = fr;
	}
	free(ob.buf);
	for (unsigned i = 0; i < nslots; i++)
		free(slots[i].buf);
	free(slots);
	free(order);
	free(pfd);
	return r;
}

/* The scheduler process: dies with the lab init, adopts the tests' orphans. */
static void __attribute__((noreturn)) scheduler_main(const struct nsb_job *jobs, size_t n,
						     const struct nsb_run_opts *o, int rec_fd,
						     int alive_fd, volatile sig_atomic_t *stop)
{
	char c;
	int r, start_err = 0;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || read(alive_fd, &c, 1) != 1)
		_exit(2);
	close(alive_fd);
	(void)prctl(PR_SET_CHILD_SUBREAPER, 1);
	fflush(NULL);	/* once: no test parent inherits buffered output (slot_start() does not flush) */
	nsb_tp_prepare();
	if (o->tp_prog && nsb_tp_base_format(tp_base, sizeof(tp_base)) < 0)
		tp_base[0] = '\0';	/* each nsbench-tp reads its namespaces itself */
	if (o->tp_prog) {
		unsigned long long mask = 0;

		/* The kernel's 64-bit mask, as nsbench-tp restores it. */
		if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &mask, sizeof(mask)) < 0)
			use_tp_prog = false;
		snprintf(tp_mask, sizeof(tp_mask), "%#llx", mask);
		snprintf(tp_ppid, sizeof(tp_ppid), "%d", (int)getpid());
	}
	if (o->tp_prog && !exec_keeps_caps()) {
		use_tp_prog = false;
		if (o->verbose)
			log_info("an exec would change this process's capabilities: test parents are forked");
	}
	{
		cpu_set_t mine;

		if (sched_getaffinity(0, sizeof(mine), &mine) == 0)
			for (int c = 0; c < CPU_SETSIZE && n_pin < sizeof(pin_cpus) / sizeof(pin_cpus[0]); c++)
				if (CPU_ISSET(c, &mine))
					pin_cpus[n_pin++] = c;
		if (n_pin < 2 || o->jobs < 2)
			n_pin = 0;	/* one CPU, or one test at a time: nothing to keep apart */
	}
	r = schedule(jobs, n, o, rec_fd, stop, &start_err);
	if (r == 0 && start_err < 0) {
		/* The environment refused a process: the judge returns that errno. */
		struct record rec = { .job = SIZE_MAX, .err = -start_err };

		r = write_all(rec_fd, &rec, sizeof(rec));
	}
	close(rec_fd);
	if (r == 0 && *stop)
		r = -EINTR;	/* stopped here first: the judge must know the run was cut short */
	/* The orphans of the last tests: reap them before going (they were killed with their group). */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	_exit(r < 0 ? 1 : 0);
}

int nsb_runner_run(const struct nsb_job *jobs, size_t n, const struct nsb_run_opts *o,
		   struct nsb_result *results, volatile sig_atomic_t *stop)
{
	int rec[2], alive[2], r = 0, forwarded = 0, st, start_err = 0;
	size_t done = 0;
	char *buf = NULL;
	size_t cap = 0;
	pid_t pid;

	/*
	 * A stream socket rather than a pipe for its receive timeout: the judge
	 * blocks in read() alone (no poll per record) and still looks at *stop
	 * at least once a second, however a stop signal raced with the read.
	 */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, rec) < 0)
		return -errno;
	(void)setsockopt(rec[0], SOL_SOCKET, SO_RCVTIMEO,
			 &(struct timeval){ .tv_sec = 1 }, sizeof(struct timeval));
	if (pipe2(alive, O_CLOEXEC) < 0) {
		r = -errno;
		close(rec[0]);
		close(rec[1]);
		return r;
	}
	/* Fork before the results are touched: the scheduler must not carry them. */
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		r = -errno;
		close(rec[0]);
		close(rec[1]);
		close(alive[0]);
		close(alive[1]);
		return r;
	}
	if (pid == 0) {
		close(rec[0]);
		close(alive[1]);
		scheduler_main(jobs, n, o, rec[1], alive[0], stop);
	}
	close(rec[1]);
	close(alive[0]);
	(void)!write(alive[1], "a", 1);	/* our end stays open while we live */

	for (size_t i = 0; i < n; i++) {
		memset(&results[i], 0, sizeof(results[i]));
		results[i].suite = jobs[i].suite;
		results[i].test = jobs[i].test;
		results[i].combo = jobs[i].combo;
		nsb_job_id(&jobs[i], results[i].id, sizeof(results[i].id));
	}
	for (;;) {
		struct record h;
		ssize_t got;

		/* A stop signal reaches us (the lab init): pass it on to the scheduler once. */
		if (*stop && !forwarded) {
			kill(pid, SIGTERM);
			forwarded = 1;
		}
		got = read(rec[0], &h, sizeof(h));
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got <= 0) {
			r = got < 0 ? -errno : 0;
			break;
		}
		if ((size_t)got < sizeof(h) && (r = read_all(rec[0], (char *)&h + got, sizeof(h) - (size_t)got)) <= 0) {
			r = r ? r : -EPIPE;
			break;
		}
		if (h.job == SIZE_MAX && h.err > 0 && !h.len) {
			start_err = -h.err;	/* the scheduler's last record */
			continue;
		}
		if (h.job >= n || h.len > (64u << 20)) {
			r = -EPROTO;
			break;
		}
		if (h.len + 1 > cap) {
			char *b = realloc(buf, h.len + 1);

			if (!b) {
				r = -ENOMEM;
				break;
			}
			buf = b;
			cap = h.len + 1;
		}
		if (h.len && (r = read_all(rec[0], buf, h.len)) <= 0) {
			r = r ? r : -EPIPE;
			break;
		}
		r = 0;
		judge(&h, buf, jobs, results, o);
		if (o->on_result)
			o->on_result(o->on_result_arg, h.job);
		done++;
		if (o->progress)
			progress(done, n);
	}
	free(buf);
	close(rec[0]);
	if (r < 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	close(alive[1]);
	if (r == 0 && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
		*stop = 1;	/* the scheduler gave up (it logged why): the run is cut short */
	if (*stop)
		return -EINTR;
	/*
	 * The environment refused a test process (EAGAIN: RLIMIT_NPROC or
	 * pids.max; ENOMEM): no interruption; the tests not started were not run.
	 */
	return r < 0 ? r : start_err;
}
