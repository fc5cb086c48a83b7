#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# kunit.sh [DEST] - provide the kernel's KTAP parser (tools/testing/kunit/,
# `kunit.py parse`) for tests/integration/ktap-kunit.sh: extracted once into
# build/kunit/tools/testing/kunit (kunit.py wants that path) from the tarball of Debian's linux-source package (only that
# folder is extracted), which is installed when missing and apt is usable.
# $NSB_LINUX_SOURCE may name a linux-source tarball to use instead. Prints the
# folder holding kunit.py; exit 1 with a reason when none can be had.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$top/build/kunit}/tools/testing/kunit
if [ -f "$dest/kunit.py" ]; then
	echo "$dest"
	exit 0
fi
tarball=${NSB_LINUX_SOURCE:-}
[ -n "$tarball" ] || tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n1 || true)
if [ -z "$tarball" ]; then
	command -v apt-get > /dev/null || { echo "kunit: no linux-source tarball and no apt-get" >&2; exit 1; }
	pkg=$(apt-cache search --names-only '^linux-source-[0-9.]+$' 2>/dev/null | awk '{print $1}' | sort -V | tail -n1)
	[ -n "$pkg" ] || { echo "kunit: apt knows no linux-source package" >&2; exit 1; }
	sudo=
	[ "$(id -u)" = 0 ] || sudo=sudo
	echo "kunit: installing $pkg (the kernel's sources, for tools/testing/kunit only)" >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$pkg" >&2 ||
		{ echo "kunit: cannot install $pkg" >&2; exit 1; }
	tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n1 || true)
	[ -n "$tarball" ] || { echo "kunit: $pkg has no /usr/src/linux-source-*.tar.xz" >&2; exit 1; }
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xJf "$tarball" -C "$tmp" --wildcards '*/tools/testing/kunit/*' ||
	{ echo "kunit: $tarball has no tools/testing/kunit" >&2; exit 1; }
src=$(echo "$tmp"/*/tools/testing/kunit)
[ -f "$src/kunit.py" ] || { echo "kunit: $tarball has no tools/testing/kunit/kunit.py" >&2; exit 1; }
mkdir -p "$dest"
cp -r "$src/." "$dest/"
echo "$dest"
