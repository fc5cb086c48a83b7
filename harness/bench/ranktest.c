/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ranktest.c - Mann-Whitney U (exact and normal), Hodges-Lehmann, Holm and BH adjustments. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ranktest.h"

struct obs {
	double v;
	int group;		/* 0: x, 1: y */
};

static int cmp_obs(const void *a, const void *b)
{
	double u = ((const struct obs *)a)->v, v = ((const struct obs *)b)->v;

	return (u > v) - (u < v);
}

static int cmp_double(const void *a, const void *b)
{
	double u = *(const double *)a, v = *(const double *)b;

	return (u > v) - (u < v);
}

/*
 * The exact two-sided p from the doubled mid-ranks r2[0..n) (integers: a
 * mid-rank is (first + last position) / 2) of the pooled sample and the
 * observed doubled rank sum w2 of a group of size m: the share of the
 * C(n, m) equally likely m-subsets whose rank sum is at least as far from its
 * mean m(n+1)/2 as the observed one. Counts are doubles: C(50, 25) ~ 1.3e14
 * is exact in a double, and only ratios are used.
 */
static int exact_p(const unsigned *r2, size_t n, size_t m, unsigned long w2, double *ret_p)
{
	unsigned long S = 0, mean2 = (unsigned long)m * (n + 1), dobs, total_s;
	double *cnt, hit = 0, all = 0;

	for (size_t i = 0; i < n; i++)
		S += r2[i];
	total_s = S + 1;
	cnt = calloc((m + 1) * total_s, sizeof(*cnt));
	if (!cnt)
		return -ENOMEM;
	cnt[0] = 1;
	/* cnt[k][s]: subsets of the items seen so far with k items and doubled rank sum s. */
	for (size_t i = 0; i < n; i++)
		for (size_t k = (i + 1 < m ? i + 1 : m); k >= 1; k--)
			for (unsigned long s = S; s >= r2[i]; s--)	/* r2[i] >= 2: no wrap */
				cnt[k * total_s + s] += cnt[(k - 1) * total_s + s - r2[i]];
	dobs = w2 > mean2 ? w2 - mean2 : mean2 - w2;
	for (unsigned long s = 0; s <= S; s++) {
		double c = cnt[m * total_s + s];
		unsigned long d = s > mean2 ? s - mean2 : mean2 - s;

		all += c;
		if (d >= dobs)
			hit += c;
	}
	free(cnt);
	*ret_p = hit / all;
	return 0;
}

int nsb_mwu_test(const double *x, size_t nx, const double *y, size_t ny, struct nsb_mwu *out)
{
	size_t n = nx + ny, m;
	unsigned long w2x = 0;
	double tie_term = 0, mu, sigma2, u;
	unsigned *r2;
	struct obs *o;
	int r = 0;

	if (!nx || !ny)
		return -EINVAL;
	for (size_t i = 0; i < nx; i++)
		if (isnan(x[i]))
			return -EINVAL;
	for (size_t i = 0; i < ny; i++)
		if (isnan(y[i]))
			return -EINVAL;
	o = malloc(n * sizeof(*o));
	r2 = malloc(n * sizeof(*r2));
	if (!o || !r2) {
		r = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < nx; i++)
		o[i] = (struct obs){ x[i], 0 };
	for (size_t i = 0; i < ny; i++)
		o[nx + i] = (struct obs){ y[i], 1 };
	qsort(o, n, sizeof(*o), cmp_obs);
	memset(out, 0, sizeof(*out));
	for (size_t i = 0, j; i < n; i = j) {
		size_t t;

		for (j = i + 1; j < n && o[j].v == o[i].v; j++)
			;
		t = j - i;
		/* Positions i+1 .. j share the mid-rank (i+1+j)/2; doubled: i+1+j. */
		for (size_t k = i; k < j; k++)
			r2[k] = (unsigned)(i + 1 + j);
		if (t > 1) {
			out->ties += t;
			tie_term += (double)t * t * t - (double)t;
		}
	}
	for (size_t k = 0; k < n; k++)
		if (o[k].group == 0)
			w2x += r2[k];
	/* U_x = R_x - nx(nx+1)/2, with R_x = w2x / 2. */
	u = (double)w2x / 2 - (double)nx * (nx + 1) / 2;
	out->u = u;
	mu = (double)nx * ny / 2;
	sigma2 = (double)nx * ny / 12 * ((double)(n + 1) - tie_term / ((double)n * (n - 1)));
	out->z = sigma2 > 0 ? (fabs(u - mu) - 0.5) / sqrt(sigma2) : 0;
	if (n <= NSB_MWU_EXACT_MAX) {
		/* The smaller group keeps the table small; |U - mu| is the same for either group. */
		unsigned long w2 = w2x;

		m = nx;
		if (ny < nx) {
			m = ny;
			w2 = 0;
			for (size_t k = 0; k < n; k++)
				if (o[k].group == 1)
					w2 += r2[k];
		}
		out->method = out->ties ? NSB_MWU_EXACT_TIES : NSB_MWU_EXACT;
		r = exact_p(r2, n, m, w2, &out->p);
	} else {
		out->method = NSB_MWU_NORMAL;
		out->p = sigma2 > 0 ? erfc(out->z / sqrt(2.0)) : 1;
	}
	if (out->p > 1)
		out->p = 1;
out:
	free(o);
	free(r2);
	return r;
}

