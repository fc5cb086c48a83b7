/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_diag.c - the diagnosis rules on recorded inputs: kernel config
 * excerpts and /proc/self/status files recorded on the project's machine
 * (tests/data/), and sysctl values / harmless-call results as observed.
 * Each rule is shown to fire on its evidence and to stay silent without it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka-wrap.h"
#include "harness/env/diag.h"
#include "harness/env/support.h"

static char *slurp(const char *name)
{
	const char *dir = getenv("NSB_TEST_DATA") ? getenv("NSB_TEST_DATA") : "tests/data";
	char path[512], *buf;
	FILE *f;
	long len;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "re");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	return buf;
}

/* Evidence as recorded on this machine as root: config, status, sysctls, no filter. */
static void machine(struct nsb_evidence *ev, const char *config, const char *status)
{
	char *cfg = config ? slurp(config) : NULL, *st = slurp(status);

	nsb_evidence_init(ev);
	nsb_diag_parse_kconfig(ev, cfg, config ? config : NULL);
	assert_int_equal(nsb_diag_parse_status(ev, st), 0);
	NSB_FOREACH_NS(t)
		ev->max_ns[t] = 96365;
	for (int i = 0; i < _NSB_SC_MAX; i++)
		ev->sc_errno[i] = nsb_sc_expected_errno(i);
	free(cfg);
	free(st);
}

static bool has_reason(const struct nsb_reasons *rs, const char *needle)
{
	for (size_t i = 0; i < rs->n; i++)
		if (strstr(rs->r[i], needle))
			return true;
	return false;
}

/*
 * The step as data, from the text users read ("clone3(CLONE_NEWNET)", "write
 * uid_map"): the test asserts that nsb_step_format() gives that text back.
 */
static struct nsb_setup_err step_of(const char *text, int err)
{
	struct nsb_setup_err e = { .err = err };
	char buf[224];

	for (int s = NSB_STEP_NONE + 1; s < _NSB_STEP_MAX; s++)
		NSB_FOREACH_NS(t) {
			nsb_step_format(s, NSB_MASK(t), buf, sizeof(buf));
			if (strcmp(buf, text) == 0) {
				e.step = s;
				e.types = NSB_MASK(t);
				return e;
			}
		}
	fail_msg("no step is shown as '%s'", text);
	return e;
}

static struct nsb_reasons why(const struct nsb_evidence *ev, enum nsb_ns t, enum nsb_who w,
			      const char *step, int err)
{
	struct nsb_reasons rs = { .n = 0 };
	struct nsb_setup_err e = step_of(step, err);

	assert_true(nsb_diag_reasons(ev, t, w, &e, &rs) >= 1);
	return rs;
}

static void kconfig_parsing(void **state)
{
	struct nsb_evidence ev;

	(void)state;
	machine(&ev, "config-netns-off", "status-root");
	assert_int_equal(ev.kconfig[NSB_NS_NET], NSB_KCFG_NO);
	assert_int_equal(ev.kconfig[NSB_NS_PID], NSB_KCFG_YES);
	assert_int_equal(ev.kconfig[NSB_NS_TIME], NSB_KCFG_YES);
	assert_int_equal(ev.kconfig[NSB_NS_MNT], NSB_KCFG_YES);	/* cannot be configured out */
	machine(&ev, "config-6.18-fc", "status-root");
	assert_int_equal(ev.kconfig[NSB_NS_NET], NSB_KCFG_YES);
	machine(&ev, NULL, "status-root");
	assert_int_equal(ev.kconfig[NSB_NS_NET], NSB_KCFG_UNKNOWN);
	assert_string_equal(ev.kconfig_src, "");
}

static void status_parsing(void **state)
{
	struct nsb_evidence ev;

	(void)state;
	machine(&ev, NULL, "status-root");
	assert_int_equal(ev.seccomp_mode, 0);
	assert_true(ev.cap_eff & (1ULL << 21));		/* CAP_SYS_ADMIN */
	assert_false(ev.cap_eff & (1ULL << 24));	/* root here lacks CAP_SYS_RESOURCE */
	machine(&ev, NULL, "status-nobody");
	assert_int_equal(ev.cap_eff, 0);
	assert_int_not_equal(ev.cap_bnd, 0);
	machine(&ev, NULL, "status-root-no-sysadmin");
	assert_false(ev.cap_eff & (1ULL << 21));
	assert_false(ev.cap_bnd & (1ULL << 21));
	assert_false(ev.cap_bnd & (1ULL << 31));	/* CAP_SETFCAP dropped too */
	assert_int_equal(nsb_diag_parse_status(&ev, "Name:\tx\n"), -EINVAL);
}

