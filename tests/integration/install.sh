#!/usr/bin/env bash
# `make install PREFIX=… DESTDIR=…` installs the binary, the probes, the man
# page and the bash completion, and
# the installed binary finds its probes relative to itself (and honours
# NSBENCH_PROBE_DIR over that).
. "$(dirname "$0")/lib.sh"
[ "$NSB_BUILD" = "$TOP/build" ] || { echo "install is tested on the normal build only"; exit 77; }

make -C "$TOP" --no-print-directory -s install PREFIX=/opt/nsb DESTDIR="$T/dest" > "$T/make.out" 2>&1 ||
	{ cat "$T/make.out"; fail "make install failed"; }
bin="$T/dest/opt/nsb/bin/nsbench"
[ -x "$bin" ] || fail "no $bin"
[ -x "$T/dest/opt/nsb/libexec/nsbench/probes/pid" ] || fail "probes not installed under libexec/nsbench/probes"
# The test parent program, where the build has one, beside the workers; the run below uses it.
[ ! -x "$NSB_BUILD/nsbench-tp" ] || [ -x "$T/dest/opt/nsb/libexec/nsbench/nsbench-tp" ] ||
	fail "nsbench-tp not installed under libexec/nsbench"
cmp -s "$TOP/docs/nsbench.1" "$T/dest/opt/nsb/share/man/man1/nsbench.1" || fail "man page not installed in share/man/man1"
cmp -s "$TOP/scripts/nsbench.bash-completion" "$T/dest/opt/nsb/share/bash-completion/completions/nsbench" ||
	fail "bash completion not installed in share/bash-completion/completions"
"$bin" run isolation --filter 'isolation.*.pid,mnt' --report "$T/i.json" > "$T/out" || { cat "$T/out"; fail "installed binary: run failed"; }
[ "$(count "$T/i.json" pass)" = 3 ] || fail "installed binary: expected 3 passes"
# NSBENCH_PROBE_DIR wins; a missing one is a clear environment error.
NSBENCH_PROBE_DIR="$T/nowhere" "$bin" run isolation > "$T/out" 2> "$T/err"
[ $? = 2 ] && grep -q 'probe directory' "$T/err" || fail "missing NSBENCH_PROBE_DIR: not a clear exit 2"
note "install: binary, probes, man page and completion installed under DESTDIR/PREFIX, probes found relative to the binary"
