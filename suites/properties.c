/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * properties.c - every id of PROPERTIES.md, decided once: a title, and the
 * reason shown while no suite row names the id in its .properties. The
 * tests that cover an id are computed from the suites (nsbench list
 * properties), never typed here; a unit test checks this table against
 * PROPERTIES.md (each id exactly once) and the suites against the table.
 */
#include <string.h>

#include "properties.h"

#define LATER(issue) "not covered yet: planned in " issue
#define SEMANTICS LATER("issue 4 (nsfs, setns, clone, nesting, lifecycle)")

const struct nsb_property nsb_properties[] = {
	/* Identity, nsfs and introspection */
	{ .id = "ID-1", "/proc/PID/ns entries; new ns differs, shared ns equal", SEMANTICS },
	{ .id = "ID-2", "initial namespaces have the fixed inodes", SEMANTICS },
	{ .id = "ID-3", "NS_GET_ID stable, netns cookie, mnt ns id", SEMANTICS },
	{ .id = "ID-4", "NS_GET_NSTYPE returns the CLONE_NEW* value", SEMANTICS },
	{ .id = "ID-5", "NS_GET_USERNS returns the owner", SEMANTICS },
	{ .id = "ID-6", "NS_GET_PARENT for pid/user only", SEMANTICS },
	{ .id = "ID-7", "NS_GET_OWNER_UID / non-nsfs fd errors", SEMANTICS },
	{ .id = "ID-8", "nsfs file handles", SEMANTICS },
	{ .id = "ID-9", "namespace lifetime (active references)", SEMANTICS },
	{ .id = "ID-10", "SIOCGSKNS gives the socket's creation netns", SEMANTICS },
	{ .id = "ID-11", "PIDFD_GET_*_NAMESPACE ioctls", SEMANTICS },
	{ .id = "ID-12", "listns()", "listns() arrives in Linux 6.19; this kernel (6.18) returns ENOSYS" },
	{ .id = "ID-13", "NS_MNT_GET_INFO/NEXT/PREV", SEMANTICS },
	{ .id = "ID-14", "lsns-style relations (parent, owner, NETNSID)", SEMANTICS },
	/* clone / clone3 / unshare / setns semantics and errors */
	{ .id = "SEM-1", "setns errors for every type", SEMANTICS },
	{ .id = "SEM-2", "setns(fd, 0) works for any type", SEMANTICS },
	{ .id = "SEM-3", "setns with a pidfd, all-or-nothing", SEMANTICS },
	{ .id = "SEM-4", "setns into a non-ancestor's namespaces: EPERM", SEMANTICS },
	{ .id = "SEM-5", "setns(userns) errors", SEMANTICS },
	{ .id = "SEM-6", "setns(mntns) with a shared fs_struct: EINVAL", SEMANTICS },
	{ .id = "SEM-7", "setns/unshare into a pid ns affects only children", SEMANTICS },
	{ .id = "SEM-8", "setns into an ancestor pid ns; second unshare(CLONE_NEWPID)", SEMANTICS },
	{ .id = "SEM-9", "unshare(CLONE_NEWTIME) affects only children; setns(timens)", SEMANTICS },
	{ .id = "SEM-10", "unshare(CLONE_NEWUSER) multithreaded: EINVAL", SEMANTICS },
	{ .id = "SEM-11", "unshare(CLONE_NEWUSER) needs mapped euid/egid", SEMANTICS },
	{ .id = "SEM-12", "unshare(CLONE_NEWNS) implies CLONE_FS", SEMANTICS },
	{ .id = "SEM-13", "unshare flag errors; unprivileged CLONE_NEW*: EPERM", SEMANTICS },
	{ .id = "SEM-14", "CLONE_NEW* with CLONE_NEWUSER unprivileged; caps stay inside", SEMANTICS },
	{ .id = "SEM-15", "CLONE_NEWTIME only through clone3 or unshare", SEMANTICS },
	{ .id = "SEM-16", "clone3 argument ABI", SEMANTICS },
	{ .id = "SEM-17", "clone3 set_tid", SEMANTICS },
	{ .id = "SEM-18", "CLONE_INTO_CGROUP", SEMANTICS },
	{ .id = "SEM-19", "unshare(CLONE_FILES) beyond nr_open: EMFILE",
	  "needs fs.nr_open lowered, a global sysctl; nsbench never mutates the host" },
	{ .id = "SEM-20", "nesting limits of pid and user namespaces", SEMANTICS },
	{ .id = "SEM-21", "user.max_*_namespaces limits",
	  "writing user.max_* needs CAP_SYS_RESOURCE, which root lacks here; lowering the host's limits would mutate it" },
	/* PID */
	{ .id = "PID-1", "PID 1, ppid 0, sid and pgid 1", LATER("issue 3 (pid)") },
	{ .id = "PID-2", "a fresh /proc shows only the pid namespace", LATER("issue 3 (pid)") },
	{ .id = "PID-3", "init ignores unhandled signals from inside; its death kills all", LATER("issue 3 (pid)") },
	{ .id = "PID-4", "a child ns cannot see or signal ancestors' processes", LATER("issue 3 (pid)") },
	{ .id = "PID-5", "si_pid translation across pid namespaces", SEMANTICS },
	{ .id = "PID-6", "fork() into a pid ns whose init has exited: ENOMEM", SEMANTICS },
	{ .id = "PID-7", "NSpid lists one pid per level", LATER("issue 3 (pid)") },
	{ .id = "PID-8", "pid_max per pid namespace (6.14+)",
	  "telling a per-namespace pid_max from the global one means writing it; on a kernel without it (before 6.14) a probe mapped to the machine's root would change the global value, so nsbench does not try" },
	{ .id = "PID-9", "pidfd exit info across user+pid namespaces", SEMANTICS },
	/* User */
	{ .id = "USER-1", "fresh userns: empty maps, overflow ids, full caps", LATER("issue 3 (user)") },
	{ .id = "USER-2", "uid_map/gid_map written once, in the documented format", LATER("issue 3 (user)") },
	{ .id = "USER-3", "the outside id of a map is relative to the reader", LATER("issue 3 (user)") },
	{ .id = "USER-4", "unprivileged writers map only their own id", LATER("issue 3 (user)") },
	{ .id = "USER-5", "setgroups rules", LATER("issue 3 (user)") },
	{ .id = "USER-6", "caps gained in a new userns, cleared on execve by uid != 0, useless outside",
	  LATER("issue 3 (user)") },
	{ .id = "USER-7", "RLIMIT_NPROC counted per (uid, userns)",
	  "RLIMIT_NPROC is not enforced for uid 0, and the lab maps a single id (0) into each user namespace, so a root and a nobody run would disagree; needs a second mapped id" },
	{ .id = "USER-8", "fanotify/inotify limits per userns", SEMANTICS },
	{ .id = "USER-9", "ACL and file-capability xattrs translate through the mapping",
	  "with the lab's single-id maps the translation is the identity; a meaningful check needs a second mapped id (not built yet)" },
	{ .id = "USER-10", "userns+mntns locks inherited mount flags", SEMANTICS },
	/* Mount */
	{ .id = "MNT-1", "a new mntns copies the tree; propagation types", LATER("issue 3 (mnt)") },
	{ .id = "MNT-2", "mounts inside a new mntns are invisible outside", LATER("issue 3 (mnt)") },
	{ .id = "MNT-3", "mntns with a new userns: shared mounts become slaves, locked", LATER("issue 3 (mnt)") },
	{ .id = "MNT-4", "mount_setattr propagation; MOVE_MOUNT_SET_GROUP", SEMANTICS },
	{ .id = "MNT-5", "listmount/statmount", SEMANTICS },
	{ .id = "MNT-6", "idmapped mounts",
	  "not built yet: needs a second mapped id range and a filesystem supporting idmapped mounts inside the lab" },
	{ .id = "MNT-7", "pivot_root in a new mntns", SEMANTICS },
	{ .id = "MNT-8", "devpts newinstance; tmpfs/overlayfs in userns+mntns", SEMANTICS },
	{ .id = "MNT-9", "mount notifications per mntns", SEMANTICS },
	/* Net */
	{ .id = "NET-1", "a new netns has only lo, DOWN", LATER("issue 3 (net)") },
	{ .id = "NET-2", "a veth between two lab netns carries IPv4 and IPv6", SEMANTICS },
	{ .id = "NET-3", "another netns's interfaces cannot be configured", LATER("issue 3 (net)") },
	{ .id = "NET-4", "links move between netns and back",
	  "not built yet: needs a link created in a lab netns and moved by IFLA_NET_NS_FD and back" },
	{ .id = "NET-5", "/sys/class/net follows the sysfs mount's netns", SEMANTICS },
	{ .id = "NET-6", "rtnetlink events and multicast groups per netns", LATER("issue 3 (net)") },
	{ .id = "NET-7", "net sysctls per netns, starting from defaults", LATER("issue 3 (net)") },
	{ .id = "NET-8", "/proc/net follows setns", SEMANTICS },
	{ .id = "NET-9", "abstract unix sockets per netns", LATER("issue 3 (net)") },
	{ .id = "NET-10", "uevents reach only netns owned by the initial userns",
	  "needs a uevent from a real device or module event; nsbench never triggers host events" },
	{ .id = "NET-11", "a netns persisted by bind mount, with NETNSID", SEMANTICS },
	/* UTS */
	{ .id = "UTS-1", "hostname and domainname private with CLONE_NEWUTS", LATER("issue 3 (uts)") },
	{ .id = "UTS-2", "kernel.hostname/domainname sysctls belong to the UTS ns", LATER("issue 3 (uts)") },
	/* IPC */
	{ .id = "IPC-1", "SysV objects per IPC ns", LATER("issue 3 (ipc)") },
	{ .id = "IPC-2", "/proc/sysvipc follows setns", SEMANTICS },
	{ .id = "IPC-3", "POSIX mqueues per IPC ns", LATER("issue 3 (ipc)") },
	{ .id = "IPC-4", "IPC sysctls per IPC ns", LATER("issue 3 (ipc)") },
	/* Cgroup */
	{ .id = "CG-1", "/proc/self/cgroup relative to the cgroup ns root", LATER("issue 3 (cgroup)") },
	{ .id = "CG-2", "unshare(CLONE_NEWCGROUP) needs CAP_SYS_ADMIN; setns", SEMANTICS },
	{ .id = "CG-3", "cgroup migration rules and nsdelegate",
	  "needs a cgroup v2 hierarchy mounted with nsdelegate; this machine runs cgroup v1 hybrid without it" },
	/* Time */
	{ .id = "TIME-1", "timens_offsets: writable until a task enters; format and errors", LATER("issue 3 (time)") },
	{ .id = "TIME-2", "offsets apply to clock_gettime (vDSO and syscall) and /proc/uptime", LATER("issue 3 (time)") },
	{ .id = "TIME-3", "offsets survive exec; time_for_children", LATER("issue 3 (time)") },
	{ .id = "TIME-4", "container level: offsets without a time ns rejected", SEMANTICS },
	{ .id = "TIME-5", "vDSO cost inside a time ns (a benchmark)",
	  "a cost, not a conformance property: it belongs to nsbench bench, which does not measure the vDSO yet" },
	/* Lifecycle and hygiene */
	{ .id = "LIFE-1", "each test forked with a timeout; skips carry a reason",
	  "a property of the harness, not of a namespace",
	  .selftests = "tests/integration/timeout.sh,tests/integration/run-all.sh,tests/integration/no-lab.sh" },
	{ .id = "LIFE-2", "state round-trip equality",
	  "a checkpoint/restore round trip (CRIU's zdtm): nsbench creates and observes namespaces, it does not checkpoint and restore processes" },
	{ .id = "LIFE-3", "the probe set in several flavours",
	  "a property of the harness: every probe runs in all applicable combinations, among them none (host flavour), all but user (all-ns) and all (all-ns+userns)",
	  .selftests = "tests/integration/run-all.sh" },
	{ .id = "LIFE-4", "nothing left behind",
	  "a property of the harness",
	  .selftests = "tests/integration/host-untouched.sh,tests/integration/timeout.sh" },
};

const size_t nsb_n_properties = sizeof(nsb_properties) / sizeof(nsb_properties[0]);

const struct nsb_property *nsb_property_find(const char *id)
{
	for (size_t i = 0; i < nsb_n_properties; i++)
		if (strcmp(nsb_properties[i].id, id) == 0)
			return &nsb_properties[i];
	return NULL;
}

bool nsb_test_covers(const struct nsb_test *t, const char *id)
{
	size_t n = strlen(id);

	for (const char *p = t->properties; p && *p;) {
		size_t len = strcspn(p, ",");

		if (len == n && strncmp(p, id, n) == 0)
			return true;
		p += len;
		p += *p == ',';
	}
	return false;
}
