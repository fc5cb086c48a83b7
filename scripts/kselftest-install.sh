#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# kselftest-install.sh - install nsbench as a kselftest collection: the layout
# `make kselftest-install` of a kernel tree produces, so its run_kselftest.sh
# (and the labs that drive it: KernelCI, LKFT) runs nsbench unchanged.
#
# usage: scripts/kselftest-install.sh [--build DIR] [--kselftest-dir DIR] INSTALL_PATH
#   INSTALL_PATH/nsbench/          the collection: nsbench, probes/, one run
#                                  script per suite, `settings` (timeout)
#   INSTALL_PATH/kselftest-list.txt  gets one `nsbench:<suite>` line per suite
#                                  (earlier nsbench: lines are replaced)
#   --kselftest-dir DIR            a kernel's tools/testing/selftests: its
#                                  run_kselftest.sh and kselftest/ are copied
#                                  too, so INSTALL_PATH runs on its own
# Each entry runs `nsbench run SUITE --no-bench --ktap`: KTAP on stdout (the
# runner prefixes it with "# "), exit 0 when every test passed or was skipped
# with a reason, 1 on a fail/error/timeout, 4 (kselftest's skip) when nothing
# in the suite could run (every test skipped).
set -eu
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
die() { echo "kselftest-install.sh: $*" >&2; exit 2; }
build="$TOP/build" ksft="" dest=""
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=${2:?}; shift ;;
	--kselftest-dir) ksft=${2:?}; shift ;;
	-h|--help) sed -n '7,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) die "unknown option '$1'" ;;
	*) [ -z "$dest" ] || die "one INSTALL_PATH only"; dest=$1 ;;
	esac
	shift
done
[ -n "$dest" ] || die "usage: scripts/kselftest-install.sh [--build DIR] [--kselftest-dir DIR] INSTALL_PATH"
[ -x "$build/nsbench" ] && [ -d "$build/probes" ] || die "no nsbench build in $build (run make first)"
if [ -n "$ksft" ]; then
	[ -r "$ksft/run_kselftest.sh" ] && [ -d "$ksft/kselftest" ] ||
		die "$ksft has no run_kselftest.sh and kselftest/ (give a kernel's tools/testing/selftests)"
fi
suites=$("$build/nsbench" list suites | awk '{ print $1 }')
[ -n "$suites" ] || die "$build/nsbench lists no suites"

c="$dest/nsbench"
rm -rf "$c"
mkdir -p "$c/probes"
install -m 0755 "$build/nsbench" "$c/nsbench"
for w in nsbench-worker nsbench-worker-net nsbench-tp; do	# the benchmarks' workers, the test parent
	[ ! -x "$build/$w" ] || install -m 0755 "$build/$w" "$c/$w"
done
install -m 0755 "$build"/probes/* "$c/probes/"
# A full run under TCG (QEMU without KVM, 2 vCPUs) takes about 6 minutes for all
# suites together (docs/kernels.md); each entry is one suite, so 20 minutes
# leaves room for slow boards and emulators.
printf '# nsbench: seconds per entry (one suite); kselftest default is 45\ntimeout=1200\n' > "$c/settings"

cat > "$c/run-suite.sh" <<'EOF'
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# run-suite.sh - one kselftest entry: `nsbench run SUITE --no-bench --ktap`.
# KTAP on stdout, then nsbench's summary as "# " lines. Exit 0 pass/skip-with-reason, 1 a
# fail/error/timeout, 4 (KSFT_SKIP) when every test of the suite was skipped.
# NSBENCH_KSFT_REPORTS=DIR keeps each suite's JSON report there.
dir=$(cd "$(dirname "$0")" && pwd)
suite=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nsbench-ksft.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
report="$tmp/$suite.json"
[ -n "${NSBENCH_KSFT_REPORTS:-}" ] && report="$NSBENCH_KSFT_REPORTS/nsbench-$suite.json"
chmod 0755 "$tmp"
# nsbench's summary (stderr) after its KTAP, as "# " lines: the runner merges
# the two streams, and a block-buffered stdout would be cut mid-line by stderr.
{ "$dir/nsbench" run "$suite" --no-bench --ktap --report "$report" 2>"$tmp/err"; echo $? > "$tmp/rc"; } | tee "$tmp/ktap"
sed 's/^/# /' "$tmp/err"
rc=$(cat "$tmp/rc" 2>/dev/null || echo 1)
if [ "$rc" = 0 ] && grep -q '^# Totals: pass:0 fail:0 .* skip:[1-9]' "$tmp/ktap"; then
	exit 4
fi
exit "$rc"
EOF
chmod 0755 "$c/run-suite.sh"
for s in $suites; do
	printf '#!/bin/sh\n# SPDX-License-Identifier: GPL-2.0-or-later\n# %s - kselftest entry nsbench:%s\nexec "$(dirname "$0")/run-suite.sh" %s\n' \
		"$s" "$s" "$s" > "$c/$s"
	chmod 0755 "$c/$s"
done

list="$dest/kselftest-list.txt"
touch "$list"
grep -v '^nsbench:' "$list" > "$list.new" || true
for s in $suites; do echo "nsbench:$s"; done >> "$list.new"
mv "$list.new" "$list"
if [ -n "$ksft" ]; then
	install -m 0755 "$ksft/run_kselftest.sh" "$dest/run_kselftest.sh"
	rm -rf "$dest/kselftest"
	cp -r "$ksft/kselftest" "$dest/kselftest"
fi
echo "kselftest-install.sh: $(echo $suites | wc -w) entries nsbench:<suite> in $list; collection in $c"
