/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stats.h - descriptive statistics of benchmark samples: pure functions, no
 * I/O, no allocation beyond a sorted copy. Values that do not exist for a
 * sample (a CI of the median needs n >= 6, a stddev n >= 2) are NaN; the
 * report writes them as null and says why.
 */
#ifndef NSB_STATS_H
#define NSB_STATS_H

#include <stdbool.h>
#include <stddef.h>

struct nsb_stats {
	size_t n;
	double min, max, median, mean, stddev;
	double p10, p25, p75, p90, p99;
	double mad;			/* median absolute deviation from the median, unscaled */
	double ci95_low, ci95_high;	/* distribution-free CI of the median (order statistics) */
	double ci_coverage;		/* the CI's exact binomial coverage (>= 0.95) */
	size_t outliers_low, outliers_high;	/* outside the Tukey fences Q1-1.5*IQR, Q3+1.5*IQR */
};

/* The p-quantile (0 <= p <= 1) of sorted x: linear interpolation between closest ranks (Hyndman-Fan type 7). */
double nsb_quantile_sorted(const double *x, size_t n, double p);

/*
 * 1-based ranks (lo, hi) of the order statistics that bracket the median with
 * coverage >= 1 - alpha for n samples: the largest lo with P(B < lo) <= alpha/2,
 * B ~ Binomial(n, 1/2), and hi = n + 1 - lo. Returns the coverage, or NaN (and
 * lo = hi = 0) when n is too small for any such interval (n < 6 for alpha 0.05).
 */
double nsb_median_ci_ranks(size_t n, double alpha, size_t *ret_lo, size_t *ret_hi);

/* Everything in struct nsb_stats for x[0..n) (any order). Returns 0, -EINVAL for n == 0, -ENOMEM. */
int nsb_stats_compute(const double *x, size_t n, struct nsb_stats *s);

/* The CI of the median lies within +-rel (0.02 = 2%) of the median. */
bool nsb_stats_converged(const struct nsb_stats *s, double rel);

/* Coefficient of variation (sample stddev / mean) of x[0..n); NaN for n < 2 or mean 0. */
double nsb_cv(const double *x, size_t n);

#endif