/* A kernel built without CONFIG_NET_NS refuses CLONE_NEWNET with EINVAL. */
static void netns_configured_out(void **state)
{
	struct nsb_evidence ev, full;
	struct nsb_reasons rs;

	(void)state;
	machine(&ev, "config-netns-off", "status-root");
	rs = why(&ev, NSB_NS_NET, NSB_WHO_CURRENT, "clone3(CLONE_NEWNET)", EINVAL);
	assert_true(has_reason(&rs, "CONFIG_NET_NS is not set (config-netns-off)"));
	/* the other types are not blamed on it */
	rs = why(&ev, NSB_NS_UTS, NSB_WHO_CURRENT, "clone3(CLONE_NEWUTS)", EINVAL);
	assert_false(has_reason(&rs, "CONFIG_NET_NS"));
	assert_true(has_reason(&rs, "no cause found"));
	/* negative control: the full config never blames the config */
	machine(&full, "config-6.18-fc", "status-root");
	rs = why(&full, NSB_NS_NET, NSB_WHO_CURRENT, "clone3(CLONE_NEWNET)", EINVAL);
	assert_false(has_reason(&rs, "CONFIG_"));
	/* no config at all: say so, do not guess */
	machine(&full, NULL, "status-root");
	rs = why(&full, NSB_NS_NET, NSB_WHO_CURRENT, "clone3(CLONE_NEWNET)", EINVAL);
	assert_true(has_reason(&rs, "kernel config unavailable"));
}

static void max_net_namespaces_zero(void **state)
{
	struct nsb_evidence ev;
	struct nsb_reasons rs;

	(void)state;
	machine(&ev, "config-6.18-fc", "status-root");
	ev.max_ns[NSB_NS_NET] = 0;
	rs = why(&ev, NSB_NS_NET, NSB_WHO_CURRENT, "clone3(CLONE_NEWNET)", ENOSPC);
	assert_true(has_reason(&rs, "user.max_net_namespaces=0"));
	assert_int_equal(rs.n, 1);
	rs = why(&ev, NSB_NS_NET, NSB_WHO_VIA_USERNS, "clone3(CLONE_NEWNET)", ENOSPC);
	assert_true(has_reason(&rs, "user.max_net_namespaces=0"));
	/* the pid row is not blamed on the net limit */
	rs = why(&ev, NSB_NS_PID, NSB_WHO_CURRENT, "clone3(CLONE_NEWPID)", ENOSPC);
	assert_false(has_reason(&rs, "max_net"));
	/* a zero user limit blocks every type tried via a user namespace */
	ev.max_ns[NSB_NS_USER] = 0;
	rs = why(&ev, NSB_NS_UTS, NSB_WHO_VIA_USERNS, "unshare(CLONE_NEWUSER) to enter a user namespace", ENOSPC);
	assert_true(has_reason(&rs, "user.max_user_namespaces=0"));
	rs = why(&ev, NSB_NS_UTS, NSB_WHO_CURRENT, "clone3(CLONE_NEWUTS)", EPERM);
	assert_false(has_reason(&rs, "max_user"));
}

/* Inside a user namespace the limits read INT_MAX: a hint, never a cause. */
static void int_max_inside_userns(void **state)
{
	struct nsb_evidence ev;
	struct nsb_reasons rs;

	(void)state;
	machine(&ev, "config-6.18-fc", "status-root");
	ev.in_init_userns = false;
	NSB_FOREACH_NS(t)
		ev.max_ns[t] = INT_MAX;
	rs = why(&ev, NSB_NS_NET, NSB_WHO_CURRENT, "clone3(CLONE_NEWNET)", ENOSPC);
	assert_true(has_reason(&rs, "prove nothing"));
	assert_false(has_reason(&rs, "=0"));
	/* with a zero in this very namespace the cause is definite, and the hint is dropped */
	ev.max_ns[NSB_NS_NET] = 0;
	rs = why(&ev, NSB_NS_NET, NSB_WHO_CURRENT, "clone3(CLONE_NEWNET)", ENOSPC);
	assert_true(has_reason(&rs, "user.max_net_namespaces=0"));
	assert_false(has_reason(&rs, "prove nothing"));
}

