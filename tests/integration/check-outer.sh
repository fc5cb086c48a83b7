#!/usr/bin/env bash
# The cheap subset of scripts/outer-env.sh (unshare -Ur and bubblewrap settings,
# no nspawn, no network): in each, `nsbench check` agrees with what a real
# `nsbench run all` managed there, the run has 0 fail, and the host is unchanged.
# The nspawn settings need a debootstrap'ed rootfs: run scripts/outer-env.sh by hand.
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
command -v bwrap > /dev/null || { echo "bubblewrap not installed"; exit 77; }
NSB_BUILD=$NSB_BUILD "$TOP/scripts/outer-env.sh" --quick > "$T/out" 2>&1 || { cat "$T/out"; fail "outer-env --quick"; }
note "$(tail -n 1 "$T/out")"
