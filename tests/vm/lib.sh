# SPDX-License-Identifier: GPL-2.0
#
# Shell helpers for the VM test suites (busybox sh). Source it:
#
#	#!/bin/sh
#	. /axidma/lib.sh
#	tap_plan 3
#	tap_check "configfs is mounted" grep -qw configfs /proc/mounts
#	load_ko axidma_sim || tap_bail "cannot load axidma_sim"
#	sim_engine e0 datawidth=32 include_sg=0 && tap_ok "engine e0" ||
#		tap_not_ok "engine e0"
#	expect_errno EBUSY "datawidth while live" \
#		write_attr "$AXIDMA_SIM_CFS/e0/datawidth" 64
#	tap_done
#
# TAP: tap_plan N (or no plan and tap_done prints one at the end), tap_ok,
# tap_not_ok, tap_result STATUS NAME, tap_skip NAME REASON, tap_diag,
# tap_check NAME CMD... (ok when CMD succeeds; its output becomes diag lines
# on failure), tap_bail. Environment from init: AXIDMA_ARCH, AXIDMA_DT,
# AXIDMA_DEBUG.

AXIDMA_KO=${AXIDMA_KO:-/axidma/ko}
AXIDMA_BIN=${AXIDMA_BIN:-/axidma/bin}
AXIDMA_SIM_CFS=${AXIDMA_SIM_CFS:-/sys/kernel/config/axidma-sim}
AXIDMA_SIM_DBG=${AXIDMA_SIM_DBG:-/sys/kernel/debug/axidma-sim}

_tap_n=0
_tap_failed=0
_tap_planned=

tap_plan() {
	_tap_planned=$1
	echo "1..$1"
}

# tap_skip_all REASON: the whole suite does not apply here.
tap_skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

tap_diag() {
	local l
	printf '%s\n' "$*" | while IFS= read -r l; do echo "# $l"; done
}

tap_ok() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $*"
}

tap_not_ok() {
	_tap_n=$((_tap_n + 1))
	_tap_failed=$((_tap_failed + 1))
	echo "not ok $_tap_n - $*"
}

# tap_result STATUS NAME: ok when STATUS is 0.
tap_result() {
	local st=$1
	shift
	if [ "$st" -eq 0 ]; then tap_ok "$@"; else tap_not_ok "$@"; fi
}

tap_skip() {
	local name=$1
	shift
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $name # SKIP ${*:-skipped}"
}

# tap_check NAME CMD [ARGS...]: run CMD; ok if it succeeds, else not ok with
# its output as diagnostics.
tap_check() {
	local name=$1 out st
	shift
	out=$("$@" 2>&1)
	st=$?
	if [ $st -eq 0 ]; then
		tap_ok "$name"
	else
		tap_not_ok "$name"
		tap_diag "command: $* (status $st)"
		[ -n "$out" ] && tap_diag "$out"
	fi
	return $st
}

# tap_bail REASON: stop the suite; the runner reports the missing tests.
tap_bail() {
	echo "Bail out! $*"
	exit 1
}

# tap_done: print the plan if none was given; exit 1 if anything failed.
tap_done() {
	[ -n "$_tap_planned" ] || echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
	exit $?
}

# --- errno from a failed write ------------------------------------------

