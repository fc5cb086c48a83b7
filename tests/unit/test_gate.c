/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_gate.c - compare's benchmark decision: U test, Holm over the rows, threshold, "~", the common shift. */
#include <errno.h>
#include <math.h>

#include "cmocka-wrap.h"
#include "harness/bench/gate.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const double base8[] = { 100, 101, 102, 103, 104, 105, 106, 107 };

static void fill(double *v, size_t n, double scale)
{
	for (size_t i = 0; i < n; i++)
		v[i] = base8[i % 8] * scale;
}

/* A report compared with itself: p = 1, nothing to conclude. */
static void aa_is_never_slower(void **state)
{
	struct nsb_gate_row r = { .x = base8, .nx = 8, .y = base8, .ny = 8 };

	(void)state;
	assert_int_equal(nsb_gate_decide(&r, 1, 0.10, 0.05), 0);
	assert_true(r.tested);
	assert_true(r.p == 1);
	assert_int_equal(r.decision, NSB_GATE_UNKNOWN);
	assert_string_equal(nsb_gate_name(r.decision), "~");
	assert_true(r.change == 0);
}

/* 8 v 8 fully separated, +25 %: exact p = 2 / C(16, 8) = 1.554e-4, slower. */
static void shift_25_is_slower(void **state)
{
	double y[8];
	struct nsb_gate_row r = { .x = base8, .nx = 8, .y = y, .ny = 8 };

	(void)state;
	fill(y, 8, 1.25);
	assert_int_equal(nsb_gate_decide(&r, 1, 0.10, 0.05), 1);
	assert_true(fabs(r.p - 2.0 / 12870) < 1e-12);
	assert_true(r.p_holm == r.p);
	assert_int_equal(r.decision, NSB_GATE_SLOWER);
	assert_true(fabs(r.change - 0.25) < 1e-12);
	assert_true(fabs(r.min_p - 2.0 / 12870) < 1e-12);
}

/* Significant but below the threshold: "=", not slower; the reverse direction is faster. */
static void threshold_and_faster(void **state)
{
	double y[8], z[8];
	struct nsb_gate_row r[2] = { { .x = base8, .nx = 8, .y = y, .ny = 8 }, { .x = base8, .nx = 8, .y = z, .ny = 8 } };

	(void)state;
	fill(y, 8, 1.09);	/* +9 %: 100*1.09 = 109 > 107, still fully separated */
	fill(z, 8, 0.80);
	assert_int_equal(nsb_gate_decide(r, 2, 0.10, 0.05), 0);
	assert_int_equal(r[0].decision, NSB_GATE_SAME);
	assert_int_equal(r[1].decision, NSB_GATE_FASTER);
	/* The same +9 % with a 5 % threshold is slower. */
	assert_int_equal(nsb_gate_decide(r, 1, 0.05, 0.05), 1);
}

/* 3 v 3 can never reach alpha 0.05 (min p = 2/20 = 0.1): "~". */
static void too_few_runs(void **state)
{
	const double x[] = { 100, 101, 102 }, y[] = { 200, 201, 202 };
	struct nsb_gate_row r = { .x = x, .nx = 3, .y = y, .ny = 3 };

	(void)state;
	assert_int_equal(nsb_gate_decide(&r, 1, 0.10, 0.05), 0);
	assert_true(r.tested);
	assert_true(fabs(r.min_p - 0.1) < 1e-12);
	assert_true(r.p >= 0.1);
	assert_int_equal(r.decision, NSB_GATE_UNKNOWN);
	/* Empty sides too. */
	r.ny = 0;
	assert_int_equal(nsb_gate_decide(&r, 1, 0.10, 0.05), 0);
	assert_false(r.tested);
	assert_true(isnan(r.my));
}

/*
 * Holm: k rows of 6 v 6 fully separated, each p = 2/C(12,6) = 2/924. With 20
 * rows the smallest adjusted p is 20 * 2/924 = 0.0433 <= 0.05: every row
 * slower (step-down over equal p). With 24 rows it is 0.0519: none is. Rows
 * that can never reach alpha (3 v 3) still count in the family: 20 decidable
 * rows plus 4 such rows are 24.
 */
