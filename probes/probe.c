/* SPDX-License-Identifier: GPL-2.0-or-later */
/* probe.c - key=value output, skip/error exits and the sync handshake for probes. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

void probe_put(const char *key, const char *fmt, ...)
{
	va_list ap;

	printf("%s=", key);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

int probe_skip(const char *fmt, ...)
{
	va_list ap;

	printf("skip=");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return probe_done() == PROBE_OK ? PROBE_SKIP : PROBE_ERROR;
}

int probe_error(int err, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("probe: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
	return PROBE_ERROR;
}

const char *probe_errno_name(int err)
{
	const char *s;

	if (!err)
		return "ok";
	s = strerrorname_np(err);
	return s ? s : "E?";
}

int probe_done(void)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		return probe_error(errno, "write stdout");
	return PROBE_OK;
}

int probe_sync(const char *name)
{
	char c;
	ssize_t n;

	probe_put("sync", "%s", name);
	if (fflush(stdout) != 0)
		return -errno;
	/* The harness closes our stdin once it has looked: read returns 0. */
	do
		n = read(STDIN_FILENO, &c, 1);
	while (n > 0 || (n < 0 && errno == EINTR));
	return n < 0 ? -errno : 0;
}
