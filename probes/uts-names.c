/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * uts-names - set the hostname and the NIS domain name to argv[2], through
 * the syscalls (argv[1] = "syscall") or through the kernel.hostname and
 * kernel.domainname sysctl files (argv[1] = "sysctl"), and report what this
 * process then sees through both interfaces.
 *
 * stdout:
 *   set.hostname, set.domainname  "ok", or the errno name (EPERM: no
 *                    CAP_SYS_ADMIN over this uts ns; EACCES: the sysctl
 *                    file's mode forbids writing)
 *   uname.hostname, uname.domainname    uname(2) afterwards
 *   sysctl.hostname, sysctl.domainname  /proc/sys/kernel files afterwards
 *
 * Without uts in the combination this renames the test parent's uts ns:
 * the test parent is a private uts namespace inside the lab (.mutates).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "probe.h"
#include "common/errname.h"
#include "common/procfs.h"

static int write_sysctl(const char *name, const char *value)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	return -nsb_write_file(path, value);
}

/* The sysctl's value without its newline, or the errno name. */
static void put_sysctl(const char *name)
{
	char path[64], buf[128], key[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	snprintf(key, sizeof(key), "sysctl.%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		probe_put(key, "%s", nsb_errno_name(errno));
	} else {
		buf[n] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		probe_put(key, "%s", buf);
	}
	if (fd >= 0)
		close(fd);
}

int main(int argc, char *argv[])
{
	struct utsname u;
	bool by_sysctl;
	int e;

	if (argc != 3 || (strcmp(argv[1], "syscall") && strcmp(argv[1], "sysctl")))
		return probe_error(0, "usage: uts-names syscall|sysctl NAME");
	by_sysctl = strcmp(argv[1], "sysctl") == 0;
	if (by_sysctl)
		e = write_sysctl("hostname", argv[2]);
	else
		e = sethostname(argv[2], strlen(argv[2])) < 0 ? errno : 0;
	probe_put("set.hostname", "%s", nsb_errno_name(e));
	if (by_sysctl)
		e = write_sysctl("domainname", argv[2]);
	else
		e = setdomainname(argv[2], strlen(argv[2])) < 0 ? errno : 0;
	probe_put("set.domainname", "%s", nsb_errno_name(e));
	if (uname(&u) < 0)
		return probe_error(errno, "uname");
	probe_put("uname.hostname", "%s", u.nodename);
	probe_put("uname.domainname", "%s", u.domainname);
	put_sysctl("hostname");
	put_sysctl("domainname");
	return probe_done();
}
