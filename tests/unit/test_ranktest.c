/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_ranktest.c - Mann-Whitney p-values, effect sizes and Holm/BH against reference values. */
#include <errno.h>
#include <math.h>

#include "cmocka-wrap.h"
#include "harness/bench/ranktest.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The reference p-values below were computed independently of this code on
 * 2026-11-29 by tests/data/ranktest-ref.py, with Debian bookworm's
 * python3-scipy 1.10.1 and a brute-force enumeration (/usr/bin/python3,
 * itertools.combinations over every
 * assignment of the pooled mid-ranks to the groups, two-sided:
 * P(|U - mn/2| >= |u - mn/2|)):
 *   brute(x, y)                                  -> exact, ties or not
 *   scipy.stats.mannwhitneyu(x, y, method="exact")      -> equals brute when there are no ties
 *                                                   (scipy 1.10 ignores ties in "exact": 0.0931 and
 *                                                   0.4127 for the tie cases, which is why brute is
 *                                                   the reference there)
 *   scipy.stats.mannwhitneyu(x, y, method="asymptotic") -> tie- and continuity-corrected normal
 */
static void mwu_case(const double *x, size_t nx, const double *y, size_t ny, double u, double p,
		     double p_normal, enum nsb_mwu_method method)
{
	struct nsb_mwu m;

	assert_int_equal(nsb_mwu_test(x, nx, y, ny, &m), 0);
	assert_int_equal(m.method, method);
	assert_true(fabs(m.u - u) < 1e-12);
	assert_true(fabs(m.p - p) < 1e-12 * (p > 1e-3 ? 1 : 1e-3 / p) + 1e-15);
	/* The normal approximation's p from the z computed alongside, for every method. */
	if (!isnan(p_normal))
		assert_true(fabs(fmin(1, erfc(m.z / sqrt(2.0))) - p_normal) < 1e-12);
	/* Swapping the groups mirrors U and keeps p. */
	assert_int_equal(nsb_mwu_test(y, ny, x, nx, &m), 0);
	assert_true(fabs(m.u - ((double)nx * ny - u)) < 1e-12);
	assert_true(fabs(m.p - p) < 1e-12);
}

static void exact_without_ties(void **state)
{
	static const double a[] = { 1, 2, 3, 4, 5 }, b[] = { 6, 7, 8, 9, 10 };
	static const double c[] = { 1.1, 2.3, 0.7, 4.2, 3.3, 5.0 };
	static const double d[] = { 2.9, 6.1, 4.8, 7.7, 5.5, 8.0, 6.6 };

	(void)state;
	/* Completely separated 5 vs 5: 2 / C(10, 5) = 2/252. */
	mwu_case(a, N(a), b, N(b), 0, 0.0079365079365079361, 0.012185780355344813, NSB_MWU_EXACT);
	mwu_case(c, N(c), d, N(d), 4, 0.013986013986013986, 0.01841616057630396, NSB_MWU_EXACT);
}

static void exact_with_ties(void **state)
{
	static const double a[] = { 1, 2, 2, 3, 3, 3 }, b[] = { 2, 3, 3, 4, 4, 5 };
	static const double c[] = { 10, 10, 20, 30 }, d[] = { 10, 20, 20, 40, 50 };
	static const double e[] = { 7, 7, 7 }, f[] = { 7, 7, 7, 7 };
	struct nsb_mwu m;

	(void)state;
	mwu_case(a, N(a), b, N(b), 7, 0.10822510822510822, 0.07840293453326791, NSB_MWU_EXACT_TIES);
	mwu_case(c, N(c), d, N(d), 6, 0.3888888888888889, 0.37485714268334003, NSB_MWU_EXACT_TIES);
	/* Every value equal: no evidence at all. */
	mwu_case(e, N(e), f, N(f), 6, 1, 1, NSB_MWU_EXACT_TIES);
	assert_int_equal(nsb_mwu_test(a, N(a), b, N(b), &m), 0);
	assert_int_equal(m.ties, 10);	/* 2 x3, 3 x5, 4 x2 */
	/* A sample against itself (an A/A pair of identical reports): p = 1. */
	assert_int_equal(nsb_mwu_test(c, N(c), c, N(c), &m), 0);
	assert_true(m.p == 1);
}

