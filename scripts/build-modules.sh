#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the project's kernel modules out of the source tree.
#
#   scripts/build-modules.sh NAME KDIR ARCH [extra make args...]
#
# NAME is a build configuration name (e.g. arm64-6.1, amd64-6.1, debug);
# sources are copied to build/NAME/src and built there with W=1, so several
# configurations never share objects. Prints the directory holding the
# resulting .ko files (build/NAME/ko). AXIDMA_BUILD_DIR replaces build/.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 NAME KDIR ARCH [make args]" >&2; exit 2; }
name=$1 kdir=$2 arch=$3
shift 3
top=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$kdir/Makefile" ] || { echo "build-modules.sh: $kdir is not a kernel build directory" >&2; exit 2; }
out=${AXIDMA_BUILD_DIR:-$top/build}/$name
mkdir -p "$out/src" "$out/ko"
rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='*.mod*' \
	--exclude='.*.cmd' --exclude='Module.symvers' --exclude='modules.order' \
	"$top/Kbuild" "$top/sim" "$top/driver" "$top/uapi" "$top/tests" "$out/src/" >/dev/null
# rsync --delete above removed stale objects of deleted sources only; keep
# the rest for incremental builds.
case $arch in
arm64) cross=${CROSS_COMPILE-aarch64-linux-gnu-} ;;
armhf|arm) arch=arm; cross=${CROSS_COMPILE-arm-linux-gnueabihf-} ;;
*) arch=x86_64; cross=${CROSS_COMPILE-} ;;
esac
# Debian's headers name the compiler the kernel was built with (gcc-10 for
# 5.10, gcc-14 for 6.12); use this machine's gcc for the target instead.
make -s -C "$kdir" M="$out/src" ARCH="$arch" CROSS_COMPILE="$cross" \
	CC="${cross}gcc" \
	W=1 -j"$(nproc)" "$@" modules >&2
rm -f "$out"/ko/*.ko
find "$out/src" -name '*.ko' -exec cp {} "$out/ko/" \;
ls "$out"/ko/*.ko > /dev/null 2>&1 || { echo "build-modules.sh: no module was built" >&2; exit 1; }
echo "$out/ko"