double nsb_median(const double *v, size_t n)
{
	double *s, m;

	if (!n)
		return NAN;
	s = malloc(n * sizeof(*s));
	if (!s)
		return NAN;
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	free(s);
	return m;
}

double nsb_hodges_lehmann(const double *x, size_t nx, const double *y, size_t ny)
{
	double *d, m;

	if (!nx || !ny || nx > SIZE_MAX / ny / sizeof(*d))
		return NAN;
	d = malloc(nx * ny * sizeof(*d));
	if (!d)
		return NAN;
	for (size_t i = 0; i < nx; i++)
		for (size_t j = 0; j < ny; j++)
			d[i * ny + j] = y[j] - x[i];
	m = nsb_median(d, nx * ny);
	free(d);
	return m;
}

double nsb_median_ratio(const double *x, size_t nx, const double *y, size_t ny)
{
	double mx = nsb_median(x, nx), my = nsb_median(y, ny);

	if (isnan(mx) || isnan(my) || mx == 0)
		return NAN;
	return my / mx;
}

struct pidx {
	double p;
	size_t i;
};

static int cmp_pidx(const void *a, const void *b)
{
	const struct pidx *u = a, *v = b;

	if (u->p != v->p)
		return (u->p > v->p) - (u->p < v->p);
	return (u->i > v->i) - (u->i < v->i);
}

/* p sorted ascending, with the original index; NULL on bad input (errno set). */
static struct pidx *sorted_p(const double *p, size_t n)
{
	struct pidx *s;

	for (size_t i = 0; i < n; i++)
		if (!(p[i] >= 0 && p[i] <= 1)) {
			errno = EINVAL;
			return NULL;
		}
	s = malloc((n ? n : 1) * sizeof(*s));
	if (!s) {
		errno = ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		s[i] = (struct pidx){ p[i], i };
	qsort(s, n, sizeof(*s), cmp_pidx);
	return s;
}

int nsb_p_holm(const double *p, size_t n, double *adj)
{
	struct pidx *s = sorted_p(p, n);
	double run = 0;

	if (!s)
		return -errno;
	for (size_t j = 0; j < n; j++) {
		double a = fmin(1, (double)(n - j) * s[j].p);

		run = fmax(run, a);	/* step-down: never below an earlier (smaller-p) row */
		adj[s[j].i] = run;
	}
	free(s);
	return 0;
}

int nsb_p_bh(const double *p, size_t n, double *adj)
{
	struct pidx *s = sorted_p(p, n);
	double run = 1;

	if (!s)
		return -errno;
	for (size_t j = n; j-- > 0;) {
		double a = fmin(1, (double)n * s[j].p / (double)(j + 1));

		run = fmin(run, a);	/* step-up: never above a later (larger-p) row */
		adj[s[j].i] = run;
	}
	free(s);
	return 0;
}
