#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# outer-env.sh - run `nsbench check` and `nsbench run all` inside real outer
# environments on this machine (systemd-nspawn, bubblewrap, unshare -Ur) in
# several settings, and assert for each that what `check` said matches what
# the run actually managed: the lab built or not, each namespace type created
# or skipped (with the errno check saw), and 0 fail/error/timeout.
#
#   usage: scripts/outer-env.sh [--quick|--nspawn] [--keep]   (as root)
#     --quick  unshare and bubblewrap settings only (no nspawn): what
#              `make check` runs (tests/integration/check-outer.sh)
#     --nspawn the real systemd-nspawn with its defaults (and as nobody) only:
#              tests/integration/nspawn.sh
#     --keep   keep the per-setting reports (printed at the end)
#     --only=GLOB  only the settings whose name matches GLOB (nspawn-private-*)
#   scripts/outer-env.sh --compare NAME DIR OUTER
#              only compare DIR/{check,run}.json (+ .rc): the assertion
#              itself, so that tests can feed it contradicting reports
#
# systemd-nspawn runs a minimal root directory made under this script's
# temporary folder and removed with it: merged-/usr symlinks (bin, sbin, lib,
# lib64 -> usr/...), the machine's /usr bound read-only, a copy of
# /etc/os-release, passwd and group, the build bound read-only at
# /nsbench/build and the report folder at /out. No debootstrap, no network.
# PID 1 here is not systemd, so nspawn runs with --register=no (no machined,
# no machine registered) --keep-unit (no scope asked of a systemd) --pipe,
# inside a private mount namespace with a tmpfs over /run/systemd (it writes
# there), from a cgroup of its own (its payload/ and supervisor/ cgroups go
# under it) that is removed afterwards. Never --network-veth or
# --network-bridge: they add links to the machine's network namespace.
# Everything else is nspawn's default: its capability set (no CAP_NET_ADMIN,
# CAP_SYS_TIME, ...), its seccomp filter, its own pid/mnt/uts/ipc/cgroup
# namespaces, the machine's network namespace.
# The script leaves no mounts, cgroups or processes: it compares host
# snapshots before and after.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(readlink -f "${NSB_BUILD:-$TOP/build}")
NSB=$BUILD/nsbench
CG=nsbench-outer.$$
quick=0 keep=0 only_nspawn=0 only=
compare_only=0
[ "${1:-}" = --compare ] && compare_only=1
for a in "$@"; do
	[ $compare_only = 1 ] && break
	case $a in
	--quick) quick=1 ;;
	--nspawn) only_nspawn=1 ;;
	--only=*) only=${a#--only=} ;;
	--keep) keep=1 ;;
	*) echo "outer-env: unknown option '$a'" >&2; exit 2 ;;
	esac
done
if [ $compare_only = 0 ]; then
[ "$(id -u)" = 0 ] || { echo "outer-env: must run as root" >&2; exit 2; }
[ -x "$NSB" ] || { echo "outer-env: no $NSB (run make first)" >&2; exit 2; }
TOPDIR=$(mktemp -d /tmp/nsbench-outer.XXXXXX)
chmod 0755 "$TOPDIR"
OUT=$TOPDIR/out		# the reports (bound at /out in nspawn)
ROOT=$TOPDIR/root	# nspawn's root directory
mkdir -m 0755 "$OUT"
cleanup() {
	for h in unified systemd; do
		[ -d "/sys/fs/cgroup/$h/$CG" ] && find "/sys/fs/cgroup/$h/$CG" -depth -type d -exec rmdir {} + 2>/dev/null
	done
	if [ $keep = 1 ]; then rm -rf "$ROOT"; else rm -rf "$TOPDIR"; fi
}
trap cleanup EXIT
fi
pass=0 failed=0 skipped=0

# The host state that must not change (links, addresses, routes, hostname,
# mounts, IPC, cgroups), and our own binaries still running. Other people's
# processes and namespaces come and go on a shared machine: not compared, nor
# the per-command cgroups the machine's own command runner (process_api) makes.
snapshot() {
	"$TOP/scripts/host-snapshot.sh" "$BUILD" |
		awk '/^## /{s=$2} s!="namespaces" && (s!="processes" || /nsbench-binary/) && !/\/process_api\//'
	# Our own nspawn and bwrap only (their command lines name TOPDIR): others may run beside us.
	for p in $(pgrep -x systemd-nspawn; pgrep -x bwrap); do
		tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -qF -- "$TOPDIR" && echo "outer-process $p"
	done
}

