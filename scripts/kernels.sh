#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels.sh - run nsbench on other kernels: boots each kernel in QEMU with an
# initramfs built here, runs `nsbench check` and `nsbench run` as root and as
# uid 65534, and brings the reports back over a second serial port.
#
# usage: scripts/kernels.sh [options] [KERNEL...]
#   KERNEL   a Debian linux-image .deb, or a vmlinuz/bzImage path (then
#            --modules and --config say where its modules and config are);
#            default: the newest Debian 12 linux-image-6.1.0-*-amd64-unsigned,
#            fetched with `apt-get download`
# Details, timings and the guest's layout: docs/kernels.md.
set -eu
set -o pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
usage() {
	cat <<'EOF'
usage: scripts/kernels.sh [options] [KERNEL...]
  KERNEL               linux-image .deb or vmlinuz path (default: newest Debian 12
                       linux-image-6.1.0-*-amd64-unsigned, via apt-get download)
  --layout L           hybrid, cgroup2 or both (default both: one boot per layout)
  --users U            root, nobody or root,nobody (default root,nobody)
  --suite S[,S...]     run only these suites (a quick smoke run), default all
  --no-net-modules     leave the link kinds' and labs' modules (veth, ifb, dummy,
                       bridge, nf_tables + masquerade, tbf) out
  --base REPORT        run `nsbench compare REPORT` against each run report
  --out DIR            where reports go (default ./kernel-reports)
  --build DIR          nsbench build to test (default build)
  --accel A            auto, kvm or tcg (default auto: kvm when a test boot works)
  --modules DIR        modules tree (lib/modules/RELEASE) for a vmlinuz KERNEL
  --config FILE        kernel config for a vmlinuz KERNEL
  --mem MB             guest memory (default 2048)
  --smp N              guest CPUs (default: host CPUs, at most 4)
  --timeout SEC        per boot (default 3600; 1800 with --suite)
  --test-timeout SEC   nsbench's per-test --timeout in the guest (default: 10 with KVM,
                       60 with TCG, where a loaded host starves the guest)
EOF
}
die() { echo "kernels.sh: $*" >&2; exit 2; }
say() { echo "kernels.sh: $*" >&2; }

layout=both users=root,nobody suite=all netmods=1 base="" out=./kernel-reports
build="$TOP/build" accel=auto moddir="" config="" mem=2048 smp="" tmo="" ttmo=""
kernels=()
while [ $# -gt 0 ]; do
	case "$1" in
	--layout) layout=${2:?}; shift ;;
	--users) users=${2:?}; shift ;;
	--suite) suite=${2:?}; shift ;;
	--no-net-modules) netmods=0 ;;
	--base) base=${2:?}; shift ;;
	--out) out=${2:?}; shift ;;
	--build) build=${2:?}; shift ;;
	--accel) accel=${2:?}; shift ;;
	--modules) moddir=${2:?}; shift ;;
	--config) config=${2:?}; shift ;;
	--mem) mem=${2:?}; shift ;;
	--smp) smp=${2:?}; shift ;;
	--timeout) tmo=${2:?}; shift ;;
	--test-timeout) ttmo=${2:?}; shift ;;
	-h|--help) usage; exit 0 ;;
	-*) die "unknown option '$1' (see --help)" ;;
	*) kernels+=("$1") ;;
	esac
	shift
done
case "$layout" in hybrid|cgroup2) layouts=("$layout") ;; both) layouts=(hybrid cgroup2) ;;
	*) die "--layout must be hybrid, cgroup2 or both, not '$layout'" ;; esac
