#!/usr/bin/env bash
# sanitizer: yes
# The pid, user, uts, time and caps probes: with the real probes every test
# passes, on both sides (combinations expecting isolation and combinations
# expecting none); each lying probe turns tests into fail exactly in the
# combinations where its lie contradicts the combination. Run as root: the
# caps, user and uts.sysctl liars tell what root would see.
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || { echo "needs root (the liars claim what root sees)"; exit 77; }

# run_liar PROBE=LIAR FILTER PREDICATE WANT: failures must be exactly the
# results whose combo satisfies PREDICATE (Python over `c`, the combo list),
# WANT of them, and everything else must pass.
run_liar() {
	local dir rc ok fails
	dir=$(probes_with "$1")
	NSBENCH_PROBE_DIR=$dir "$NSB" run all --filter "$2" --report "$T/l.json" > "$T/out"
	rc=$?
	validate "$T/l.json"
	[ "$rc" = 1 ] || fail "$1: exit $rc, expected 1"
	ok=$(json "$T/l.json" "all(r['verdict'] == ('fail' if (lambda c: $3)(r['combo']) else 'pass') for r in d['results'])")
	fails=$(count "$T/l.json" fail)
	[ "$ok" = True ] && [ "$fails" = "$4" ] || fail "$1: $fails fails; want exactly $4, where $3"
	note "$1: fails exactly where $3 ($4 of $(json "$T/l.json" "len(d['results'])"))"
}

# The real probes, over every combination of the types they are about (32):
# all pass, and each probe passes both where it expects its type's isolation
# and where it expects none.
"$NSB" run isolation pid uts user time caps --ns pid,user,uts,time,mnt --report "$T/r.json" > "$T/out" ||
	fail "real probes: $(tail -n 3 "$T/out")"
validate "$T/r.json"
one_sided=$("$PY" - "$T/r.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
about = {'pid-ns': 'pid', 'pid-signals': 'pid', 'user-maps': 'user', 'user-reach': 'user',
         'uts-names': 'uts', 'time-ns': 'time', 'caps': 'user'}
def passes(probe, t, inside):
    return any(r['verdict'] == 'pass' and (t in r['combo']) == inside
               for r in d['results'] if r['probe'] == probe)
print(' '.join(p for p, t in about.items() if not (passes(p, t, True) and passes(p, t, False))))
PYEOF
)
[ -z "$one_sided" ] || fail "probes without passing tests on both sides: $one_sided"
[ "$(count "$T/r.json" pass)" = "$(json "$T/r.json" "len(d['results'])")" ] || fail "real probes: not all pass"
note "real probes: $(count "$T/r.json" pass) passed, on both sides of their type"

run_liar uts-names=uts-names-liar 'uts.names.*' "'uts' not in c" 128
run_liar uts-names=uts-names-liar 'uts.sysctl.*' "'uts' not in c" 128
run_liar caps=caps-liar 'caps.sets.*' "'user' not in c" 128
run_liar pid-ns=pid-ns-liar 'pid.view.*' "not ('pid' in c and 'mnt' in c)" 192
run_liar pid-signals=pid-signals-liar 'pid.signals.*' "'pid' not in c" 128
run_liar time-ns=time-ns-liar 'time.clocks.*' "'time' in c" 128
run_liar user-maps=user-maps-liar 'user.maps.*' "'user' in c" 128
run_liar user-reach=user-reach-liar 'user.reach.*' "'user' in c and not ('uts' in c and 'mnt' in c)" 96
