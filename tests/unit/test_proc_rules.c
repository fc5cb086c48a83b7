/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_proc_rules.c - the pid, user, uts, time and caps rules fed true and
 * lying observations: each expectation flips with the combination and can
 * fail; nsb_expect_between() is inclusive and rejects non-numbers.
 */
#include <stdio.h>
#include <string.h>

#include "cmocka-wrap.h"
#include "suites/expect.h"
#include "common/timens.h"
#include "suites/suite.h"

#define PID NSB_MASK(NSB_NS_PID)
#define MNT NSB_MASK(NSB_NS_MNT)
#define USER NSB_MASK(NSB_NS_USER)
#define UTS NSB_MASK(NSB_NS_UTS)
#define TIME NSB_MASK(NSB_NS_TIME)
#define NET NSB_MASK(NSB_NS_NET)
#define S 1000000000LL

static const struct nsb_test *find_test(const char *suite, const char *name)
{
	const struct nsb_test *t = nsb_test_find(suite, name);

	if (!t)
		fail_msg("no test %s.%s", suite, name);
	return t;
}

static enum nsb_verdict judge(const char *id, unsigned combo, const char *lines, char *why)
{
	char suite[32], name[64];
	struct nsb_obs o;
	struct nsb_check k;
	enum nsb_verdict v;

	assert_int_equal(sscanf(id, "%31[^.].%63s", suite, name), 2);
	nsb_obs_init(&o);
	assert_int_equal(nsb_obs_parse(&o, lines, strlen(lines)), 0);
	nsb_check_init(&k, combo, &o, "nsb-t1");
	v = nsb_judge(find_test(suite, name), &k);
	if (why)
		snprintf(why, 256, "%s", k.reason);
	nsb_check_free(&k);
	nsb_obs_free(&o);
	return v;
}

/* time.clocks observations: the probe read its clocks at host time t (ns), shifted by off_m/off_b. */
static void clocks(char *buf, size_t len, long long t, long long off_m, long long off_b, long long child)
{
	snprintf(buf, len,
		 "parent.mono.before=%lld\nparent.mono.after=%lld\nparent.boot.before=%lld\n"
		 "parent.boot.after=%lld\nparent.real.before=5\nparent.real.after=9\n"
		 "mono.vdso=%lld\nmono.syscall=%lld\nmono.exec=%lld\nboot.vdso=%lld\nboot.syscall=%lld\n"
		 "uptime.cs=%lld\nreal.vdso=7\nown.unshare=ok\nown.tfc_differs=yes\nown.bad_number=EINVAL\n"
		 "own.bad_clock=EINVAL\nown.bad_nsec=EINVAL\nown.range=ERANGE\nown.write=ok\n"
		 "own.read=monotonic 86400 0;boottime 172800 0\nown.before=%lld\nown.after=%lld\n"
		 "own.child_mono=%lld\nown.child_in_tfc=yes\nown.after_enter=EACCES\ntp.exit=0\n",
		 100 * S, 101 * S, 200 * S, 201 * S, t + off_m, t + off_m, t + off_m, t + 100 * S + off_b,
		 t + 100 * S + off_b, (t + 100 * S + off_b) / 10000000, t + off_m, t + off_m, child);
}

