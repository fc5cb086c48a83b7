/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_shell.c - `nsbench shell`: a container in one command. CMD runs in a
 * fresh combination of namespaces, made by the engine's own spawn (the one
 * every probe is started with), inside the lab, so nothing it does reaches
 * the machine's namespaces and nothing it starts outlives it.
 *
 * CMD is PID 1 of its pid namespace itself, not under an init of ours: that
 * is what `echo $$` must show, and what a container without --init is. The
 * price is PID 1's signal rule (pid_namespaces(7)): a signal CMD has no
 * handler for is dropped, so SIGTERM from outside ends a plain `sleep` only
 * when nsbench escalates to SIGKILL (after 10 s, as for a test). Orphans of
 * CMD are reparented to CMD; a shell reaps them. When CMD exits, the
 * kernel kills the rest of its pid namespace; without pid in the
 * combination, the lab's pid namespace goes when the lab's init (this
 * command's engine) exits right after CMD. Either way nothing is left.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "common/combo.h"
#include "common/errname.h"
#include "common/log.h"
#include "common/netlink.h"
#include "common/nstypes.h"
#include "common/step.h"
#include "common/util.h"
#include "harness/engine/lab.h"
#include "harness/engine/spawn.h"
#include "harness/env/diag.h"
#include "harness/env/support.h"
#include "suites/suite.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

enum shell_net { NET_NONE, NET_LO, NET_VETH };

struct shell {
	unsigned combo;
	const char *hostname;
	enum shell_net net;
	const struct nsb_test *test;	/* --test: its test parent's setup */
	char test_id[160];
	char path[PATH_MAX];
	char **argv;
	int verbose;
	int status;			/* CMD's: exit status or 128 + signal */
	char err[512];			/* what could not be created, and why */
	bool privileged;
	struct nsb_tp *tp;		/* --test: the rebuilt test parent */
};

static volatile sig_atomic_t signals;
static volatile pid_t cmd_pid = -1;

static void on_signal(int sig)
{
	(void)sig;
	signals++;
}

/* In the lab's init: pass SIGTERM/SIGHUP on to CMD. */
static void forward(int sig)
{
	if (cmd_pid > 0)
		kill(cmd_pid, sig);
}

static void usage(void)
{
	printf("Usage:\n nsbench shell [--ns LIST] [--hostname NAME] [--net none|lo|veth] "
	       "[--test ID] [-v] [-- CMD [ARG...]]\n\n"
	       "Run CMD (default $SHELL, else /bin/sh) as PID 1 of a fresh combination of\n"
	       "namespaces inside nsbench's lab, and exit with its status (128+N on signal N).\n\n"
	       "Options:\n"
	       " --ns LIST        the combination (default: every type this machine can create)\n"
	       " --hostname NAME  the hostname in its uts namespace (default nsbench)\n"
	       " --net MODE       none: lo down; lo: lo up (default); veth: also eth0,\n"
	       "                  192.0.2.2/24 and 2001:db8:5::2/64, peer .1/::1 in the lab\n"
	       " --test ID        the combination and test-parent setup of test ID\n"
	       "                  (suite.test.combo), exactly where its probe would run\n"
	       "                  (no hostname set, lo as the probe finds it)\n"
	       " -v, --verbose    print the test parent's observations (--test)\n"
	       " -h, --help       display this help\n");
}

/* The child, after /proc, before exec: hostname, loopback, eth0, default signals. */
static int child_setup(void *arg, const char **step)
{
	struct shell *sh = arg;
	struct in_addr a4;
	struct in6_addr a6;
	int r;

	/* The lab's init ignores SIGINT and SIGQUIT (the terminal's are CMD's); exec keeps SIG_IGN. */
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	/* --test: exactly what the probe would find; its test parent set up the rest. */
	if (sh->test)
		return 0;
	if (nsb_combo_has(sh->combo, NSB_NS_UTS) &&
	    sethostname(sh->hostname, strlen(sh->hostname)) < 0) {
		*step = "sethostname";
		return -errno;
	}
	if (sh->net == NET_NONE || !nsb_combo_has(sh->combo, NSB_NS_NET))
		return 0;
	*step = "RTM_SETLINK lo up";
	if ((r = nsb_nl_link_set("lo", true, 0)) < 0 || sh->net != NET_VETH)
		return r;
	inet_pton(AF_INET, "192.0.2.2", &a4);
	inet_pton(AF_INET6, "2001:db8:5::2", &a6);
	*step = "RTM_NEWADDR eth0";
	if ((r = nsb_nl_addr_add("eth0", AF_INET, &a4, 24)) < 0 ||
	    (r = nsb_nl_addr_add("eth0", AF_INET6, &a6, 64)) < 0)
		return r;
	*step = "RTM_SETLINK eth0 up";
	return nsb_nl_link_set("eth0", true, 0);
}

/*
 * In the lab before CMD may go on: --test runs the test's .during hook
 * (what the test parent does once its probe is there, e.g. move a link
 * into its netns), so CMD starts where the probe would observe; --net
 * veth makes nsb0 here and moves its peer eth0 into CMD's netns.
 */
static int parent_setup(pid_t pid, void *arg, const char **step)
{
	struct shell *sh = arg;
	struct in_addr a4;
	struct in6_addr a6;
	int r;

	if (sh->test && sh->test->during) {
		sh->tp->child_pid = pid;
		*step = "the test parent's during hook";
		if ((r = sh->test->during(sh->tp)) < 0)
			return r;
	}
	if (sh->net != NET_VETH)
		return 0;
	inet_pton(AF_INET, "192.0.2.1", &a4);
	inet_pton(AF_INET6, "2001:db8:5::1", &a6);
	*step = "RTM_NEWLINK veth nsb0";
	if ((r = nsb_nl_link_add("nsb0", "veth", "eth0")) < 0)
		return r;
	*step = "RTM_SETLINK eth0 IFLA_NET_NS_PID";
	if ((r = nsb_nl_link_move("eth0", pid)) < 0)
		return r;
	*step = "RTM_NEWADDR nsb0";
	if ((r = nsb_nl_addr_add("nsb0", AF_INET, &a4, 24)) < 0 ||
	    (r = nsb_nl_addr_add("nsb0", AF_INET6, &a6, 64)) < 0)
		return r;
	*step = "RTM_SETLINK nsb0 up";
	return nsb_nl_link_set("nsb0", true, 0);
}

/* "parent.ns.<type>=<inode>" of the test parent, as tp.c records them. */
static void record_own_namespaces(struct nsb_tp *tp)
{
	NSB_FOREACH_NS(t) {
		char path[64], key[64];
		struct stat st;

		snprintf(path, sizeof(path), "/proc/self/ns/%s", nsb_nstypes[t].name);
		snprintf(key, sizeof(key), "ns.%s", nsb_nstypes[t].name);
		if (stat(path, &st) == 0)
			nsb_tp_put(tp, key, "%llu", (unsigned long long)st.st_ino);
	}
}

/*
 * One line: what could not be created and why, with the causes `nsbench
 * check` would give (kernel config, sysctls, capabilities, seccomp, LSMs).
 * 127 when CMD itself could not be executed (not found), else 2.
 */
static int spawn_failed(const struct shell *sh, const struct nsb_spawn_res *res)
{
	struct nsb_evidence *ev = calloc(1, sizeof(*ev));
	char names[160], what[256], why[1024] = "";

	nsb_combo_format(sh->combo, names, sizeof(names));
	if (res->setup.step == NSB_STEP_HOOK_SETUP)
		snprintf(what, sizeof(what), "%s: %s", res->what, nsb_errno_name(res->setup.err));
	else
		nsb_setup_err_format(&res->setup, what, sizeof(what));
	if (ev && nsb_evidence_gather(ev) == 0)
		nsb_diag_explain(ev, sh->combo, sh->privileged ? NSB_WHO_CURRENT : NSB_WHO_VIA_USERNS,
				 &res->setup, why, sizeof(why));
	free(ev);
	if (res->setup.step == NSB_STEP_EXEC)
		log_error("cannot run %s in the combination %s: %s", sh->path, names, what);
	else
		log_error("cannot create the combination %s: %s%s%s", names, what, why[0] ? "; " : "",
			  why);
	return res->setup.step == NSB_STEP_EXEC && res->setup.err == ENOENT ? 127 : 2;
}

/* PID 1 of the lab: the test parent's setup (--test), then CMD, then its status. */
static int shell_main(void *arg)
{
	struct shell *sh = arg;
	struct nsb_tp tp = { .test = sh->test, .combo = sh->combo, .token = "nsb-shell",
			     .out_fd = -EBADF, .child_pidfd = -EBADF, .child_pid = -1 };
	struct nsb_spawn_res res;
	siginfo_t si = { 0 };
	char names[160];
	int r;

	sh->tp = &tp;
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTERM, forward);
	signal(SIGHUP, forward);
	if (sh->test) {
		tp.out_fd = sh->verbose ? STDERR_FILENO : open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (sh->test->mutates &&
		    unshare((int)nsb_combo_clone_flags(sh->test->mutates)) < 0) {
			r = errno;
			nsb_ns_flag_names(sh->test->mutates, names, sizeof(names));
			log_error("cannot rebuild %s: unshare(%s) for the test parent: %s", sh->test_id,
				  names, nsb_errno_name(r));
			return 2;
		}
		record_own_namespaces(&tp);
		if (sh->test->before && (r = sh->test->before(&tp)) < 0) {
			log_error("cannot rebuild %s: the test parent's before hook: %s", sh->test_id,
				  nsb_errno_name(r));
			return 2;
		}
	}
	r = nsb_spawn(&(struct nsb_spawn_req){ .combo = sh->combo, .path = sh->path,
					       .argv = sh->argv, .fd_in = 0, .fd_out = 1, .fd_err = 2,
					       .parent_setup = parent_setup,
					       .child_setup = child_setup, .setup_arg = sh },
		      &res);
	if (r < 0)
		return spawn_failed(sh, &res);
	cmd_pid = res.pid;
	while (waitid((idtype_t)P_PIDFD, (id_t)res.pidfd, &si, WEXITED) < 0)
		if (errno != EINTR)
			return 2;
	return si.si_code == CLD_EXITED ? si.si_status : 128 + si.si_status;
}

