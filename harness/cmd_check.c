/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_check.c - `nsbench check`: which namespace types can be created here
 * (tried, never assumed), by whom, why not, and where we are.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <json-c/json.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "common/log.h"
#include "harness/env/support.h"
#include "reports/report.h"
#include "common/errname.h"

static void usage(void)
{
	printf("Usage:\n nsbench check [options]\n\n"
	       "Try to create each namespace type (in throwaway child processes): as this\n"
	       "process, as an unprivileged user, and as that user inside a user namespace;\n"
	       "explain every refusal, and tell where nsbench runs.\n\n"
	       "Options:\n"
	       " -r, --report FILE    write the JSON report there\n"
	       " -q, --quiet          print nothing; only the exit status\n"
	       " -h, --help           display this help\n\n"
	       "Exit status: 0 every type can be created by this process, 1 some cannot,\n"
	       "2 usage or environment error.\n");
}

static const char *cell(const struct nsb_attempt *at, char *buf, size_t len)
{
	if (at->ok)
		return "yes";
	snprintf(buf, len, "no (%s)", at->main.err > 0 ? nsb_errno_name(at->main.err) : "?");
	return buf;
}

static void print_table(const struct nsb_support *s)
{
	char a[32], b[32], c[32];

	printf("%-7s %-16s %-16s %s\n", "type", "current", "unprivileged", "unprivileged via userns");
	NSB_FOREACH_NS(t) {
		const struct nsb_support_row *r = &s->row[t];

		printf("%-7s %-16s %-16s %s\n", nsb_nstypes[t].name,
		       cell(&r->who[NSB_WHO_CURRENT], a, sizeof(a)),
		       cell(&r->who[NSB_WHO_UNPRIV], b, sizeof(b)),
		       cell(&r->who[NSB_WHO_VIA_USERNS], c, sizeof(c)));
	}
	printf("\nwhy not:\n");
	NSB_FOREACH_NS(t)
		for (size_t i = 0; i < s->row[t].reasons.n; i++)
			printf("  %-6s %s\n", nsb_nstypes[t].name, s->row[t].reasons.r[i]);
}

/* "user 3" when the count ended at the depth (ENOSPC/EUSERS), else "user >= 3 (stopped by EPERM)". */
static void print_levels(const char *type, int levels, int stop_err)
{
	if (levels < 0)
		printf("%s unknown", type);
	else if (!stop_err || stop_err == ENOSPC || stop_err == EUSERS)
		printf("%s %d", type, levels);
	else
		printf("%s >= %d (counting stopped by %s, not by the depth)", type, levels,
		       nsb_errno_name(stop_err));
}

static void print_ns_list(const struct nsb_environment *env, int initial)
{
	bool first = true;

	NSB_FOREACH_NS(t)
		if (env->ns[t].initial == initial) {
			printf("%s%s", first ? "" : ",", nsb_nstypes[t].name);
			first = false;
		}
	if (first)
		printf("(none)");
}

static void print_env(const struct nsb_support *s)
{
	const struct nsb_environment *env = &s->env;
	const struct nsb_evidence *ev = &s->ev;

	printf("\nwhere:\n");
	printf("  outer environment: %s (%s)\n", env->outer, env->outer_evidence);
	printf("  virtualisation:    %s (%s)\n", env->virt, env->virt_evidence);
	printf("  namespaces:        machine's initial: ");
	print_ns_list(env, 1);
	printf("; private: ");
	print_ns_list(env, 0);
	printf("; unknown: ");
	print_ns_list(env, -1);
	printf("\n  cgroup layout:     %s\n", env->cgroup_layout);
	printf("  seccomp:           mode %d, refused:", ev->seccomp_mode);
	bool any = false;
	for (int i = 0; i < _NSB_SC_MAX; i++)
		if (nsb_diag_sc_refused(ev, i)) {
			printf(" %s (%s: %s)", nsb_sc_name(i), nsb_sc_probe_desc(i),
			       nsb_errno_name(ev->sc_errno[i]));
			any = true;
		}
	printf("%s\n", any ? "" : " none");
	printf("  LSMs:              %s (%s)\n", env->lsm[0] ? env->lsm : "unknown", env->lsm_source);
	printf("  kernel config:     %s\n", ev->kconfig_src[0] ? ev->kconfig_src : "unavailable");
	printf("  clone3:            %s; time namespaces: %s\n", env->clone3, env->time_ns ? "yes" : "no");
	printf("  link kinds:        %s\n", env->link_kinds);
	printf("  nesting left:      ");
	print_levels("user", env->userns_levels, env->userns_stop_err);
	printf(", ");
	print_levels("pid", env->pidns_levels, env->pidns_stop_err);
	printf("\n");
	printf("  unprivileged runs: %s\n", env->unpriv_as);
	if (env->enospc_retries)
		printf("  ENOSPC:            retried %d times over %lld ms (namespaces being freed, or a "
		       "limit really reached where it persisted)\n", env->enospc_retries, env->enospc_waited_ms);
	printf("\nwhat the suites need besides creating namespaces (tried %s, as the lab is built):\n",
	       env->needs_in_userns ? "inside a user namespace" : "directly");
	for (int n = 0; n < _NSB_NEED_MAX; n++)
		printf("  %-13s %s\n", nsb_need_name(n),
		       !env->need[n].err ? "yes" : env->need[n].why);
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "report", required_argument, NULL, 'r' }, { "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },	    { NULL, 0, NULL, 0 },
	};
	static struct nsb_support s;
	const char *report = NULL;
	bool quiet = false;
	int opt, r;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":r:qh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			report = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			usage();
			return NSB_EXIT_OK;
		case ':':
			return nsb_usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			return nsb_usage_error("unrecognized option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return nsb_usage_error("check takes no arguments, not '%s'", argv[optind]);
	if (report && !*report)
		return log_error("--report needs a file name, not ''"), NSB_EXIT_USAGE;
	if (report && (r = nsb_report_probe_path(report)) < 0)
		return log_error_errno(r, "cannot write report '%s'", report), NSB_EXIT_USAGE;
	if ((r = nsb_support_compute(&s)) < 0)
		return log_error_errno(r, "cannot run the trials"), NSB_EXIT_USAGE;
	if (!quiet) {
		print_table(&s);
		print_env(&s);
	}
	if (report) {
		json_object *doc = nsb_check_report_build(&s);

		r = doc ? nsb_report_write(doc, report) : -ENOMEM;
		json_object_put(doc);
		if (r < 0)
			return log_error_errno(r, "cannot write report '%s'", report), NSB_EXIT_USAGE;
		if (!quiet)
			printf("report: %s\n", report);
	}
	return nsb_support_all_current(&s) ? NSB_EXIT_OK : NSB_EXIT_FAIL;
}