# errno_name MESSAGE: the E-name of a strerror() text (glibc's wording, as
# in Debian's static busybox); "E?" when unknown. Kernel-internal codes
# that leak to userspace show as "Unknown error N".
errno_name() {
	case $1 in
	"Operation not permitted") echo EPERM ;;
	"No such file or directory"|"nonexistent directory") echo ENOENT ;;
	"No such process") echo ESRCH ;;
	"Interrupted system call") echo EINTR ;;
	"Input/output error"|"I/O error") echo EIO ;;
	"No such device or address") echo ENXIO ;;
	"Argument list too long") echo E2BIG ;;
	"Bad file descriptor") echo EBADF ;;
	"Resource temporarily unavailable") echo EAGAIN ;;
	"Cannot allocate memory"|"Out of memory") echo ENOMEM ;;
	"Permission denied") echo EACCES ;;
	"Bad address") echo EFAULT ;;
	"Device or resource busy") echo EBUSY ;;
	"File exists") echo EEXIST ;;
	"No such device") echo ENODEV ;;
	"Not a directory") echo ENOTDIR ;;
	"Is a directory") echo EISDIR ;;
	"Invalid argument") echo EINVAL ;;
	"Inappropriate ioctl for device") echo ENOTTY ;;
	"File too large") echo EFBIG ;;
	"No space left on device") echo ENOSPC ;;
	"Broken pipe") echo EPIPE ;;
	"Numerical argument out of domain") echo EDOM ;;
	"Numerical result out of range") echo ERANGE ;;
	"Function not implemented") echo ENOSYS ;;
	"Protocol error") echo EPROTO ;;
	"Value too large for defined data type") echo EOVERFLOW ;;
	"Message too long") echo EMSGSIZE ;;
	"Operation not supported") echo EOPNOTSUPP ;;
	"Connection timed out") echo ETIMEDOUT ;;
	"Operation canceled") echo ECANCELED ;;
	"Directory not empty") echo ENOTEMPTY ;;
	"Unknown error 512") echo ERESTARTSYS ;;
	"Unknown error 517") echo EPROBE_DEFER ;;
	"Unknown error 524") echo ENOTSUPP ;;
	*) echo "E?($1)" ;;
	esac
}

# write_attr FILE VALUE: write VALUE (one write, echo: busybox printf is
# silent on write errors) to FILE. On failure prints
# the E-name of the error on stderr and returns 1.
write_attr() {
	local err
	err=$( { echo "$2" > "$1"; } 2>&1 )
	[ $? -eq 0 ] && return 0
	errno_name "${err##*: }" >&2
	return 1
}

# expect_errno ENAME TESTNAME CMD [ARGS...]: one TAP result: ok when CMD
# fails and its stderr's last line is ENAME (as write_attr prints it, or a
# program printing a plain strerror text or E-name).
expect_errno() {
	local want=$1 name=$2 err got
	shift 2
	err=$("$@" 2>&1 >/dev/null)
	if [ $? -eq 0 ]; then
		tap_not_ok "$name"
		tap_diag "expected $want, the command succeeded: $*"
		return 1
	fi
	got=$(printf '%s\n' "$err" | tail -n 1)
	case $got in
	E*) ;;
	*) got=$(errno_name "${got##*: }") ;;
	esac
	if [ "$got" = "$want" ]; then
		tap_ok "$name"
	else
		tap_not_ok "$name"
		tap_diag "expected $want, got $got: $*"
		return 1
	fi
}

# --- modules --------------------------------------------------------------

# load_ko NAME [PARAMS...]: insmod /axidma/ko/NAME.ko; diag on failure.
load_ko() {
	local name=$1 out
	shift
	if grep -q "^$name " /proc/modules; then
		return 0
	fi
	out=$(insmod "$AXIDMA_KO/$name.ko" "$@" 2>&1) && return 0
	tap_diag "insmod $name $*: $out"
	return 1
}

# unload_ko NAME: rmmod if loaded; diag on failure.
unload_ko() {
	local out
	grep -q "^$1 " /proc/modules || return 0
	out=$(rmmod "$1" 2>&1) && return 0
	tap_diag "rmmod $1: $out"
	return 1
}

# --- the simulator through configfs ----------------------------------------

# sim_engine NAME [KEY=VALUE...]: make a simulator instance, set its
# attributes, then make it live. Returns 1 (with diag lines) if any step
# fails; the E-name of a failed write is on stderr.
sim_engine() {
	local name=$1 dir kv
	shift
	dir=$AXIDMA_SIM_CFS/$name
	if [ ! -d "$AXIDMA_SIM_CFS" ]; then
		tap_diag "sim_engine: $AXIDMA_SIM_CFS missing (axidma_sim loaded?)"
		return 1
	fi
	mkdir "$dir" || { tap_diag "sim_engine: mkdir $dir failed"; return 1; }
	for kv in "$@"; do
		if ! write_attr "$dir/${kv%%=*}" "${kv#*=}"; then
			tap_diag "sim_engine $name: writing ${kv%%=*}=${kv#*=} failed"
			return 1
		fi
	done
	if ! write_attr "$dir/live" 1; then
		tap_diag "sim_engine $name: live=1 failed"
		return 1
	fi
}

