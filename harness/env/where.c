/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * where.c - "where am I?": the outer environment (container runtime or
 * sandbox), the virtualisation below the kernel, the cgroup layout, the
 * active LSMs, and which of our namespaces are the machine's initial ones.
 * Each answer keeps the evidence it rests on, for the report.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "common/log.h"
#include "support.h"
#include "common/util.h"
#include "common/errname.h"
#include "common/uapi.h"

int nsb_where(struct nsb_support *s);

static void note(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void note(char *buf, size_t len, const char *fmt, ...)
{
	size_t off = strlen(buf);
	va_list ap;

	if (off && off + 2 < len) {
		strcat(buf, "; ");
		off += 2;
	}
	va_start(ap, fmt);
	vsnprintf(buf + off, len > off ? len - off : 0, fmt, ap);
	va_end(ap);
}

/* The first line of a small file, without its newline; "" when unreadable. */
static const char *first_line(const char *path, char *buf, size_t len)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");

	buf[0] = '\0';
	if (f && fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static bool file_contains(const char *path, const char *needle)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	char line[1024];

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, needle))
			return true;
	return false;
}

/* ---- namespaces: the machine's initial ones have fixed inodes (PROPERTIES.md ID-2) ---- */

/*
 * Whether the initial net and mnt namespaces have fixed inodes here, decided
 * by trying, not by the version: they got them in the release that gave
 * every namespace an nsfs id (NS_GET_ID, include/uapi/linux/nsfs.h; both
 * 6.18). A kernel that answers NS_GET_ID with ENOTTY numbers the initial
 * net and mnt namespaces like any other: they cannot be identified.
 */
static bool initial_inodes_all_fixed(void)
{
	int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	uint64_t id = 0;
	bool ok;

	if (fd < 0)
		return false;
	ok = ioctl(fd, NS_GET_ID, &id) == 0;
	close(fd);
	return ok;
}

static void where_namespaces(struct nsb_environment *env)
{
	/* Before 6.18 net and mnt had dynamic inodes even in the initial namespaces. */
	bool all_fixed = initial_inodes_all_fixed();

	NSB_FOREACH_NS(t) {
		char path[64];
		struct stat st;

		snprintf(path, sizeof(path), "/proc/self/ns/%s", nsb_nstypes[t].name);
		env->ns[t].initial = -1;
		if (stat(path, &st) < 0)
			continue;
		env->ns[t].ino = (unsigned long long)st.st_ino;
		if (st.st_ino == nsb_nstypes[t].init_ino)
			env->ns[t].initial = 1;
		else if (all_fixed || (t != NSB_NS_NET && t != NSB_NS_MNT))
			env->ns[t].initial = 0;
	}
}

static bool any_private(const struct nsb_environment *env)
{
	NSB_FOREACH_NS(t)
		if (env->ns[t].initial == 0)
			return true;
	return false;
}

static bool any_unknown(const struct nsb_environment *env)
{
	NSB_FOREACH_NS(t)
		if (env->ns[t].initial < 0)
			return true;
	return false;
}

/* ---- outer environment ---- */

/*
 * Names of our ancestors, nearest first, up to PID 1 of our pid namespace
 * (bwrap --unshare-pid is that PID 1 itself; ancestors outside are invisible).
 */
static bool has_ancestor(const char *comm, pid_t *ret_pid)
{
	pid_t pid = getppid();

	for (int depth = 0; pid >= 1 && depth < 32; depth++) {
		char path[64], buf[512], *rp;
		pid_t ppid;

		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
		if (!*first_line(path, buf, sizeof(buf)))
			return false;
		rp = strrchr(buf, ')');
		if (!rp || sscanf(rp + 2, "%*c %d", &ppid) != 1)
			return false;
		*rp = '\0';
		if (strcmp(strchr(buf, '(') + 1, comm) == 0) {
			*ret_pid = pid;
			return true;
		}
		pid = ppid;
	}
	return false;
}

static void set_outer(struct nsb_environment *env, const char *what)
{
	if (!env->outer[0])
		snprintf(env->outer, sizeof(env->outer), "%s", what);
}

