/* SPDX-License-Identifier: GPL-2.0-or-later */
/* textout.h - what the JUnit and HTML writers share: XML/HTML escaping and atomic file output. */
#ifndef NSB_TEXTOUT_H
#define NSB_TEXTOUT_H

#include <stdio.h>

/*
 * Write s escaped for XML 1.0 (and HTML) text (attr 0) or a "-quoted
 * attribute value (attr 1): & < > " ' as references; in attributes also
 * tab, LF and CR, which attribute-value normalisation would turn into
 * spaces. Bytes that are not UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF) become U+FFFD; characters XML 1.0
 * (section 2.2, production [2] Char) forbids -- controls other than tab, LF
 * and CR, U+FFFE, U+FFFF -- are dropped. NULL writes nothing.
 */
void nsb_xml_escape(FILE *f, const char *s, int attr);

/*
 * Write path as a report is written (nsb_output_write(), reports/json.c):
 * fn(f, arg) writes into memory, then a regular file or new path is replaced
 * atomically (mode 0644; a reader never sees a partial file, a failure or a
 * SIGKILL leaves none), a device, FIFO or /dev/stdout is written through, a
 * symlink is followed. fn returns 0 or -errno. Returns 0 or -errno.
 */
int nsb_write_atomic(const char *path, int (*fn)(FILE *f, void *arg), void *arg);

#endif
