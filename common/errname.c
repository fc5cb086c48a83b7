/* SPDX-License-Identifier: GPL-2.0-or-later */
/* errname.c - errno <-> name, through glibc's strerrorname_np(3). */
#define _GNU_SOURCE
#include <string.h>

#include "errname.h"

/* errno values are small; glibc's table ends below this (asm-generic/errno.h: 133). */
#define NSB_ERRNO_LIMIT 256

const char *nsb_errno_name(int err)
{
	const char *s;

	if (err < 0)
		err = -err;
	if (!err)
		return "ok";
	s = strerrorname_np(err);
	return s ? s : "E?";
}

int nsb_errno_from_name(const char *name)
{
	if (!name)
		return 0;
	for (int e = 1; e < NSB_ERRNO_LIMIT; e++) {
		const char *n = strerrorname_np(e);

		if (n && strcmp(n, name) == 0)
			return e;
	}
	return 0;
}