static void time_offsets_flip_with_the_combination(void **state)
{
	long long om = NSB_TIME_OFFSET_MONOTONIC_S * S, ob = NSB_TIME_OFFSET_BOOTTIME_S * S;
	long long t = 100 * S + 5, own = 86400 * S;
	char lines[2048], why[256];

	(void)state;
	clocks(lines, sizeof(lines), t, 0, 0, t + own);
	assert_int_equal(judge("time.clocks", 0, lines, NULL), NSB_PASS);
	/* The same, unshifted readings inside a time ns: the offsets were lost. */
	assert_int_equal(judge("time.clocks", TIME, lines, why), NSB_FAIL);
	assert_non_null(strstr(why, "mono.vdso"));
	clocks(lines, sizeof(lines), t, om, ob, t + om + own - om);
	assert_int_equal(judge("time.clocks", TIME, lines, NULL), NSB_PASS);
	assert_int_equal(judge("time.clocks", 0, lines, NULL), NSB_FAIL);
	/* One nanosecond past the parent's last reading is outside the bracket. */
	clocks(lines, sizeof(lines), 101 * S + 1, 0, 0, 101 * S + 1 + own);
	assert_int_equal(judge("time.clocks", 0, lines, why), NSB_FAIL);
	/* The probe's child did not get the probe's own offset. */
	clocks(lines, sizeof(lines), t, 0, 0, t);
	assert_int_equal(judge("time.clocks", 0, lines, why), NSB_FAIL);
	assert_non_null(strstr(why, "own.child_mono"));
}

static void between_is_inclusive_and_numeric(void **state)
{
	struct nsb_obs o;
	struct nsb_check k;
	const char *lines = "a=10\nb=20\nc=x\nd=15junk\n";

	(void)state;
	nsb_obs_init(&o);
	assert_int_equal(nsb_obs_parse(&o, lines, strlen(lines)), 0);
	nsb_check_init(&k, 0, &o, "t");
	nsb_expect_between(&k, "a", 10, 20);
	nsb_expect_between(&k, "b", 10, 20);
	assert_false(k.failed);
	nsb_expect_between(&k, "c", 10, 20);
	assert_true(k.failed);
	assert_string_equal(k.reason, "c: expected in [10, 20], observed x");
	k.failed = false;
	nsb_expect_between(&k, "d", 10, 20);
	assert_true(k.failed);
	nsb_expect_between(&k, "missing", 0, 1);
	assert_true(k.missing);
	nsb_check_free(&k);
	nsb_obs_free(&o);
}

/* buf = s with the first "from" replaced by "to". */
static void replace(char *buf, size_t len, const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);

	assert_non_null(at);
	snprintf(buf, len, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
}

static const char view_own_lab_proc[] =
	"pid=1\nppid=0\nsid.inherited=0\npgid.inherited=0\nsetsid=ok\nsid=1\npgid=1\nproc.count=5\n"
	"proc.tp=ok\nkill.tp=ESRCH\nnspid.levels=2\nnspid.first=7\nnspid.last=1\n"
	"parent.pid=4\nparent.sid=0\nparent.pgid=4\nparent.nspid.levels=1\nparent.child_pid=7\ntp.exit=0\n";

static void pid_view_levels_and_visibility(void **state)
{
	char lines[1024], why[256];

	(void)state;
	assert_int_equal(judge("pid.view", PID, view_own_lab_proc, NULL), NSB_PASS);
	/* Through a fresh /proc the same observations are lies: it would list one pid and one level. */
	assert_int_equal(judge("pid.view", PID | MNT, view_own_lab_proc, NULL), NSB_FAIL);
	assert_int_equal(judge("pid.view", 0, view_own_lab_proc, why), NSB_FAIL);
	assert_string_equal(why, "pid: expected == parent.child_pid (7), observed 1");
	/* A probe that could signal the test parent from inside a pid ns. */
	replace(lines, sizeof(lines), view_own_lab_proc, "kill.tp=ESRCH", "kill.tp=ok");
	assert_int_equal(judge("pid.view", PID, lines, why), NSB_FAIL);
	assert_string_equal(why, "kill.tp: expected == ESRCH, observed ok");
	/* One NSpid level too few through the lab's /proc. */
	replace(lines, sizeof(lines), view_own_lab_proc, "nspid.levels=2", "nspid.levels=1");
	assert_int_equal(judge("pid.view", PID, lines, NULL), NSB_FAIL);
}

