/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_stats.c - benchmark statistics against data sets with known answers. */
#include <errno.h>
#include <math.h>

#include "cmocka-wrap.h"
#include "harness/bench/stats.h"

#define EPS 1e-9

static void odd_n(void **state)
{
	const double x[] = { 3, 1, 2 };
	struct nsb_stats s;

	(void)state;
	assert_int_equal(nsb_stats_compute(x, 3, &s), 0);
	assert_int_equal(s.n, 3);
	assert_float_equal(s.median, 2, EPS);
	assert_float_equal(s.min, 1, EPS);
	assert_float_equal(s.max, 3, EPS);
	assert_float_equal(s.mean, 2, EPS);
	assert_float_equal(s.stddev, 1, EPS);
	assert_float_equal(s.p10, 1.2, EPS);	/* type 7: h = 0.2 */
	assert_float_equal(s.mad, 1, EPS);
	assert_true(isnan(s.ci95_low) && isnan(s.ci95_high));	/* n < 6: no 95% CI */
}

static void even_n(void **state)
{
	const double x[] = { 4, 1, 3, 2 };
	struct nsb_stats s;

	(void)state;
	assert_int_equal(nsb_stats_compute(x, 4, &s), 0);
	assert_float_equal(s.median, 2.5, EPS);
	assert_float_equal(s.p10, 1.3, EPS);
	assert_float_equal(s.p90, 3.7, EPS);
	assert_float_equal(s.p99, 3.97, EPS);
	assert_float_equal(s.mad, 1.0, EPS);	/* |x - 2.5| = 1.5 .5 .5 1.5 */
}

static void one_sample(void **state)
{
	const double x[] = { 5 };
	struct nsb_stats s;

	(void)state;
	assert_int_equal(nsb_stats_compute(x, 1, &s), 0);
	assert_float_equal(s.median, 5, EPS);
	assert_float_equal(s.p10, 5, EPS);
	assert_float_equal(s.p99, 5, EPS);
	assert_float_equal(s.mad, 0, EPS);
	assert_true(isnan(s.stddev));
	assert_true(isnan(s.ci95_low));
	assert_false(nsb_stats_converged(&s, 0.02));
	assert_int_equal(nsb_stats_compute(x, 0, &s), -EINVAL);
}

static void ties_and_outliers(void **state)
{
	const double x[] = { 2, 2, 9, 2, 2, 2, 2 };
	struct nsb_stats s;

	(void)state;
	assert_int_equal(nsb_stats_compute(x, 7, &s), 0);
	assert_float_equal(s.median, 2, EPS);
	assert_float_equal(s.mad, 0, EPS);
	assert_float_equal(s.mean, 3, EPS);
	assert_int_equal(s.outliers_high, 1);	/* IQR 0: the fence is 2 */
	assert_int_equal(s.outliers_low, 0);
	/* n = 7: ranks 1 and 7 (P(B < 1) = 1/128). */
	assert_float_equal(s.ci95_low, 2, EPS);
	assert_float_equal(s.ci95_high, 9, EPS);
}

static void textbook_stddev(void **state)
{
	const double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	struct nsb_stats s;

	(void)state;
	assert_int_equal(nsb_stats_compute(x, 8, &s), 0);
	assert_float_equal(s.mean, 5, EPS);
	assert_float_equal(s.stddev, sqrt(32.0 / 7), EPS);
	assert_float_equal(nsb_cv(x, 8), sqrt(32.0 / 7) / 5, EPS);
	assert_true(isnan(nsb_cv(x, 1)));
}

/* 1..100: percentiles, and the order-statistic CI of published tables (ranks 40 and 61). */
static void one_to_hundred(void **state)
{
	double x[100];
	struct nsb_stats s;

	(void)state;
	for (int i = 0; i < 100; i++)
		x[i] = 100 - i;
	assert_int_equal(nsb_stats_compute(x, 100, &s), 0);
	assert_float_equal(s.median, 50.5, EPS);
	assert_float_equal(s.p10, 10.9, EPS);
	assert_float_equal(s.p90, 90.1, EPS);
	assert_float_equal(s.p99, 99.01, EPS);
	assert_float_equal(s.mad, 25, EPS);
	assert_float_equal(s.ci95_low, 40, EPS);
	assert_float_equal(s.ci95_high, 61, EPS);
	assert_true(s.ci_coverage >= 0.95 && s.ci_coverage < 0.97);
	assert_int_equal(s.outliers_low + s.outliers_high, 0);
	/* +-2% of 50.5 is about +-1: a CI from 40 to 61 has not converged. */
	assert_false(nsb_stats_converged(&s, 0.02));
	assert_true(nsb_stats_converged(&s, 0.25));
}

static void ci_ranks(void **state)
{
	size_t lo, hi;

	(void)state;
	assert_true(isnan(nsb_median_ci_ranks(5, 0.05, &lo, &hi)));	/* 1/32 > 2.5% */
	assert_int_equal(lo, 0);
	assert_float_equal(nsb_median_ci_ranks(6, 0.05, &lo, &hi), 1 - 2.0 / 64, EPS);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 6);
	assert_float_equal(nsb_median_ci_ranks(10, 0.05, &lo, &hi), 1 - 2 * 11.0 / 1024, EPS);
	assert_int_equal(lo, 2);
	assert_int_equal(hi, 9);
	nsb_median_ci_ranks(1000, 0.05, &lo, &hi);	/* normal approx.: 500 -+ 1.96*sqrt(250) */
	assert_true(lo >= 468 && lo <= 470);
	assert_int_equal(hi, 1001 - lo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(odd_n),	   cmocka_unit_test(even_n),
		cmocka_unit_test(one_sample),	   cmocka_unit_test(ties_and_outliers),
		cmocka_unit_test(textbook_stddev), cmocka_unit_test(one_to_hundred),
		cmocka_unit_test(ci_ranks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
