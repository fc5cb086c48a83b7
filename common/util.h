/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * util.h - small helpers shared by the harness: cleanup attributes,
 * ownership transfer, array sizes. Nothing here allocates or logs.
 */
#ifndef NSB_UTIL_H
#define NSB_UTIL_H

#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define _cleanup_(f) __attribute__((cleanup(f)))

static inline void freep(void *p)
{
	free(*(void **)p);
}

static inline void closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;

		close(*fd);
		errno = saved;
	}
}

static inline void fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

#define _cleanup_free_ _cleanup_(freep)
#define _cleanup_close_ _cleanup_(closep)
#define _cleanup_fclose_ _cleanup_(fclosep)

/* Hand ownership of an fd or pointer to someone else; the cleanup then does nothing. */
#define TAKE_FD(fd) ({ int _fd = (fd); (fd) = -EBADF; _fd; })
#define TAKE_PTR(p) ({ __typeof__(p) _p = (p); (p) = NULL; _p; })

/* Close an fd if open and mark it closed. */
static inline void safe_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -EBADF;
}

/*
 * Ask for transparent huge pages (madvise(2) MADV_HUGEPAGE) for the whole
 * 2 MiB blocks inside [p, p + len) of a large allocation that is filled
 * gradually (the run's results: ~4.6 KiB each): one fault per 2 MiB instead
 * of one per 4 KiB page. A hint only: where THP is off or unsupported
 * (EINVAL) the memory stays as it was. Errors are ignored; errno is kept.
 */
static inline void nsb_hint_hugepages(void *p, size_t len)
{
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t b = ((uintptr_t)p + len) & ~(huge - 1);
	int saved = errno;

	if (p && b > a)
		(void)madvise((void *)a, b - a, MADV_HUGEPAGE);
	errno = saved;
}

#endif
