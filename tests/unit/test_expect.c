/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_expect.c - the judge: verdicts from setup errors, exits and
 * observations, and the isolation expectations fed with true and lying
 * observations (each check must be able to fail).
 */
#include <stdio.h>
#include <string.h>

#include "cmocka-wrap.h"
#include "common/errname.h"
#include "suites/expect.h"
#include "suites/suite.h"

static const struct nsb_test *find_test(const char *suite, const char *name)
{
	const struct nsb_test *t = nsb_test_find(suite, name);

	if (!t)
		fail_msg("no test %s.%s", suite, name);
	return t;
}

static enum nsb_verdict judge(const char *suite, const char *name, unsigned combo, const char *lines,
			      char *reason)
{
	struct nsb_obs o;
	struct nsb_check k;
	enum nsb_verdict v;

	nsb_obs_init(&o);
	assert_int_equal(nsb_obs_parse(&o, lines, strlen(lines)), 0);
	nsb_check_init(&k, combo, &o, "nsb-t1");
	v = nsb_judge(find_test(suite, name), &k);
	if (reason)
		strcpy(reason, k.reason);
	nsb_check_free(&k);
	nsb_obs_free(&o);
	return v;
}

#define PID NSB_MASK(NSB_NS_PID)
#define MNT NSB_MASK(NSB_NS_MNT)
#define UTS NSB_MASK(NSB_NS_UTS)
#define USER NSB_MASK(NSB_NS_USER)

static void pid_truth_and_lies(void **state)
{
	char why[256];

	(void)state;
	assert_int_equal(judge("isolation", "pid-init", PID | MNT, "pid=1\nppid=0\nproc_self=1\ntp.exit=0\n", NULL), NSB_PASS);
	assert_int_equal(judge("isolation", "pid-init", PID, "pid=1\nppid=0\nproc_self=77\ntp.exit=0\n", NULL), NSB_PASS);
	assert_int_equal(judge("isolation", "pid-init", 0, "pid=77\nppid=70\nproc_self=77\ntp.exit=0\n", NULL), NSB_PASS);
	/* The same "PID 1" claim without a pid ns is a lie. */
	assert_int_equal(judge("isolation", "pid-init", 0, "pid=1\nppid=0\nproc_self=1\ntp.exit=0\n", why), NSB_FAIL);
	assert_string_equal(why, "pid: expected != 1, observed 1");
	/* And not being PID 1 inside one is a failure too. */
	assert_int_equal(judge("isolation", "pid-init", PID | MNT, "pid=5\nppid=0\nproc_self=5\ntp.exit=0\n", NULL), NSB_FAIL);
	/* A missing key is the probe's error, not a pass. */
	assert_int_equal(judge("isolation", "pid-init", PID, "pid=1\ntp.exit=0\n", why), NSB_ERROR);
	assert_non_null(strstr(why, "not reported"));
}

static void uts_truth_and_lies(void **state)
{
	(void)state;
	/* No uts, no user: the parent sees the child's name. */
	assert_int_equal(judge("isolation", "uts-hostname", 0,
			       "sethostname=ok\nhostname.after=nsb-t1\nparent.hostname=nsb-t1\ntp.exit=0\n", NULL), NSB_PASS);
	assert_int_equal(judge("isolation", "uts-hostname", 0,
			       "sethostname=ok\nhostname.after=nsb-t1\nparent.hostname=lab\ntp.exit=0\n", NULL), NSB_FAIL);
	/* uts: the parent keeps its name. */
	assert_int_equal(judge("isolation", "uts-hostname", UTS,
			       "sethostname=ok\nhostname.after=nsb-t1\nparent.hostname=lab\ntp.exit=0\n", NULL), NSB_PASS);
	assert_int_equal(judge("isolation", "uts-hostname", UTS,
			       "sethostname=ok\nhostname.after=nsb-t1\nparent.hostname=nsb-t1\ntp.exit=0\n", NULL), NSB_FAIL);
	/* user without uts: the kernel must refuse. */
	assert_int_equal(judge("isolation", "uts-hostname", USER,
			       "sethostname=EPERM\nhostname.after=lab\nparent.hostname=lab\ntp.exit=0\n", NULL), NSB_PASS);
	assert_int_equal(judge("isolation", "uts-hostname", USER,
			       "sethostname=ok\nhostname.after=nsb-t1\nparent.hostname=lab\ntp.exit=0\n", NULL), NSB_FAIL);
}

static void inodes_lie_in_one_type(void **state)
{
	char lines[1024], why[256];

	(void)state;
	snprintf(lines, sizeof(lines),
		 "ns.pid=1\nns.uts=2\nns.ipc=3\nns.mnt=4\nns.net=5\nns.user=6\nns.cgroup=7\nns.time=8\n"
		 "ns.pid_for_children=1\nparent.ns.pid=1\nparent.ns.uts=2\nparent.ns.ipc=3\n"
		 "parent.ns.mnt=4\nparent.ns.net=%s\nparent.ns.user=6\nparent.ns.cgroup=7\n"
		 "parent.ns.time=8\nparent.ns.pid_for_children=1\ntp.exit=0\n", "5");
	assert_int_equal(judge("isolation", "ns-inodes", 0, lines, NULL), NSB_PASS);
	/* The same observations in a net combination mean net was not isolated. */
	assert_int_equal(judge("isolation", "ns-inodes", NSB_MASK(NSB_NS_NET), lines, why), NSB_FAIL);
	assert_non_null(strstr(why, "ns.net"));
}