static void outer_markers(struct nsb_environment *env)
{
	const char *container = getenv("container");
	char buf[256];
	char *ev = env->outer_evidence;
	size_t evl = sizeof(env->outer_evidence);
	pid_t pid;

	if (*first_line("/run/systemd/container", buf, sizeof(buf))) {
		note(ev, evl, "/run/systemd/container says '%s'", buf);
		set_outer(env, buf);
	}
	if (container && *container) {
		note(ev, evl, "$container is '%s'", container);
		set_outer(env, container);
	}
	if (has_ancestor("systemd-nspawn", &pid)) {
		note(ev, evl, "ancestor process %d is systemd-nspawn", (int)pid);
		set_outer(env, "systemd-nspawn");
	}
	if (access("/run/.containerenv", F_OK) == 0) {
		note(ev, evl, "/run/.containerenv exists");
		set_outer(env, "podman");
	}
	if (file_contains("/proc/self/cgroup", "lxc.payload") || file_contains("/proc/self/cgroup", "/lxc/")) {
		note(ev, evl, "/proc/self/cgroup names an lxc cgroup");
		set_outer(env, "lxc");
	}
	if (file_contains("/proc/self/cgroup", "docker")) {
		note(ev, evl, "/proc/self/cgroup names a docker cgroup");
		set_outer(env, "docker");
	}
	if (has_ancestor("bwrap", &pid)) {
		note(ev, evl, "ancestor process %d is bwrap", (int)pid);
		set_outer(env, "bubblewrap");
	}
	if (file_contains("/proc/sys/kernel/osrelease", "microsoft") ||
	    file_contains("/proc/sys/kernel/osrelease", "WSL")) {
		note(ev, evl, "kernel release names Microsoft/WSL");
		set_outer(env, "wsl");
	}
	/* gVisor's Sentry reports a fixed fake kernel version. */
	if (file_contains("/proc/version", "gVisor") ||
	    file_contains("/proc/version", "#1 SMP Sun Jan 10 15:06:54 PST 2016")) {
		note(ev, evl, "/proc/version is gVisor's");
		set_outer(env, "gvisor");
	}
	if (has_ancestor("unshare", &pid)) {
		note(ev, evl, "ancestor process %d is unshare(1)", (int)pid);
		set_outer(env, "unshare");
	}
}

static void where_outer(struct nsb_support *s)
{
	struct nsb_environment *env = &s->env;
	char *ev = env->outer_evidence;
	size_t evl = sizeof(env->outer_evidence);
	bool priv = any_private(env);

	outer_markers(env);
	/*
	 * A marker file alone is weak: images built by docker keep /.dockerenv
	 * (this machine has one), and any unshare --mount gives a private
	 * mount ns. Docker is said only with a trace of its own besides: its
	 * cgroup (/proc/self/cgroup names docker) or its overlay root
	 * (/proc/self/mountinfo names a docker layer).
	 */
	if (access("/.dockerenv", F_OK) == 0 && !env->outer[0]) {
		bool cg = file_contains("/proc/self/cgroup", "docker");
		bool root = file_contains("/proc/self/mountinfo", "/docker/");

		if (env->ns[NSB_NS_MNT].initial != 0 && (cg || root)) {
			note(ev, evl, "/.dockerenv exists and %s", cg ? "/proc/self/cgroup names docker" :
				      "the root is a docker overlay (/proc/self/mountinfo)");
			set_outer(env, "docker");
		} else if (env->ns[NSB_NS_MNT].initial < 0) {
			note(ev, evl, "/.dockerenv exists; whether the mount namespace is the "
				      "machine's initial one cannot be told here");
		} else {
			note(ev, evl, "/.dockerenv exists, but %s: a leftover of the image, not a container",
			     env->ns[NSB_NS_MNT].initial == 0 ? "no docker cgroup and no docker overlay root" :
			     "the mount namespace is the machine's initial one");
		}
	}
	if (!s->ev.in_init_userns)
		note(ev, evl, "inside a user namespace (/proc/self/uid_map is not the identity)");
	if (!env->outer[0] && priv) {
		note(ev, evl, "some namespaces are not the machine's initial ones, no runtime marker found");
		set_outer(env, s->ev.in_init_userns ? "namespaces" : "user-namespace");
	}
	if (!env->outer[0] && any_unknown(env)) {
		char list[96] = "";

		NSB_FOREACH_NS(t)
			if (env->ns[t].initial < 0)
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 list[0] ? "," : "", nsb_nstypes[t].name);
		note(ev, evl, "every namespace that can be identified is the machine's initial one; "
			      "%s unknown (this kernel numbers the initial %s namespace(s) like any other: "
			      "no fixed inode, NS_GET_ID absent)",
		     list, list);
		set_outer(env, "unknown");
	}
	if (!env->outer[0]) {
		note(ev, evl, "every namespace is the machine's initial one");
		set_outer(env, "none");
	}
}

