#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# layout.sh - the folder rules hold (scripts/check-layout.py), and the check
# fails on each kind of violation planted in a copy of the tree.
. "$(dirname "$0")/lib.sh"

"$PY" "$TOP/scripts/check-layout.py" "$TOP" || fail "the tree breaks its folder rules"

copy() {
	rm -rf "$T/tree"
	mkdir -p "$T/tree"
	(cd "$TOP" && cp -r common probes suites reports harness "$T/tree/")
}
# plant FILE LINE: append an include to a copy; the check must then fail, naming FILE.
plant() {
	copy
	echo "$2" >> "$T/tree/$1"
	if out=$("$PY" "$TOP/scripts/check-layout.py" "$T/tree"); then
		fail "check-layout accepted $1 with: $2"
	fi
	grep -q "$1" <<<"$out" || fail "check-layout did not name $1: $out"
	note "refused: $1 + $2 -> ${out%%$'\n'*}"
}
plant probes/uts.c '#include "harness/engine/lab.h"'
plant common/combo.c '#include "suites/suite.h"'
plant reports/json.c '#include "harness/engine/runner.h"'
plant reports/ktap.c '#include "harness/bench/bench.h"'
plant harness/engine/runner.c '#include "harness/env/support.h"'
plant suites/expect.c '#include "reports/report.h"'