static void distro_userns_switches(void **state)
{
	struct nsb_evidence ev;
	struct nsb_reasons rs;

	(void)state;
	machine(&ev, "config-6.18-fc", "status-nobody");
	ev.euid = 65534;
	ev.userns_clone = 0;
	rs = why(&ev, NSB_NS_USER, NSB_WHO_CURRENT, "clone3(CLONE_NEWUSER)", EPERM);
	assert_true(has_reason(&rs, "kernel.unprivileged_userns_clone=0 (Debian)"));
	ev.userns_clone = 1;
	ev.apparmor_restrict = 1;
	rs = why(&ev, NSB_NS_NET, NSB_WHO_VIA_USERNS, "clone3(CLONE_NEWNET)", EPERM);
	assert_true(has_reason(&rs, "apparmor_restrict_unprivileged_userns=1 (Ubuntu)"));
	assert_false(has_reason(&rs, "unprivileged_userns_clone"));
	/* root with CAP_SYS_ADMIN is not subject to either switch */
	machine(&ev, "config-6.18-fc", "status-root");
	ev.userns_clone = 0;
	rs = why(&ev, NSB_NS_USER, NSB_WHO_CURRENT, "clone3(CLONE_NEWUSER)", EPERM);
	assert_false(has_reason(&rs, "unprivileged_userns_clone"));
}

static void seccomp_filters(void **state)
{
	struct nsb_evidence ev;
	struct nsb_reasons rs;

	(void)state;
	machine(&ev, "config-6.18-fc", "status-root");
	ev.seccomp_mode = 2;
	ev.sc_errno[NSB_SC_UNSHARE] = EPERM;
	ev.sc_errno[NSB_SC_CLONE3] = ENOSYS;
	assert_true(nsb_diag_sc_refused(&ev, NSB_SC_UNSHARE));
	assert_false(nsb_diag_sc_refused(&ev, NSB_SC_SETNS));
	rs = why(&ev, NSB_NS_TIME, NSB_WHO_CURRENT, "unshare(CLONE_NEWTIME)", EPERM);
	assert_true(has_reason(&rs, "unshare refused by a seccomp filter (unshare(0): EPERM)"));
	rs = why(&ev, NSB_NS_NET, NSB_WHO_CURRENT, "clone3(CLONE_NEWNET)", ENOSYS);
	assert_true(has_reason(&rs, "clone3 refused by a seccomp filter"));
	assert_true(has_reason(&rs, "not an old kernel"));
	/* a filter on flags only (the call itself passes): say a filter is active */
	rs = why(&ev, NSB_NS_NET, NSB_WHO_CURRENT, "clone(CLONE_NEWNET)", EPERM);
	assert_true(has_reason(&rs, "seccomp filter is active"));
	/* negative control: no filter, same errno -> no seccomp blame */
	machine(&ev, "config-6.18-fc", "status-nobody");
	ev.euid = 65534;
	rs = why(&ev, NSB_NS_NET, NSB_WHO_CURRENT, "clone3(CLONE_NEWNET)", EPERM);
	assert_false(has_reason(&rs, "seccomp"));
	assert_true(has_reason(&rs, "CAP_SYS_ADMIN is not in the effective set"));
	assert_false(has_reason(&rs, "bounding"));
}

static void capabilities(void **state)
{
	struct nsb_evidence ev;
	struct nsb_reasons rs;

	(void)state;
	machine(&ev, "config-6.18-fc", "status-root-no-sysadmin");
	rs = why(&ev, NSB_NS_IPC, NSB_WHO_CURRENT, "clone3(CLONE_NEWIPC)", EPERM);
	assert_true(has_reason(&rs, "CAP_SYS_ADMIN is not in the effective set"));
	assert_true(has_reason(&rs, "nor in the bounding set"));
	/* root without CAP_SETFCAP may create a user ns but not map uid 0 (5.12+) */
	ev.euid = 0;
	rs = why(&ev, NSB_NS_USER, NSB_WHO_CURRENT, "write uid_map", EPERM);
	assert_true(has_reason(&rs, "CAP_SETFCAP is missing"));
	machine(&ev, "config-6.18-fc", "status-root");
	rs = why(&ev, NSB_NS_USER, NSB_WHO_CURRENT, "write uid_map", EPERM);
	assert_false(has_reason(&rs, "CAP_SETFCAP"));
	/* the unprivileged trial: expected, and named as such */
	rs = why(&ev, NSB_NS_PID, NSB_WHO_UNPRIV, "clone(CLONE_NEWPID)", EPERM);
	assert_true(has_reason(&rs, "uid 65534 without capabilities: CLONE_NEWPID needs CAP_SYS_ADMIN"));
}

