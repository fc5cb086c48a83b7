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
 * Create path atomically: fn(f, arg) writes into a temporary file in the
 * same directory (mode 0644), which is fsync'ed and renamed over path, so a
 * reader never sees a partial file and a failure leaves none. fn returns 0
 * or -errno. Returns 0 or -errno (fn's, or the write, fsync or rename's).
 */
int nsb_write_atomic(const char *path, int (*fn)(FILE *f, void *arg), void *arg);

#endif
