/* SPDX-License-Identifier: GPL-2.0-or-later */
/* junit.h - the results as JUnit XML, for CI systems that read it (GitLab, Jenkins, GitHub actions). */
#ifndef NSB_JUNIT_H
#define NSB_JUNIT_H

#include <stddef.h>
#include <stdio.h>

#include "report.h"

/*
 * Write the results as JUnit XML to f: one <testsuite> per suite (in order
 * of first appearance) with <properties> (kernel release, arch, uid, nsbench
 * version, environment), one <testcase classname="nsbench.SUITE.TEST"
 * name="COMBO" time="SECONDS"> per result; skip -> <skipped message>, fail ->
 * <failure message>, error -> <error type="error">, timeout -> <error
 * type="timeout">, a test that never ran (interrupted run) -> <error
 * type="not-run">: never a pass. (classname, name) pairs are made unique by
 * a " #2" suffix on repeats. Text is escaped for XML 1.0; bytes that are not
 * UTF-8 become U+FFFD and characters XML 1.0 forbids (controls but tab, LF,
 * CR; U+FFFE, U+FFFF) are dropped. The format follows the de-facto schema of
 * Ant's JUnit report (testsuites/testsuite/testcase) as read by Jenkins'
 * junit plugin and GitLab. Returns 0 or -errno (a write error).
 */
int nsb_junit_print(FILE *f, const struct nsb_run_info *run, const struct nsb_result *res, size_t n);

/* nsb_junit_print() into path, atomically (temp file in the same directory, then rename). 0 or -errno. */
int nsb_junit_write(const char *path, const struct nsb_run_info *run, const struct nsb_result *res,
		    size_t n);

#endif
