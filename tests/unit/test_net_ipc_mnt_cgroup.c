/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_net_ipc_mnt_cgroup.c - the expect rules of the net, ipc, mnt and
 * cgroup suites, fed with true observations (pass) and with the same
 * observations in a combination they contradict, or with one lie (fail).
 */
#include <stdio.h>
#include <string.h>

#include "cmocka-wrap.h"
#include "suites/expect.h"
#include "suites/suite.h"

#define NET NSB_MASK(NSB_NS_NET)
#define IPC NSB_MASK(NSB_NS_IPC)
#define MNT NSB_MASK(NSB_NS_MNT)
#define USER NSB_MASK(NSB_NS_USER)
#define CGROUP NSB_MASK(NSB_NS_CGROUP)

static enum nsb_verdict judge(const char *suite, const char *name, unsigned combo, const char *lines,
			      char *reason)
{
	const struct nsb_test *t = nsb_test_find(suite, name);
	char why[256];

	assert_non_null(t);
	enum nsb_verdict v = nsb_judge_text(t, combo, lines, strlen(lines), "nsb-t1", why, sizeof(why));
	if (reason)
		snprintf(reason, 256, "%s", why);
	return v;
}

static const char links_fresh[] =
	"links=lo\nlo.up=0\ntcp.before=ENETUNREACH\nlo.set_up=ok\nlo.up.after=1\ntcp.after=ok\n"
	"route_out=ENETUNREACH\nevent.nsb0=0\npeer.set=ENODEV\nparent.links=lo,nsb0\n"
	"parent.nsb0.mtu=1400\ntp.exit=0\n";
static const char links_shared[] =
	"links=lo,nsb0\nlo.up=1\ntcp.before=ok\nlo.set_up=ok\nlo.up.after=1\ntcp.after=ok\n"
	"route_out=ok\nevent.nsb0=1\npeer.set=ok\nparent.links=lo,nsb0\n"
	"parent.nsb0.mtu=1300\ntp.exit=0\n";
static const char links_user[] =
	"links=lo,nsb0\nlo.up=1\ntcp.before=ok\nlo.set_up=EPERM\nlo.up.after=1\ntcp.after=ok\n"
	"route_out=ok\nevent.nsb0=1\npeer.set=EPERM\nparent.links=lo,nsb0\n"
	"parent.nsb0.mtu=1400\ntp.exit=0\n";

static void net_links(void **state)
{
	char why[256];

	(void)state;
	assert_int_equal(judge("net", "links", NET, links_fresh, NULL), NSB_PASS);
	assert_int_equal(judge("net", "links", NET | USER, links_fresh, NULL), NSB_PASS);
	assert_int_equal(judge("net", "links", 0, links_shared, NULL), NSB_PASS);
	assert_int_equal(judge("net", "links", USER, links_user, NULL), NSB_PASS);
	/* A fresh netns claimed where the parent's is shared, and the reverse. */
	assert_int_equal(judge("net", "links", 0, links_fresh, why), NSB_FAIL);
	assert_string_equal(why, "links: expected == parent.links (lo,nsb0), observed lo");
	assert_int_equal(judge("net", "links", NET, links_shared, NULL), NSB_FAIL);
	/* A user ns that could configure its parent's netns would be a hole. */
	assert_int_equal(judge("net", "links", USER, links_shared, why), NSB_FAIL);
	assert_string_equal(why, "lo.set_up: expected == EPERM, observed ok");
}