static void normal_approximation(void **state)
{
	/* 30 vs 31 with many ties (rounded), and 30 vs 25 without: above NSB_MWU_EXACT_MAX. */
	static const double x[] = { 100, 104, 109, 114, 118, 122, 102, 106, 110, 115, 120, 124,
				    103, 108, 112, 116, 121, 100, 104, 109, 114, 118, 122, 102,
				    106, 110, 115, 120, 124, 103 };
	static const double y[] = { 104, 126, 120, 114, 108, 131, 125, 119, 113, 107, 130,
				    124, 118, 112, 106, 128, 122, 116, 110, 104, 126, 120,
				    114, 108, 131, 125, 119, 113, 107, 130, 124 };
	double x2[30], y2[25];

	(void)state;
	/* scipy reports U of x as the larger, 279: ours is U of x; 30*31 - 279 = 651 would be y's. */
	mwu_case(x, N(x), y, N(y), 279, 0.0073910709928485521, 0.0073910709928485521, NSB_MWU_NORMAL);
	for (int i = 0; i < 30; i++)
		x2[i] = i + 1;
	for (int i = 0; i < 25; i++)
		y2[i] = i + 1 + 0.5 + 5;
	mwu_case(x2, N(x2), y2, N(y2), 300, 0.20792927248164417, 0.20792927248164417, NSB_MWU_NORMAL);
}

static void exact_cut_over(void **state)
{
	double x[25], y[25];
	struct nsb_mwu m;

	(void)state;
	/* 25 + 25 = NSB_MWU_EXACT_MAX: still exact; completely separated: 2 / C(50, 25). */
	for (int i = 0; i < 25; i++) {
		x[i] = i;
		y[i] = 100 + i;
	}
	assert_int_equal(nsb_mwu_test(x, 25, y, 25, &m), 0);
	assert_int_equal(m.method, NSB_MWU_EXACT);
	assert_true(fabs(m.p / (2 / 126410606437752.0) - 1) < 1e-9);
	assert_int_equal(nsb_mwu_test(x, 25, y, 24, &m), 0);
	assert_int_equal(m.method, NSB_MWU_EXACT);
	x[0] = 0.5;
	assert_int_equal(nsb_mwu_test(x, 25, y, 25, &m), 0);
	assert_int_equal(m.method, NSB_MWU_EXACT);
}

static void bad_input(void **state)
{
	static const double a[] = { 1, NAN }, b[] = { 1, 2 };
	struct nsb_mwu m;

	(void)state;
	assert_int_equal(nsb_mwu_test(a, 2, b, 2, &m), -EINVAL);
	assert_int_equal(nsb_mwu_test(b, 2, a, 2, &m), -EINVAL);
	assert_int_equal(nsb_mwu_test(b, 0, b, 2, &m), -EINVAL);
	assert_int_equal(nsb_mwu_test(b, 2, b, 0, &m), -EINVAL);
}

static void effect_sizes(void **state)
{
	static const double x[] = { 1, 2, 3 }, y[] = { 4, 6 }, z[] = { 0, 0 };

	(void)state;
	/* Differences y - x: 3 2 1 5 4 3 -> sorted 1 2 3 3 4 5 -> median 3 (by hand). */
	assert_true(nsb_hodges_lehmann(x, 3, y, 2) == 3);
	assert_true(nsb_hodges_lehmann(y, 2, x, 3) == -3);
	/* median(y) 5 / median(x) 2. */
	assert_true(nsb_median_ratio(x, 3, y, 2) == 2.5);
	assert_true(isnan(nsb_median_ratio(z, 2, y, 2)));
	assert_true(isnan(nsb_hodges_lehmann(x, 0, y, 2)));
}

