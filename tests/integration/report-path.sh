#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# sanitizer: yes
# --report never replaces what is not a regular file (run, bench and check share
# one writer): a device node (mknod c 1 3 in $T) and a FIFO are written through
# and stay what they were; /dev/stdout and /dev/null, in a /dev of a mount
# namespace this test makes (the host's /dev is never at risk), stay a symlink
# and a device; a symlink stays a symlink and its target gets the report.
# run.args is what the user typed, valid UTF-8 even for non-UTF-8 bytes.
. "$(dirname "$0")/lib.sh"
stage_build
[ "$(id -u)" = 0 ] || { echo "needs root (mknod, unshare -m)"; exit 77; }

RUN=(run isolation --filter 'isolation.uts*' --ns uts --jobs 2)
BENCH=(bench clone --ns uts --samples 6 --rounds 1 --min-time 0.001 --max-time 0.001 --warmup 1)
cmds=(RUN BENCH CHECK)
# nsb WHICH REPORT [as]: one of the three commands with --report REPORT.
nsb() {
	local which=$1 rep=$2 pre=()
	[ "${3:-}" = nobody ] && pre=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	case $which in
	RUN) "${pre[@]}" "$NSB" "${RUN[@]}" --report "$rep" ;;
	BENCH) "${pre[@]}" "$NSB" "${BENCH[@]}" --report "$rep" ;;
	CHECK) "${pre[@]}" "$NSB" check --quiet --report "$rep" ;;
	esac
}
is_report() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "tool" in d and "schema_version" in d' "$1"; }

# --- a device node: written through, never replaced (as root and as nobody) ---
mkdir -m 1777 "$T/dev"
mknod -m 0666 "$T/dev/null" c 1 3
for who in root nobody; do
	for c in "${cmds[@]}"; do
		nsb $c "$T/dev/null" $who > "$T/out" 2>&1; rc=$?
		[ $rc = 0 ] || [ $c = CHECK -a $rc = 1 ] || { cat "$T/out"; fail "$c --report to a device as $who: exit $rc"; }
		[ -c "$T/dev/null" ] && [ "$(stat -c '%t,%T' "$T/dev/null")" = 1,3 ] ||
			fail "$c as $who: the device node was replaced ($(stat -c '%F %s' "$T/dev/null"))"
		[ "$(ls -A "$T/dev")" = null ] || fail "$c as $who: left $(ls -A "$T/dev")"
	done
done
# JUnit XML goes through the same writer.
"$NSB" "${RUN[@]}" --report "$T/dev/null" --junit "$T/dev/null" > "$T/out" 2>&1 || { cat "$T/out"; fail "--junit to a device: exit $?"; }
[ -c "$T/dev/null" ] && [ "$(ls -A "$T/dev")" = null ] || fail "--junit replaced the device node"
note "device node c 1 3: written through by run, bench and check (and --junit), as root and nobody; still the device"

# --- a FIFO: written through to its reader ---
mkfifo "$T/fifo"
for c in "${cmds[@]}"; do
	cat "$T/fifo" > "$T/fifo.out" &
	reader=$!
	nsb $c "$T/fifo" > "$T/out" 2>&1; rc=$?
	[ $rc = 0 ] || [ $c = CHECK -a $rc = 1 ] || { cat "$T/out"; fail "$c --report to a FIFO: exit $rc"; }
	[ -p "$T/fifo" ] || { kill $reader; fail "$c: the FIFO was replaced"; }
	wait $reader
	is_report "$T/fifo.out" || fail "$c: the FIFO's reader did not get a report"
done
note "FIFO: the reader gets the report, the FIFO stays"