case "$users" in root|nobody|root,nobody|nobody,root) ;; *) die "--users must be root, nobody or root,nobody" ;; esac
case "$accel" in auto|kvm|tcg) ;; *) die "--accel must be auto, kvm or tcg" ;; esac
[[ "$suite" =~ ^[a-z0-9-]+(,[a-z0-9-]+)*$ ]] || die "--suite '$suite' is not a list of suite names"
[[ "$mem" =~ ^[0-9]+$ ]] || die "--mem must be a number of MiB"
[ -z "$smp" ] && { smp=$(nproc); [ "$smp" -gt 4 ] && smp=4; }
[[ "$smp" =~ ^[1-9][0-9]*$ ]] || die "--smp must be a positive number"
[ -z "$tmo" ] && { tmo=3600; [ "$suite" != all ] && tmo=1800; }
[[ "$tmo" =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a number of seconds"
[ -z "$ttmo" ] || [[ "$ttmo" =~ ^[1-9][0-9]*$ ]] || die "--test-timeout must be a number of seconds"
build=$(readlink -f "$build")
[ -x "$build/nsbench" ] && [ -d "$build/probes" ] || die "no nsbench build in $build (run make first)"
[ -z "$base" ] || [ -r "$base" ] || die "cannot read base report '$base'"
for s in ${suite//,/ }; do
	"$build/nsbench" list tests 2>/dev/null | grep -q "^$s\." || [ "$s" = all ] ||
		die "no suite '$s' (nsbench list suites)"
done

# The extras this script needs, installed on demand (not part of scripts/deps.sh).
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx switch_root || need+=(busybox-static)
command -v cpio >/dev/null || need+=(cpio)
command -v setpriv >/dev/null || need+=(util-linux)
if [ ${#need[@]} -gt 0 ]; then
	say "installing what it needs to boot kernels: ${need[*]}"
	sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 ||
		die "could not install ${need[*]}"
fi
file /bin/busybox 2>/dev/null | grep -q dynamically && die "/bin/busybox is not static (install busybox-static)"

W=$(mktemp -d /tmp/nsbench-kernels.XXXXXX)
trap 'rm -rf "$W"' EXIT
mkdir -p "$out"
out=$(readlink -f "$out")

if [ ${#kernels[@]} = 0 ]; then
	pkg=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$' | cut -d' ' -f1 | sort -V | tail -1)
	[ -n "$pkg" ] || die "apt-cache knows no linux-image-6.1.0-*-amd64-unsigned (apt-get update?)"
	say "fetching $pkg"
	(cd "$W" && apt-get download "$pkg" >/dev/null 2>&1) || die "apt-get download $pkg failed"
	kernels=("$W"/"$pkg"_*.deb)
fi

# Copy a binary and the shared libraries ldd names into the staging root $1.
copy_elf() {
	local root=$1 bin=$2 dst=$3 lib
	install -D -m 0755 "$bin" "$root$dst"
	strip --strip-debug "$root$dst" 2>/dev/null || true
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		[ -e "$root$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
	done
}

# Modules and what they depend on (modinfo's depends= field), in load order.
mod_order=()
add_module() {
	local mdir=$1 name=$2 f dep
	for m in "${mod_order[@]:-}"; do [ "$m" = "$name" ] && return 0; done
	f=$(find "$mdir" -name "$name.ko*" -print -quit)
	[ -n "$f" ] || f=$(find "$mdir" -name "${name//_/-}.ko*" -print -quit)
	if [ -z "$f" ]; then
		grep -q "/$name.ko" "$mdir/modules.builtin" 2>/dev/null && return 0
		say "module $name is neither in $mdir nor built in: left out"
		return 0
	fi
	for dep in $(strings -a "$f" 2>/dev/null | sed -n 's/^depends=//p' | tr ',' ' '); do
		add_module "$mdir" "$dep"
	done
	mod_order+=("$name")
	mod_files+=("$f")
}

# build_initramfs STAGE RELEASE MODDIR CONFIG OUT.cpio.gz
build_initramfs() {
	local r=$1 rel=$2 mdir=$3 cfg=$4 img=$5 p f
	mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,newroot,boot,opt/nsbench/probes,lib/modules/"$rel"}
	install -m 0755 /bin/busybox "$r/bin/busybox"
	copy_elf "$r" "$build/nsbench" /opt/nsbench/nsbench
	[ ! -x "$build/nsbench-tp" ] || copy_elf "$r" "$build/nsbench-tp" /opt/nsbench/nsbench-tp	# the test parent
	for p in "$build"/probes/*; do copy_elf "$r" "$p" "/opt/nsbench/probes/${p##*/}"; done
	copy_elf "$r" "$(command -v setpriv)" /opt/nsbench/setpriv	# busybox's setpriv lacks --reuid
	[ -n "$cfg" ] && install -m 0644 "$cfg" "$r/boot/config-$rel"
	mod_order=() mod_files=()
	if [ "$netmods" = 1 ] && [ -n "$mdir" ]; then
		# the link kinds of the net suite, then what the labs suite builds:
		# a bridge, a nat chain with masquerade (nf_tables), a tbf qdisc;
		# crc32c_generic is libcrc32c's softdep (no modinfo depends=, and
		# the guest has no modprobe to fetch it when nf_conntrack loads)
		for p in veth ifb dummy bridge crc32c_generic nf_tables nft_chain_nat nft_masq sch_tbf; do
			add_module "$mdir" "$p"
		done
	fi
	: > "$r/etc/modules"
	for i in "${!mod_files[@]}"; do
		f=${mod_files[$i]}
		case "$f" in
		*.xz) xz -dc "$f" ;; *.zst) zstd -dcq "$f" ;; *.gz) gzip -dc "$f" ;; *) cat "$f" ;;
		esac > "$r/lib/modules/$rel/${mod_order[$i]}.ko"
		echo "${mod_order[$i]}" >> "$r/etc/modules"
	done
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' > "$r/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' > "$r/etc/group"
	echo "${suite//,/ }" > "$r/etc/nsb-suite"
	install -m 0755 "$TOP/scripts/kernels-init.sh" "$r/init"
	(cd "$r" && find . | cpio -o -H newc --quiet | gzip -1) > "$img"
}

# boot KERNEL INITRD ACCEL CMDLINE CONSOLE_LOG DATA_LOG TIMEOUT: QEMU under nice, exits when the guest powers off.
boot() {
	local acc=(-accel tcg,thread=multi -cpu max)
	[ "$3" = kvm ] && acc=(-accel kvm -cpu host)
	timeout --foreground -k 10 "$7" nice -n 10 qemu-system-x86_64 "${acc[@]}" -m "$mem" -smp "$smp" \
		-nodefaults -display none -no-reboot -kernel "$1" -initrd "$2" \
		-append "console=ttyS0 panic=-1 loglevel=4 $4" \
		-serial "file:$5" -serial "file:$6" </dev/null >/dev/null 2>"$5.qemu"
}

# Pick the accelerator once: /dev/kvm may be a PVM host that boots only PVM-enlightened guests.
choose_accel() {
	local k=$1 i=$2
	[ "$accel" = auto ] || { echo "$accel"; return; }
	if [ ! -w /dev/kvm ]; then
		say "no usable /dev/kvm: TCG (slow: a full run takes minutes)"
		echo tcg; return
	fi
	boot "$k" "$i" kvm "nsb.mode=ping" "$W/kvm.log" "$W/kvm.data" 40 || true
	if grep -q 'NSB-PING' "$W/kvm.log" 2>/dev/null; then
		say "KVM boots this kernel: using KVM"
		echo kvm
	else
		say "a KVM test boot (-cpu host) failed or did not reach init within 40 s: TCG (a PVM host boots only PVM guests)"
		say "  its last console line: '$(tr -d '\r' < "$W/kvm.log" 2>/dev/null | grep -av '^$' | tail -1 | cut -c1-120)'"
		say "  QEMU said: '$(grep -av '^$' "$W/kvm.log.qemu" 2>/dev/null | head -1 | cut -c1-160)'"
		echo tcg
	fi
}

# extract DATA_LOG DIR: the files the guest sent between markers, base64 of gzip.
extract() {
	tr -d '\r' < "$1" | awk -v dir="$2" '
		/^=+NSB-BEGIN / { name = $2; file = dir "/" name ".b64"; printf "" > file; next }
		/^=+NSB-END / { close(file); names = names " " name; name = ""; next }
		name != "" { print >> file }
		END { print names }'
}

rc_all=0
for k in "${kernels[@]}"; do
	[ -r "$k" ] || die "cannot read kernel '$k'"
	kw="$W/k.$RANDOM"; mkdir -p "$kw"
	case "$k" in
	*.deb)
		dpkg-deb -x "$k" "$kw/x"
		vmlinuz=$(ls "$kw"/x/boot/vmlinuz-* | head -1)
		rel=${vmlinuz##*/vmlinuz-}
		kmdir="$kw/x/lib/modules/$rel"; kcfg="$kw/x/boot/config-$rel"
		;;
	*)
		vmlinuz=$k
		kmdir=$moddir; kcfg=$config
		rel=$(file -b "$k" | sed -n 's/.*version \([^ ]*\).*/\1/p')
		[ -n "$rel" ] || rel=${kmdir##*/}
		[ -n "$rel" ] || die "cannot tell the release of '$k' (give --modules DIR)"
		;;
	esac
	[ -n "$kcfg" ] && [ ! -r "$kcfg" ] && die "cannot read kernel config '$kcfg'"
	[ "$netmods" = 1 ] && [ -z "$kmdir" ] && say "no --modules for $k: the net modules are left out"
	build_initramfs "$kw/root" "$rel" "$kmdir" "$kcfg" "$kw/initrd.gz"
	say "$rel: initramfs $(du -h "$kw/initrd.gz" | cut -f1), modules: ${mod_order[*]:-none}"
	acc=$(choose_accel "$vmlinuz" "$kw/initrd.gz")
	extra=""; [ "$acc" = tcg ] && extra="tsc=reliable"
	t=$ttmo; [ -z "$t" ] && { t=10; [ "$acc" = tcg ] && t=60; }
	extra="$extra nsb.timeout=$t"
	for lay in "${layouts[@]}"; do
		tag="$rel-$lay"; [ "$netmods" = 0 ] && tag="$tag-nonetmods"
		[ "$suite" != all ] && tag="$tag-${suite//,/+}"
		mkdir -p "$out/$tag"
		say "$tag: booting ($acc, ${smp} CPUs, users $users); console in $out/$tag/console.log"
		t0=$(date +%s)
		brc=0
		boot "$vmlinuz" "$kw/initrd.gz" "$acc" "$extra nsb.layout=$lay nsb.users=$users" \
			"$out/$tag/console.log" "$kw/data-$lay" "$tmo" || brc=$?
		t1=$(date +%s)
		[ "$brc" = 124 ] && say "$tag: timed out after ${tmo}s"
		names=$(extract "$kw/data-$lay" "$kw")
		for n in $names; do
			base64 -d < "$kw/$n.b64" | gunzip > "$out/$tag/$n" || say "$tag: $n arrived damaged"
		done
		grep -a '^NSB-RC ' "$out/$tag/console.log" | tr -d '\r' > "$out/$tag/exit-codes.txt" || true
		say "$tag: $((t1 - t0)) s; $(echo $names | wc -w) files in $out/$tag"
		grep -q 'NSB-DONE' "$out/$tag/console.log" || { say "$tag: the guest did not finish (see console.log)"; rc_all=1; }
		for u in ${users//,/ }; do
			f="$out/$tag/run-$u.json"
			if [ ! -s "$f" ]; then say "$tag: no run report for $u"; rc_all=1; continue; fi
			python3 - "$f" "$tag $u" <<'EOF' >&2
import json, sys, collections
d = json.load(open(sys.argv[1]))
c = collections.Counter(r["verdict"] for r in d["results"])
print("kernels.sh: %s: %s" % (sys.argv[2], ", ".join("%d %s" % (c[v], v) for v in sorted(c))))
EOF
			if [ -n "$base" ]; then
				# a --suite run has only those suites' tests: the rest are not gone
				fewer=(); [ "$suite" != all ] && fewer=(--allow-fewer)
				"$build/nsbench" compare "${fewer[@]}" "$base" "$f" > "$out/$tag/compare-$u.txt" 2>&1 || rc_all=1
				say "$tag $u: compare with $base: $(grep -m1 '^results:' "$out/$tag/compare-$u.txt" || tail -1 "$out/$tag/compare-$u.txt")"
			fi
		done
	done
done
exit $rc_all