/* ---- virtualisation ---- */

static void cpuid_vendor(char *vendor, size_t len, bool *flag)
{
	vendor[0] = '\0';
	*flag = false;
#if defined(__x86_64__) || defined(__i386__)
	unsigned a, b, c, d;
	char v[13];

	if (__get_cpuid(1, &a, &b, &c, &d))
		*flag = c & (1u << 31);		/* the "hypervisor" bit */
	if (!*flag)
		return;
	__cpuid(0x40000000, a, b, c, d);
	memcpy(v, &b, 4);
	memcpy(v + 4, &c, 4);
	memcpy(v + 8, &d, 4);
	v[12] = '\0';
	snprintf(vendor, len, "%s", v);
#endif
}

/* Firecracker writes its OEM id "FIRECK" into every ACPI table header (readable by root only). */
static bool acpi_oem_is(const char *oem)
{
	_cleanup_close_ int fd = open("/sys/firmware/acpi/tables/DSDT", O_RDONLY | O_CLOEXEC);
	char hdr[16];

	return fd >= 0 && read(fd, hdr, sizeof(hdr)) == sizeof(hdr) && memcmp(hdr + 10, oem, 6) == 0;
}

static void set_virt(struct nsb_environment *env, const char *what)
{
	if (!env->virt[0])
		snprintf(env->virt, sizeof(env->virt), "%s", what);
}

static void where_virt(struct nsb_environment *env)
{
	static const struct { const char *cpuid, *name; } vendors[] = {
		{ "KVMKVMKVM", "kvm" }, { "Microsoft Hv", "microsoft" }, { "VMwareVMware", "vmware" },
		{ "XenVMMXenVMM", "xen" }, { "TCGTCGTCGTCG", "qemu" }, { "bhyve bhyve ", "bhyve" },
		{ "ACRNACRNACRN", "acrn" }, { " lrpepyh  vr", "parallels" },
	};
	char *ev = env->virt_evidence, vendor[16], buf[128];
	size_t evl = sizeof(env->virt_evidence);
	bool flag;

	if (acpi_oem_is("FIRECK")) {
		note(ev, evl, "ACPI tables' OEM id is FIRECK");
		set_virt(env, "firecracker");
	} else if (access("/sys/firmware/acpi/tables/DSDT", F_OK) == 0 &&
		   access("/sys/firmware/acpi/tables/DSDT", R_OK) < 0) {
		note(ev, evl, "ACPI tables unreadable (root only): Firecracker cannot be told from plain KVM");
	}
	if (*first_line("/sys/class/dmi/id/sys_vendor", buf, sizeof(buf))) {
		note(ev, evl, "DMI sys_vendor '%s'", buf);
		if (strstr(buf, "QEMU"))
			set_virt(env, "qemu");
	} else {
		note(ev, evl, "no DMI data (/sys/class/dmi/id)");
	}
	if (*first_line("/sys/hypervisor/type", buf, sizeof(buf))) {
		note(ev, evl, "/sys/hypervisor/type '%s'", buf);
		set_virt(env, buf);
	}
	cpuid_vendor(vendor, sizeof(vendor), &flag);
	if (flag) {
		note(ev, evl, "CPUID hypervisor bit set, vendor '%s'", vendor);
		for (size_t i = 0; i < ARRAY_SIZE(vendors); i++)
			if (strcmp(vendor, vendors[i].cpuid) == 0)
				set_virt(env, vendors[i].name);
		set_virt(env, "unknown-hypervisor");
	} else if (file_contains("/proc/cpuinfo", " hypervisor")) {
		note(ev, evl, "/proc/cpuinfo has the hypervisor flag");
		set_virt(env, "unknown-hypervisor");
	}
	if (!env->virt[0]) {
		note(ev, evl, "no hypervisor flag");
		set_virt(env, "none");
	}
}

