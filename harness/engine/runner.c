/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runner.c - schedule jobs over --jobs test parents, enforce timeouts and
 * judge. It runs as the lab's init (PID 1 of the lab's pid namespace), so it
 * also reaps orphans; when it exits, the kernel kills whatever is left.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/combo.h"
#include "common/util.h"
#include "common/log.h"
#include "runner.h"
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

static int slot_start(struct slot *s, const struct nsb_job *jobs, size_t i,
		      const struct nsb_run_opts *o)
{
	const struct nsb_job *j = &jobs[i];
	unsigned tmo = j->test->timeout_ms ? j->test->timeout_ms : o->timeout_ms;
	char token[32];
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	snprintf(token, sizeof(token), "nsb-t%zu", i);
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
		nsb_tp_main(j, token, o, p[1]);
	}
	close(p[1]);
	(void)setpgid(pid, pid);	/* the child does it too: no race on the group kill */
	*s = (struct slot){ .job = i, .pid = pid, .fd = p[0], .start_us = now_us() };
	s->deadline_us = s->start_us + (long long)tmo * 1000;
	s->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	return 0;
}

static void slot_read(struct slot *s)
{
	if (s->cap - s->len < 4096) {
		size_t cap = s->cap ? s->cap * 2 : 8192;
		char *b = realloc(s->buf, cap);

		if (!b) {
			s->eof = 1;	/* judged as error: incomplete observations */
			return;
		}
		s->buf = b;
		s->cap = cap;
	}
	ssize_t n = read(s->fd, s->buf + s->len, s->cap - s->len);
	if (n > 0)
		s->len += (size_t)n;
	else if (n == 0 || errno != EINTR)
		s->eof = 1;
}

static void slot_finish(struct slot *s, const struct nsb_job *jobs, struct nsb_result *results,
			const struct nsb_run_opts *o)
{
	const struct nsb_job *j = &jobs[s->job];
	struct nsb_result *r = &results[s->job];
	struct nsb_obs obs;
	struct nsb_check k;
	char token[32];

	snprintf(token, sizeof(token), "nsb-t%zu", s->job);
	nsb_obs_init(&obs);
	if (nsb_obs_parse(&obs, s->buf ? s->buf : "", s->len) < 0)
		obs.malformed++;
	nsb_check_init(&k, j->combo, &obs, token);
	r->ran = 1;
	r->duration_us = now_us() - s->start_us;
	if (s->timed_out) {
		r->verdict = NSB_TIMEOUT;
		snprintf(r->reason, sizeof(r->reason), "no result within %u ms; process group killed",
			 j->test->timeout_ms ? j->test->timeout_ms : o->timeout_ms);
	} else {
		r->verdict = nsb_judge(j->test, &k);
		snprintf(r->reason, sizeof(r->reason), "%s", k.reason);
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
	close(s->fd);
	if (s->pidfd >= 0)
		close(s->pidfd);
	free(s->buf);
	s->buf = NULL;
	s->job = SIZE_MAX;
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

int nsb_runner_run(const struct nsb_job *jobs, size_t n, const struct nsb_run_opts *o,
		   struct nsb_result *results, volatile sig_atomic_t *stop)
{
	unsigned nslots = o->jobs ? o->jobs : 1;
	struct slot *slots = calloc(nslots, sizeof(*slots));
	struct pollfd *pfd = calloc(2 * (size_t)nslots, sizeof(*pfd));
	size_t next = 0, done = 0;
	int r = 0;

	if (!slots || !pfd) {
		free(slots);
		free(pfd);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		memset(&results[i], 0, sizeof(results[i]));
		results[i].suite = jobs[i].suite;
		results[i].test = jobs[i].test;
		results[i].combo = jobs[i].combo;
		nsb_job_id(&jobs[i], results[i].id, sizeof(results[i].id));
	}
	for (unsigned i = 0; i < nslots; i++)
		slots[i].job = SIZE_MAX;

	while (done < n) {
		unsigned active = 0;
		long long now = now_us(), wait_us = 1000000;

		for (unsigned i = 0; i < nslots && !*stop && !r; i++) {
			if (slots[i].job != SIZE_MAX || next >= n)
				continue;
			/*
			 * The environment refused a process (EAGAIN: RLIMIT_NPROC or
			 * pids.max; ENOMEM): no interruption. Start nothing more, let
			 * the running tests finish, return the errno.
			 */
			if ((r = slot_start(&slots[i], jobs, next, o)) < 0) {
				log_error_errno(r, "cannot start test '%s'", results[next].id);
				break;
			}
			next++;
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
					close(s->fd);
					if (s->pidfd >= 0)
						close(s->pidfd);
					free(s->buf);
					s->buf = NULL;
					s->job = SIZE_MAX;
					continue;
				}
				size_t job = s->job;

				slot_finish(s, jobs, results, o);
				if (o->on_result)
					o->on_result(o->on_result_arg, job);
				done++;
				if (o->progress)
					progress(done, n);
			}
		}
	}
	free(slots);
	free(pfd);
	if (*stop)
		return -EINTR;
	return r;
}