# ---- nspawn's root directory: minimal, under TOPDIR ----
rootfs() {
	command -v systemd-nspawn > /dev/null || {
		echo "outer-env: needs systemd-nspawn (apt-get install --no-install-recommends systemd-container)" >&2
		return 1
	}
	[ -d "$ROOT" ] && return 0
	mkdir -m 0755 "$ROOT" "$ROOT/usr" "$ROOT/etc" "$ROOT/nsbench" "$ROOT/nsbench/build" "$ROOT/out" || return 1
	for d in bin sbin lib lib64; do
		[ -e "/usr/$d" ] && { ln -s "usr/$d" "$ROOT/$d" || return 1; }
	done
	# nspawn wants an os-release before it mounts anything (/etc/os-release is a link into /usr here).
	cp -L /etc/os-release /etc/passwd /etc/group "$ROOT/etc/" || return 1
}

# nspawn_in [NSPAWN OPTIONS...] -- CMD...: run CMD in the container, from our own cgroup, with a private /run/systemd.
nspawn_in() {
	local extra=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do extra+=("$1"); shift; done
	shift
	for h in unified systemd; do mkdir -p "/sys/fs/cgroup/$h/$CG"; done
	(
		for h in unified systemd; do echo $BASHPID > "/sys/fs/cgroup/$h/$CG/cgroup.procs"; done
		exec unshare --mount --propagation private sh -c 'mount -t tmpfs -o mode=0755 nsbench-run /run/systemd && exec "$@"' sh \
			systemd-nspawn -q -D "$ROOT" --register=no --keep-unit --pipe --bind-ro=/usr \
			--bind-ro="$BUILD":/nsbench/build --bind="$OUT":/out "${extra[@]}" "$@"
	)
	local rc=$?
	for h in unified systemd; do find "/sys/fs/cgroup/$h/$CG" -depth -type d -exec rmdir {} + 2>/dev/null; done
	return $rc
}

# ---- one setting ----
# What runs inside: check, then run all, each report and exit status into DIR.
INNER='"$0" check --report "$1/check.json" > "$1/check.out" 2>&1; echo $? > "$1/check.rc"
"$0" run all --no-bench --report "$1/run.json" > "$1/run.out" 2>&1; echo $? > "$1/run.rc"'

