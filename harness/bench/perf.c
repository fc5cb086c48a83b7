/* SPDX-License-Identifier: GPL-2.0-or-later */
/* perf.c - see perf.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/log.h"
#include "perf.h"
#include "common/errname.h"

const char *const nsb_perf_names[_NSB_PERF_MAX] = {
	[NSB_PERF_TASK_CLOCK] = "task_clock_ns",
	[NSB_PERF_CONTEXT_SWITCHES] = "context_switches",
	[NSB_PERF_CPU_MIGRATIONS] = "cpu_migrations",
	[NSB_PERF_PAGE_FAULTS] = "page_faults",
	[NSB_PERF_CYCLES] = "cycles",
	[NSB_PERF_INSTRUCTIONS] = "instructions",
};

static const struct {
	uint32_t type;
	uint64_t config;
} events[_NSB_PERF_MAX] = {
	[NSB_PERF_TASK_CLOCK] = { PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	[NSB_PERF_CONTEXT_SWITCHES] = { PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
	[NSB_PERF_CPU_MIGRATIONS] = { PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
	[NSB_PERF_PAGE_FAULTS] = { PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	[NSB_PERF_CYCLES] = { PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	[NSB_PERF_INSTRUCTIONS] = { PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
};

static int open_one(int i, bool exclude_kernel)
{
	struct perf_event_attr a = {
		.size = sizeof(a),
		.type = events[i].type,
		.config = events[i].config,
		.disabled = 1,
		.inherit = 1,	/* count the children the counting pass creates */
		.exclude_kernel = exclude_kernel,
		.exclude_hv = 1,
		.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING,
	};
	long fd = syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);

	return fd < 0 ? -errno : (int)fd;
}

void nsb_perf_open(struct nsb_perf *p)
{
	memset(p, 0, sizeof(*p));
	for (int i = 0; i < _NSB_PERF_MAX; i++) {
		int fd = open_one(i, p->user_only);

		/* perf_event_paranoid >= 2 allows only user-space counting without CAP_PERFMON (perf_event_open(2)). */
		if ((fd == -EACCES || fd == -EPERM) && !p->user_only) {
			p->user_only = true;
			for (int j = 0; j < i; j++)
				if (p->fd[j] >= 0)
					close(p->fd[j]);
			i = -1;
			continue;
		}
		p->fd[i] = fd;
	}
	/*
	 * User-space only, context switches and migrations (counted in the
	 * kernel) always read 0: say they are unavailable instead.
	 */
	for (int i = NSB_PERF_CONTEXT_SWITCHES; p->user_only && i <= NSB_PERF_CPU_MIGRATIONS; i++) {
		if (p->fd[i] >= 0)
			close(p->fd[i]);
		p->fd[i] = -EACCES;
	}
}

static void ioctl_all(struct nsb_perf *p, unsigned long req)
{
	for (int i = 0; i < _NSB_PERF_MAX; i++)
		if (p->fd[i] >= 0)
			ioctl(p->fd[i], req, 0);
}

void nsb_perf_enable(struct nsb_perf *p)
{
	ioctl_all(p, PERF_EVENT_IOC_ENABLE);
}

void nsb_perf_disable(struct nsb_perf *p)
{
	ioctl_all(p, PERF_EVENT_IOC_DISABLE);
}

void nsb_perf_read_close(struct nsb_perf *p, struct nsb_perf_value v[_NSB_PERF_MAX])
{
	for (int i = 0; i < _NSB_PERF_MAX; i++) {
		uint64_t buf[3];

		memset(&v[i], 0, sizeof(v[i]));
		if (p->fd[i] < 0) {
			v[i].err = -p->fd[i];
			continue;
		}
		if (read(p->fd[i], buf, sizeof(buf)) != sizeof(buf)) {
			v[i].err = errno ? errno : EIO;
		} else {
			/* Multiplexed: scale by enabled/running time (perf_event_open(2), "read_format"). */
			v[i].ok = true;
			v[i].value = buf[2] && buf[2] < buf[1] ?
					     (uint64_t)((double)buf[0] * (double)buf[1] / (double)buf[2]) :
					     buf[0];
		}
		close(p->fd[i]);
		p->fd[i] = -EBADF;
	}
}

const char *nsb_perf_why(const struct nsb_perf_value *v, char *buf, unsigned long len)
{
	/* No PMU, or no such event in this (virtual) machine. */
	if (v->err == ENOENT || v->err == EOPNOTSUPP || v->err == ENODEV)
		snprintf(buf, len, "unsupported");
	else if (!v->err)	/* never opened: the worker stopped before it sampled (a skip) */
		snprintf(buf, len, "unavailable: ENODATA");
	else
		snprintf(buf, len, "unavailable: %s", nsb_errno_name(v->err));
	return buf;
}