/* ---- cgroups, LSMs ---- */

static void where_cgroups(struct nsb_environment *env)
{
	_cleanup_fclose_ FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[1024];
	bool v1 = false, v2 = false;

	while (f && fgets(line, sizeof(line), f)) {
		const char *sep = strstr(line, " - ");

		if (!sep)
			continue;
		if (strncmp(sep + 3, "cgroup2 ", 8) == 0)
			v2 = true;
		else if (strncmp(sep + 3, "cgroup ", 7) == 0)
			v1 = true;
	}
	snprintf(env->cgroup_layout, sizeof(env->cgroup_layout), "%s",
		 v1 && v2 ? "hybrid" : v1 ? "v1" : v2 ? "v2" : "none");
}

/*
 * securityfs is not always mounted (it is not here). Root may mount it in a
 * throwaway child's private mount namespace: nothing outside sees it.
 */
static void lsm_child(char *out, size_t len)
{
	char buf[256];

	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("securityfs", "/sys/kernel/security", "securityfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0)
		return;
	snprintf(out, len, "%s", first_line("/sys/kernel/security/lsm", buf, sizeof(buf)));
}

static void where_lsm(struct nsb_environment *env)
{
	char buf[256];
	int p[2];
	pid_t pid;
	ssize_t n;

	if (*first_line("/sys/kernel/security/lsm", buf, sizeof(buf))) {
		snprintf(env->lsm, sizeof(env->lsm), "%s", buf);
		snprintf(env->lsm_source, sizeof(env->lsm_source), "/sys/kernel/security/lsm");
		return;
	}
	snprintf(env->lsm_source, sizeof(env->lsm_source), "unknown: securityfs not mounted");
	if (pipe2(p, O_CLOEXEC) < 0)
		return;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
		buf[0] = '\0';
		lsm_child(buf, sizeof(buf));
		(void)!write(p[1], buf, strlen(buf));
		_exit(0);
	}
	close(p[1]);
	n = pid > 0 ? read(p[0], buf, sizeof(buf) - 1) : -1;
	close(p[0]);
	if (pid > 0)
		(void)waitpid(pid, NULL, 0);
	if (n > 0) {
		buf[n] = '\0';
		snprintf(env->lsm, sizeof(env->lsm), "%s", buf);
		snprintf(env->lsm_source, sizeof(env->lsm_source),
			 "securityfs mounted in a throwaway private mount namespace");
	}
}

static void where_clone3(const struct nsb_evidence *ev, struct nsb_environment *env)
{
	int e = ev->sc_errno[NSB_SC_CLONE3];

	if (e == NSB_SC_UNTESTED)
		snprintf(env->clone3, sizeof(env->clone3), "unknown");
	else if (!nsb_diag_sc_refused(ev, NSB_SC_CLONE3))
		snprintf(env->clone3, sizeof(env->clone3), "available");
	else if (ev->seccomp_mode == 2)
		snprintf(env->clone3, sizeof(env->clone3), "refused by a seccomp filter (%s)", nsb_errno_name(e));
	else
		snprintf(env->clone3, sizeof(env->clone3), "absent (%s): kernel older than 5.3",
			 nsb_errno_name(e));
	env->time_ns = access("/proc/self/ns/time", F_OK) == 0;
}

int nsb_where(struct nsb_support *s)
{
	where_namespaces(&s->env);
	where_outer(s);
	where_virt(&s->env);
	where_cgroups(&s->env);
	where_lsm(&s->env);
	where_clone3(&s->ev, &s->env);
	return 0;
}
