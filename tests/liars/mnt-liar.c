/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mnt-liar - mounts, binds and unmounts for real like the mnt probe, but
 * claims that every parent mount reached it and that its copies kept the
 * parent's propagation types (as if it shared the parent's mount ns):
 * mnt.propagation must fail in every combination with mnt and pass without.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <sys/mount.h>

#include "probes/probe.h"
#include "common/errname.h"

static const char *const modes[] = { "shared", "slave", "private", "unbindable" };

static const char *try(int r)
{
	return nsb_errno_name(r < 0 ? errno : 0);
}

int main(int argc, char *argv[])
{
	char path[PATH_MAX], target[PATH_MAX], key[64];

	if (argc != 2)
		return probe_error(0, "usage: mnt BASE");
	probe_put("base.seen", "1");
	for (int i = 0; i < 4; i++) {
		snprintf(key, sizeof(key), "%s.type", modes[i]);
		probe_put(key, "%s", modes[i]);
		snprintf(path, sizeof(path), "%s/%s/c", argv[1], modes[i]);
		snprintf(key, sizeof(key), "%s.mount", modes[i]);
		probe_put(key, "%s", try(mount("liar", path, "tmpfs", 0, "size=16k")));
	}
	snprintf(path, sizeof(path), "%s/unbindable", argv[1]);
	snprintf(target, sizeof(target), "%s/bind", argv[1]);
	probe_put("bind.unbindable", "%s", try(mount(path, target, NULL, MS_BIND, NULL)));
	if (probe_sync("mounted") < 0)
		return probe_error(errno, "sync");
	for (int i = 0; i < 4; i++) {
		snprintf(key, sizeof(key), "%s.p", modes[i]);
		probe_put(key, "1");
	}
	snprintf(path, sizeof(path), "%s/private", argv[1]);
	probe_put("umount.inherited", "%s", try(umount2(path, MNT_DETACH)));
	return probe_done();
}
