#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# deps.sh - install, idempotently, the Debian packages nsbench needs to build
# and test. Installs nothing that is already there; needs root (or sudo) only
# when something is missing.
set -eu
pkgs=(build-essential pkg-config libcmocka-dev libcap-dev libmnl-dev libnftnl-dev libjson-c-dev zlib1g-dev
      python3 python3-jsonschema util-linux procps iproute2 bubblewrap systemd-container
      libxml2-utils tmux man-db
      musl-tools)	# musl-gcc: the probes' static C library (Makefile; glibc's start-up is slow here)
# For tests/integration/html.sh only, best effort: not every release has it (the test skips, exit 77).
optional=(chromium-headless-shell)
missing=()
for p in "${pkgs[@]}" "${optional[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# The kernel's KTAP parser for tests/integration/ktap-kunit.sh, best effort (that test skips without it).
"$(dirname "$0")/kunit.sh" > /dev/null || echo "deps: no kunit.py: tests/integration/ktap-kunit.sh will skip"
[ ${#missing[@]} = 0 ] && { echo "deps: all ${#pkgs[@]} packages present"; exit 0; }
echo "deps: installing ${missing[*]}"
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
required=()
for p in "${missing[@]}"; do
	[[ " ${optional[*]} " == *" $p "* ]] || required+=("$p")
done
[ ${#required[@]} = 0 ] || $sudo apt-get install -y -qq --no-install-recommends "${required[@]}"
for p in "${optional[@]}"; do
	[[ " ${missing[*]} " == *" $p "* ]] || continue
	$sudo apt-get install -y -qq --no-install-recommends "$p" ||
		echo "deps: $p cannot be installed here: the tests that need it will skip"
done
