#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: on a Debian 12 machine, install what is needed, fetch the
# Debian 6.1 arm64 kernel, build the modules and the static arm64 tools,
# boot the VM with the simulated AXI DMA in loopback (scripts/vm.sh with
# the suites of tests/vm/demo/suites) and print what the demo showed.
# Exit status 0 when every step of the demo worked.
set -euo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$top"
log=$top/build/logs
mkdir -p "$log"
step() { printf '==> %s\n' "$*"; }
fail() { echo "demo: $*" >&2; exit 1; }

step "host packages (scripts/deps.sh)"
scripts/deps.sh || fail "installing the host packages failed"
step "Debian 6.1 arm64 kernel (cached in ${AXIDMA_CACHE:-~/.cache/axidma})"
kdir=$(scripts/kernel.sh fetch arm64 6.1) || fail "fetching the kernel failed"
step "kernel modules: simulator and driver (build/logs/demo-modules.log)"
ko=$(scripts/build-modules.sh demo-arm64 "$kdir/build" arm64 2> "$log/demo-modules.log") ||
	{ tail -n 30 "$log/demo-modules.log"; fail "building the modules failed"; }
step "libaxidma and the axidma tool, static for arm64 (build/logs/demo-userspace.log)"
bin=$top/build/demo-arm64/bin
userspace/guest-build.sh arm64 "$bin" > "$log/demo-userspace.log" 2>&1 ||
	{ tail -n 30 "$log/demo-userspace.log"; fail "building userspace failed"; }
step "booting the arm64 VM (QEMU) with the simulated AXI DMA"
st=0
scripts/vm.sh --arch arm64 --kernel "$kdir" --ko "$ko" --bin "$bin" --name demo \
	--suites-dir tests/vm/demo/suites --timeout 600 > "$log/demo-vm.out" 2>&1 || st=$?
echo
grep -v '^# suite:' build/vm/demo/results.tap | grep -vE '^1\.\.[0-9]+$' || true
echo
if [ "$st" = 0 ]; then
	step "demo done: every step worked (VM console: build/vm/demo/console.log)"
else
	cat "$log/demo-vm.out"
	fail "the demo failed (VM console: build/vm/demo/console.log)"
fi