static void net_share(void **state)
{
	static const char fresh[] = "port.bind=ok\nabstract.connect=ECONNREFUSED\nabstract.bind=ok\n"
		"sysctl.ip_default_ttl=64\nparent.ttl.default=64\nparent.ttl.set=77\ntp.exit=0\n";
	static const char shared[] = "port.bind=EADDRINUSE\nabstract.connect=ok\nabstract.bind=EADDRINUSE\n"
		"sysctl.ip_default_ttl=77\nparent.ttl.default=64\nparent.ttl.set=77\ntp.exit=0\n";
	static const char no_control[] = "port.bind=ok\nabstract.connect=ECONNREFUSED\nabstract.bind=ok\n"
		"sysctl.ip_default_ttl=64\nparent.ttl.default=64\nparent.ttl.set=64\ntp.exit=0\n";
	char why[256];

	(void)state;
	assert_int_equal(judge("net", "share", NET, fresh, NULL), NSB_PASS);
	assert_int_equal(judge("net", "share", 0, shared, NULL), NSB_PASS);
	assert_int_equal(judge("net", "share", 0, fresh, NULL), NSB_FAIL);
	assert_int_equal(judge("net", "share", NET | USER, shared, NULL), NSB_FAIL);
	/* A parent whose change did not take proves nothing: fail, not pass. */
	assert_int_equal(judge("net", "share", NET, no_control, why), NSB_FAIL);
	assert_non_null(strstr(why, "parent.ttl.set"));
}

static void net_veth(void **state)
{
	static const char ok[] = "links=lo,nsbB\nparent.links=lo,nsbA\ndad.off=ok\narp.fast=ok\n"
		"nd.fast=ok\nioctl.addr4=ok\nioctl.addr6=ok\nioctl.up=ok\nrunning=ok\ntcp4=ok\n"
		"tcp6=ok\nparent.rx4=1\nparent.rx6=1\ntp.exit=0\n";
	static const char claimed[] = "links=lo,nsbB\nparent.links=lo,nsbA\ndad.off=ok\narp.fast=ok\n"
		"nd.fast=ok\nioctl.addr4=ok\nioctl.addr6=ok\nioctl.up=ok\nrunning=ok\ntcp4=ok\n"
		"tcp6=ok\nparent.rx4=1\nparent.rx6=0\ntp.exit=0\n";
	static const char both_ends[] = "links=lo,nsbA,nsbB\nparent.links=lo,nsbA\ndad.off=ok\n"
		"arp.fast=ok\nnd.fast=ok\nioctl.addr4=ok\nioctl.addr6=ok\nioctl.up=ok\nrunning=ok\n"
		"tcp4=ok\ntcp6=ok\nparent.rx4=1\nparent.rx6=1\ntp.exit=0\n";
	char why[256];

	(void)state;
	assert_int_equal(judge("net", "veth", NET, ok, NULL), NSB_PASS);
	/* "tcp6=ok" while nothing arrived at the parent is a lie. */
	assert_int_equal(judge("net", "veth", NET, claimed, why), NSB_FAIL);
	assert_string_equal(why, "parent.rx6: expected == 1, observed 0");
	assert_int_equal(judge("net", "veth", NET | USER, both_ends, NULL), NSB_FAIL);
}

/* No link kind can be made here (modules absent): skips naming the kinds, EPERM still judged. */
static void net_link_kinds_absent(void **state)
{
	static const char move_ok[] =
		"add=ok\nkind=dummy\nother=ok\nout=ok\nout.gone=yes\nout.there=yes\nback=ok\n"
		"back.here=yes\ntp.exit=0\n";
	static const char move_absent[] = "add=EOPNOTSUPP\ntp.exit=0\n";
	static const char move_eperm[] = "add=EPERM\ntp.exit=0\n";
	static const char hook[] =
		"tp.hook=hook before\ntp.hook_what=link kinds ifb and veth\ntp.hook_kind=feature\n"
		"tp.hook_errno=EOPNOTSUPP\ntp.release=6.1.0-test\n";
	char why[256];

	(void)state;
	assert_int_equal(judge("net", "move", NET, move_ok, NULL), NSB_PASS);
	assert_int_equal(judge("net", "move", NET, move_absent, why), NSB_SKIP);
	assert_non_null(strstr(why, "link kinds dummy, ifb and veth: EOPNOTSUPP on kernel "));
	/* A user ns without net: EPERM is the truth there, EOPNOTSUPP no excuse. */
	assert_int_equal(judge("net", "move", USER, move_eperm, NULL), NSB_PASS);
	assert_int_equal(judge("net", "move", USER, move_absent, NULL), NSB_FAIL);
	/* With CAP_NET_ADMIN, EPERM is a lie, never a skip. */
	assert_int_equal(judge("net", "move", NET,
			       "add=EPERM\nkind=dummy\nother=ok\nout=ok\nout.gone=yes\nout.there=yes\n"
			       "back=ok\nback.here=yes\ntp.exit=0\n", NULL), NSB_FAIL);
	/* The links hook: both kinds absent. */
	assert_int_equal(judge("net", "links", NET, hook, why), NSB_SKIP);
	assert_string_equal(why, "link kinds ifb and veth: EOPNOTSUPP on kernel 6.1.0-test "
				 "(no such feature here)");
	assert_int_equal(judge("net", "veth", NET, hook, why), NSB_SKIP);
}