# --- symlinks: followed to the target, never replaced by a file ---
mkdir "$T/ln" && cd "$T/ln" || exit 1
for c in "${cmds[@]}"; do
	rm -f ./*
	echo old > real.json
	ln -s real.json link.json
	ln -s link.json chain.json
	ln -s new.json dangling.json
	ino=$(stat -c %i real.json)
	nsb $c chain.json > "$T/out" 2>&1; rc=$?
	[ $rc = 0 ] || [ $c = CHECK -a $rc = 1 ] || { cat "$T/out"; fail "$c --report to a symlink: exit $rc"; }
	[ -L link.json ] && [ -L chain.json ] && [ "$(readlink chain.json)" = link.json ] || fail "$c: a symlink was replaced"
	is_report real.json || fail "$c: the symlink's target did not get the report"
	[ "$(stat -c %i real.json)" != "$ino" ] || fail "$c: the target was rewritten in place, not replaced atomically"
	nsb $c dangling.json > "$T/out" 2>&1
	[ -L dangling.json ] && is_report new.json || fail "$c: a dangling symlink's target was not created"
	[ "$(ls -A | sort | tr '\n' ' ')" = "chain.json dangling.json link.json new.json real.json " ] ||
		fail "$c: left $(ls -A)"
done
ln -s "$T" dirlink
"$NSB" "${RUN[@]}" --report dirlink > "$T/out" 2> "$T/err"
[ $? = 2 ] && grep -q "Is a directory" "$T/err" && [ ! -s "$T/out" ] || fail "a symlink to a directory: not refused before the run"
cd "$T" || exit 1
note "symlinks (a chain, a dangling one): the links stay, the target is replaced atomically"

# --- /dev/stdout and /dev/null in a /dev of our own (unshare -m: the host's /dev is untouched) ---
inner='set -e
mount --make-rprivate /
mount -t tmpfs -o mode=0755 nsbench-test-dev /dev
mknod -m 0666 /dev/null c 1 3; mknod -m 0666 /dev/zero c 1 5; mknod -m 0666 /dev/urandom c 1 9
ln -s /proc/self/fd /dev/fd; ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr
intact() { [ -L /dev/stdout ] && [ "$(readlink /dev/stdout)" = /proc/self/fd/1 ] && [ -c /dev/null ] &&
	[ "$(stat -c %t,%T /dev/null)" = 1,3 ] && [ "$(ls /dev | tr "\n" " ")" = "fd null stderr stdout urandom zero " ]; }
shift 0
for c in run bench check; do
	case $c in
	run) set -- "$NSB" run isolation --filter "isolation.uts*" --ns uts --jobs 2 ;;
	bench) set -- "$NSB" bench clone --ns uts --samples 6 --rounds 1 --min-time 0.001 --max-time 0.001 --warmup 1 ;;
	check) set -- "$NSB" check --quiet ;;
	esac
	"$@" --report /dev/stdout > "$T/$c.file" || [ $? = 1 -a $c = check ]
	intact || { echo "$c: /dev changed (stdout to a file)"; exit 1; }
	"$@" --report /dev/stdout | cat > "$T/$c.pipe"
	intact || { echo "$c: /dev changed (stdout to a pipe)"; exit 1; }
	"$@" --report /dev/null > /dev/null || [ $? = 1 -a $c = check ]
	intact || { echo "$c: /dev changed (--report /dev/null)"; exit 1; }
done
echo intact'
NSB=$NSB T=$T unshare -m bash -c "$inner" > "$T/unshare.out" 2>&1 || { cat "$T/unshare.out"; fail "in a /dev of our own"; }
grep -qx intact "$T/unshare.out" || { cat "$T/unshare.out"; fail "the /dev checks did not finish"; }
for c in run bench check; do
	# check --quiet prints only the report; run and bench print their summary after it
	"$PY" - "$T/$c.file" "$T/$c.pipe" <<'PYEOF' || fail "$c --report /dev/stdout: not a report followed by the summary"
import json, sys
for p in sys.argv[1:]:
    text = open(p).read()
    d, end = json.JSONDecoder().raw_decode(text)
    assert d["tool"]["name"] == "nsbench", p
PYEOF
done
note "/dev/stdout (to a file and to a pipe) and /dev/null in a test-made mount namespace: written through, /dev unchanged"

# --- run.args: as typed (getopt does not reorder it), valid UTF-8 for any bytes ---
bad=$(printf 'r\xff\xe9.json')
mkdir "$T/u"
"$NSB" run isolation --report "$T/u/$bad" --filter 'isolation.uts*' --ns uts -j 2 > "$T/out" 2>&1 || { cat "$T/out"; fail "non-UTF-8 report path: exit $?"; }
f=$(ls "$T/u")
"$PY" - "$T/u/$f" "$T/u" <<'PYEOF' || fail "run.args is not what was typed, or not valid UTF-8"
import json, sys
raw = open(sys.argv[1], "rb").read()
d = json.loads(raw.decode("utf-8", errors="strict"))
want = ["run", "isolation", "--report", sys.argv[2] + "/r\\xFF\\xE9.json", "--filter", "isolation.uts*", "--ns", "uts", "-j", "2"]
assert d["run"]["args"] == want, d["run"]["args"]
PYEOF
validate "$T/u/$f"
note "run.args as typed; non-UTF-8 bytes written as \\xNN"