/* "suite.test.combo" -> the test and its combination; 0 or -EINVAL with a usage error printed. */
static int parse_test_id(struct shell *sh, const char *id)
{
	char buf[160], bad[64], *dot1, *dot2;
	unsigned combo;

	snprintf(buf, sizeof(buf), "%s", id);
	dot1 = strchr(buf, '.');
	dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	if (!dot2)
		return nsb_usage_error("--test '%s': not a test id (suite.test.combo)", id), -EINVAL;
	*dot1 = *dot2 = '\0';
	sh->test = nsb_test_find(buf, dot1 + 1);
	if (!sh->test)
		return nsb_usage_error("--test '%s': no test %s.%s (see nsbench list tests)", id, buf,
				       dot1 + 1), -EINVAL;
	if (strcmp(dot2 + 1, "none") == 0)
		combo = 0;
	else if (nsb_combo_parse(dot2 + 1, &combo, bad, sizeof(bad)) < 0)
		return nsb_usage_error("--test '%s': unknown namespace type '%s'", id, bad), -EINVAL;
	if (!nsb_test_applies(sh->test, combo))
		return nsb_usage_error("--test '%s': %s.%s does not run in that combination", id,
				       buf, dot1 + 1), -EINVAL;
	sh->combo = combo;
	snprintf(sh->test_id, sizeof(sh->test_id), "%s", id);
	return 0;
}

