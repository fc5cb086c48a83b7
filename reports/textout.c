/* SPDX-License-Identifier: GPL-2.0-or-later */
/* textout.c - XML 1.0-safe escaping and atomic file output for the JUnit and HTML writers. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "textout.h"

/* Length of the UTF-8 sequence at s (1-4) and its code point, or 0 when s starts no valid one. */
static int utf8_decode(const unsigned char *s, unsigned *cp)
{
	unsigned c = s[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf && (s[1] & 0xc0) == 0x80) {
		*cp = (c & 0x1f) << 6 | (s[1] & 0x3f);
		return 2;
	}
	if (c >= 0xe0 && c <= 0xef && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
		*cp = (c & 0x0f) << 12 | (s[1] & 0x3f) << 6 | (s[2] & 0x3f);
		/* Overlong forms and UTF-16 surrogates are not UTF-8 (RFC 3629). */
		return *cp < 0x800 || (*cp >= 0xd800 && *cp <= 0xdfff) ? 0 : 3;
	}
	if (c >= 0xf0 && c <= 0xf4 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
	    (s[3] & 0xc0) == 0x80) {
		*cp = (c & 0x07) << 18 | (s[1] & 0x3f) << 12 | (s[2] & 0x3f) << 6 | (s[3] & 0x3f);
		return *cp < 0x10000 || *cp > 0x10ffff ? 0 : 4;
	}
	return 0;
}

/* XML 1.0 section 2.2, production [2] Char. */
static bool xml_char_ok(unsigned cp)
{
	return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
	       (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

void nsb_xml_escape(FILE *f, const char *str, int attr)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	while (*s) {
		unsigned cp;
		int len = utf8_decode(s, &cp);

		if (!len) {
			fputs("\xef\xbf\xbd", f);	/* U+FFFD for a byte that is not UTF-8 */
			s++;
			continue;
		}
		if (!xml_char_ok(cp))
			;
		else if (cp == '&')
			fputs("&amp;", f);
		else if (cp == '<')
			fputs("&lt;", f);
		else if (cp == '>')
			fputs("&gt;", f);
		else if (cp == '"')
			fputs("&quot;", f);
		else if (cp == '\'')
			fputs("&#39;", f);
		else if (attr && (cp == '\n' || cp == '\t' || cp == '\r'))
			fprintf(f, "&#%u;", cp);	/* attribute-value normalisation would make them spaces */
		else
			fwrite(s, 1, (size_t)len, f);
		s += len;
	}
}

int nsb_write_atomic(const char *path, int (*fn)(FILE *f, void *arg), void *arg)
{
	char copy[PATH_MAX], tmp[PATH_MAX];
	FILE *f;
	int fd, r;

	if (snprintf(copy, sizeof(copy), "%s", path) >= (int)sizeof(copy) ||
	    snprintf(tmp, sizeof(tmp), "%s/.nsbench-out.XXXXXX", dirname(copy)) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		r = -errno;
		close(fd);
		unlink(tmp);
		return r;
	}
	r = fn(f, arg);
	if (r == 0 && ferror(f))
		r = -EIO;
	if (r == 0 && (fflush(f) != 0 || fchmod(fd, 0644) < 0 || fsync(fd) < 0))
		r = -errno;
	if (fclose(f) != 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r;
}