/*
 * A hook's failure, one record (suites/suite.h nsb_tp_refused, tp.hook*) and
 * one path in the judge: a capability refusal and an interface the kernel
 * lacks are skips naming them; a record that lies is never a skip, and a
 * probe's lie is still a fail.
 */
#define NO_NET_ADMIN "parent.cap_eff=0x1ffffffefff\n"	/* all but CAP_NET_ADMIN (12) */
#define ALL_CAPS "parent.cap_eff=0x1ffffffffff\n"
#define NL_HOOK "tp.hook=hook before\ntp.hook_what=netlink: links and addresses in the test parent's net ns\n" \
	"tp.hook_cap=CAP_NET_ADMIN\ntp.release=6.1.0-test\n"

static void hook_refusals(void **state)
{
	char why[256];

	(void)state;
	/* 1. a capability refusal: nspawn dropped CAP_NET_ADMIN, netlink answered EPERM. */
	assert_int_equal(judge("net", "links", NET, NO_NET_ADMIN NL_HOOK "tp.hook_errno=EPERM\n", why), NSB_SKIP);
	assert_string_equal(why, "hook before (netlink: links and addresses in the test parent's net ns; the "
				 "test parent lacks CAP_NET_ADMIN (not in its effective set: dropped where "
				 "nsbench was started)): EPERM");
	/* The same EPERM with the capability held: still a refusal (an LSM), but no capability is blamed. */
	assert_int_equal(judge("net", "links", NET, ALL_CAPS NL_HOOK "tp.hook_errno=EPERM\n", why), NSB_SKIP);
	assert_string_equal(why, "hook before (netlink: links and addresses in the test parent's net ns): EPERM");
	/* In .during and .after alike. */
	assert_int_equal(judge("net", "links", NET, NO_NET_ADMIN "tp.hook=hook during\ntp.hook_what=x\n"
			       "tp.hook_cap=CAP_NET_ADMIN\ntp.hook_errno=EACCES\n", why), NSB_SKIP);
	assert_non_null(strstr(why, "hook during (x; the test parent lacks CAP_NET_ADMIN"));
	/* A limit is a refusal too; a broken hook is not. */
	assert_int_equal(judge("net", "links", NET, ALL_CAPS NL_HOOK "tp.hook_errno=ENOSPC\n", NULL), NSB_SKIP);
	assert_int_equal(judge("net", "links", NET, NO_NET_ADMIN NL_HOOK "tp.hook_errno=EIO\n", why), NSB_ERROR);
	assert_non_null(strstr(why, "): EIO"));

	/* 2. an interface the kernel lacks: named with the errno and the release. */
	assert_int_equal(judge("mountapi", "listmount", MNT, "tp.hook=hook before\ntp.hook_what=NS_GET_MNTNS_ID\n"
			       "tp.hook_kind=ioctl\ntp.hook_errno=ENOTTY\ntp.release=6.1.0-test\n", why), NSB_SKIP);
	assert_string_equal(why, "NS_GET_MNTNS_ID: ENOTTY on kernel 6.1.0-test (no such ioctl here)");
	/* A filter's EPERM on a syscall: the filter named, not the kernel. */
	assert_int_equal(judge("clone", "set-tid", 0, "tp.hook=hook before\ntp.hook_what=clone3(set_tid)\n"
			       "tp.hook_kind=syscall\ntp.hook_errno=EPERM\ntp.release=6.1.0-test\n", why), NSB_SKIP);
	assert_non_null(strstr(why, "clone3(set_tid) refused (EPERM) on kernel 6.1.0-test, probably a seccomp filter"));
	/* An interface that needs a capability the test parent lacks: the capability named. */
	assert_int_equal(judge("net", "veth", NET, NO_NET_ADMIN "tp.hook=hook during\ntp.hook_what=link kind veth\n"
			       "tp.hook_kind=feature\ntp.hook_cap=CAP_NET_ADMIN\ntp.hook_errno=EPERM\n", why), NSB_SKIP);
	assert_string_equal(why, "link kind veth: EPERM: the test parent lacks CAP_NET_ADMIN (not in its "
				 "effective set: dropped where nsbench was started)");

	/* 3. records that lie are errors, never skips. */
	/* ENOSYS is a syscall's answer, not an ioctl's; EBADF nobody's "not here". */
	assert_int_equal(judge("mountapi", "listmount", MNT, "tp.hook=hook before\ntp.hook_what=NS_GET_MNTNS_ID\n"
			       "tp.hook_kind=ioctl\ntp.hook_errno=ENOSYS\n", why), NSB_ERROR);
	assert_string_equal(why, "hook met NS_GET_MNTNS_ID: ENOSYS");
	assert_int_equal(judge("mountapi", "listmount", MNT, "tp.hook=hook before\ntp.hook_what=NS_GET_MNTNS_ID\n"
			       "tp.hook_kind=ioctl\ntp.hook_errno=EBADF\n", NULL), NSB_ERROR);
	/* An unknown kind, step or capability, a missing errno or what. */
	assert_int_equal(judge("mountapi", "listmount", MNT, "tp.hook=hook before\ntp.hook_what=x\n"
			       "tp.hook_kind=gadget\ntp.hook_errno=ENOTTY\n", NULL), NSB_ERROR);
	assert_int_equal(judge("net", "links", NET, NO_NET_ADMIN "tp.hook=hook sometime\ntp.hook_what=x\n"
			       "tp.hook_errno=EPERM\n", NULL), NSB_ERROR);
	assert_int_equal(judge("net", "links", NET, NO_NET_ADMIN "tp.hook=clone3\ntp.hook_what=x\n"
			       "tp.hook_errno=EPERM\n", NULL), NSB_ERROR);
	assert_int_equal(judge("net", "links", NET, NO_NET_ADMIN "tp.hook=hook before\ntp.hook_what=x\n"
			       "tp.hook_cap=CAP_WISHFUL\ntp.hook_errno=EPERM\n", NULL), NSB_ERROR);
	assert_int_equal(judge("net", "links", NET, NO_NET_ADMIN "tp.hook=hook before\ntp.hook_what=x\n", NULL),
			 NSB_ERROR);
	assert_int_equal(judge("net", "links", NET, NO_NET_ADMIN "tp.hook=hook before\ntp.hook_errno=EPERM\n",
			       NULL), NSB_ERROR);

	/* 4. the probe's lie still fails: no hook record, no excuse (a fresh netns claimed where it is shared). */
	assert_int_equal(judge("net", "links", 0, NO_NET_ADMIN "links=lo\nlo.up=0\ntcp.before=ENETUNREACH\n"
			       "lo.set_up=EPERM\nlo.up.after=0\ntcp.after=ENETUNREACH\nroute_out=ENETUNREACH\n"
			       "event.nsb0=0\npeer.set=EPERM\nparent.links=lo,nsb0\nparent.nsb0.mtu=1400\n"
			       "tp.exit=0\n", why), NSB_FAIL);
	assert_non_null(strstr(why, "links: expected == parent.links (lo,nsb0), observed lo"));
	/* ...and a hook failure that is not a refusal does not turn that lie into a skip. */
	assert_int_equal(judge("net", "links", 0, NO_NET_ADMIN NL_HOOK "tp.hook_errno=EBADMSG\nlinks=lo\n"
			       "parent.links=lo,nsb0\ntp.exit=0\n", NULL), NSB_ERROR);
}

