#!/usr/bin/env bash
# The bash completion (scripts/nsbench.bash-completion) in a real interactive
# bash under tmux: typing "nsbench run is<TAB>" completes the suite, "--ns
# pi<TAB>" and "--ns uts,pi<TAB>" the type, "bench sca<TAB>" the operation and
# "rep<TAB>" the command. Negative control: without the completion sourced,
# the same keys do not complete the suite. Also: the man page renders
# without a warning.
. "$(dirname "$0")/lib.sh"

command -v tmux > /dev/null || { echo "tmux not installed (scripts/deps.sh installs it)"; exit 77; }

# One tmux server (socket, under $T) per session, all killed at exit.
export TMUX_TMPDIR=$T
socks=()
trap 'for s in "${socks[@]}"; do tmux -L "$s" kill-server 2> /dev/null; done; rm -rf "$T"' EXIT
mkdir -p "$T/bin" "$T/cwd"
ln -s "$NSB" "$T/bin/nsbench"

# session [SOURCE]: a fresh bash (no rc files) in an empty directory, nsbench on PATH.
session() {
	sock=nsbench-completion-$$-${#socks[@]}
	socks+=("$sock")
	tmux -L "$sock" -f /dev/null new-session -d -x 200 -y 20 -c "$T/cwd" \
		"env -i HOME=$T TERM=xterm PATH=$T/bin:/usr/bin:/bin PS1='$ ' bash --norc --noprofile" || fail "tmux"
	[ -n "${1:-}" ] && tmux -L "$sock" send-keys ". $TOP/scripts/nsbench.bash-completion" Enter
	tmux -L "$sock" send-keys "clear" Enter
	sleep 0.3
}

# typed KEYS: type KEYS, TAB, then "#" (a mark: capture-pane drops trailing blanks, and whether
# completion added a space matters); print the command line as bash shows it.
typed() {
	local line
	tmux -L "$sock" send-keys C-u "$1" Tab
	sleep 0.3
	tmux -L "$sock" send-keys "#"
	for _ in $(seq 30); do
		sleep 0.1
		line=$(tmux -L "$sock" capture-pane -p | grep '^\$ ' | tail -n1)
		[[ "$line" == *"#" ]] && break
	done
	echo "${line#\$ }"
}

session with
got=$(typed "nsbench run is"); [ "$got" = "nsbench run isolation #" ] || fail "suite: got '$got'"
got=$(typed "nsbench run --ns pi"); [ "$got" = "nsbench run --ns pid#" ] || fail "type: got '$got'"
got=$(typed "nsbench run --ns uts,pi"); [ "$got" = "nsbench run --ns uts,pid#" ] || fail "type in a list: got '$got'"
got=$(typed "nsbench bench sca"); [ "$got" = "nsbench bench scaling #" ] || fail "bench op: got '$got'"
got=$(typed "nsbench rep"); [ "$got" = "nsbench report #" ] || fail "command: got '$got'"
got=$(typed "nsbench run --ju"); [ "$got" = "nsbench run --junit #" ] || fail "option: got '$got'"
note "completion: suite, type, type in a list, bench op, command and option complete"

# Negative control: the same keys without the completion leave the suite alone.
session
got=$(typed "nsbench run is"); [ "$got" = "nsbench run is#" ] || fail "negative control: without the completion got '$got'"

# The man page: renders, and man(1) and groff say nothing about it.
if command -v man > /dev/null; then
	MANWIDTH=80 man --warnings -l "$TOP/docs/nsbench.1" > "$T/man.txt" 2> "$T/man.err" || fail "man: exit $?"
	[ ! -s "$T/man.err" ] || { cat "$T/man.err"; fail "man page warnings"; }
	for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
		grep -q "^$s" "$T/man.txt" || fail "man page: no $s section"
	done
	# Every option that a command's --help shows is in the man page.
	for c in run list compare check bench report; do
		for o in $("$NSB" "$c" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
			grep -q -- "$o" "$T/man.txt" || fail "man page: '$c $o' missing"
		done
	done
	note "man page: renders without warnings, every --help option documented"
else
	note "man page not checked: man(1) not installed"
fi