static void explain_for_skips(void **state)
{
	struct nsb_support s;
	char reason[256];

	(void)state;
	memset(&s, 0, sizeof(s));
	machine(&s.ev, "config-6.18-fc", "status-root");
	s.computed = true;
	s.ev.max_ns[NSB_NS_NET] = 0;
	snprintf(reason, sizeof(reason), "clone3(CLONE_NEWNET|CLONE_NEWUSER): ENOSPC");
	nsb_support_enrich(&s, NSB_WHO_CURRENT,
			   &(struct nsb_setup_err){ NSB_STEP_CLONE3,
						    NSB_MASK(NSB_NS_NET) | NSB_MASK(NSB_NS_USER), ENOSPC },
			   0, reason, sizeof(reason));
	assert_string_equal(reason, "clone3(CLONE_NEWNET|CLONE_NEWUSER): ENOSPC; user.max_net_namespaces=0");
	/* nothing definite: the reason stays as it was */
	s.ev.max_ns[NSB_NS_NET] = 96365;
	snprintf(reason, sizeof(reason), "clone3(CLONE_NEWUTS): EPERM");
	nsb_support_enrich(&s, NSB_WHO_CURRENT, &(struct nsb_setup_err){ NSB_STEP_CLONE3, NSB_MASK(NSB_NS_UTS), EPERM },
			   0, reason, sizeof(reason));
	assert_string_equal(reason, "clone3(CLONE_NEWUTS): EPERM");
	/* the step's own types count (mnt is not net), and the combo is used when the step has none */
	s.ev.kconfig[NSB_NS_NET] = NSB_KCFG_NO;
	snprintf(s.ev.kconfig_src, sizeof(s.ev.kconfig_src), "/proc/config.gz");
	snprintf(reason, sizeof(reason), "x: EINVAL");
	nsb_support_enrich(&s, NSB_WHO_CURRENT, &(struct nsb_setup_err){ NSB_STEP_CLONE3, NSB_MASK(NSB_NS_MNT), EINVAL },
			   0, reason, sizeof(reason));
	assert_string_equal(reason, "x: EINVAL");
	nsb_support_enrich(&s, NSB_WHO_CURRENT, &(struct nsb_setup_err){ NSB_STEP_MOUNT_PROC, 0, EINVAL },
			   NSB_MASK(NSB_NS_NET), reason, sizeof(reason));
	assert_string_equal(reason, "x: EINVAL; CONFIG_NET_NS is not set (/proc/config.gz)");
	/* no support computed: untouched */
	snprintf(reason, sizeof(reason), "y");
	nsb_support_enrich(NULL, NSB_WHO_CURRENT, &(struct nsb_setup_err){ NSB_STEP_CLONE3, NSB_MASK(NSB_NS_NET), EINVAL },
			   NSB_ALL_MASK, reason, sizeof(reason));
	assert_string_equal(reason, "y");
}

/* Recorded inside a default systemd-nspawn container: a seccomp filter, no CAP_SYS_TIME. */
static void nspawn_time_offsets(void **state)
{
	struct nsb_evidence ev;
	struct nsb_reasons rs;

	(void)state;
	machine(&ev, "config-6.18-fc", "status-nspawn-default");
	assert_int_equal(ev.seccomp_mode, 2);
	assert_true(ev.cap_eff & (1ULL << 21));
	assert_false(ev.cap_eff & (1ULL << 25));	/* CAP_SYS_TIME */
	rs = why(&ev, NSB_NS_TIME, NSB_WHO_CURRENT, "write timens_offsets", EPERM);
	assert_true(has_reason(&rs, "CAP_SYS_TIME is missing"));
	/* a write to a /proc file is not a syscall a filter refuses by flags */
	assert_false(has_reason(&rs, "seccomp"));
	/* root on the machine has CAP_SYS_TIME: the same failure is unexplained there */
	machine(&ev, "config-6.18-fc", "status-root");
	rs = why(&ev, NSB_NS_TIME, NSB_WHO_CURRENT, "write timens_offsets", EPERM);
	assert_false(has_reason(&rs, "CAP_SYS_TIME"));
	assert_true(has_reason(&rs, "no cause found"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kconfig_parsing),
		cmocka_unit_test(status_parsing),
		cmocka_unit_test(netns_configured_out),
		cmocka_unit_test(max_net_namespaces_zero),
		cmocka_unit_test(int_max_inside_userns),
		cmocka_unit_test(distro_userns_switches),
		cmocka_unit_test(seccomp_filters),
		cmocka_unit_test(capabilities),
		cmocka_unit_test(explain_for_skips),
		cmocka_unit_test(nspawn_time_offsets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
