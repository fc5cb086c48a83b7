/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gate.h - the benchmark decision of `nsbench compare`: per row (one
 * benchmark id), the per-run medians of the base (x) and of NEW (y); over
 * all rows, one decision each. Pure: no I/O, no global state.
 *
 * A row is slower when the two-sided Mann-Whitney U test (ranktest.h)
 * rejects at alpha after Holm's correction over the rows AND the median of y
 * exceeds the median of x by more than the threshold; faster symmetrically
 * (y below x / (1 + threshold)); "=" when significant but within the
 * threshold; "~" otherwise (nothing can be concluded). Holm bounds the chance
 * of any false "slower" in one comparison (the family-wise error rate), which
 * is what a gate that fails a build must bound; Benjamini-Hochberg would let
 * about alpha of the flagged rows be false. The family is every row with runs
 * on both sides, including rows whose smallest attainable p (2 / C(nx + ny,
 * nx), the exact test without ties) is above alpha and which can never be
 * rejected (they say "~"). Leaving those out (Tarone, Biometrics 46 (1990)
 * 515-522) would be valid if the p-values were, but the runs of one report are
 * worker processes of one invocation and share its machine: with one report
 * per side the p-values understate the uncertainty, and in A/A pairs of `run
 * all` on a busy machine the trimmed family let a 4 v 5 row through; the full
 * family does not.
 */
#ifndef NSB_GATE_H
#define NSB_GATE_H

#include <stdbool.h>
#include <stddef.h>

enum nsb_gate_decision {
	NSB_GATE_UNKNOWN,	/* "~": too few runs, or p above alpha after Holm */
	NSB_GATE_SAME,		/* "=": a significant change within the threshold */
	NSB_GATE_SLOWER,
	NSB_GATE_FASTER,
};

struct nsb_gate_row {
	const double *x;	/* base: per-run medians (ns) */
	size_t nx;
	const double *y;	/* NEW */
	size_t ny;
	/* filled by nsb_gate_decide(): */
	double mx, my;		/* medians of x and y (NaN when empty) */
	double change;		/* my / mx - 1 (NaN when undefined) */
	double min_p;		/* the smallest p this nx v ny can give */
	double p, p_holm;	/* NaN when not tested */
	bool tested;		/* runs on both sides: in the Holm family */
	enum nsb_gate_decision decision;
	double rel_change;	/* nsb_gate_common_shift(): change relative to the common shift */
	bool shift_explained;	/* a decision the common shift explains, turned into "~" */
};

/* "~", "=", "slower", "faster". */
const char *nsb_gate_name(enum nsb_gate_decision d);

/*
 * Decide every row: @threshold relative (0.10 = 10 %), @alpha the
 * family-wise error rate. Returns the number of rows decided slower, or
 * -EINVAL (alpha outside (0, 1), threshold < 0, a NaN run), -ENOMEM.
 */
int nsb_gate_decide(struct nsb_gate_row *rows, size_t n, double threshold, double alpha);

/*
 * For one report per side, after nsb_gate_decide(): the runs are the workers
 * of one invocation, so a machine that was slower (or faster) for the whole
 * of one invocation shifts every row together, and every row's U test sees
 * it. The common shift is exp(median over the tested rows of log(1 +
 * change)); a row stays slower (faster) only when its change relative to
 * that, (1 + change) / shift - 1, is still beyond the threshold; else it
 * becomes "~" with shift_explained. Needs @min_rows tested rows (a median of
 * few rows is no estimate of the machine): with fewer it changes nothing and
 * returns NaN. Returns the common shift as a ratio (1.0: none).
 */
double nsb_gate_common_shift(struct nsb_gate_row *rows, size_t n, double threshold, size_t min_rows);

#endif
