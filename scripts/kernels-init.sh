#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels-init.sh - /init of the initramfs scripts/kernels.sh builds: runs
# nsbench in the guest and sends the reports to the host over /dev/ttyS1.
#
# Stage 1 (in the initramfs): copies itself into a tmpfs and switch_roots
# there, as pivot_root(2) refuses the initramfs (rootfs) and nsbench's lab needs
# a root it can pivot from. Stage 2: mounts proc/sys/dev, the cgroup layout
# named by nsb.layout= (hybrid: every v1 controller on its own hierarchy, a
# name=systemd one and cgroup2 at /sys/fs/cgroup/unified, as systemd's hybrid
# mode; cgroup2: cgroup2 alone at /sys/fs/cgroup), loads /etc/modules, runs
# `nsbench check` and `nsbench run SUITE --no-bench --ktap` for each user of
# nsb.users= (root, nobody = uid 65534 through setpriv), then reboots (QEMU runs
# with -no-reboot, so it exits). Parameters with a dot never reach init's
# argv, so they are read from /proc/cmdline.
/bin/busybox --install -s
export PATH=/usr/sbin:/usr/bin:/sbin:/bin

if [ "$1" != stage2 ]; then
	mount -t proc proc /proc
	if grep -q 'nsb.mode=ping' /proc/cmdline; then
		echo "NSB-PING"
		reboot -f
	fi
	mount -t tmpfs -o mode=755 root /newroot
	for d in /*; do
		case "$d" in /newroot) ;; /proc|/sys|/dev) mkdir -p "/newroot$d" ;; *) cp -a "$d" /newroot/ ;; esac
	done
	umount /proc
	exec switch_root /newroot /init stage2
	echo "NSB-FATAL switch_root failed"
	reboot -f
fi

arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p"; }
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
mount -t tmpfs -o mode=1777 shm /dev/shm
mount -t tmpfs -o mode=1777 tmp /tmp
mount -t tmpfs -o mode=755 run /run
hostname nsbench-guest
layout=$(arg nsb.layout)
users=$(arg nsb.users | tr ',' ' ')
suite=$(cat /etc/nsb-suite)
ttmo=$(arg nsb.timeout)
rel=$(uname -r)

for m in $(cat /etc/modules); do
	insmod "/lib/modules/$rel/$m.ko" && echo "NSB-MOD $m loaded" || echo "NSB-MOD $m insmod failed"
done

cg=/sys/fs/cgroup
case "$layout" in
cgroup2)
	mount -t cgroup2 cgroup2 $cg
	;;
*)
	mount -t tmpfs -o mode=755 cgroup $cg
	for c in $(awk 'NR > 1 && $4 == 1 { print $1 }' /proc/cgroups); do
		mkdir $cg/$c && mount -t cgroup -o $c cgroup $cg/$c || echo "NSB-CGROUP v1 $c not mounted"
	done
	mkdir $cg/systemd $cg/unified
	mount -t cgroup -o none,name=systemd cgroup $cg/systemd
	mount -t cgroup2 cgroup2 $cg/unified
	;;
esac

data=/dev/ttyS1
stty -F $data raw -echo 2>/dev/null
send() {
	{ echo "=====NSB-BEGIN $1"; gzip -c "$2" | base64; echo "=====NSB-END $1"; } > $data
}

info=/tmp/guest-info.txt
{
	uname -a
	cat /proc/cmdline
	grep cgroup /proc/mounts
	cat /proc/modules
	cat /proc/cpuinfo | grep -m1 'model name'
	grep MemTotal /proc/meminfo
} > $info
send guest-info.txt $info

for u in $users; do
	d=/tmp/out-$u
	mkdir -p $d
	case "$u" in
	root) as="" ;;
	nobody) as="/opt/nsbench/setpriv --reuid=65534 --regid=65534 --clear-groups --"; chown 65534:65534 $d ;;
	*) echo "NSB-FATAL unknown user $u"; continue ;;
	esac
	cd $d
	t0=$(date +%s)
	$as /opt/nsbench/nsbench check --report $d/check-$u.json > $d/check-$u.txt 2>&1
	echo "NSB-RC $u check $? $(($(date +%s) - t0))s"
	t0=$(date +%s)
	$as /opt/nsbench/nsbench run $suite --no-bench --timeout ${ttmo:-10} --ktap --report $d/run-$u.json > $d/run-$u.ktap 2> $d/run-$u.txt
	echo "NSB-RC $u run $? $(($(date +%s) - t0))s"
	cd /
	for f in $d/*; do
		[ -f "$f" ] && send "${f##*/}" "$f"
	done
done
echo "=====NSB-END-ALL" > $data
sync
echo "NSB-DONE"
reboot -f
