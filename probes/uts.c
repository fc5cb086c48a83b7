/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * uts - set the hostname to argv[1] and report what this process saw.
 *
 * stdout:
 *   hostname.before  the name before the change
 *   sethostname      "ok", or the errno name (EPERM without CAP_SYS_ADMIN
 *                    over this uts namespace)
 *   hostname.after   the name after the attempt
 *
 * The probe does not judge. The test parent reads its own hostname
 * afterwards: unchanged exactly when the child could not reach the parent's
 * uts namespace (UTS-1). Without uts in the combination this changes the
 * parent's hostname: the parent is a private uts namespace inside the lab.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"
#include "common/errname.h"

int main(int argc, char *argv[])
{
	char name[HOST_NAME_MAX + 1];

	if (argc != 2)
		return probe_error(0, "usage: uts NEW-HOSTNAME");
	if (gethostname(name, sizeof(name)) < 0)
		return probe_error(errno, "gethostname");
	probe_put("hostname.before", "%s", name);
	if (sethostname(argv[1], strlen(argv[1])) < 0)
		probe_put("sethostname", "%s", nsb_errno_name(errno));
	else
		probe_put("sethostname", "ok");
	if (gethostname(name, sizeof(name)) < 0)
		return probe_error(errno, "gethostname");
	probe_put("hostname.after", "%s", name);
	return probe_done();
}