/*
 * The step table is the one contract between producers and the judge: every
 * name is unique and found again, and a refusal is a skip exactly for the
 * steps marked so (and never for an errno that is not a refusal).
 */
static void step_table(void **state)
{
	static const int refusals[] = { EPERM, EACCES, EINVAL, ENOSPC, EUSERS, ENOSYS, EOPNOTSUPP };
	char lines[256], why[256];

	(void)state;
	for (int st = NSB_STEP_NONE + 1; st < _NSB_STEP_MAX; st++) {
		assert_int_equal(nsb_step_from_name(nsb_steps[st].name), st);
		for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
			snprintf(lines, sizeof(lines), "tp.setup_step=%s\ntp.setup_types=pid\ntp.setup_errno=%s\n",
				 nsb_steps[st].name, nsb_errno_name(refusals[i]));
			assert_int_equal(judge("isolation", "pid-init", PID, lines, why),
					 nsb_steps[st].refusal_is_skip ? NSB_SKIP : NSB_ERROR);
		}
		snprintf(lines, sizeof(lines), "tp.setup_step=%s\ntp.setup_types=pid\ntp.setup_errno=EIO\n",
			 nsb_steps[st].name);
		assert_int_equal(judge("isolation", "pid-init", PID, lines, why), NSB_ERROR);
	}
	assert_int_equal(nsb_step_from_name("clone3(CLONE_NEWPID)"), _NSB_STEP_INVALID);
}

static void setup_and_exit_rules(void **state)
{
	char why[256];

	(void)state;
	assert_int_equal(judge("isolation", "pid-init", PID, "tp.setup_step=clone3\ntp.setup_types=pid\ntp.setup_errno=EPERM\n", why), NSB_SKIP);
	assert_string_equal(why, "clone3(CLONE_NEWPID): EPERM");
	assert_int_equal(judge("isolation", "pid-init", PID, "tp.setup_step=unshare-test-parent\ntp.setup_types=uts,ipc\ntp.setup_errno=ENOSPC\n", why), NSB_SKIP);
	assert_string_equal(why, "unshare(CLONE_NEWUTS|CLONE_NEWIPC) for the private test parent: ENOSPC");
	assert_int_equal(judge("isolation", "pid-init", PID, "tp.setup_step=exec\ntp.setup_types=none\ntp.setup_errno=ENOENT\n", NULL), NSB_ERROR);
	assert_int_equal(judge("isolation", "pid-init", PID, "tp.setup_step=clone3\ntp.setup_types=pid\ntp.setup_errno=ENOMEM\n", NULL), NSB_ERROR);
	/* A step the table does not know, or text where a name belongs, is the harness's own error. */
	assert_int_equal(judge("isolation", "pid-init", PID, "tp.setup_step=clone3(CLONE_NEWPID)\ntp.setup_errno=EPERM\n", why), NSB_ERROR);
	assert_int_equal(judge("isolation", "pid-init", PID, "tp.setup_step=clone3\ntp.setup_types=pod\ntp.setup_errno=EPERM\n", NULL), NSB_ERROR);
	assert_int_equal(judge("isolation", "pid-init", PID, "tp.setup_step=clone3\ntp.setup_types=pid\ntp.setup_errno=EWHAT\n", NULL), NSB_ERROR);
	assert_int_equal(judge("isolation", "pid-init", PID, "pid=1\nppid=0\nproc_self=1\ntp.signal=SIGSEGV\n", why), NSB_ERROR);
	assert_string_equal(why, "probe killed by signal SIGSEGV");
	assert_int_equal(judge("isolation", "pid-init", PID, "skip=no /proc here\ntp.exit=4\n", why), NSB_SKIP);
	assert_string_equal(why, "no /proc here");
	assert_int_equal(judge("isolation", "pid-init", PID, "tp.exit=4\n", NULL), NSB_ERROR);
	assert_int_equal(judge("isolation", "pid-init", PID, "pid=1\nppid=0\nproc_self=1\ntp.exit=3\n", NULL), NSB_ERROR);
	assert_int_equal(judge("isolation", "pid-init", PID, "pid=1\nppid=0\nproc_self=1\n", NULL), NSB_ERROR);
	assert_int_equal(judge("isolation", "pid-init", PID, "pid=1\nppid=0\nproc_self=1\ngarbage\ntp.exit=0\n", NULL), NSB_ERROR);
	assert_int_equal(judge("isolation", "pid-init", PID, "pid=1\nppid=0\nproc_self=1\ntp.hook=hook after\ntp.hook_what=the suite's hook\ntp.hook_errno=EIO\ntp.exit=0\n", NULL), NSB_ERROR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pid_truth_and_lies),
		cmocka_unit_test(uts_truth_and_lies),
		cmocka_unit_test(inodes_lie_in_one_type),
		cmocka_unit_test(step_table),
		cmocka_unit_test(setup_and_exit_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
