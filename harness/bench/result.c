/* SPDX-License-Identifier: GPL-2.0-or-later */
/* result.c - the names and the stable id of a benchmark. */
#define _GNU_SOURCE
#include <stdio.h>

#include "common/combo.h"
#include "result.h"

const char *const nsb_bench_op_names[_NSB_OP_MAX] = {
	[NSB_OP_CLONE] = "clone",	[NSB_OP_UNSHARE] = "unshare", [NSB_OP_SETNS] = "setns",
	[NSB_OP_TEARDOWN] = "teardown", [NSB_OP_SCALING] = "scaling", [NSB_OP_GROWTH] = "growth",
	[NSB_OP_NET] = "net",
};

void nsb_bench_id(const struct nsb_bench *b, char *buf, size_t len)
{
	char combo[NSB_COMBO_STRLEN];
	int n = snprintf(buf, len, "%s.%s", nsb_bench_op_names[b->op],
			 nsb_combo_format(b->combo, combo, sizeof(combo)));

	if (n > 0 && (size_t)n < len && b->variant)
		n += snprintf(buf + n, len - (size_t)n, ".%s", b->variant);
	if (n > 0 && (size_t)n < len && b->param_name)
		snprintf(buf + n, len - (size_t)n, ".%s=%ld", b->param_name, b->param);
}