# sim_engine_remove NAME: take an instance down and remove it.
sim_engine_remove() {
	local dir=$AXIDMA_SIM_CFS/$1
	[ -d "$dir" ] || return 0
	if [ "$(cat "$dir/live" 2>/dev/null)" = 1 ]; then
		write_attr "$dir/live" 0 || { tap_diag "sim_engine_remove $1: live=0 failed"; return 1; }
	fi
	rmdir "$dir" || { tap_diag "sim_engine_remove $1: rmdir failed"; return 1; }
}

# sim_dev_name NAME: the platform device name of a live instance (its
# debugfs directory under $AXIDMA_SIM_DBG).
sim_dev_name() {
	cat "$AXIDMA_SIM_CFS/$1/dev_name"
}

# --- TAP of test programs, lifted ------------------------------------------

# tap_lift PREFIX ENV... PROG ARGS: run a program printing TAP (env(1)
# arguments); each of its results becomes a result of the suite named
# "PREFIX: NAME" (SKIP kept), its diagnostics pass through. A run that
# does not complete its plan (crash, bail out) adds a not ok result.
tap_lift() {
	local prefix=$1 f=/tmp/tap_lift.$$ st line name planned=- ran=0 bad=0
	shift
	env "$@" > "$f" 2>&1
	st=$?
	while IFS= read -r line; do
		case $line in
		"ok "*|"not ok "*)
			ran=$((ran + 1))
			name=${line#* - }
			case $line in
			"not ok "*) bad=1; tap_not_ok "$prefix: $name" ;;
			*"# SKIP"*) tap_skip "$prefix: ${name%% # SKIP*}" "${name#* # SKIP}" ;;
			*) tap_ok "$prefix: $name" ;;
			esac ;;
		1..*) planned=${line#1..}; planned=${planned%% *} ;;
		"TAP version"*) ;;
		*) printf '%s\n' "$line" ;;
		esac
	done < "$f"
	rm -f "$f"
	if [ "$planned" != "$ran" ] || { [ "$st" != 0 ] && [ "$bad" = 0 ]; }; then
		tap_not_ok "$prefix: run complete (plan $planned, ran $ran, status $st)"
	fi
	return "$st"
}

# --- the driver's test clients ----------------------------------------------
# Three simulator engines with a loopback client each, the same with and
# without device tree (tests/dts/axidma-client.dtsi; on amd64 and arm64
# --no-dt configfs engines plus axidma_board.ko):
#   loop0   engine sim4: 64-bit data, DRE, SG mode, addrwidth 40
#   loop1   engine sim5: 32-bit data, no DRE (4-byte alignment), SG mode
#   direct0 engine sim6: 64-bit data, DRE, direct register mode
#   hw0     engine sim7: as sim4, but like the real xilinx_dma it reports
#           both directions on each channel (only axidma_hwdir uses it)
AXIDMA_CLIENTS="loop0 loop1 direct0"
AXIDMA_ENGINES="sim4 sim5 sim6 sim7"

# axidma_engine_attrs ENGINE: its configfs attributes (the DT node's values)
axidma_engine_attrs() {
	case $1 in
	sim4) echo "client=axidma.0 datawidth=64 include_dre=1 addrwidth=40 sg_length_width=23 include_sg=1 per_channel_caps=1" ;;
	sim5) echo "client=axidma.1 datawidth=32 include_dre=0 include_sg=1 per_channel_caps=1" ;;
	sim6) echo "client=axidma.2 datawidth=64 include_dre=1 include_sg=0 per_channel_caps=1" ;;
	sim7) echo "client=axidma.3 datawidth=64 include_dre=1 include_sg=1" ;;
	esac
}

