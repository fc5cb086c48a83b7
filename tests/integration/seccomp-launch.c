/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * seccomp-launch.c - run a program under a seccomp filter that makes chosen
 * interfaces look absent or refused, as an older kernel or a container's
 * profile would answer, without libseccomp (seccomp(2), PR_SET_NO_NEW_PRIVS;
 * x86-64 only: the filter kills nothing, it answers other arches' calls
 * normally).
 *
 *   seccomp-launch [RULE...] -- PROGRAM [ARG...]
 *   RULE: sys:NR=ERRNO          system call NR answers ERRNO
 *         ioctl:CMD=ERRNO       ioctl(2) with request CMD (0x.. allowed) answers ERRNO
 *         flag:NR:ARG:BIT=ERRNO system call NR with bit BIT set in argument ARG answers ERRNO
 *         preset:clone3-eperm   clone3 answers EPERM (a container profile before ENOSYS)
 *         preset:6.1            what Linux 6.1 lacks of what nsbench calls: the pidfd
 *                               namespace ioctls, NS_GET_MNTNS_ID (6.11), NS_MNT_GET_*
 *                               (6.12), NS_GET_ID (6.18) ENOTTY; statmount, listmount
 *                               (6.8), listns (6.19) ENOSYS; fanotify_init with
 *                               FAN_REPORT_MNT (6.15) EINVAL
 * ERRNO is a number or one of EPERM ENOSYS ENOTTY EINVAL EOPNOTSUPP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "common/uapi.h"

#define MAX_INSNS 512
static struct sock_filter prog[MAX_INSNS];
static unsigned n;

static void emit(struct sock_filter f)
{
	if (n >= MAX_INSNS) {
		fprintf(stderr, "seccomp-launch: too many rules\n");
		exit(2);
	}
	prog[n++] = f;
}

#define LD(off) emit((struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off)))
#define RET(v) emit((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, (v)))
#define JEQ(k, t, f) emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f)))
#define JSET(k, t, f) emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (k), (t), (f)))
#define NR_OFF offsetof(struct seccomp_data, nr)
/* Little-endian: the low 32 bits of args[i]. */
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#define ARG_HI(i) (offsetof(struct seccomp_data, args) + 8 * (i) + 4)

static int parse_errno(const char *s)
{
	static const struct { const char *name; int e; } names[] = {
		{ "EPERM", EPERM }, { "ENOSYS", ENOSYS }, { "ENOTTY", ENOTTY },
		{ "EINVAL", EINVAL }, { "EOPNOTSUPP", EOPNOTSUPP }, { "EACCES", EACCES },
	};
	char *end;
	long v;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0)
			return names[i].e;
	v = strtol(s, &end, 0);
	if (*s && !*end && v > 0 && v < 4096)
		return (int)v;
	fprintf(stderr, "seccomp-launch: not an errno: %s\n", s);
	exit(2);
}

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (!*s || *end) {
		fprintf(stderr, "seccomp-launch: not a number: %s\n", s);
		exit(2);
	}
	return v;
}

/* Each rule is self-contained: reload nr, test, answer or fall through. */
static void rule_sys(unsigned nr, int err)
{
	LD(NR_OFF);
	JEQ(nr, 0, 1);
	RET(SECCOMP_RET_ERRNO | (unsigned)err);
}

static void rule_ioctl(unsigned cmd, int err)
{
	LD(NR_OFF);
	JEQ(SYS_ioctl, 0, 3);
	LD(ARG_LO(1));
	JEQ(cmd, 0, 1);
	RET(SECCOMP_RET_ERRNO | (unsigned)err);
}

static void rule_flag(unsigned nr, unsigned arg, unsigned bit, int err)
{
	LD(NR_OFF);
	JEQ(nr, 0, 3);
	LD(bit < 32 ? ARG_LO(arg) : ARG_HI(arg));
	JSET(1u << (bit % 32), 0, 1);
	RET(SECCOMP_RET_ERRNO | (unsigned)err);
}

static void preset(const char *name)
{
	if (strcmp(name, "clone3-eperm") == 0) {
		rule_sys(SYS_clone3, EPERM);
	} else if (strcmp(name, "6.1") == 0) {
		for (unsigned nr = 1; nr <= 10; nr++)
			rule_ioctl(NSB_PIDFD_GET_NS(nr), ENOTTY);
		rule_ioctl(NS_GET_MNTNS_ID, ENOTTY);
		rule_ioctl(NS_MNT_GET_INFO, ENOTTY);
		rule_ioctl(NS_MNT_GET_NEXT, ENOTTY);
		rule_ioctl(NS_MNT_GET_PREV, ENOTTY);
		rule_ioctl(NS_GET_ID, ENOTTY);
		rule_sys(NSB_NR_STATMOUNT, ENOSYS);
		rule_sys(NSB_NR_LISTMOUNT, ENOSYS);
		rule_sys(NSB_NR_LISTNS, ENOSYS);
		rule_flag(SYS_fanotify_init, 0, 14, EINVAL);	/* FAN_REPORT_MNT 0x4000 */
	} else {
		fprintf(stderr, "seccomp-launch: unknown preset: %s\n", name);
		exit(2);
	}
}

int main(int argc, char *argv[])
{
	int i;

	LD(offsetof(struct seccomp_data, arch));
	JEQ(AUDIT_ARCH_X86_64, 1, 0);
	RET(SECCOMP_RET_ALLOW);
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		char *a = argv[i], *eq = strrchr(a, '=');

		if (strncmp(a, "preset:", 7) == 0) {
			preset(a + 7);
			continue;
		}
		if (!eq) {
			fprintf(stderr, "seccomp-launch: a rule needs =ERRNO: %s\n", a);
			return 2;
		}
		*eq = '\0';
		if (strncmp(a, "sys:", 4) == 0) {
			rule_sys((unsigned)num(a + 4), parse_errno(eq + 1));
		} else if (strncmp(a, "ioctl:", 6) == 0) {
			rule_ioctl((unsigned)num(a + 6), parse_errno(eq + 1));
		} else if (strncmp(a, "flag:", 5) == 0) {
			char *p = strchr(a + 5, ':'), *q = p ? strchr(p + 1, ':') : NULL;

			if (!q) {
				fprintf(stderr, "seccomp-launch: flag:NR:ARG:BIT=ERRNO\n");
				return 2;
			}
			*p = *q = '\0';
			rule_flag((unsigned)num(a + 5), (unsigned)num(p + 1), (unsigned)num(q + 1),
				  parse_errno(eq + 1));
		} else {
			fprintf(stderr, "seccomp-launch: unknown rule: %s\n", a);
			return 2;
		}
	}
	if (i + 1 >= argc) {
		fprintf(stderr, "usage: seccomp-launch [RULE...] -- PROGRAM [ARG...]\n");
		return 2;
	}
	RET(SECCOMP_RET_ALLOW);
	struct sock_fprog fp = { .len = (unsigned short)n, .filter = prog };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) < 0) {
		perror("seccomp-launch: installing the filter");
		return 1;
	}
	execvp(argv[i + 1], argv + i + 1);
	perror("seccomp-launch: exec");
	return 127;
}