static void ipc_objects(void **state)
{
	static const char fresh[] = "shm.get=ENOENT\nsem.get=ENOENT\nmsg.get=ENOENT\nshm.proc=0\n"
		"shm.create=ok\nmq.open=ENOENT\nsysctl.msgmax=8192\nparent.msgmax.default=8192\n"
		"parent.msgmax.set=4321\ntp.exit=0\n";
	static const char shared[] = "shm.get=ok\nsem.get=ok\nmsg.get=ok\nshm.proc=1\n"
		"shm.create=EEXIST\nmq.open=ok\nsysctl.msgmax=4321\nparent.msgmax.default=8192\n"
		"parent.msgmax.set=4321\ntp.exit=0\n";
	static const char mq_leak[] = "shm.get=ENOENT\nsem.get=ENOENT\nmsg.get=ENOENT\nshm.proc=0\n"
		"shm.create=ok\nmq.open=ok\nsysctl.msgmax=8192\nparent.msgmax.default=8192\n"
		"parent.msgmax.set=4321\ntp.exit=0\n";
	char why[256];

	(void)state;
	assert_int_equal(judge("ipc", "objects", IPC, fresh, NULL), NSB_PASS);
	assert_int_equal(judge("ipc", "objects", 0, shared, NULL), NSB_PASS);
	assert_int_equal(judge("ipc", "objects", 0, fresh, NULL), NSB_FAIL);
	assert_int_equal(judge("ipc", "objects", IPC | USER, shared, NULL), NSB_FAIL);
	assert_int_equal(judge("ipc", "objects", IPC, mq_leak, why), NSB_FAIL);
	assert_string_equal(why, "mq.open: expected == ENOENT, observed ok");
}

