#!/usr/bin/env bash
# check and run agree (issue 14.4): with /proc of another pid ns (unshare
# --pid --fork without --mount-proc) check must not call user namespaces
# unusable, and run passes there; /.dockerenv alone does not make "docker".
. "$(dirname "$0")/lib.sh"
unshare --pid --fork "$NSB" check --report "$T/c.json" > "$T/out" 2>&1
grep -E '^user +yes' "$T/out" > /dev/null || { cat "$T/out"; fail "check: user is not usable with the parent's /proc"; }
! grep -q ENOENT "$T/out" || fail "check still says ENOENT"
unshare --pid --fork "$NSB" run user --report "$T/r.json" > /dev/null || fail "run user exited $?"
[ "$(count "$T/r.json" fail)$(count "$T/r.json" error)" = 00 ] || fail "run user: fail/error"
note "pid ns without its /proc: check says user yes, run user passes $(count "$T/r.json" pass)"
if [ -e /.dockerenv ]; then
	unshare --mount "$NSB" check > "$T/out2" 2>&1
	! grep -q 'outer environment: docker' "$T/out2" || fail "/.dockerenv alone made it docker"
	note "/.dockerenv with a private mount ns alone: $(grep 'outer environment' "$T/out2" | cut -c1-60)"
fi
grep -q 'nesting left: *user [0-9]' "$T/out" || fail "no nesting figures"