# compare NAME DIR EXPECTED_OUTER: assert check and run agree (python reads both reports).
compare() {
	python3 - "$@" <<'PYEOF'
import json, sys
name, d, want_outer = sys.argv[1:4]
chk = json.load(open(d + "/check.json")); run = json.load(open(d + "/run.json"))
crc = int(open(d + "/check.rc").read()); rrc = int(open(d + "/run.rc").read())
sup = {r["type"]: r for r in chk["support"]}
env = chk["environment"]
bad = []
def expect(cond, msg):
    if not cond: bad.append(msg)

# check's exit status is its own verdict
expect(crc == (0 if all(r["current"]["ok"] for r in sup.values()) else 1), f"check exit {crc}")
# the run computed the same support block in the same place
rs = {r["type"]: r for r in run.get("support", [])}
for t, r in sup.items():
    for w in ("current", "unprivileged", "unprivileged_via_userns"):
        expect(rs.get(t, {}).get(w, {}).get("ok") == r[w]["ok"], f"run's support differs: {t} {w}")
expect(env["outer"] == want_outer, f"outer environment {env['outer']!r}, expected {want_outer!r}")

# 1. the lab: made with unshare (+ mount --make-rprivate) by this process, decided by
# capabilities: directly where this process can make every lab type, else in a user ns;
# what a filter on unshare refuses, the lab init's clone3 (or clone(2)) may still make
lab = run["run"]["lab"]
LAB = ("pid", "uts", "ipc", "mnt", "net", "cgroup")
direct = all(any(sup[t]["current"]["methods"].get(m) == "ok" for m in ("unshare", "clone3", "clone")) for t in LAB)
via_userns = sup["user"]["current"]["methods"].get("unshare") == "ok" and \
    any(sup[t]["unprivileged_via_userns"]["methods"].get("unshare") == "ok" for t in LAB)
pred_lab = (direct or via_userns) and "mount" not in env["seccomp"]["refused"]
expect(pred_lab == lab["ok"], f"check predicted lab={pred_lab}, run: lab ok={lab['ok']} {lab.get('reason', '')}")
if lab["ok"]:
    expect(lab["privileged"] == direct, f"check predicted a lab {'without' if direct else 'in'} a user ns, run: privileged={lab['privileged']}")

counts = run["run"]["counts"]
expect(counts["fail"] == counts["error"] == counts["timeout"] == 0,
       f"run: {counts['fail']} fail, {counts['error']} error, {counts['timeout']} timeout")
expect(all(r["reason"] for r in run["results"] if r["verdict"] == "skip"), "a skip without a reason")
all_skipped = bool(run["results"]) and counts["skip"] == len(run["results"])	# exit 4, as kselftest
expect(rrc == (1 if counts["fail"] + counts["error"] + counts["timeout"] else 4 if all_skipped else 0), f"run exit {rrc}")

# 2. each type, as the tests really made it (the single-type combination of isolation.ns-inodes)
made = []
if lab["ok"]:
    inlab = "current" if lab["privileged"] else "unprivileged_via_userns"
    res = {r["id"]: r for r in run["results"]}
    for t, r in sup.items():
        pred = r[inlab]["ok"]
        got = res.get(f"isolation.ns-inodes.{t}")
        expect(got is not None, f"no result for {t}")
        if not got:
            continue
        actual = got["verdict"] == "pass"
        expect(got["verdict"] in ("pass", "skip"), f"{t}: {got['verdict']}")
        expect(pred == actual, f"{t}: check says {pred}, the run {got['verdict']}: {got['reason']}")
        if not actual and r[inlab]["errno"]:
            expect(r[inlab]["errno"] in got["reason"], f"{t}: run's reason {got['reason']!r} lacks check's {r[inlab]['errno']}")
        if actual:
            made.append(t)
else:
    expect(all(r["verdict"] == "skip" and r["reason"].startswith("no lab:") for r in run["results"]),
           "lab failed but not every test is a 'no lab' skip")

# 3. what the suites need besides namespaces (environment.suite_needs): what check
# calls refused is a skip in the run (never a fail), what it calls usable passes.
needs = chk["environment"].get("suite_needs", {})
if lab["ok"] and needs:
    res = {r["id"]: r for r in run["results"]}
    # need -> (a test that passes exactly when it is usable, tests that must be skips when not)
    probes = {"netlink": ("net.links.none", "net.links."), "time_offsets": ("time.clocks.time", None),
              "file_handles": ("nsfs.handles.none", "nsfs.handles."),
              "fanotify": (None, "mountapi.mount-notify."), "statmount": (None, "mountapi.listmount.")}
    for need, (one, prefix) in probes.items():
        row = needs.get(need)
        if row is None:
            continue
        if one in res and not (need == "time_offsets" and not sup["time"][inlab]["ok"]):
            v = res[one]["verdict"]
            expect((v == "pass") == row["ok"], f"{need}: check says {row['ok']}, {one} {v}: {res[one]['reason']}")
        if prefix and not row["ok"]:
            bad_ids = [i for i, r in res.items() if i.startswith(prefix) and r["verdict"] != "skip"]
            expect(not bad_ids, f"{need}: check says refused, yet {bad_ids[:2]} did not skip")

status = "ok  " if not bad else "FAIL"
no = [t for t, r in sup.items() if not r["current"]["ok"]]
print(f"{status} {name:26s} outer={env['outer']:15s} seccomp={env['seccomp']['mode']} "
      f"refused={','.join(env['seccomp']['refused']) or '-'} shared={','.join(env['namespaces']['shared_with_machine']) or '-'}")
print(f"     check: current no: {','.join(no) or '-'}; lab {'ok' if lab['ok'] else 'NO: ' + lab.get('reason', '')}")
print(f"     run all: pass {counts['pass']} skip {counts['skip']} fail {counts['fail']} error {counts['error']}; "
      f"types made: {','.join(made) or '-'}")
skips = {}
for r in run["results"]:
    if r["verdict"] == "skip":
        skips[r["reason"]] = skips.get(r["reason"], 0) + 1
for reason, n in sorted(skips.items(), key=lambda x: -x[1])[:2]:
    print(f"     skip x{n}: {reason}")
refused = [n for n, r in needs.items() if not r["ok"]]
if refused:
    print(f"     check: suites' needs refused: {','.join(refused)}")
for b in bad:
    print(f"     MISMATCH: {b}")
sys.exit(1 if bad else 0)
PYEOF
}

# setting NAME EXPECTED_OUTER KIND LAUNCHER...: KIND is host (same paths) or nspawn (LAUNCHER = extra nspawn options).
setting() {
	local name=$1 outer=$2 kind=$3 d="$OUT/$1"
	shift 3
	# shellcheck disable=SC2053
	[ -z "$only" ] || [[ $name == $only ]] || return 0
	mkdir -p "$d"
	chmod 1777 "$d"
	if [ "$kind" = nspawn ]; then
		nspawn_in "$@" -- sh -c "$INNER" /nsbench/build/nsbench "/out/$name" > "$d/launcher.log" 2>&1
	else
		"$@" sh -c "$INNER" "$NSB" "$d" > "$d/launcher.log" 2>&1
	fi
	if [ ! -s "$d/check.json" ] || [ ! -s "$d/run.json" ]; then
		echo "FAIL $name: no reports ($(tail -n 3 "$d/launcher.log" "$d"/*.out 2>/dev/null | tr '\n' ' '))"
		failed=$((failed + 1))
		return
	fi
	if compare "$name" "$d" "$outer"; then pass=$((pass + 1)); else failed=$((failed + 1)); fi
}