static void assert_p(const double *got, const double *want, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_true(fabs(got[i] - want[i]) < 1e-15);
}

/*
 * Hand-computed. p = {0.01, 0.04, 0.03, 0.005}, sorted 0.005 0.01 0.03 0.04:
 *  Holm: 4*0.005 = 0.02, 3*0.01 = 0.03, 2*0.03 = 0.06, 1*0.04 = 0.04 -> running max 0.06
 *        -> in input order {0.03, 0.06, 0.06, 0.02}
 *  BH:   from the largest: 4*0.04/4 = 0.04, 4*0.03/3 = 0.04, 4*0.01/2 = 0.02, 4*0.005/1 = 0.02
 *        -> running min -> {0.02, 0.04, 0.04, 0.02}
 * p = {0.5, 0.9, 0.2}: Holm 3*0.2 = 0.6, 2*0.5 = 1.0, 0.9 -> max 1 -> {1, 1, 0.6};
 *  BH 0.9, 3*0.5/2 = 0.75, 3*0.2/1 = 0.6 -> {0.75, 0.9, 0.6}.
 * p = {0.01, 0.01, 0.04} (tied p): Holm 0.03, max(0.03, 0.02), 0.04 -> {0.03, 0.03, 0.04};
 *  BH 0.04, 3*0.01/2 = 0.015, 3*0.01/1 = 0.03 -> min 0.015 -> {0.015, 0.015, 0.04}.
 */
static void holm_and_bh(void **state)
{
	double p1[] = { 0.01, 0.04, 0.03, 0.005 }, p2[] = { 0.5, 0.9, 0.2 }, p3[] = { 0.01, 0.01, 0.04 };
	double adj[4], bad[] = { 0.1, 1.5 }, nan[] = { NAN };

	(void)state;
	assert_int_equal(nsb_p_holm(p1, 4, adj), 0);
	assert_p(adj, (double[]){ 0.03, 0.06, 0.06, 0.02 }, 4);
	assert_int_equal(nsb_p_bh(p1, 4, adj), 0);
	assert_p(adj, (double[]){ 0.02, 0.04, 0.04, 0.02 }, 4);
	assert_int_equal(nsb_p_holm(p2, 3, adj), 0);
	assert_p(adj, (double[]){ 1, 1, 0.6 }, 3);
	assert_int_equal(nsb_p_bh(p2, 3, adj), 0);
	assert_p(adj, (double[]){ 0.75, 0.9, 0.6 }, 3);
	assert_int_equal(nsb_p_holm(p3, 3, adj), 0);
	assert_p(adj, (double[]){ 0.03, 0.03, 0.04 }, 3);
	assert_int_equal(nsb_p_bh(p3, 3, adj), 0);
	assert_p(adj, (double[]){ 0.015, 0.015, 0.04 }, 3);
	/* In place, and one row is its own family. */
	assert_int_equal(nsb_p_holm(p1, 4, p1), 0);
	assert_p(p1, (double[]){ 0.03, 0.06, 0.06, 0.02 }, 4);
	assert_int_equal(nsb_p_bh(p2, 1, adj), 0);
	assert_true(adj[0] == 0.5);
	assert_int_equal(nsb_p_holm(bad, 2, adj), -EINVAL);
	assert_int_equal(nsb_p_bh(nan, 1, adj), -EINVAL);
	assert_int_equal(nsb_p_holm(bad, 0, adj), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_without_ties),
		cmocka_unit_test(exact_with_ties),
		cmocka_unit_test(normal_approximation),
		cmocka_unit_test(exact_cut_over),
		cmocka_unit_test(bad_input),
		cmocka_unit_test(effect_sizes),
		cmocka_unit_test(holm_and_bh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
