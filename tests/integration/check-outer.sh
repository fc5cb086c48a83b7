#!/usr/bin/env bash
# The cheap subset of scripts/outer-env.sh (unshare -Ur and bubblewrap settings,
# no nspawn, no network): in each, `nsbench check` agrees with what a real
# `nsbench run all` managed there, the run has 0 fail, and the host is unchanged.
# The nspawn settings need a debootstrap'ed rootfs: run scripts/outer-env.sh by hand.
. "$(dirname "$0")/lib.sh"
stage_build

[ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
command -v bwrap > /dev/null || { echo "bubblewrap not installed"; exit 77; }
NSB_BUILD=$NSB_BUILD "$TOP/scripts/outer-env.sh" --quick > "$T/out" 2>&1 || { cat "$T/out"; fail "outer-env --quick"; }
note "$(tail -n 1 "$T/out")"

# The assertion can fail: reports that contradict each other are caught.
d="$T/liar"
mkdir -p "$d" && chmod 1777 "$d"
unshare --user --map-root-user sh -c '"$0" check --report "$1/check.json" > /dev/null; echo $? > "$1/check.rc"
"$0" run isolation --report "$1/run.json" > /dev/null; echo $? > "$1/run.rc"' "$NSB" "$d"
cmp() { "$TOP/scripts/outer-env.sh" --compare liar "$d" user-namespace > "$T/cmp.out" 2>&1; }
cmp || { cat "$T/cmp.out"; fail "honest reports do not agree"; }
cp "$d/check.json" "$d/check.orig"
# check claims net cannot be made, but the run made it
"$PY" -c 'import json,sys; p=sys.argv[1]; d=json.load(open(p)); r=[r for r in d["support"] if r["type"]=="net"][0]; r["current"].update(ok=False, errno="EPERM", step="clone3(CLONE_NEWNET)"); json.dump(d, open(p,"w"))' "$d/check.json"
! cmp && grep -q "MISMATCH: net: check says False, the run pass" "$T/cmp.out" || { cat "$T/cmp.out"; fail "a lying check.json was not caught"; }
cp "$d/check.orig" "$d/check.json"
# the run claims the lab failed although check saw nothing against it
"$PY" -c 'import json,sys; p=sys.argv[1]; d=json.load(open(p)); d["run"]["lab"].update(ok=False, reason="unshare(CLONE_NEWNET): EPERM"); json.dump(d, open(p,"w"))' "$d/run.json"
! cmp && grep -q "MISMATCH: check predicted lab=True" "$T/cmp.out" || { cat "$T/cmp.out"; fail "a lying run.json was not caught"; }
note "contradicting check/run reports are caught (net verdict, lab verdict)"
