#!/usr/bin/env bash
# sanitizer: yes
# Bad input: a one-line error naming the problem, exit 2, no core dump, no report file.
. "$(dirname "$0")/lib.sh"
stage_build
cd "$T" || exit 1

check() {
	local want=$1 t0=$SECONDS; shift
	"$NSB" "$@" > out 2> err
	local rc=$?
	[ "$rc" = 2 ] || fail "'$*': exit $rc, expected 2"
	# Refused before anything runs (a whole run takes minutes).
	[ $((SECONDS - t0)) -le 5 ] || fail "'$*': refused only after $((SECONDS - t0)) s"
	grep -q "$want" err || { cat err; fail "'$*': message does not mention '$want'"; }
	[ "$(grep -c '^nsbench:' err)" = 1 ] || { cat err; fail "'$*': not one error line"; }
	[ ! -s out ] || fail "'$*': printed to stdout on error"
	[ ! -e nsbench-report.json ] && [ -z "$(ls -A "$T/ro" 2>/dev/null)" ] || fail "'$*': left a report"
}
mkdir ro && chmod 555 ro
check "unknown suite 'bogus'" run bogus
check "nsbench list suites" run bogus
check "unknown namespace type 'bogus'" run --ns pid,bogus
check "jobs" run --jobs 0
check "jobs" run --jobs -3
check "jobs" run --jobs 2x
check "timeout" run --timeout 0
check "timeout" run --timeout nan
check "unrecognized option '--frobnicate'" run --frobnicate
check "needs an argument" run --report
# Report paths are checked before any test runs.
long=$(printf 'x%.0s' $(seq 300))
check "needs a file name, not ''" run --report ''
check "needs a file name, not ''" bench --report ''
check "needs a file name, not ''" check --report ''
check "File name too long" run --report "$long"
check "File name too long" run --report "$T/$long/r.json"
check "File name too long" bench --report "$long"
check "File name too long" check --report "$long"
check "File name too long" run --report "/$(printf "$long/%.0s" $(seq 14))r.json"
check "Is a directory" run --report "$T"
check "Is a directory" check --report "$T/ro"
check "no test matches" run --filter 'nothing*'
check "unknown command 'explode'" explode
check "cannot list" list everything
# An unwritable report path (as nobody, since root may write anywhere).
as_nobody "$NSB" run --report "$T/ro/r.json" > out 2> err
[ $? = 2 ] && grep -q "cannot write report" err || fail "unwritable report: not a clear exit 2"
[ -z "$(ls -A ro)" ] || fail "unwritable report: left a file"
"$NSB" run --report /nonexistent/dir/r.json > out 2> err
[ $? = 2 ] && grep -q "No such file or directory" err || fail "missing report dir: not a clear exit 2"
# --help and --version on stdout, exit 0.
"$NSB" --version | grep -q '^nsbench (nsbench) [0-9]' || fail "--version"
"$NSB" run --help | grep -q '^Usage:' || fail "run --help"
ls core* 2>/dev/null && fail "core dump"
note "bad input: every case exits 2 with one line"