static void holm_over_rows(void **state)
{
	static double y6[6], x3[3] = { 1, 2, 3 }, y3[3] = { 7, 8, 9 };
	struct nsb_gate_row r[24];
	size_t i;

	(void)state;
	fill(y6, 6, 1.5);
	for (i = 0; i < 20; i++)
		r[i] = (struct nsb_gate_row){ .x = base8, .nx = 6, .y = y6, .ny = 6 };
	assert_int_equal(nsb_gate_decide(r, 20, 0.10, 0.05), 20);
	assert_true(fabs(r[0].p_holm - 20 * 2.0 / 924) < 1e-12);
	for (; i < 24; i++)
		r[i] = (struct nsb_gate_row){ .x = x3, .nx = 3, .y = y3, .ny = 3 };
	assert_int_equal(nsb_gate_decide(r, 24, 0.10, 0.05), 0);
	assert_true(r[23].tested);
	assert_int_equal(r[23].decision, NSB_GATE_UNKNOWN);
	for (i = 0; i < 24; i++)
		r[i] = (struct nsb_gate_row){ .x = base8, .nx = 6, .y = y6, .ny = 6 };
	assert_int_equal(nsb_gate_decide(r, 24, 0.10, 0.05), 0);
	assert_true(fabs(r[0].p_holm - 24 * 2.0 / 924) < 1e-12);
	assert_int_equal(r[0].decision, NSB_GATE_UNKNOWN);
	/* Without a correction 24 rows at p = 0.0022 would all be "slower": that is what Holm prevents. */
	assert_true(r[0].p < 0.05);
}

/* Ties within each group, none across: the exact conditional p is still 2 / C(16, 8). */
static void ties(void **state)
{
	const double x[8] = { 100, 100, 100, 100, 100, 100, 100, 100 },
		     y[8] = { 130, 130, 130, 130, 130, 130, 130, 130 };
	struct nsb_gate_row r[2] = { { .x = x, .nx = 8, .y = y, .ny = 8 }, { .x = x, .nx = 8, .y = x, .ny = 8 } };

	(void)state;
	assert_int_equal(nsb_gate_decide(r, 2, 0.10, 0.05), 1);
	assert_true(fabs(r[0].p - 2.0 / 12870) < 1e-12);
	assert_int_equal(r[0].decision, NSB_GATE_SLOWER);
	assert_true(r[1].p == 1);	/* all equal */
	assert_int_equal(r[1].decision, NSB_GATE_UNKNOWN);
}

/*
 * One report per side: 10 rows all +30 % (a machine slower for the whole of
 * one invocation) are explained by the common shift and become "~"; one row
 * +60 % among rows at +0 % stays slower; below min_rows nothing changes.
 */
static void common_shift(void **state)
{
	static double y[11][8];
	struct nsb_gate_row r[11];
	double s;

	(void)state;
	for (int i = 0; i < 10; i++) {
		fill(y[i], 8, 1.30);
		r[i] = (struct nsb_gate_row){ .x = base8, .nx = 8, .y = y[i], .ny = 8 };
	}
	assert_int_equal(nsb_gate_decide(r, 10, 0.10, 0.05), 10);
	s = nsb_gate_common_shift(r, 10, 0.10, 8);
	assert_true(fabs(s - 1.30) < 1e-9);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(r[i].decision, NSB_GATE_UNKNOWN);
		assert_true(r[i].shift_explained);
	}
	for (int i = 0; i < 10; i++)
		fill(y[i], 8, 1.0);
	fill(y[10], 8, 1.60);
	r[10] = (struct nsb_gate_row){ .x = base8, .nx = 8, .y = y[10], .ny = 8 };
	for (int i = 0; i < 10; i++)
		r[i] = (struct nsb_gate_row){ .x = base8, .nx = 8, .y = y[i], .ny = 8 };
	assert_int_equal(nsb_gate_decide(r, 11, 0.10, 0.05), 1);
	s = nsb_gate_common_shift(r, 11, 0.10, 8);
	assert_true(fabs(s - 1.0) < 1e-9);
	assert_int_equal(r[10].decision, NSB_GATE_SLOWER);
	assert_false(r[10].shift_explained);
	/* Two rows are no estimate of the machine: unchanged, NaN. */
	assert_int_equal(nsb_gate_decide(&r[9], 2, 0.10, 0.05), 1);
	assert_true(isnan(nsb_gate_common_shift(&r[9], 2, 0.10, 8)));
	assert_int_equal(r[10].decision, NSB_GATE_SLOWER);
}

static void bad_input(void **state)
{
	const double x[2] = { 1, NAN };
	struct nsb_gate_row r = { .x = base8, .nx = 8, .y = x, .ny = 2 }, ok = { .x = base8, .nx = 8, .y = base8, .ny = 8 };

	(void)state;
	assert_int_equal(nsb_gate_decide(&ok, 1, 0.10, 0), -EINVAL);
	assert_int_equal(nsb_gate_decide(&ok, 1, -1, 0.05), -EINVAL);
	assert_int_equal(nsb_gate_decide(&r, 1, 0.10, 0.05), -EINVAL);
	assert_int_equal(nsb_gate_decide(NULL, 0, 0.10, 0.05), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(aa_is_never_slower),
		cmocka_unit_test(shift_25_is_slower),
		cmocka_unit_test(threshold_and_faster),
		cmocka_unit_test(too_few_runs),
		cmocka_unit_test(holm_over_rows),
		cmocka_unit_test(ties),
		cmocka_unit_test(common_shift),
		cmocka_unit_test(bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
