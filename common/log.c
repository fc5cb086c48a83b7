/* SPDX-License-Identifier: GPL-2.0-or-later */
/* log.c - "nsbench: " diagnostics on stderr, levels, TTY/CI detection. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

int nsb_log_level = LOG_WARNING;

static void vlog(int level, int err, const char *fmt, va_list ap)
{
	char msg[1024];

	if (level > nsb_log_level)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (err)
		fprintf(stderr, "nsbench: %s: %s\n", msg, strerror(err));
	else
		fprintf(stderr, "nsbench: %s\n", msg);
}

void nsb_log(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(level, 0, fmt, ap);
	va_end(ap);
}

int nsb_log_errno(int level, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(level, err < 0 ? -err : err, fmt, ap);
	va_end(ap);
	return err < 0 ? err : -err;
}

bool nsb_log_interactive(void)
{
	const char *ci = getenv("CI"), *term = getenv("TERM");

	if (ci && *ci)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(STDERR_FILENO);
}
