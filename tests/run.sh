#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh BUILD [SAN_BUILD] - run nsbench's own tests: every cmocka unit test of
# each build, every integration test against BUILD, and those marked
# "# sanitizer: yes" against SAN_BUILD too. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
builds=("$@")
logs=build/test-logs
mkdir -p "$logs"
pass=0 failed=0 skipped=0
failures=()

run() {
	local name=$1 log="$logs/$(echo "$1" | tr '/ ' '__').log"
	shift
	local t0=$SECONDS
	"$@" > "$log" 2>&1
	local rc=$?
	if [ $rc = 0 ]; then
		pass=$((pass + 1))
		printf 'ok      %-50s %3ss\n' "$name" $((SECONDS - t0))
		grep '^# ' "$log" | sed 's/^/        /'
	elif [ $rc = 77 ]; then
		skipped=$((skipped + 1))
		printf 'skip    %s: %s\n' "$name" "$(tail -n1 "$log")"
	else
		failed=$((failed + 1))
		failures+=("$name")
		printf 'not ok  %s (exit %s)\n' "$name" $rc
		tail -n 30 "$log" | sed 's/^/    /'
	fi
}

for b in "${builds[@]}"; do
	for u in "$b"/unit/test_*; do
		[ -x "$u" ] && run "unit ${u#build/}" "$u"
	done
done
for t in tests/integration/*.sh; do
	[ "${t##*/}" = lib.sh ] && continue
	run "integration ${t##*/} (${builds[0]})" env NSB_BUILD="${builds[0]}" bash "$t"
	if [ ${#builds[@]} -gt 1 ] && grep -q '^# sanitizer: yes' "$t"; then
		run "integration ${t##*/} (${builds[1]})" env NSB_BUILD="${builds[1]}" bash "$t"
	fi
done
[ ${#failures[@]} = 0 ] || printf 'failed: %s\n' "${failures[@]}"
echo "$pass passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
