/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net-move - move a link out of this network namespace and back (NET-4):
 * out by pid (IFLA_NET_NS_PID) into a netns a child of ours unshared, back
 * by an nsfs fd (IFLA_NET_NS_FD) sent from inside that netns.
 *
 * stdout:
 *   add        creating link nsbm0 here: "ok", or the errno (EPERM without
 *              CAP_NET_ADMIN over this netns); nothing more is printed then
 *   kind       the link kind that could be created (dummy, ifb or veth)
 *   other      the child's unshare(CLONE_NEWNET): "ok" or the errno
 *   out        moving nsbm0 into the child's netns by pid: "ok" or the errno
 *   out.gone   "yes" when nsbm0 is no longer listed here, else "no"
 *   out.there  "yes" when the child's netns lists it, else "no"
 *   back       the child moving it back by an fd of this netns: "ok" or errno
 *   back.here  "yes" when nsbm0 is listed here again, else "no"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/netlink.h"
#include "probe.h"
#include "common/errname.h"

#define LINK "nsbm0"

static const char *yes(bool b)
{
	return b ? "yes" : "no";
}

static bool here(void)
{
	struct nsb_nl_link l;

	return nsb_nl_link_get(LINK, &l) == 0;
}

/* dummy or ifb where built; a veth pair (one end moves) otherwise. */
static int add_link(const char **ret_kind)
{
	static const char *const kinds[] = { "dummy", "ifb", "veth" };
	int r = -EOPNOTSUPP;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && r == -EOPNOTSUPP; i++) {
		r = nsb_nl_link_add(LINK, kinds[i], i == 2 ? "nsbm1" : NULL);
		*ret_kind = kinds[i];
	}
	return r;
}

/*
 * The child: keeps an fd of our netns, unshares its own, reports, waits for
 * "go", then reports whether the link arrived and moves it back by that fd.
 */
static void __attribute__((noreturn)) child(int to_parent, int from_parent)
{
	int home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), res[2];
	char go;

	res[0] = home < 0 ? errno : unshare(CLONE_NEWNET) < 0 ? errno : 0;
	if (write(to_parent, res, sizeof(int)) != sizeof(int) || res[0])
		_exit(1);
	if (read(from_parent, &go, 1) != 1)
		_exit(1);
	res[0] = here();
	res[1] = -nsb_nl_link_move_fd(LINK, home);
	_exit(write(to_parent, res, sizeof(res)) == sizeof(res) ? 0 : 1);
}

int main(void)
{
	int up[2], down[2], res[2] = { 0, 0 }, r;
	const char *kind = "";
	pid_t pid;

	r = add_link(&kind);
	probe_put("add", "%s", nsb_errno_name(-r));
	if (r < 0)
		return probe_done();
	probe_put("kind", "%s", kind);
	if (pipe2(up, O_CLOEXEC) < 0 || pipe2(down, O_CLOEXEC) < 0)
		return probe_error(errno, "pipe");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return probe_error(errno, "fork");
	if (pid == 0) {
		close(up[0]);
		close(down[1]);
		child(up[1], down[0]);
	}
	close(up[1]);
	close(down[0]);
	if (read(up[0], res, sizeof(int)) != sizeof(int))
		return probe_error(0, "the child died before unsharing");
	probe_put("other", "%s", nsb_errno_name(res[0]));
	if (res[0] == 0) {
		/* The pid as our pid namespace numbers it, which is how the kernel reads it. */
		r = nsb_nl_link_move(LINK, pid);
		probe_put("out", "%s", nsb_errno_name(-r));
		probe_put("out.gone", "%s", yes(!here()));
		if (write(down[1], "g", 1) != 1 || read(up[0], res, sizeof(res)) != sizeof(res))
			return probe_error(0, "the child died before moving the link back");
		probe_put("out.there", "%s", yes(res[0]));
		probe_put("back", "%s", nsb_errno_name(res[1]));
		probe_put("back.here", "%s", yes(here()));
	}
	close(down[1]);
	waitpid(pid, NULL, 0);
	return probe_done();
}
