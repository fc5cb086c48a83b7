/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ranktest.h - the statistics of the compare gate: the Mann-Whitney U test
 * (two-sided), effect sizes, and multiple-comparison adjustments. Pure
 * functions: no I/O, no global state, heap only for sorted copies and the
 * exact distribution.
 *
 * Which correction the gate should use: Holm (nsb_p_holm). A CI gate fails a
 * build; one false "regression" in any row fails it, so the quantity to bound
 * is the family-wise error rate, P(at least one false flag) <= alpha, which
 * Holm's step-down controls under any dependence between rows (benchmarks of
 * one run share the machine, so rows are not independent) and is uniformly
 * more powerful than plain Bonferroni. Benjamini-Hochberg (nsb_p_bh) bounds
 * the expected share of false flags among the flagged rows instead: fine for
 * an exploratory report listing "rows worth a look", wrong for a pass/fail
 * gate, where with 50 rows it lets about alpha x flagged rows be false.
 *
 * References: Mann & Whitney, Ann. Math. Statist. 18 (1947) 50-60;
 * Lehmann, "Nonparametrics" (1975) ch. 1 (ties, mid-ranks, the exact
 * conditional distribution, the tie-corrected variance); Hodges & Lehmann,
 * Ann. Math. Statist. 34 (1963) 598-611; Holm, Scand. J. Statist. 6 (1979)
 * 65-70; Benjamini & Hochberg, JRSS B 57 (1995) 289-300. The normal
 * approximation matches scipy.stats.mannwhitneyu(method="asymptotic",
 * use_continuity=True).
 */
#ifndef NSB_RANKTEST_H
#define NSB_RANKTEST_H

#include <stddef.h>

/*
 * Exact up to this many observations in total (nx + ny), ties or not; the
 * normal approximation with tie and continuity correction above. At 50 the
 * exact table costs at most ~0.5 MB and a few ms (it grows as N^3 min(nx, ny)).
 * The approximation is not negligible there: measured with scipy 1.10 on
 * shifted samples without ties, its p differs from the exact one by up to
 * 0.003 at 25 vs 25 and 0.012 at 5 vs 45, so unbalanced groups gain most
 * from the exact distribution. A CI gate compares a handful of runs per side:
 * always exact in practice.
 */
#define NSB_MWU_EXACT_MAX 50

enum nsb_mwu_method {
	NSB_MWU_EXACT,		/* no ties: the classical null distribution of U */
	NSB_MWU_EXACT_TIES,	/* ties: the exact permutation distribution of the mid-rank U */
	NSB_MWU_NORMAL,		/* normal approximation, tie-corrected variance, continuity 0.5 */
};

struct nsb_mwu {
	double u;		/* U of x: #(x_i > y_j) + 0.5 #(x_i == y_j), in [0, nx*ny] */
	double p;		/* two-sided p-value, in (0, 1] */
	double z;		/* the normal approximation's z (computed for every method) */
	enum nsb_mwu_method method;
	size_t ties;		/* observations that share their value with another one */
};

/*
 * Two-sided Mann-Whitney U test of x[0..nx) against y[0..ny).
 * p = P(|U - nx*ny/2| >= |u - nx*ny/2|) under H0 (the pooled values assigned
 * to the two groups at random): exact for nx + ny <= NSB_MWU_EXACT_MAX
 * (with ties: the permutation distribution of U computed from the observed
 * mid-ranks, i.e. conditional on the tie pattern); otherwise
 * z = (|u - nx*ny/2| - 0.5) / sigma, sigma^2 = nx*ny/12 * (N + 1 - sum(t^3 - t)/(N(N-1))),
 * p = min(1, erfc(z / sqrt 2)). When every value is equal, p = 1.
 * Returns 0; -EINVAL when nx or ny is 0 or a value is NaN; -ENOMEM.
 */
int nsb_mwu_test(const double *x, size_t nx, const double *y, size_t ny, struct nsb_mwu *out);

/*
 * Hodges-Lehmann estimate of the shift from x to y: the median of the
 * nx*ny differences y_j - x_i (same units as the samples; > 0: y larger).
 * NaN when nx or ny is 0 or on ENOMEM.
 */
double nsb_hodges_lehmann(const double *x, size_t nx, const double *y, size_t ny);

/*
 * The median of v[0..n) (v is not reordered: a sorted copy). NaN when n is 0
 * or the copy cannot be allocated.
 */
double nsb_median(const double *v, size_t n);

/* median(y) / median(x), the relative effect (1.25: y is 25 % slower). NaN when undefined. */
double nsb_median_ratio(const double *x, size_t nx, const double *y, size_t ny);

/*
 * Holm's step-down adjusted p-values: sort p ascending, adj_(i) =
 * max_{j<=i} min(1, (n - j + 1) p_(j)); reject row k at level alpha iff
 * adj[k] <= alpha. Controls the family-wise error rate. adj may be p.
 * Returns 0; -EINVAL for a p outside [0, 1] or NaN; -ENOMEM.
 */
int nsb_p_holm(const double *p, size_t n, double *adj);

/*
 * Benjamini-Hochberg adjusted p-values ("q-values"): adj_(i) =
 * min_{j>=i} min(1, n p_(j) / j). Controls the false discovery rate (for
 * independent or positively dependent rows). adj may be p.
 * Returns 0; -EINVAL for a p outside [0, 1] or NaN; -ENOMEM.
 */
int nsb_p_bh(const double *p, size_t n, double *adj);

#endif
