#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The axidma tool's command line on the host (no driver needed): help,
# version, usage errors with exit status 2, and the errors of a missing
# channel with exit status 1. Exact stderr text is asserted. TAP.
#   cli-host.sh PATH-TO-axidma
AXIDMA=${1:?usage: cli-host.sh PATH-TO-axidma}
n=0 failed=0

# expect NAME STATUS STDERR-REGEX CMD...: status and stderr (grep -E)
expect() {
	name=$1 want=$2 re=$3
	shift 3
	err=$("$@" 2>&1 >/dev/null)
	st=$?
	n=$((n + 1))
	if [ "$st" = "$want" ] && printf '%s\n' "$err" | grep -qE -- "$re"; then
		echo "ok $n - $name"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name"
		echo "# status $st (want $want), stderr: $err"
	fi
}

# expect_out NAME STDOUT-REGEX CMD...: status 0 and stdout
expect_out() {
	name=$1 re=$2
	shift 2
	out=$("$@" 2>/dev/null)
	st=$?
	n=$((n + 1))
	if [ "$st" = 0 ] && printf '%s\n' "$out" | grep -qE -- "$re"; then
		echo "ok $n - $name"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name"
		echo "# status $st, stdout: $out"
	fi
}

expect_out "--help lists the commands" '^  bench +TX RX' "$AXIDMA" --help
expect_out "--help has an exit status section" '^Exit status:' "$AXIDMA" --help
expect_out "--version" '^axidma \(libaxidma\) [0-9]+\.[0-9]+\.[0-9]+$' "$AXIDMA" --version
expect_out "send --help" '^Usage: axidma send \[OPTIONS\] CHAN \[FILE\|-\]$' "$AXIDMA" send --help
expect "no command" 2 '^axidma: no command given$' "$AXIDMA"
expect "unknown command" 2 "^axidma: unknown command 'frobnicate'$" "$AXIDMA" frobnicate
expect "option before the command" 2 '^axidma: options go after the command$' "$AXIDMA" -t 1 list
expect "missing argument" 2 "^axidma: 'info' needs CHAN$" "$AXIDMA" info
expect "too many arguments" 2 "^axidma: too many arguments for 'list'$" "$AXIDMA" list x
expect "option of another command" 2 "^axidma: option --depth does not apply to 'send'$" \
	"$AXIDMA" send a/tx --depth 4
expect "bad size" 2 "^axidma: invalid value for --size: '4X'$" "$AXIDMA" recv a/rx --size 4X
expect "size 0" 2 "^axidma: invalid value for --size: '0'$" "$AXIDMA" loopback a/tx a/rx --size 0
expect "bad duration" 2 "^axidma: invalid value for --timeout: 'soon'$" "$AXIDMA" recv a/rx -t soon
expect "bad format" 2 "^axidma: invalid value for --format: 'xml'$" "$AXIDMA" bench a/tx a/rx -f xml
expect "bad size list" 2 "^axidma: invalid value for --sizes: '1M..1K'$" "$AXIDMA" bench a/tx a/rx --sizes 1M..1K
expect "count and bytes" 2 '^axidma: --count and --bytes exclude each other$' \
	"$AXIDMA" recv a/rx -n 1 -b 10
expect "unknown option" 2 "^axidma: bad option for 'list'$" "$AXIDMA" list --frob
expect "bad channel name" 1 '^axidma: cannot open nonsense: bad argument$' "$AXIDMA" info nonsense
expect "missing channel" 1 '^axidma: cannot open no-such/rx: no such channel$' "$AXIDMA" info no-such/rx
expect "not an axidma device" 1 '^axidma: cannot open /dev/null: not an axidma device$' \
	"$AXIDMA" info /dev/null
if [ -d /sys/class/axidma ]; then
	n=$((n + 1)); echo "ok $n - list without the driver # SKIP the driver is loaded here"
else
	expect "list without the driver" 1 \
		'^axidma: no /sys/class/axidma: the axidma driver is not loaded$' "$AXIDMA" list
fi
expect "send of a missing file" 1 '^axidma: cannot open /nonexistent: No such file or directory$' \
	"$AXIDMA" send a/tx /nonexistent
echo "1..$n"
[ "$failed" = 0 ]
