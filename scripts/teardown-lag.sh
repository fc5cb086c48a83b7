#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# teardown-lag.sh - drop->gone latency of network namespaces and the sustained
# create+destroy rate with its cleanup lag, for 1 and N creators (issue 15).
# Builds tests/integration/teardown-lag.c (libmnl) and runs it; everything it
# does happens in a user and network namespace it creates first.
# Usage: scripts/teardown-lag.sh [-n SAMPLES] [-d SECONDS] [-c "1 N"]
# Exit: the tool's (0 ok, 1 a step failed, 2 bad usage).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
n=200 dur=10 creators="1 $(nproc)"
while getopts "n:d:c:h" opt; do
	case $opt in
	n) n=$OPTARG ;;
	d) dur=$OPTARG ;;
	c) creators=$OPTARG ;;
	h) sed -n '3,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "teardown-lag.sh: bad option (see -h)" >&2; exit 2 ;;
	esac
done
tmp=$(mktemp -d /tmp/nsb-tdlag.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -Wall -Wextra -Werror -o "$tmp/teardown-lag" "$top/tests/integration/teardown-lag.c" \
	$(pkg-config --cflags --libs libmnl) || { echo "teardown-lag.sh: cannot build the tool" >&2; exit 1; }
"$tmp/teardown-lag" -n "$n" || exit
for c in $creators; do
	"$tmp/teardown-lag" -n 0 -c "$c" -d "$dur" || exit
done
