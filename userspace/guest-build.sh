#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build the static guest programs of libaxidma for a test VM and copy them
# into OUTDIR (the --bin directory of scripts/vm.sh):
#
#   userspace/guest-build.sh arm64|amd64 OUTDIR
#
# The meson build directory is build/userspace-ARCH. arm64 uses the cross
# file cross/aarch64-linux-gnu.ini; amd64 is built with the host's gcc (on
# an amd64 host).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
arch=${1:?usage: guest-build.sh arm64|amd64 OUTDIR}
out=${2:?usage: guest-build.sh arm64|amd64 OUTDIR}
build=$here/../build/userspace-$arch

case $arch in
arm64) opts="--cross-file $here/cross/aarch64-linux-gnu.ini" ;;
amd64)
	[ "$(dpkg --print-architecture)" = amd64 ] ||
		{ echo "guest-build.sh: amd64 guests need an amd64 host" >&2; exit 1; }
	opts="-Ddefault_library=static -Dstatic_tools=true" ;;
*) echo "guest-build.sh: unknown arch $arch" >&2; exit 2 ;;
esac

progs="axidma axidma-lib-test axidma-oneshot axidma-stream axidma-loopback"
if [ -f "$build/build.ninja" ]; then
	# shellcheck disable=SC2086
	meson setup --reconfigure "$build" "$here" $opts >&2
else
	# shellcheck disable=SC2086
	meson setup "$build" "$here" $opts >&2
fi
# shellcheck disable=SC2086
ninja -C "$build" $progs >&2
mkdir -p "$out"
for p in $progs; do
	cp "$build/$p" "$out/$p"
done
