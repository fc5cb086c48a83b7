/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mountapi - mount_setattr(2) propagation, MOVE_MOUNT_SET_GROUP, and
 * listmount(2)/statmount(2), on tmpfs mounts the probe makes in its own
 * mount namespace (the row needs mnt in the combination): first a tmpfs
 * over /tmp, then everything below it.
 *
 * The test parent (in a private mount ns of its own) mounted a tmpfs on
 * /run and wrote "<its mnt ns id> <that mount's unique id>" to
 * /run/nsb-mntns: the probe's copy of the tree still shows it.
 *
 * stdout ("ok" or an errno name unless said otherwise; "fields" are the
 * names of the optional mountinfo fields, ","-joined, "none" if empty):
 *   prop.<how>.<p>     how = setattr (mount_setattr, .propagation = MS_<p>)
 *                      or mount (mount(2) with MS_<p>), p = shared, slave,
 *                      unbindable, private, applied in turn to a fresh tmpfs:
 *                      the fields afterwards (the call's errno name if refused)
 *   prop.two_bits      .propagation = MS_SHARED|MS_SLAVE
 *   prop.not_root      mount_setattr on a directory that is no mount root
 *   prop.nocap         mount_setattr without CAP_SYS_ADMIN
 *   group.a, group.a_id          fields and peer group of mount A after MS_SHARED
 *   group.set                    move_mount(A, B, MOVE_MOUNT_SET_GROUP), B a bind of A/sub
 *   group.b, group.b_id          B's fields and peer group afterwards
 *   group.slave_master           B's master:N after MS_SLAVE on B
 *   group.not_root, group.other_sb, group.to_shared, group.from_private
 *                                the EINVAL cases of move_mount(2)
 *   ns.own              NS_GET_MNTNS_ID of /proc/self/ns/mnt
 *   ns.parent, ns.parent_mnt     what the test parent wrote
 *   sm.self             statmount of mount A; sm.ns_id its mnt_ns_id,
 *                       sm.is_a "yes" when its mnt_id is A's unique id
 *   lm.self             listmount(LSMT_ROOT) of our ns; lm.count, mi.count
 *                       (lines of /proc/self/mountinfo), lm.has_new ("yes"
 *                       when A is listed), lm.has_parent (the parent's tmpfs)
 *   lm.iter             one id per call, each call after the last id:
 *                       lm.iter_same "yes" when that gives the same list
 *   other.listmount, other.statmount   the parent's ns by mnt_ns_id;
 *                       other.ns_id    statmount's mnt_ns_id when allowed
 *   err.sm_flags, err.sm_size, err.sm_nobuf, err.sm_small, err.sm_noent,
 *   err.lm_flags, err.lm_noreq, err.lm_noent, err.ns_noent   (err.sm_small:
 *                       the mount point in a buffer one byte too short)
 * or skip=<reason> when the kernel lacks listmount/statmount (ENOSYS) or
 * NS_GET_MNTNS_ID (ENOTTY).
 *
 * argv[1] "propagation": only the prop.* and group.* keys (mount_setattr
 * 5.12, MOVE_MOUNT_SET_GROUP 5.15), without the test parent's /run/nsb-mntns,
 * so a kernel without listmount (6.8) or NS_GET_MNTNS_ID (6.11) still checks
 * them; "listmount" (or none): everything.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/mount.h>
#include <linux/stat.h>	/* struct statx, where the C library has none (musl) */

#include "probe.h"
#include "common/uapi.h"
#include "common/errname.h"

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef SYS_move_mount
#define SYS_move_mount 429
#endif

#define MAX_MOUNTS 512

struct fields {
	char names[64];
	unsigned long shared, master;
};

static const char *res(long r)
{
	return nsb_errno_name(r < 0 ? errno : 0);
}

static long setprop(const char *path, unsigned long prop)
{
	struct mount_attr a = { .propagation = prop };

	return syscall(SYS_mount_setattr, AT_FDCWD, path, 0, &a, sizeof(a));
}

static long set_group(const char *from, const char *to)
{
	return syscall(SYS_move_mount, AT_FDCWD, from, AT_FDCWD, to, MOVE_MOUNT_SET_GROUP);
}

/* The optional fields of the topmost mount on @path (proc(5) mountinfo). */
static int get_fields(const char *path, struct fields *f)
{
	char line[4096];
	FILE *mi = fopen("/proc/self/mountinfo", "re");
	int found = 0;

	if (!mi)
		return -1;
	while (fgets(line, sizeof(line), mi)) {
		char *save = NULL, *tok = strtok_r(line, " ", &save);

		for (int i = 1; tok && i < 5; i++)
			tok = strtok_r(NULL, " ", &save);
		if (!tok || strcmp(tok, path) != 0)
			continue;
		found = 1;
		memset(f, 0, sizeof(*f));
		(void)strtok_r(NULL, " ", &save);	/* per-mount options */
		while ((tok = strtok_r(NULL, " ", &save)) && strcmp(tok, "-") != 0) {
			char *colon = strchr(tok, ':');
			size_t o = strlen(f->names);

			if (colon)
				*colon++ = '\0';
			snprintf(f->names + o, sizeof(f->names) - o, "%s%s", o ? "," : "", tok);
			if (colon && strcmp(tok, "shared") == 0)
				f->shared = strtoul(colon, NULL, 10);
			if (colon && strcmp(tok, "master") == 0)
				f->master = strtoul(colon, NULL, 10);
		}
	}
	fclose(mi);
	if (found && !f->names[0])
		strcpy(f->names, "none");
	return found ? 0 : -1;
}

static void put_fields(const char *key, const char *path)
{
	struct fields f;

	probe_put(key, "%s", get_fields(path, &f) == 0 ? f.names : "unmounted");
}

static int tmpfs(const char *path)
{
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return -1;
	return mount("nsb", path, "tmpfs", MS_NOSUID | MS_NODEV, "size=16k");
}

/* The same four changes through both interfaces, each on a fresh mount. */
static int propagation(void)
{
	static const struct { const char *name; unsigned long flag; } p[] = {
		{ "shared", MS_SHARED }, { "slave", MS_SLAVE },
		{ "unbindable", MS_UNBINDABLE }, { "private", MS_PRIVATE },
	};
	char key[64];

	if (tmpfs("/tmp/s") < 0 || tmpfs("/tmp/m") < 0)
		return probe_error(errno, "tmpfs on /tmp/s, /tmp/m");
	for (size_t i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		snprintf(key, sizeof(key), "prop.setattr.%s", p[i].name);
		if (setprop("/tmp/s", p[i].flag) < 0)
			probe_put(key, "%s", nsb_errno_name(errno));
		else
			put_fields(key, "/tmp/s");
		snprintf(key, sizeof(key), "prop.mount.%s", p[i].name);
		if (mount(NULL, "/tmp/m", NULL, p[i].flag, NULL) < 0)
			probe_put(key, "%s", nsb_errno_name(errno));
		else
			put_fields(key, "/tmp/m");
	}
	/* mount_setattr(2) ERRORS: exactly one propagation type; a mount root. */
	probe_put("prop.two_bits", "%s", res(setprop("/tmp/s", MS_SHARED | MS_SLAVE)));
	if (mkdir("/tmp/s/dir", 0700) < 0)
		return probe_error(errno, "mkdir /tmp/s/dir");
	probe_put("prop.not_root", "%s", res(setprop("/tmp/s/dir", MS_SHARED)));
	return 0;
}

static int nocap_child(void *unused __attribute__((unused)))
{
	cap_t none = cap_init();

	if (!none || cap_set_proc(none) < 0)
		return PROBE_ERROR;
	probe_put("prop.nocap", "%s", res(setprop("/tmp/s", MS_SHARED)));
	return probe_done();
}

/*
 * MOVE_MOUNT_SET_GROUP (move_mount(2)): B, a bind mount of a directory of
 * A (same superblock, root inside A's), joins A's peer group.
 */
static int groups(void)
{
	struct fields a, b;

	if (tmpfs("/tmp/a") < 0 || mkdir("/tmp/a/sub", 0700) < 0 || mkdir("/tmp/b", 0700) < 0 ||
	    mount("/tmp/a/sub", "/tmp/b", NULL, MS_BIND, NULL) < 0 || tmpfs("/tmp/c") < 0 ||
	    mkdir("/tmp/d", 0700) < 0 || mount("/tmp/a/sub", "/tmp/d", NULL, MS_BIND, NULL) < 0)
		return probe_error(errno, "mounts A, B, C, D");
	/* A is still private: nothing to copy from. */
	probe_put("group.from_private", "%s", res(set_group("/tmp/a", "/tmp/b")));
	if (setprop("/tmp/a", MS_SHARED) < 0 || get_fields("/tmp/a", &a) < 0)
		return probe_error(errno, "make A shared");
	probe_put("group.a", "%s", a.names);
	probe_put("group.a_id", "%lu", a.shared);
	probe_put("group.not_root", "%s", res(set_group("/tmp/a/sub", "/tmp/b")));
	probe_put("group.other_sb", "%s", res(set_group("/tmp/a", "/tmp/c")));
	probe_put("group.set", "%s", res(set_group("/tmp/a", "/tmp/b")));
	if (get_fields("/tmp/b", &b) < 0)
		return probe_error(0, "B vanished");
	probe_put("group.b", "%s", b.names);
	probe_put("group.b_id", "%lu", b.shared);
	/* Only a private mount may receive a group: B has one now. */
	probe_put("group.to_shared", "%s", res(set_group("/tmp/d", "/tmp/b")));
	if (setprop("/tmp/b", MS_SLAVE) < 0 || get_fields("/tmp/b", &b) < 0)
		return probe_error(errno, "make B a slave");
	probe_put("group.slave_master", "%lu", b.master);
	return 0;
}

static long statmount_req(uint64_t mnt_id, uint64_t ns_id, struct nsb_statmount *sm, size_t size,
			  unsigned flags)
{
	struct nsb_mnt_id_req r = { .size = NSB_MNT_ID_REQ_SIZE_VER1, .mnt_id = mnt_id,
				    .param = NSB_STATMOUNT_MNT_BASIC | NSB_STATMOUNT_MNT_NS_ID,
				    .mnt_ns_id = ns_id };

	return syscall(NSB_NR_STATMOUNT, &r, sm, size, flags);
}

static long listmount_req(uint64_t ns_id, uint64_t last, uint64_t *ids, size_t n)
{
	struct nsb_mnt_id_req r = { .size = NSB_MNT_ID_REQ_SIZE_VER1, .mnt_id = NSB_LSMT_ROOT,
				    .param = last, .mnt_ns_id = ns_id };

	return syscall(NSB_NR_LISTMOUNT, &r, ids, n, 0);
}

static uint64_t unique_id(const char *path)
{
	struct statx stx;

	/* The system call itself: musl 1.2.3 has no statx() wrapper (statx(2)). */
	if (syscall(SYS_statx, AT_FDCWD, path, 0, NSB_STATX_MNT_ID_UNIQUE, &stx) < 0 ||
	    !(stx.stx_mask & NSB_STATX_MNT_ID_UNIQUE))
		return 0;
	return stx.stx_mnt_id;
}

static int has_id(const uint64_t *ids, long n, uint64_t id)
{
	for (long i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

static long count_lines(const char *path)
{
	FILE *f = fopen(path, "re");
	long n = 0;
	int c;

	if (!f)
		return -1;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

/* Iterate one id at a time, each call continuing after the last id. */
static int iterate_same(const uint64_t *ids, long n)
{
	uint64_t last = 0, one;
	long i = 0, r;

	while ((r = listmount_req(0, last, &one, 1)) == 1) {
		if (i >= n || ids[i++] != one)
			return 0;
		last = one;
	}
	return r == 0 && i == n;
}

static void other_ns(uint64_t parent_ns, uint64_t parent_mnt)
{
	static uint64_t ids[MAX_MOUNTS];
	static char buf[8192] __attribute__((aligned(8)));
	struct nsb_statmount *sm = (struct nsb_statmount *)buf;

	probe_put("other.listmount", "%s", res(listmount_req(parent_ns, 0, ids, MAX_MOUNTS)));
	if (statmount_req(parent_mnt, parent_ns, sm, sizeof(buf), 0) < 0) {
		probe_put("other.statmount", "%s", nsb_errno_name(errno));
		return;
	}
	probe_put("other.statmount", "ok");
	probe_put("other.ns_id", "%llu", (unsigned long long)sm->mnt_ns_id);
}

/*
 * EOVERFLOW: the mount point (a string) asked for, in a buffer one byte
 * shorter than the size statmount(2) reported it needs.
 */
static long small_buffer(uint64_t id, struct nsb_statmount *sm, size_t size)
{
	struct nsb_mnt_id_req r = { .size = NSB_MNT_ID_REQ_SIZE_VER0, .mnt_id = id,
				    .param = NSB_STATMOUNT_MNT_POINT };

	if (syscall(NSB_NR_STATMOUNT, &r, sm, size, 0) < 0)
		return -1;
	return syscall(NSB_NR_STATMOUNT, &r, sm, (size_t)sm->size - 1, 0);
}

/* The ERRORS of statmount(2) and listmount(2). */
static void errors(uint64_t a_id)
{
	static char buf[8192] __attribute__((aligned(8)));
	struct nsb_statmount *sm = (struct nsb_statmount *)buf;
	struct nsb_mnt_id_req bad = { .size = 8, .mnt_id = a_id };
	uint64_t ids[4];

	probe_put("err.sm_flags", "%s", res(statmount_req(a_id, 0, sm, sizeof(buf), 1)));
	probe_put("err.sm_size", "%s", res(syscall(NSB_NR_STATMOUNT, &bad, sm, sizeof(buf), 0)));
	probe_put("err.sm_nobuf", "%s", res(statmount_req(a_id, 0, NULL, sizeof(buf), 0)));
	probe_put("err.sm_small", "%s", res(small_buffer(a_id, sm, sizeof(buf))));
	probe_put("err.sm_noent", "%s", res(statmount_req(UINT64_MAX - 1, 0, sm, sizeof(buf), 0)));
	probe_put("err.lm_flags", "%s",
		  res(syscall(NSB_NR_LISTMOUNT, &(struct nsb_mnt_id_req){ .size = NSB_MNT_ID_REQ_SIZE_VER0,
				.mnt_id = NSB_LSMT_ROOT }, ids, 4, 0x80000000U)));
	probe_put("err.lm_noreq", "%s", res(syscall(NSB_NR_LISTMOUNT, NULL, ids, 4, 0)));
	probe_put("err.lm_noent", "%s",
		  res(syscall(NSB_NR_LISTMOUNT, &(struct nsb_mnt_id_req){ .size = NSB_MNT_ID_REQ_SIZE_VER0,
				.mnt_id = UINT64_MAX - 1 }, ids, 4, 0)));
	probe_put("err.ns_noent", "%s", res(listmount_req(UINT64_MAX - 1, 0, ids, 4)));
}

static int read_parent(uint64_t *ns, uint64_t *mnt)
{
	unsigned long long a = 0, b = 0;
	FILE *f = fopen("/run/nsb-mntns", "re");
	int n = f ? fscanf(f, "%llu %llu", &a, &b) : 0;

	if (f)
		fclose(f);
	*ns = a;
	*mnt = b;
	return n == 2 ? 0 : -1;
}

static int list_stat(uint64_t parent_ns, uint64_t parent_mnt)
{
	static uint64_t ids[MAX_MOUNTS];
	static char buf[8192] __attribute__((aligned(8)));
	struct nsb_statmount *sm = (struct nsb_statmount *)buf;
	uint64_t own = 0, a_id = unique_id("/tmp/a");
	int fd = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	long n;

	if (fd < 0)
		return probe_error(errno, "open /proc/self/ns/mnt");
	if (ioctl(fd, NS_GET_MNTNS_ID, &own) < 0)
		return probe_absent("NS_GET_MNTNS_ID", NSB_IFACE_IOCTL, errno);
	close(fd);
	probe_put("ns.own", "%llu", (unsigned long long)own);
	n = statmount_req(a_id, 0, sm, sizeof(buf), 0);
	if (n < 0) {
		int sk = probe_skip_if_filtered("statmount", errno);

		if (sk >= 0)
			return sk;
	}
	if (n < 0 && probe_is_absent(NSB_IFACE_SYSCALL, errno))
		return probe_absent("statmount(2)", NSB_IFACE_SYSCALL, errno);
	probe_put("sm.self", "%s", res(n));
	probe_put("sm.ns_id", "%llu", n < 0 ? 0ULL : (unsigned long long)sm->mnt_ns_id);
	probe_put("sm.is_a", "%s", n == 0 && a_id && sm->mnt_id == a_id ? "yes" : "no");
	n = listmount_req(0, 0, ids, MAX_MOUNTS);
	probe_put("lm.self", "%s", res(n));
	probe_put("lm.count", "%ld", n);
	probe_put("mi.count", "%ld", count_lines("/proc/self/mountinfo"));
	probe_put("lm.has_new", "%s", a_id && has_id(ids, n, a_id) ? "yes" : "no");
	probe_put("lm.has_parent", "%s", has_id(ids, n, parent_mnt) ? "yes" : "no");
	probe_put("lm.iter_same", "%s", n > 0 && iterate_same(ids, n) ? "yes" : "no");
	other_ns(parent_ns, parent_mnt);
	errors(a_id);
	return 0;
}

static int run(bool list)
{
	uint64_t parent_ns = 0, parent_mnt = 0;

	if (list && read_parent(&parent_ns, &parent_mnt) < 0)
		return probe_error(errno, "read /run/nsb-mntns");
	if (list) {
		probe_put("ns.parent", "%llu", (unsigned long long)parent_ns);
		probe_put("ns.parent_mnt", "%llu", (unsigned long long)parent_mnt);
	}
	/* The combination gave us our own mount ns: nothing here reaches the parent's. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("nsb", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=64k") < 0)
		return probe_error(errno, "tmpfs on /tmp");
	if (propagation() || probe_in_child(nocap_child, NULL) != 0 || groups())
		return PROBE_ERROR;
	return list ? list_stat(parent_ns, parent_mnt) : PROBE_OK;
}

int main(int argc, char *argv[])
{
	int r = run(argc < 2 || strcmp(argv[1], "propagation") != 0);

	return r != PROBE_OK ? r : probe_done();
}