# axidma_client_engine CLIENT: its engine (sim4..sim6)
axidma_client_engine() {
	case $1 in
	loop0) echo sim4 ;; loop1) echo sim5 ;; direct0) echo sim6 ;; hw0) echo sim7 ;;
	esac
}

# axidma_client_sg CLIENT: 1 when its engine runs in SG mode, else 0
axidma_client_sg() {
	case $1 in direct0) echo 0 ;; *) echo 1 ;; esac
}

# axidma_client_dbg CLIENT: the engine's simulator debugfs directory
axidma_client_dbg() {
	if [ "$AXIDMA_DT" = 1 ]; then
		case $1 in
		loop0) echo "$AXIDMA_SIM_DBG/c040000.dma-controller" ;;
		loop1) echo "$AXIDMA_SIM_DBG/c050000.dma-controller" ;;
		direct0) echo "$AXIDMA_SIM_DBG/c060000.dma-controller" ;;
		hw0) echo "$AXIDMA_SIM_DBG/c070000.dma-controller" ;;
		esac
	else
		echo "$AXIDMA_SIM_DBG/$(sim_dev_name "$(axidma_client_engine "$1")")"
	fi
}

# axidma_client_env CLIENT: the environment of a test program for CLIENT
# (AXIDMA_CLIENT, AXIDMA_ENGINE, AXIDMA_SG), for `env $(axidma_client_env c)`
axidma_client_env() {
	echo "AXIDMA_CLIENT=$1 AXIDMA_ENGINE=$(axidma_client_dbg "$1") AXIDMA_SG=$(axidma_client_sg "$1")"
}

# axidma_client_facts CLIENT: what GET_INFO must report for its engine
# (AXIDMA_EXPECT of axidma_api): the alignment (data width without DRE),
# the address width, the longest BD (2^23-1) rounded down to the alignment
axidma_client_facts() {
	case $1 in
	loop0) echo "align=1 addr_width=40 max_xfer_len=8388607" ;;
	loop1) echo "align=4 addr_width=32 max_xfer_len=8388604" ;;
	direct0) echo "align=1 addr_width=32 max_xfer_len=8388607" ;;
	esac
}

# axidma_up [AXIDMA_PARAMS...]: the simulator, the three engines and
# clients (configfs and axidma_board.ko without device tree) and axidma.ko
# with the given module parameters. 0 when every node exists; else 1 with
# diag lines.
axidma_up() {
	local e c
	load_ko axidma_sim || return 1
	if [ "$AXIDMA_DT" != 1 ]; then
		for e in $AXIDMA_ENGINES; do
			[ -d "$AXIDMA_SIM_CFS/$e" ] && continue
			# shellcheck disable=SC2046
			sim_engine "$e" $(axidma_engine_attrs "$e") || return 1
		done
		load_ko axidma_board clients="loop0=tx,rx;loop1=tx,rx;direct0=tx,rx;hw0=tx,rx" || return 1
	fi
	load_ko axidma "$@" || return 1
	for c in $AXIDMA_CLIENTS hw0; do
		if [ ! -c "/dev/axidma/$c/tx" ] || [ ! -c "/dev/axidma/$c/rx" ]; then
			tap_diag "axidma_up: no device nodes for $c"
			return 1
		fi
	done
}

# axidma_down: undo axidma_up (axidma, board, engines, simulator). 0 when
# everything went away; else 1 with diag lines.
axidma_down() {
	local e st=0
	unload_ko axidma || st=1
	if [ "$AXIDMA_DT" != 1 ]; then
		unload_ko axidma_board || st=1
		for e in $AXIDMA_ENGINES; do
			sim_engine_remove "$e" || st=1
		done
	fi
	unload_ko axidma_sim || st=1
	return $st
}

# run_prog NAME ENV... PROG ARGS: run a test program (through env), its TAP
# nested (indented) under one top-level result NAME.
run_prog() {
	local name=$1 out st
	shift
	out=$(env "$@" 2>&1)
	st=$?
	printf '%s\n' "$out" | sed 's/^/    /'
	tap_result $st "$name"
}
