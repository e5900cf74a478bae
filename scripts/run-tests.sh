#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The whole test run (`make test`): host packages, Debian kernels, the
# project's modules for each, static guest programs, the arm64 debug kernel,
# then the VMs, two at a time. Ends with the line "N passed, N failed,
# N skipped" and a non-zero status on any failure.
#
# Environment:
#   AXIDMA_KERNELS="arm64:6.1 amd64:6.1"  Debian kernels to test (ARCH:VER)
#   AXIDMA_NO_DEBUG=1        skip the debug kernel (quick local runs)
#   AXIDMA_ARM64_NODT=0      skip the arm64 VMs without the test DT nodes
#   AXIDMA_SUITES=GLOB       run only the suites matching GLOB
#   AXIDMA_VM_TIMEOUT=900    limit of one VM (seconds); the debug VM gets 2x
#   AXIDMA_JOBS=2            VMs run at once
#   AXIDMA_BUILD_DIR=build   where builds, logs and VM outputs go
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
S=$top/scripts
B=${AXIDMA_BUILD_DIR:-$top/build}
export AXIDMA_BUILD_DIR=$B
log=$B/logs
mkdir -p "$log"

kernels=${AXIDMA_KERNELS:-arm64:6.1 amd64:6.1}
no_debug=${AXIDMA_NO_DEBUG:-0}
arm64_nodt=${AXIDMA_ARM64_NODT:-1}
suites=${AXIDMA_SUITES:-}
vm_timeout=${AXIDMA_VM_TIMEOUT:-900}
jobs=${AXIDMA_JOBS:-2}

t_start=$(date +%s)
stage_names=()
stage_secs=()
extra_failed=0		# failures outside the VMs (builds)

stage_done() {	# stage_done NAME START
	stage_names+=("$1")
	stage_secs+=($(($(date +%s) - $2)))
}

print_stages() {
	local i
	echo "== stage times"
	for i in "${!stage_names[@]}"; do
		printf '   %-28s %5ss\n' "${stage_names[$i]}" "${stage_secs[$i]}"
	done
	printf '   %-28s %5ss\n' total $(($(date +%s) - t_start))
}

fatal() {
	echo "run-tests: $*" >&2
	print_stages
	echo "0 passed, $((extra_failed + 1)) failed, 0 skipped"
	exit 1
}

# --- host packages ----------------------------------------------------------
t=$(date +%s)
"$S/deps.sh" || fatal "installing host packages failed"
stage_done deps "$t"

# --- kernels ----------------------------------------------------------------
t=$(date +%s)
declare -A kdir
for k in $kernels; do
	kdir[$k]=$("$S/kernel.sh" fetch "${k%%:*}" "${k#*:}") ||
		fatal "fetching kernel $k failed"
done
stage_done "fetch kernels" "$t"

# --- the debug kernel, in the background --------------------------------------
debug_pid=
if [ "$no_debug" != 1 ]; then
	t_debug=$(date +%s)
	rm -f "$log/debug-kernel.rc"
	( "$S/debug-kernel.sh" build > "$log/debug-kernel.out" 2> "$log/debug-kernel.log"
	  echo $? > "$log/debug-kernel.rc"
	  echo $(($(date +%s) - t_debug)) > "$log/debug-kernel.secs" ) &
	debug_pid=$!
fi

# --- modules and guest programs -----------------------------------------------
progs() {	# progs ARCH -> prints the directory of static guest programs
	local arch=$1 cc out=$B/progs-$1
	[ -f "$top/tests/progs/Makefile" ] || return 0
	case $arch in
	arm64) cc=aarch64-linux-gnu-gcc ;;
	*) cc=gcc ;;
	esac
	mkdir -p "$out"
	make -C "$top/tests/progs" ARCH="$arch" CC="$cc" OUT="$out" >&2 || return 1
	# libaxidma, the axidma tool and the examples, static (userspace/)
	"$top/userspace/guest-build.sh" "$arch" "$out" >&2 || return 1
	echo "$out"
}