/* mnt observations: @shared_type for BASE/shared, the rest as the combination makes them. */
static void mnt_lines(char *buf, size_t len, const char *shared_type, int shared_c, int private_p,
		      const char *umount)
{
	snprintf(buf, len,
		 "base.seen=1\nshared.type=%s\nshared.mount=ok\nparent.shared.c=%d\nshared.p=1\n"
		 "slave.type=slave\nslave.mount=ok\nparent.slave.c=0\nslave.p=1\n"
		 "private.type=private\nprivate.mount=ok\nparent.private.c=0\nprivate.p=%d\n"
		 "unbindable.type=private\nunbindable.mount=ok\nparent.unbindable.c=0\nunbindable.p=0\n"
		 "bind.unbindable=ok\numount.inherited=%s\ntp.exit=0\n",
		 shared_type, shared_c, private_p, umount);
}

static void mnt_propagation(void **state)
{
	char lines[1024], why[256];

	(void)state;
	mnt_lines(lines, sizeof(lines), "shared", 1, 0, "ok");
	assert_int_equal(judge("mnt", "propagation", MNT, lines, NULL), NSB_PASS);
	/* With a user ns the shared mount must have become a locked slave (MNT-3). */
	assert_int_equal(judge("mnt", "propagation", MNT | USER, lines, why), NSB_FAIL);
	assert_string_equal(why, "shared.type: expected == slave, observed shared");
	mnt_lines(lines, sizeof(lines), "slave", 0, 0, "EINVAL");
	assert_int_equal(judge("mnt", "propagation", MNT | USER, lines, NULL), NSB_PASS);
	/* A locked mount that could be unmounted would be a hole. */
	mnt_lines(lines, sizeof(lines), "slave", 0, 0, "ok");
	assert_int_equal(judge("mnt", "propagation", MNT | USER, lines, why), NSB_FAIL);
	assert_string_equal(why, "umount.inherited: expected == EINVAL, observed ok");
	/* A parent mount on a private mount must not reach a new mount ns. */
	mnt_lines(lines, sizeof(lines), "shared", 1, 1, "ok");
	assert_int_equal(judge("mnt", "propagation", MNT, lines, why), NSB_FAIL);
	assert_string_equal(why, "private.p: expected == 0, observed 1");
	/* Without mnt: the same namespace, so the private c mount is the parent's too. */
	assert_int_equal(judge("mnt", "propagation", 0, lines, NULL), NSB_FAIL);
}

