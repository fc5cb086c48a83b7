/* SPDX-License-Identifier: GPL-2.0-or-later */
/* combo.c - parse, format and translate combinations of namespace types. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "combo.h"

int nsb_combo_parse(const char *s, unsigned *ret_mask, char *ret_bad, size_t badlen)
{
	unsigned mask = 0;
	char buf[256];
	char *save = NULL;

	if (!s || strlen(s) >= sizeof(buf) || !*s)
		goto bad;
	if (strcmp(s, "none") == 0) {
		*ret_mask = 0;
		return 0;
	}
	if (strcmp(s, "all") == 0) {
		*ret_mask = NSB_ALL_MASK;
		return 0;
	}
	strcpy(buf, s);
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		enum nsb_ns t = nsb_ns_from_name(tok);

		if (t == _NSB_NS_INVALID) {
			s = tok;
			goto bad;
		}
		mask |= 1u << t;
	}
	if (!mask)
		goto bad;
	*ret_mask = mask;
	return 0;
bad:
	if (ret_bad && badlen)
		snprintf(ret_bad, badlen, "%s", s ? s : "");
	return -EINVAL;
}

char *nsb_combo_format(unsigned mask, char *buf, size_t len)
{
	size_t off = 0;

	if (len)
		buf[0] = '\0';
	if (!(mask & NSB_ALL_MASK)) {
		snprintf(buf, len, "none");
		return buf;
	}
	NSB_FOREACH_NS(t) {
		if (!nsb_combo_has(mask, t))
			continue;
		int n = snprintf(buf + off, len > off ? len - off : 0, "%s%s",
				 off ? "," : "", nsb_nstypes[t].name);
		if (n > 0)
			off += (size_t)n;
	}
	return buf;
}

unsigned long nsb_combo_clone_flags(unsigned mask)
{
	unsigned long flags = 0;

	NSB_FOREACH_NS(t)
		if (nsb_combo_has(mask, t))
			flags |= nsb_nstypes[t].clone_flag;
	return flags;
}