/* CMD on PATH as execvp(3) would find it; -ENOENT when it is nowhere. */
static int find_cmd(const char *cmd, char *buf, size_t len)
{
	const char *path = getenv("PATH");
	char dirs[4096], *save = NULL;

	if (strchr(cmd, '/')) {
		snprintf(buf, len, "%s", cmd);
		return 0;
	}
	snprintf(dirs, sizeof(dirs), "%s", path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
	for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(buf, len, "%s/%s", *d ? d : ".", cmd);
		if (access(buf, X_OK) == 0)
			return 0;
	}
	return -ENOENT;
}

/* Every type the lab can make here, as `nsbench check` decides by trying. */
static unsigned creatable(bool privileged)
{
	struct nsb_support *s = calloc(1, sizeof(*s));
	unsigned mask = 0;

	if (!s || nsb_support_compute(s) < 0) {
		free(s);
		return NSB_ALL_MASK;	/* try everything: the failure will say what */
	}
	NSB_FOREACH_NS(t)
		if (s->row[t].who[privileged ? NSB_WHO_CURRENT : NSB_WHO_VIA_USERNS].ok)
			mask |= NSB_MASK(t);
	free(s);
	return mask;
}

int cmd_shell(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ns", required_argument, NULL, 'n' },
		{ "hostname", required_argument, NULL, 'H' },
		{ "net", required_argument, NULL, 'N' },
		{ "test", required_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct shell sh = { .hostname = "nsbench", .net = NET_LO, .privileged = geteuid() == 0 };
	const char *ns = NULL, *shell_argv[2] = { NULL, NULL };
	bool hostname_given = false, net_given = false;
	struct nsb_lab lab;
	char bad[64];
	int c, r;

	while ((c = getopt_long(argc, argv, "+hv", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			ns = optarg;
			break;
		case 'H':
			if (!*optarg || strlen(optarg) > 64)
				return nsb_usage_error("--hostname '%s': 1 to 64 characters", optarg);
			sh.hostname = optarg;
			hostname_given = true;
			break;
		case 'N':
			net_given = true;
			if (strcmp(optarg, "none") == 0)
				sh.net = NET_NONE;
			else if (strcmp(optarg, "lo") == 0)
				sh.net = NET_LO;
			else if (strcmp(optarg, "veth") == 0)
				sh.net = NET_VETH;
			else
				return nsb_usage_error("--net '%s': none, lo or veth", optarg);
			break;
		case 't':
			if (parse_test_id(&sh, optarg) < 0)
				return NSB_EXIT_USAGE;
			break;
		case 'v':
			sh.verbose++;
			break;
		case 'h':
			usage();
			return NSB_EXIT_OK;
		default:
			return nsb_usage_error("bad option");
		}
	}
	if (sh.test && ns)
		return nsb_usage_error("--test and --ns: the test id names the combination");
	if (ns && strcmp(ns, "none") == 0)
		sh.combo = 0;
	else if (ns && nsb_combo_parse(ns, &sh.combo, bad, sizeof(bad)) < 0)
		return nsb_usage_error("--ns: unknown namespace type '%s'", bad);
	else if (!ns && !sh.test)
		sh.combo = creatable(sh.privileged);
	if (hostname_given && !nsb_combo_has(sh.combo, NSB_NS_UTS))
		return nsb_usage_error("--hostname needs uts in the combination");
	if (net_given && sh.net != NET_NONE && !nsb_combo_has(sh.combo, NSB_NS_NET))
		return nsb_usage_error("--net %s needs net in the combination",
				       sh.net == NET_LO ? "lo" : "veth");
	if (optind < argc) {
		sh.argv = argv + optind;
	} else {
		shell_argv[0] = getenv("SHELL") && *getenv("SHELL") ? getenv("SHELL") : "/bin/sh";
		sh.argv = (char **)shell_argv;
	}
	if (find_cmd(sh.argv[0], sh.path, sizeof(sh.path)) < 0) {
		log_error("%s: command not found", sh.argv[0]);
		return 127;
	}
	signal(SIGINT, SIG_IGN);	/* the terminal's ^C is CMD's business */
	signal(SIGQUIT, SIG_IGN);
	sigaction(SIGTERM, &(struct sigaction){ .sa_handler = on_signal }, NULL);
	sigaction(SIGHUP, &(struct sigaction){ .sa_handler = on_signal }, NULL);
	fflush(NULL);
	r = nsb_lab_run(&lab, NSB_LAB_CAPS_AS_THEY_ARE, shell_main, &sh, &signals);	/* never the user's shell */
	if (r == NSB_LAB_UNAVAILABLE) {
		log_error("cannot build the lab to run the shell in: %s", lab.reason);
		return NSB_EXIT_USAGE;
	}
	if (r < 0) {
		log_error_errno(r, "cannot run the lab");
		return NSB_EXIT_USAGE;
	}
	return r;
}