static void cgroup_view(void **state)
{
	static const char ok[] = "cgroup.lines=2\ncgroup.memory=/\ncgroup.unified=/\n"
		"mountroot.memory=/../..\ncgroup2.mount=ok\ncgroup2.root=/\n"
		"parent.cgroup.lines=2\nparent.cgroup.memory=/\nparent.cgroup.unified=/\n"
		"parent.mountroot.memory=/../..\ntp.exit=0\n";
	static const char eperm[] = "cgroup.lines=2\ncgroup.memory=/\ncgroup.unified=/\n"
		"mountroot.memory=/../..\ncgroup2.mount=EPERM\n"
		"parent.cgroup.lines=2\nparent.cgroup.memory=/\nparent.cgroup.unified=/\n"
		"parent.mountroot.memory=/../..\ntp.exit=0\n";
	static const char other_root[] = "cgroup.lines=2\ncgroup.memory=/\ncgroup.unified=/\n"
		"mountroot.memory=/\ncgroup2.mount=ok\ncgroup2.root=/\n"
		"parent.cgroup.lines=2\nparent.cgroup.memory=/\nparent.cgroup.unified=/\n"
		"parent.mountroot.memory=/../..\ntp.exit=0\n";
	static const char missing[] = "cgroup.lines=2\ncgroup.unified=/\nmountroot.memory=/../..\n"
		"cgroup2.mount=ok\ncgroup2.root=/\nparent.cgroup.lines=2\nparent.cgroup.memory=/\n"
		"parent.cgroup.unified=/\nparent.mountroot.memory=/../..\ntp.exit=0\n";
	char why[256];

	(void)state;
	assert_int_equal(judge("cgroup", "view", CGROUP, ok, NULL), NSB_PASS);
	assert_int_equal(judge("cgroup", "view", USER | MNT | CGROUP, ok, NULL), NSB_PASS);
	assert_int_equal(judge("cgroup", "view", USER | MNT, eperm, NULL), NSB_PASS);
	assert_int_equal(judge("cgroup", "view", USER | MNT, ok, why), NSB_FAIL);
	assert_string_equal(why, "cgroup2.mount: expected == EPERM, observed ok");
	assert_int_equal(judge("cgroup", "view", 0, eperm, NULL), NSB_FAIL);
	assert_int_equal(judge("cgroup", "view", CGROUP, other_root, NULL), NSB_FAIL);
	assert_int_equal(judge("cgroup", "view", CGROUP, missing, why), NSB_ERROR);
	assert_non_null(strstr(why, "cgroup.memory: not reported"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(net_links),
		cmocka_unit_test(net_share),
		cmocka_unit_test(net_veth),
		cmocka_unit_test(net_link_kinds_absent),
		cmocka_unit_test(hook_refusals),
		cmocka_unit_test(ipc_objects),
		cmocka_unit_test(mnt_propagation),
		cmocka_unit_test(cgroup_view),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
