/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * combo.h - combinations of namespace types as bit masks over enum nsb_ns.
 * The empty combination (0, written "none") is the control.
 */
#ifndef NSB_COMBO_H
#define NSB_COMBO_H

#include <stdbool.h>
#include <stddef.h>

#include "nstypes.h"

#define NSB_COMBO_COUNT (1u << _NSB_NS_MAX)
#define NSB_COMBO_STRLEN 64

/*
 * Parse "pid,net" (or "none", or "all") into a mask. Returns 0, or -EINVAL
 * with the offending name copied to @ret_bad (if not NULL) for the message.
 */
int nsb_combo_parse(const char *s, unsigned *ret_mask, char *ret_bad, size_t badlen);
/* Format a mask as "pid,net" (table order) or "none" into buf. Returns buf. */
char *nsb_combo_format(unsigned mask, char *buf, size_t len);
/* The CLONE_NEW* flags of a mask. */
unsigned long nsb_combo_clone_flags(unsigned mask);
static inline bool nsb_combo_has(unsigned mask, enum nsb_ns t)
{
	return mask & (1u << t);
}

#endif