if [ $compare_only = 1 ]; then
	[ $# = 4 ] || { echo "usage: outer-env.sh --compare NAME DIR OUTER" >&2; exit 2; }
	compare "$2" "$3" "$4"
	exit
fi

nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
# bwrap as root needs /dev, /proc and a writable /tmp of its own; the build (which
# may itself live under /tmp, as a CI clone can) and OUT are bound back over it.
BUILD_DIR=$(dirname "$(readlink -f "$NSB")")
BW=(bwrap --bind / / --dev /dev --proc /proc --tmpfs /tmp --bind "$BUILD_DIR" "$BUILD_DIR"
    --bind "$OUT" "$OUT" --die-with-parent)

before=$(snapshot)
if [ $only_nspawn = 0 ] && command -v unshare > /dev/null; then
	setting unshare-Ur user-namespace host unshare --user --map-root-user
	setting unshare-Ur-private-net user-namespace host unshare --user --map-root-user --net
	setting unshare-Ur-as-nobody user-namespace host nobody unshare --user --map-root-user
fi
if [ $only_nspawn = 1 ]; then
	:
elif command -v bwrap > /dev/null; then
	setting bwrap-default bubblewrap host "${BW[@]}"
	setting bwrap-unshare-all bubblewrap host "${BW[@]}" --unshare-all
	setting bwrap-cap-drop-all bubblewrap host "${BW[@]}" --cap-drop ALL
	setting bwrap-as-nobody bubblewrap host nobody "${BW[@]}" --unshare-all
	setting bwrap-as-nobody-cap-drop bubblewrap host nobody "${BW[@]}" --unshare-user --cap-drop ALL
else
	echo "skip bubblewrap: not installed (apt-get install bubblewrap)"
	skipped=$((skipped + 1))
fi
# What nspawn's defaults take away, without nspawn: CAP_NET_ADMIN and CAP_SYS_TIME
# dropped, its seccomp filter's answers (open_by_handle_at, fanotify_init EPERM;
# statmount, listmount ENOSYS). Full mode only (a whole run costs a minute or more).
if [ $quick = 0 ] && [ $only_nspawn = 0 ] && command -v capsh > /dev/null && command -v cc > /dev/null &&
	cc -O2 -o "$OUT/seccomp-deny" "$TOP/tests/integration/seccomp-deny.c" 2> /dev/null; then
	setting nspawn-like-caps-filter none host capsh --drop=cap_net_admin,cap_sys_time -- -c \
		'exec "$0" open_by_handle_at:EPERM,fanotify_init:EPERM,statmount:ENOSYS,listmount:ENOSYS -- "$@"' "$OUT/seccomp-deny"
fi
if [ $quick = 0 ]; then
	if rootfs; then
		setting nspawn-default systemd-nspawn nspawn
		setting nspawn-as-nobody systemd-nspawn nspawn --user=nobody
	fi
	if [ $only_nspawn = 0 ] && [ -d "$ROOT" ]; then
		setting nspawn-drop-cap-sys-admin systemd-nspawn nspawn --drop-capability=CAP_SYS_ADMIN
		setting nspawn-filter-mount systemd-nspawn nspawn --system-call-filter=~@mount
		setting nspawn-filter-unshare-setns systemd-nspawn nspawn "--system-call-filter=~unshare setns"
		setting nspawn-private-users systemd-nspawn nspawn --private-users=pick --private-users-ownership=auto
		setting nspawn-private-network systemd-nspawn nspawn --private-network
	elif [ ! -d "$ROOT" ]; then
		echo "skip systemd-nspawn: not installed"
		skipped=$((skipped + 1))
	fi
fi
sleep 0.5	# pid namespaces are torn down asynchronously
after=$(snapshot)
if [ "$before" != "$after" ]; then
	echo "FAIL host changed:"
	diff <(echo "$before") <(echo "$after") | head -20
	failed=$((failed + 1))
else
	echo "ok   host unchanged (links, addresses, routes, hostname, mounts, IPC, cgroups, processes)"
fi
[ $keep = 1 ] && echo "reports kept in $OUT"
echo "outer-env: $pass settings agree, $failed failed, $skipped skipped"
[ $failed = 0 ]
