/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mountapi-notify - mount notifications per mount namespace (fanotify(7),
 * FAN_REPORT_MNT and FAN_MARK_MNTNS, 6.15+). In the probe's own mount ns
 * (the row needs mnt), with a tmpfs over /tmp first: group F1 marks our
 * mount ns, group F2 the mount ns of a child that unshared CLONE_NEWNS
 * (all mounts private, so nothing propagates between the two). Each side
 * mounts a tmpfs; each group must report its own ns's mount only.
 *
 * stdout ("ok" or an errno name unless said otherwise):
 *   fan.init            fanotify_init(FAN_REPORT_MNT); nothing else follows
 *                       when refused (EINVAL, an older kernel: a skip; EPERM
 *                       where an unprivileged FID group works: a skip naming
 *                       the kernel's privilege rule)
 *   fan.mark_own        FAN_MARK_MNTNS of /proc/self/ns/mnt on F1
 *   fan.mark_other      the child's FAN_MARK_MNTNS of its ns on F2
 *   own.attach          F1's events after our mount: "attach:<match>" where
 *                       match is "same" when the mount id is the new mount's
 *                       unique id (statx), else the events' names or "none"
 *   other.after_own     F2's events at that moment
 *   other.attach        F2's events after the child's mount (as own.attach)
 *   own.after_other     F1's events at that moment
 *   own.detach          F1's events after umount of our mount
 *   err.not_ns          FAN_MARK_MNTNS of a directory that is no ns file
 *   err.bad_mask        FAN_MARK_MNTNS with FAN_OPEN in the mask
 * or skip=<reason> when the kernel knows no FAN_REPORT_MNT (EINVAL).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/stat.h>	/* struct statx, where the C library has none (musl) */

#include "probe.h"
#include "common/uapi.h"
#include "common/errname.h"

/* include/uapi/linux/fanotify.h (6.15): Debian 12's headers stop before these. */
#define NSB_FAN_REPORT_MNT 0x00004000U
#define NSB_FAN_MARK_MNTNS 0x00000110U
#define NSB_FAN_MNT_ATTACH 0x01000000ULL
#define NSB_FAN_MNT_DETACH 0x02000000ULL
#define NSB_FAN_EVENT_INFO_TYPE_MNT 7

struct info_mnt {
	struct fanotify_event_info_header hdr;
	uint64_t mnt_id;
};

static int fan_init(void)
{
	return fanotify_init(NSB_FAN_REPORT_MNT | FAN_CLOEXEC | FAN_NONBLOCK, 0);
}

static long mark_ns(int fan, const char *path, uint64_t mask)
{
	return fanotify_mark(fan, FAN_MARK_ADD | NSB_FAN_MARK_MNTNS, mask, AT_FDCWD, path);
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

/*
 * Drain the group: "attach:same" / "detach:same" when the event's mount
 * is @want, ":other" for another mount, ","-joined; "none" if empty.
 */
static void put_events(const char *key, int fan, uint64_t want)
{
	char buf[4096] __attribute__((aligned(8))), out[256] = "";
	ssize_t n = read(fan, buf, sizeof(buf));
	size_t o = 0;

	for (struct fanotify_event_metadata *m = (void *)buf; n > 0 && FAN_EVENT_OK(m, n);
	     m = FAN_EVENT_NEXT(m, n)) {
		const char *what = m->mask & NSB_FAN_MNT_ATTACH ? "attach" :
				   m->mask & NSB_FAN_MNT_DETACH ? "detach" : "other";
		const char *match = "noinfo";

		for (size_t off = m->metadata_len; off + sizeof(struct info_mnt) <= m->event_len;) {
			struct info_mnt *i = (void *)((char *)m + off);

			if (i->hdr.info_type == NSB_FAN_EVENT_INFO_TYPE_MNT)
				match = i->mnt_id == want ? "same" : "other";
			if (!i->hdr.len)
				break;
			off += i->hdr.len;
		}
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s:%s", o ? "," : "", what, match);
		if (o >= sizeof(out))
			break;
	}
	probe_put(key, "%s", out[0] ? out : "none");
}

/* The child: its own mount ns, marked on F2; mounts when told, reports the id. */
static int other_side(int fan2, int go, int back)
{
	uint64_t id = 0;
	char c;
	long r;

	if (unshare(CLONE_NEWNS) < 0)
		return probe_error(errno, "unshare(CLONE_NEWNS)");
	r = mark_ns(fan2, "/proc/self/ns/mnt", NSB_FAN_MNT_ATTACH | NSB_FAN_MNT_DETACH);
	probe_put("fan.mark_other", "%s", nsb_errno_name(r < 0 ? errno : 0));
	fflush(stdout);
	if (write(back, &id, sizeof(id)) != sizeof(id) || read(go, &c, 1) != 1)
		return PROBE_ERROR;
	if (mount("nsb", "/tmp/n2", "tmpfs", MS_NOSUID | MS_NODEV, "size=16k") == 0)
		id = unique_id("/tmp/n2");
	if (write(back, &id, sizeof(id)) != sizeof(id))
		return PROBE_ERROR;
	(void)read(go, &c, 1);	/* stay until the parent has read */
	(void)umount("/tmp/n2");
	return PROBE_OK;
}

static int run(int fan1, int fan2)
{
	int to[2], from[2], st;
	uint64_t id, mine;
	pid_t pid;
	long r;

	if (mkdir("/tmp/n1", 0700) < 0 || mkdir("/tmp/n2", 0700) < 0 || pipe2(to, O_CLOEXEC) < 0 ||
	    pipe2(from, O_CLOEXEC) < 0)
		return probe_error(errno, "prepare");
	r = mark_ns(fan1, "/proc/self/ns/mnt", NSB_FAN_MNT_ATTACH | NSB_FAN_MNT_DETACH);
	probe_put("fan.mark_own", "%s", nsb_errno_name(r < 0 ? errno : 0));
	probe_put("err.not_ns", "%s", nsb_errno_name(mark_ns(fan1, "/tmp", NSB_FAN_MNT_ATTACH) < 0 ? errno : 0));
	probe_put("err.bad_mask", "%s",
		  nsb_errno_name(mark_ns(fan1, "/proc/self/ns/mnt", FAN_OPEN) < 0 ? errno : 0));
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(to[1]);	/* so that the last read sees EOF */
		_exit(other_side(fan2, to[0], from[1]));
	}
	close(to[0]);
	close(from[1]);
	if (pid < 0 || read(from[0], &id, sizeof(id)) != sizeof(id))
		return probe_error(errno, "the other mount ns");
	if (mount("nsb", "/tmp/n1", "tmpfs", MS_NOSUID | MS_NODEV, "size=16k") < 0)
		return probe_error(errno, "mount /tmp/n1");
	mine = unique_id("/tmp/n1");
	put_events("own.attach", fan1, mine);
	put_events("other.after_own", fan2, mine);
	if (write(to[1], "g", 1) != 1 || read(from[0], &id, sizeof(id)) != sizeof(id))
		return probe_error(errno, "the other mount");
	put_events("other.attach", fan2, id);
	put_events("own.after_other", fan1, id);
	if (umount("/tmp/n1") < 0)
		return probe_error(errno, "umount /tmp/n1");
	put_events("own.detach", fan1, mine);
	close(to[1]);
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return probe_error(0, "the other mount ns failed");
	return probe_done();
}

/*
 * fanotify_init(FAN_REPORT_MNT) answered EPERM with no seccomp filter: a
 * kernel that checks privilege before flags refuses a flag it may not know
 * (6.1's fs/notify/fanotify/fanotify_user.c fanotify_init(): without
 * CAP_SYS_ADMIN in the initial user namespace, only a FAN_CLASS_NOTIF group
 * with a FID report, else EPERM, before the unknown-flag EINVAL). When such
 * an unprivileged group (FAN_REPORT_FID) can be made here, the EPERM is that
 * rule, not a filter or an LSM on fanotify: a skip saying so. Returns the
 * probe's exit status, or -1 when that group cannot be made either.
 */
static int privilege_rule_skip(void)
{
	struct utsname u;
	int fd = fanotify_init(FAN_CLASS_NOTIF | FAN_REPORT_FID | FAN_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	close(fd);
	if (uname(&u) < 0)
		snprintf(u.release, sizeof(u.release), "?");
	return probe_skip("fanotify_init(FAN_REPORT_MNT): EPERM on kernel %s (refused to a caller "
			  "without CAP_SYS_ADMIN in the initial user namespace, where an unprivileged "
			  "FAN_REPORT_FID group works: the kernel's privilege rule, not a filter; "
			  "whether it knows FAN_REPORT_MNT cannot be told from here)",
			  u.release);
}

int main(void)
{
	int fan1, fan2;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("nsb", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=64k") < 0)
		return probe_error(errno, "tmpfs on /tmp");
	fan1 = fan_init();
	if (fan1 < 0) {
		int sk = probe_skip_if_filtered("fanotify_init", errno);

		if (sk >= 0)
			return sk;
	}
	/*
	 * A kernel without FAN_REPORT_MNT: EINVAL; one that checks privilege
	 * first (6.1: !capable(CAP_SYS_ADMIN) and a flag outside the
	 * unprivileged set) or a filter: EPERM. Both: skip naming it.
	 */
	if (fan1 < 0 && errno == EPERM) {
		int sk = privilege_rule_skip();

		if (sk >= 0)
			return sk;
		errno = EPERM;
	}
	if (fan1 < 0 && probe_is_absent(NSB_IFACE_FLAG, errno))
		return probe_absent("fanotify_init(FAN_REPORT_MNT)", NSB_IFACE_FLAG, errno);
	probe_put("fan.init", "%s", nsb_errno_name(fan1 < 0 ? errno : 0));
	if (fan1 < 0)
		return probe_done();
	fan2 = fan_init();
	if (fan2 < 0)
		return probe_error(errno, "a second fanotify group");
	return run(fan1, fan2);
}