static void user_maps_follow_inherited_setgroups(void **state)
{
	static const char common[] =
		"self.uid=0\nself.uid_map=0 0 1\nself.gid_map=0 0 1\noverflowuid=65534\noverflowgid=65534\n"
		"fresh.uid=65534\nfresh.gid=65534\nfresh.uid_map=(empty)\nfresh.gid_map=(empty)\n"
		"fresh.cap_eff=0xff\nsg.bad=EINVAL\nmap.uid=ok\nmap.uid_again=EPERM\nmap.uid_read=0 0 1\n"
		"map.gid=ok\nsg.deny_after_map=EPERM\nmapped.uid=0\nmapped.gid=0\nunpriv.cap_eff=0x80000000\n"
		"unpriv.other_uid=EPERM\nunpriv.uid=ok\nunpriv.allow_after_deny=EPERM\nunpriv.uid_seen=0\n"
		"unpriv.setgroups_call=EPERM\nunpriv.inherited=deny\nparent.uid_map=0 65534 1\n"
		"parent.gid_map=0 65534 1\nparent.euid=0\nparent.egid=0\nparent.cap.full=0xff\ntp.exit=0\n"
		"parent.uid=0\nparent.cap_eff=0x1ffffffffff\n";
	/*
	 * nsbench run by nobody holding cap_sys_admin,cap_setuid,cap_setgid
	 * as ambient capabilities (capsh --addamb, pam_cap), no user in the
	 * combination: the probe is uid 65534 (its maps the parent's), G1's
	 * map reads "0 65534 1", and H has no CAP_SETFCAP to keep.
	 */
	static const char nobody[] =
		"self.uid=65534\nself.uid_map=0 0 4294967295\nself.gid_map=0 0 4294967295\n"
		"self.setgroups=allow\noverflowuid=65534\noverflowgid=65534\n"
		"fresh.uid=65534\nfresh.gid=65534\nfresh.uid_map=(empty)\nfresh.gid_map=(empty)\n"
		"fresh.cap_eff=0xff\nsg.bad=EINVAL\nmap.uid=ok\nmap.uid_again=EPERM\nmap.uid_read=0 65534 1\n"
		"map.gid=ok\nsg.deny_after_map=EPERM\nmapped.uid=0\nmapped.gid=0\nunpriv.cap_eff=0\n"
		"unpriv.other_uid=EPERM\nunpriv.uid=ok\nunpriv.allow_after_deny=EPERM\nunpriv.uid_seen=0\n"
		"unpriv.setgroups_call=EPERM\nunpriv.inherited=deny\nunpriv.gid_before_deny=EPERM\n"
		"unpriv.deny=ok\nunpriv.gid_after_deny=ok\nparent.uid_map=0 0 4294967295\n"
		"parent.gid_map=0 0 4294967295\nparent.setgroups=allow\nparent.uid=65534\n"
		"parent.euid=65534\nparent.egid=65534\nparent.cap.full=0xff\nparent.cap_eff=0x2000c0\n"
		"tp.exit=0\n";
	char lines[2048], why[256];

	(void)state;
	snprintf(lines, sizeof(lines), "%sself.setgroups=deny\nparent.setgroups=deny\n"
		 "unpriv.gid_before_deny=ok\nunpriv.deny=EPERM\nunpriv.gid_after_deny=EPERM\n", common);
	assert_int_equal(judge("user.maps", USER, lines, NULL), NSB_PASS);
	/* Without user the probe's maps are the parent's, not "0 0 1". */
	assert_int_equal(judge("user.maps", 0, lines, NULL), NSB_FAIL);
	/* setgroups "allow" inherited: the CAP_SETGID-less writer must deny first. */
	snprintf(lines, sizeof(lines), "%sself.setgroups=allow\nparent.setgroups=allow\n"
		 "unpriv.gid_before_deny=ok\nunpriv.deny=EPERM\nunpriv.gid_after_deny=EPERM\n", common);
	assert_int_equal(judge("user.maps", USER, lines, NULL), NSB_FAIL);
	assert_int_equal(judge("user.maps", 0, nobody, why), NSB_PASS);
	/* Root's expectations there are lies: uid 0, or an H that kept CAP_SETFCAP it never had. */
	replace(lines, sizeof(lines), nobody, "self.uid=65534", "self.uid=0");
	assert_int_equal(judge("user.maps", 0, lines, why), NSB_FAIL);
	assert_string_equal(why, "self.uid: expected == parent.uid (65534), observed 0");
	replace(lines, sizeof(lines), nobody, "map.uid_read=0 65534 1", "map.uid_read=0 0 1");
	assert_int_equal(judge("user.maps", 0, lines, NULL), NSB_FAIL);
	replace(lines, sizeof(lines), nobody, "unpriv.cap_eff=0\n", "unpriv.cap_eff=0x80000000\n");
	assert_int_equal(judge("user.maps", 0, lines, NULL), NSB_FAIL);

	/* ...with user: spawn wrote "deny" into the probe's own ns, as an unprivileged user's. */
	static const char nobody_user[] =
		"self.uid=0\nself.uid_map=0 65534 1\nself.gid_map=0 65534 1\nself.setgroups=deny\n"
		"overflowuid=65534\noverflowgid=65534\nfresh.uid=65534\nfresh.gid=65534\n"
		"fresh.uid_map=(empty)\nfresh.gid_map=(empty)\nfresh.cap_eff=0xff\nsg.bad=EINVAL\nmap.uid=ok\n"
		"map.uid_again=EPERM\nmap.uid_read=0 0 1\nmap.gid=ok\nsg.deny_after_map=EPERM\nmapped.uid=0\n"
		"mapped.gid=0\nunpriv.cap_eff=0x80000000\nunpriv.other_uid=EPERM\nunpriv.uid=ok\n"
		"unpriv.allow_after_deny=EPERM\nunpriv.uid_seen=0\nunpriv.setgroups_call=EPERM\n"
		"unpriv.inherited=deny\nunpriv.gid_before_deny=ok\nunpriv.deny=EPERM\nunpriv.gid_after_deny=EPERM\n"
		"parent.uid_map=0 0 4294967295\nparent.gid_map=0 0 4294967295\nparent.setgroups=allow\n"
		"parent.uid=65534\nparent.euid=65534\nparent.egid=65534\nparent.cap.full=0xff\n"
		"parent.cap_eff=0x2000c0\ntp.exit=0\n";
	assert_int_equal(judge("user.maps", USER, nobody_user, why), NSB_PASS);
	replace(lines, sizeof(lines), nobody_user, "self.setgroups=deny", "self.setgroups=allow");
	assert_int_equal(judge("user.maps", USER, lines, why), NSB_FAIL);
	assert_string_equal(why, "self.setgroups: expected == deny, observed allow");
}

