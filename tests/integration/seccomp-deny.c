// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * seccomp-deny.c - run a command under a seccomp filter that answers the
 * named system calls with the given errno, as container runtimes' filters
 * do (nspawn: open_by_handle_at and fanotify_init EPERM, statmount and
 * listmount ENOSYS): "seccomp-deny open_by_handle_at:EPERM,statmount:ENOSYS -- CMD...".
 * x86_64 numbers; other architectures exit 77 (skip). Test helper only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static const struct { const char *name; int nr; } calls[] = {
	{ "open_by_handle_at", 304 }, { "fanotify_init", 300 }, { "statmount", 457 },
	{ "listmount", 458 }, { "unshare", 272 }, { "clone3", 435 }, { "setns", 308 },
	{ "name_to_handle_at", 303 }, { "fsopen", 430 }, { "open_tree", 428 },
};
static const struct { const char *name; int err; } errs[] = {
	{ "EPERM", EPERM }, { "ENOSYS", ENOSYS }, { "EACCES", EACCES },
};

int main(int argc, char **argv)
{
	struct sock_filter f[64];
	unsigned n = 0;
	char *spec, *tok, *save = NULL;

#ifndef __x86_64__
	return 77;
#endif
	if (argc < 4 || strcmp(argv[2], "--") != 0) {
		fprintf(stderr, "usage: seccomp-deny NAME:ERRNO[,...] -- CMD...\n");
		return 2;
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	spec = strdup(argv[1]);
	for (tok = strtok_r(spec, ",", &save); tok && n < 60; tok = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(tok, ':');
		int nr = -1, err = -1;

		if (!colon)
			return fprintf(stderr, "seccomp-deny: '%s' is not NAME:ERRNO\n", tok), 2;
		*colon = '\0';
		for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
			if (strcmp(calls[i].name, tok) == 0)
				nr = calls[i].nr;
		for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
			if (strcmp(errs[i].name, colon + 1) == 0)
				err = errs[i].err;
		if (nr < 0 || err < 0)
			return fprintf(stderr, "seccomp-deny: unknown '%s:%s'\n", tok, colon + 1), 2;
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (unsigned)err);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = (unsigned short)n, .filter = f };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		return perror("seccomp-deny: prctl"), 2;
	execvp(argv[3], argv + 3);
	perror("seccomp-deny: exec");
	return 127;
}