t=$(date +%s)
declare -A kodir bindir
for k in $kernels; do
	name=${k%%:*}-${k#*:}
	if kodir[$k]=$("$S/build-modules.sh" "$name" "${kdir[$k]}/build" "${k%%:*}" 2> "$log/modules-$name.log"); then
		echo "modules $name: $(ls "${kodir[$k]}" | wc -l) built"
	else
		echo "modules $name: BUILD FAILED ($log/modules-$name.log):"
		tail -n 40 "$log/modules-$name.log"
		kodir[$k]=
		extra_failed=$((extra_failed + 1))
	fi
done
stage_done modules "$t"

t=$(date +%s)
for arch in $(for k in $kernels; do echo "${k%%:*}"; done | sort -u); do
	if ! bindir[$arch]=$(progs "$arch" 2> "$log/progs-$arch.log"); then
		echo "guest programs $arch: BUILD FAILED ($log/progs-$arch.log):"
		tail -n 40 "$log/progs-$arch.log"
		bindir[$arch]=
		extra_failed=$((extra_failed + 1))
	fi
done
[ -f "$top/tests/progs/Makefile" ] || echo "guest programs: none (no tests/progs/Makefile)"
stage_done "guest programs" "$t"

# --- host unit tests of libaxidma and the axidma tool ---------------------------
# The pure logic (parsing, error words, patterns, statistics) and the tool's
# command line without a driver; their TAP results count in the totals.
t=$(date +%s)
hb=$B/userspace-host
host_p=0 host_f=0
if { [ -f "$hb/build.ninja" ] || meson setup "$hb" "$top/userspace"; } \
	> "$log/host-tests.log" 2>&1 && ninja -C "$hb" >> "$log/host-tests.log" 2>&1; then
	for cmd in "$hb/test-unit" "sh $top/userspace/tests/cli-host.sh $hb/axidma"; do
		out=$($cmd 2>> "$log/host-tests.log")
		st=$?
		printf '%s\n' "$out" >> "$log/host-tests.log"
		host_p=$((host_p + $(printf '%s\n' "$out" | grep -cE '^ok ')))
		host_f=$((host_f + $(printf '%s\n' "$out" | grep -cE '^not ok ')))
		# a crash or a missing plan is a failure too
		if [ $st != 0 ] && [ "$(printf '%s\n' "$out" | grep -cE '^not ok ')" = 0 ]; then
			host_f=$((host_f + 1))
		fi
	done
	echo "host unit tests: $host_p passed, $host_f failed ($log/host-tests.log)"
else
	echo "host unit tests: BUILD FAILED ($log/host-tests.log):"
	tail -n 40 "$log/host-tests.log"
	extra_failed=$((extra_failed + 1))
fi
stage_done "host unit tests" "$t"

# --- VMs ----------------------------------------------------------------------
# Each VM runs in the background with its output in build/logs/vm-NAME.out,
# printed whole when it ends; at most $jobs at once.
vm_names=()
declare -A vm_pid vm_t0
running=0

reap_one() {	# wait a second, then report the VMs that ended
	local n pid
	sleep 1
	for n in "${vm_names[@]}"; do
		pid=${vm_pid[$n]:-}
		[ -n "$pid" ] || continue
		kill -0 "$pid" 2>/dev/null && continue
		wait "$pid" 2>/dev/null
		vm_pid[$n]=
		running=$((running - 1))
		cat "$log/vm-$n.out"
		stage_names+=("vm $n")
		stage_secs+=($(($(date +%s) - ${vm_t0[$n]})))
	done
}

start_vm() {	# start_vm NAME vm.sh-args...
	local n=$1
	shift
	while [ "$running" -ge "$jobs" ]; do reap_one; done
	vm_names+=("$n")
	vm_t0[$n]=$(date +%s)
	"$S/vm.sh" --name "$n" ${suites:+--suites "$suites"} "$@" > "$log/vm-$n.out" 2>&1 &
	vm_pid[$n]=$!
	running=$((running + 1))
}

vm_common() {	# vm_common KERNEL -> args shared by the VMs of one kernel
	local k=$1 arch=${1%%:*}
	echo --arch "$arch" --kernel "${kdir[$k]}" --ko "${kodir[$k]}" \
		--timeout "$vm_timeout" ${bindir[$arch]:+--bin "${bindir[$arch]}"}
}

for k in $kernels; do
	[ -n "${kodir[$k]}" ] || continue
	name=${k%%:*}-${k#*:}
	# shellcheck disable=SC2046
	start_vm "$name" $(vm_common "$k")
	if [ "${k%%:*}" = arm64 ] && [ "$arm64_nodt" = 1 ]; then
		# shellcheck disable=SC2046
		start_vm "$name-nodt" $(vm_common "$k") --no-dt
	fi
done

if [ -n "$debug_pid" ]; then
	while kill -0 "$debug_pid" 2>/dev/null; do reap_one; done
	wait "$debug_pid"
	if [ "$(cat "$log/debug-kernel.rc" 2>/dev/null)" = 0 ]; then
		dk=$(cat "$log/debug-kernel.out")
		stage_names+=("debug kernel (background)")
		stage_secs+=("$(cat "$log/debug-kernel.secs")")
		echo "debug kernel: $(cat "$dk/release"), ready in $(cat "$log/debug-kernel.secs")s this run (its build took $(cat "$dk/build-seconds" 2>/dev/null || echo ?)s; cached by configuration)"
		t=$(date +%s)
		if dko=$("$S/build-modules.sh" debug "$dk/build" arm64 2> "$log/modules-debug.log"); then
			stage_done "debug modules" "$t"
			start_vm arm64-debug --arch arm64 --kernel "$dk" --ko "$dko" --debug \
				--timeout $((vm_timeout * 2)) ${bindir[arm64]:+--bin "${bindir[arm64]}"}
		else
			echo "modules debug: BUILD FAILED ($log/modules-debug.log):"
			tail -n 40 "$log/modules-debug.log"
			extra_failed=$((extra_failed + 1))
		fi
	else
		echo "debug kernel: BUILD FAILED ($log/debug-kernel.log):"
		tail -n 40 "$log/debug-kernel.log"
		extra_failed=$((extra_failed + 1))
	fi
fi
while [ "$running" -gt 0 ]; do reap_one; done

# --- summary ------------------------------------------------------------------
P=$host_p F=$((extra_failed + host_f)) K=0
echo "== host unit tests: $host_p passed, $host_f failed"
echo "== VMs"
for n in "${vm_names[@]}"; do
	if [ -f "$B/vm/$n/summary" ]; then
		read -r p f s st secs < "$B/vm/$n/summary"
	else
		p=0 f=1 s=0 st="FAIL (no summary: vm.sh failed early, see $log/vm-$n.out)" secs=-
	fi
	printf '   %-16s %-5s %4s passed %4s failed %4s skipped  %ss\n' "$n" "$st" "$p" "$f" "$s" "$secs"
	P=$((P + p)) F=$((F + f)) K=$((K + s))
done
[ "$extra_failed" = 0 ] || echo "   $extra_failed build failure(s), counted as failed"
# The failures again, at the end where a truncated log still shows them:
# the verdict of each failed VM, its failed tests with their diagnostics
# and the first kernel report.
for n in "${vm_names[@]}"; do
	v=$B/vm/$n
	grep -q ' PASS ' "$v/summary" 2>/dev/null && continue
	echo "== failures in $n"
	grep -E "^vm $n: " "$log/vm-$n.out" | sed 's/^/   /'
	# diagnostics come before their result in the C programs and after
	# it in the shell suites (subtests are indented): up to 12 before
	# and 8 after
	[ -f "$v/results.tap" ] && awk '
		/^ *not ok / && !/# *[Tt][Oo][Dd][Oo]/ {
			for (i = (nd > 12 ? nd - 11 : 1); i <= nd; i++) print "   " d[i]
			print "   " $0
			nd = 0; after = 8; next
		}
		/^ *(ok|not ok) / { nd = 0; after = 0; next }
		/^ *#/ && after > 0 { print "   " $0; after--; next }
		/^ *#/ { d[++nd] = $0 }' "$v/results.tap" | head -n 100
	[ -s "$v/reports.txt" ] && head -n 30 "$v/reports.txt" | sed 's/^/   /'
done
print_stages
echo "$P passed, $F failed, $K skipped"
[ "$F" = 0 ] && [ "$P" -gt 0 ]