static void reach_and_caps(void **state)
{
	static const char g[] =
		"g.sethostname=EPERM\ng.mount=EPERM\ng.sysctl=ok\ng.cap_eff=0xff\ng.exec.uid=0\n"
		"g.exec.cap_eff=0xff\ng5.cap_eff=0xff\ng5.exec.uid=5\ng5.exec.cap_eff=0\n"
		"parent.sysctl_w=ok\nparent.cap.full=0xff\ntp.exit=0\n";
	static const char caps[] =
		"cap.eff=0xff\ncap.prm=0xff\ncap.bnd=0xff\ncap.inh=0\ncap.amb=0\nuid=0\n"
		"parent.cap.eff=0x7f\nparent.cap.prm=0x7f\nparent.cap.bnd=0x7f\nparent.cap.inh=0\n"
		"parent.cap.amb=0\nparent.cap.full=0xff\nparent.uid=0\ntp.exit=0\n";
	char lines[1024];

	(void)state;
	snprintf(lines, sizeof(lines), "p.sethostname=EPERM\np.mount=ok\np.sysctl=ok\n%s", g);
	assert_int_equal(judge("user.reach", USER | MNT, lines, NULL), NSB_PASS);
	assert_int_equal(judge("user.reach", USER | MNT | UTS, lines, NULL), NSB_FAIL);
	assert_int_equal(judge("user.reach", MNT, lines, NULL), NSB_FAIL);
	assert_int_equal(judge("caps.sets", USER, caps, NULL), NSB_PASS);
	assert_int_equal(judge("caps.sets", NET, caps, NULL), NSB_FAIL);
	/* Without user the probe has the parent's uid: nobody's, where nsbench runs as nobody. */
	static const char caps_nobody[] =
		"cap.eff=0x2000c0\ncap.prm=0x2000c0\ncap.bnd=0xff\ncap.inh=0x2000c0\ncap.amb=0x2000c0\n"
		"uid=65534\nparent.cap.eff=0x2000c0\nparent.cap.prm=0x2000c0\nparent.cap.bnd=0xff\n"
		"parent.cap.inh=0x2000c0\nparent.cap.amb=0x2000c0\nparent.cap.full=0xff\nparent.uid=65534\n"
		"tp.exit=0\n";
	assert_int_equal(judge("caps.sets", NET, caps_nobody, NULL), NSB_PASS);
	replace(lines, sizeof(lines), caps_nobody, "\nuid=65534", "\nuid=0");
	assert_int_equal(judge("caps.sets", NET, lines, NULL), NSB_FAIL);
	replace(lines, sizeof(lines), caps_nobody, "cap.eff=0x2000c0\ncap.prm", "cap.eff=0\ncap.prm");
	assert_int_equal(judge("caps.sets", NET, lines, NULL), NSB_FAIL);

	/*
	 * systemd-nspawn --private-users: root of a user ns (not the machine's
	 * root: sysctl_w EACCES) without CAP_NET_ADMIN (bit 12). Without user,
	 * the probe holds no CAP_NET_ADMIN over any netns: the mode check says
	 * EACCES, in a new netns too; with user and net it owns the new netns.
	 */
	static const char g_nsp[] =
		"g.sethostname=EPERM\ng.mount=EPERM\ng.sysctl=EACCES\ng.cap_eff=0xff\ng.exec.uid=0\n"
		"g.exec.cap_eff=0xff\ng5.cap_eff=0xff\ng5.exec.uid=5\ng5.exec.cap_eff=0\n"
		"parent.sysctl_w=EACCES\nparent.cap.full=0xff\nparent.cap_eff=0x1ffffffefff\ntp.exit=0\n";

	snprintf(lines, sizeof(lines), "p.sethostname=ok\np.mount=ok\np.sysctl=EACCES\n%s", g_nsp);
	assert_int_equal(judge("user.reach", NET | MNT | UTS, lines, NULL), NSB_PASS);
	assert_int_equal(judge("user.reach", MNT | UTS, lines, NULL), NSB_PASS);
	snprintf(lines, sizeof(lines), "p.sethostname=ok\np.mount=ok\np.sysctl=ok\n%s", g_nsp);
	assert_int_equal(judge("user.reach", NET | MNT | UTS, lines, NULL), NSB_FAIL);
	assert_int_equal(judge("user.reach", USER | NET | MNT | UTS, lines, NULL), NSB_PASS);
	snprintf(lines, sizeof(lines), "p.sethostname=ok\np.mount=ok\np.sysctl=EACCES\n%s", g_nsp);
	assert_int_equal(judge("user.reach", USER | NET | MNT | UTS, lines, NULL), NSB_FAIL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(time_offsets_flip_with_the_combination),
		cmocka_unit_test(between_is_inclusive_and_numeric),
		cmocka_unit_test(pid_view_levels_and_visibility),
		cmocka_unit_test(user_maps_follow_inherited_setgroups),
		cmocka_unit_test(reach_and_caps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
