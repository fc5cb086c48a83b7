/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gate.c - the benchmark decision of `nsbench compare`: U test, Holm over the rows, effect size. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gate.h"
#include "ranktest.h"

const char *nsb_gate_name(enum nsb_gate_decision d)
{
	switch (d) {
	case NSB_GATE_SAME:
		return "=";
	case NSB_GATE_SLOWER:
		return "slower";
	case NSB_GATE_FASTER:
		return "faster";
	default:
		return "~";
	}
}

/* 2 / C(nx + ny, nx): both tails of the exact null distribution hold one arrangement each. */
static double min_p(size_t nx, size_t ny)
{
	double lc = lgamma((double)(nx + ny + 1)) - lgamma((double)(nx + 1)) - lgamma((double)(ny + 1));

	return nx && ny ? fmin(1, 2 * exp(-lc)) : 1;
}

int nsb_gate_decide(struct nsb_gate_row *rows, size_t n, double threshold, double alpha)
{
	double *p = malloc((n ? n : 1) * sizeof(*p));
	size_t *which = malloc((n ? n : 1) * sizeof(*which)), k = 0;
	int slower = 0, r = 0;

	if (!p || !which) {
		r = -ENOMEM;
		goto out;
	}
	if (!(alpha > 0 && alpha < 1) || !(threshold >= 0)) {
		r = -EINVAL;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct nsb_gate_row *w = &rows[i];
		struct nsb_mwu t;

		w->mx = nsb_median(w->x, w->nx);
		w->my = nsb_median(w->y, w->ny);
		w->change = w->mx > 0 ? w->my / w->mx - 1 : NAN;
		w->min_p = min_p(w->nx, w->ny);
		w->p = w->p_holm = NAN;
		w->tested = false;
		w->decision = NSB_GATE_UNKNOWN;
		if (!w->nx || !w->ny)
			continue;
		if ((r = nsb_mwu_test(w->x, w->nx, w->y, w->ny, &t)) < 0)
			goto out;
		w->p = t.p;
		w->tested = true;
		which[k] = i;
		p[k++] = t.p;
	}
	if (k && (r = nsb_p_holm(p, k, p)) < 0)
		goto out;
	for (size_t j = 0; j < k; j++) {
		struct nsb_gate_row *w = &rows[which[j]];

		w->p_holm = p[j];
		if (p[j] > alpha || isnan(w->change))
			w->decision = NSB_GATE_UNKNOWN;
		else if (w->change > threshold)
			w->decision = NSB_GATE_SLOWER;
		else if (w->change < 1 / (1 + threshold) - 1)
			w->decision = NSB_GATE_FASTER;
		else
			w->decision = NSB_GATE_SAME;
		slower += w->decision == NSB_GATE_SLOWER;
	}
	r = slower;
out:
	free(p);
	free(which);
	return r;
}

double nsb_gate_common_shift(struct nsb_gate_row *rows, size_t n, double threshold, size_t min_rows)
{
	double *l = malloc((n ? n : 1) * sizeof(*l)), shift;
	size_t k = 0;

	if (!l)
		return NAN;
	for (size_t i = 0; i < n; i++)
		if (rows[i].tested && isfinite(rows[i].change) && rows[i].change > -1)
			l[k++] = log1p(rows[i].change);
	if (k < min_rows || !k) {
		free(l);
		return NAN;
	}
	shift = exp(nsb_median(l, k));
	free(l);
	for (size_t i = 0; i < n; i++) {
		struct nsb_gate_row *w = &rows[i];

		w->rel_change = (1 + w->change) / shift - 1;
		if ((w->decision == NSB_GATE_SLOWER && !(w->rel_change > threshold)) ||
		    (w->decision == NSB_GATE_FASTER && !(w->rel_change < 1 / (1 + threshold) - 1))) {
			w->decision = NSB_GATE_UNKNOWN;
			w->shift_explained = true;
		}
	}
	return shift;
}
