#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# sanitizer: yes
# The labs suite: every lab passes as root and as nobody with no ip, tc, nft
# or iptables on PATH; a liar claiming every lab works fails every row (by
# the negative controls alone); each lab built broken (the one step it
# depends on left out, tests/liars/labs-broken.c) fails exactly its own row;
# the host's ip_forward and nftables ruleset are unchanged; bench net measures all five as root and nobody.
. "$(dirname "$0")/lib.sh"
stage_build	# nobody runs the build below: from a copy it can reach (a 0700 clone)

# The machine's nf_tables ruleset, read over libnftnl (no nft binary needed);
# its negative control: a table added in a throwaway netns shows up.
cc -O2 -Wall -Wextra -Werror -o "$T/nft-dump" "$TOP/tests/integration/nft-dump.c" \
	$(pkg-config --cflags --libs libnftnl libmnl) || fail "cannot build nft-dump"
"$T/nft-dump" --control | grep -q 'nsbcontrol' || fail "nft-dump does not see a table it added"
"$T/nft-dump" > "$T/nft.before" || fail "cannot read the machine's nftables ruleset"

# A PATH without the tools the labs must not need.
bin="$T/bin"
mkdir -p "$bin"
for d in /usr/local/bin /usr/bin /bin; do
	for f in "$d"/*; do
		case ${f##*/} in ip|tc|nft|iptables*|ip6tables*|ebtables*|arptables*) continue ;; esac
		[ -e "$bin/${f##*/}" ] || ln -s "$f" "$bin/${f##*/}"
	done
done
export PATH="$bin"
for t in ip tc nft iptables; do
	! command -v $t > /dev/null || fail "$t still on PATH"
done

forward=$(cat /proc/sys/net/ipv4/ip_forward)
rows=$("$NSB" list tests | grep -c '^labs\.')
[ "$rows" = 5 ] || fail "labs: $rows rows listed, expected 5"

# all_pass RC WHO REPORT: every labs test passed.
all_pass() {
	local rc=$1 who=$2 r=$3
	validate "$r"
	[ "$rc" = 0 ] || { cat "$T/out" >&2; fail "$who: exit $rc"; }
	[ "$(count "$r" pass)" = 10 ] || { cat "$T/out" >&2; fail "$who: not 10 passes"; }
	note "$who: 10 of 10 labs tests pass; rate: $(json "$r" "'; '.join(r['id'] + ' ' + ', '.join(k + '=' + v for k, v in sorted(r['observed'].items()) if k.endswith('.bps')) for r in d['results'] if r['id'].startswith('labs.rate'))")"
}

"$NSB" run labs --report "$T/root.json" > "$T/out"
all_pass $? root "$T/root.json"
as_nobody "$NSB" run labs --report "$T/nobody.json" > "$T/out"
all_pass $? nobody "$T/nobody.json"

# The liar: every row fails, and only on keys of its negative control.
dir=$(probes_with labs=labs-liar)
NSBENCH_PROBE_DIR=$dir "$NSB" run labs --report "$T/l.json" > "$T/out"
rc=$?
validate "$T/l.json"
[ "$rc" = 1 ] && [ "$(count "$T/l.json" fail)" = 10 ] || fail "labs-liar: exit $rc, $(count "$T/l.json" fail) fails, expected 10"
note "labs-liar: all 10 fail: $(json "$T/l.json" "sorted(set(r['reason'].split(':')[0] for r in d['results']))")"

# Each lab broken: exactly its own row fails (both combinations), the others pass.
dir=$(probes_with labs=labs-broken)
for lab in bridge routing nat rate server; do
	NSB_LABS_BREAK=$lab NSBENCH_PROBE_DIR=$dir "$NSB" run labs --report "$T/b.json" > "$T/out"
	rc=$?
	validate "$T/b.json"
	want=$(json "$T/b.json" "all(r['verdict'] == ('fail' if r['id'].startswith('labs.$lab.') else 'pass') for r in d['results'])")
	[ "$rc" = 1 ] && [ "$want" = True ] || {
		json "$T/b.json" "[(r['id'], r['verdict'], r['reason']) for r in d['results']]" >&2
		fail "labs-broken $lab: exit $rc; failures are not exactly labs.$lab.*"
	}
	note "broken $lab: labs.$lab fails ($(json "$T/b.json" "[r['reason'] for r in d['results'] if r['verdict'] == 'fail'][0]"))"
done

# bench net: every benchmark measured, as root and as nobody.
for who in root nobody; do
	run=()
	[ $who = nobody ] && run=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	"${run[@]}" "$NSB" bench net --ns net --min-time 0.1 --max-time 0.2 --rounds 2 --window 0.1 \
		--report "$T/bench-$who.json" > "$T/out" || { cat "$T/out" >&2; fail "$who: bench net failed"; }
	validate "$T/bench-$who.json"
	got=$(json "$T/bench-$who.json" "sorted(b['variant'] for b in d['benchmarks'] if b['op'] == 'net' and b['status'] == 'ok' and b['stats'])")
	[ "$got" = "['rr', 'rr-bridge', 'setup', 'stream', 'stream-bridge']" ] || { cat "$T/out" >&2; fail "$who: bench net measured $got"; }
	note "$who: bench net medians: $(json "$T/bench-$who.json" "'; '.join('%s %.1f us' % (b['variant'], b['stats']['median'] / 1e3) for b in d['benchmarks'] if b['op'] == 'net')")"
done

[ "$(cat /proc/sys/net/ipv4/ip_forward)" = "$forward" ] || fail "the host's net.ipv4.ip_forward changed"
"$T/nft-dump" > "$T/nft.after" && cmp -s "$T/nft.before" "$T/nft.after" ||
	fail "the machine's nftables ruleset changed: $(diff "$T/nft.before" "$T/nft.after")"
note "host: ip_forward $forward and the nftables ruleset ($(wc -l < "$T/nft.after") lines) unchanged"
wait_gone || fail "processes left behind"
