/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stats.c - see stats.h. The confidence interval of the median is the
 * classic distribution-free one: for n samples the number of samples below
 * the true median is Binomial(n, 1/2), so the order statistics x(lo) and
 * x(n+1-lo) bracket it with probability 1 - 2 P(B < lo), whatever the
 * distribution (no normality assumed: these timings are skewed and often
 * bimodal).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double nsb_quantile_sorted(const double *x, size_t n, double p)
{
	double h, lo;
	size_t i;

	if (!n || p < 0 || p > 1)
		return NAN;
	h = (double)(n - 1) * p;
	lo = floor(h);
	i = (size_t)lo;
	if (i + 1 >= n)
		return x[n - 1];
	return x[i] + (h - lo) * (x[i + 1] - x[i]);
}

/* log P(B = k), B ~ Binomial(n, 1/2) */
static double log_pmf_half(size_t n, size_t k)
{
	return lgamma((double)n + 1) - lgamma((double)k + 1) - lgamma((double)(n - k) + 1) -
	       (double)n * M_LN2;
}

double nsb_median_ci_ranks(size_t n, double alpha, size_t *ret_lo, size_t *ret_hi)
{
	double cdf = 0, tail = 0;
	size_t lo = 0;

	*ret_lo = *ret_hi = 0;
	/* cdf = P(B <= k); grow lo while P(B < lo + 1) = P(B <= lo) stays within alpha/2. */
	for (size_t k = 0; k < (n + 1) / 2; k++) {
		cdf += exp(log_pmf_half(n, k));
		if (cdf > alpha / 2)
			break;
		lo = k + 1;
		tail = cdf;
	}
	if (!lo)
		return NAN;
	*ret_lo = lo;
	*ret_hi = n + 1 - lo;
	return 1 - 2 * tail;
}

static double mean_of(const double *x, size_t n)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += x[i];
	return sum / (double)n;
}

/* Sample standard deviation (n - 1), two-pass for accuracy. */
static double stddev_of(const double *x, size_t n, double mean)
{
	double ss = 0;

	if (n < 2)
		return NAN;
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - mean) * (x[i] - mean);
	return sqrt(ss / (double)(n - 1));
}

int nsb_stats_compute(const double *x, size_t n, struct nsb_stats *s)
{
	double *v, iqr;
	size_t lo, hi;

	memset(s, 0, sizeof(*s));
	if (!n)
		return -EINVAL;
	v = malloc(n * sizeof(*v));
	if (!v)
		return -ENOMEM;
	memcpy(v, x, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_double);
	s->n = n;
	s->min = v[0];
	s->max = v[n - 1];
	s->median = nsb_quantile_sorted(v, n, 0.5);
	s->p10 = nsb_quantile_sorted(v, n, 0.10);
	s->p25 = nsb_quantile_sorted(v, n, 0.25);
	s->p75 = nsb_quantile_sorted(v, n, 0.75);
	s->p90 = nsb_quantile_sorted(v, n, 0.90);
	s->p99 = nsb_quantile_sorted(v, n, 0.99);
	s->mean = mean_of(v, n);
	s->stddev = stddev_of(v, n, s->mean);
	s->ci_coverage = nsb_median_ci_ranks(n, 0.05, &lo, &hi);
	s->ci95_low = lo ? v[lo - 1] : NAN;
	s->ci95_high = lo ? v[hi - 1] : NAN;
	iqr = s->p75 - s->p25;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < s->p25 - 1.5 * iqr)
			s->outliers_low++;
		else if (v[i] > s->p75 + 1.5 * iqr)
			s->outliers_high++;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = fabs(v[i] - s->median);
	qsort(v, n, sizeof(*v), cmp_double);
	s->mad = nsb_quantile_sorted(v, n, 0.5);
	free(v);
	return 0;
}

bool nsb_stats_converged(const struct nsb_stats *s, double rel)
{
	if (!s->n || isnan(s->ci95_low) || s->median <= 0)
		return false;
	return s->median - s->ci95_low <= rel * s->median && s->ci95_high - s->median <= rel * s->median;
}

double nsb_cv(const double *x, size_t n)
{
	double m;

	if (n < 2)
		return NAN;
	m = mean_of(x, n);
	return m == 0 ? NAN : stddev_of(x, n, m) / m;
}
