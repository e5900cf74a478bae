#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the arm64 debug kernel (KASAN, lockdep, DMA-API debug, kmemleak,
# debug objects, fault injection, ...) from Debian's linux-source-6.1, in a
# cache outside the repository.
#
#   scripts/debug-kernel.sh [build]   build if needed; print the kernel dir
#   scripts/debug-kernel.sh srcdir    extract if needed; print the source tree
#                                     (pristine: checkpatch.pl lives there)
#   scripts/debug-kernel.sh path      print the kernel dir if already built
#
# The kernel dir has the shape of scripts/kernel.sh's: vmlinuz (the Image),
# build (the object tree after a full build: KDIR for out-of-tree modules),
# modules (lib/modules/<release>), config, release; plus build-seconds.
# It is keyed by a hash of the source version, the config fragment
# (scripts/debug-kernel.config) and this script, so a change to any of them
# builds a new kernel. The configuration is `allnoconfig` plus the fragment;
# every CONFIG_ line of the fragment is verified in the resulting .config.
set -euo pipefail

CACHE=${AXIDMA_CACHE:-$HOME/.cache/axidma}
here=$(cd "$(dirname "$0")" && pwd)
frag=$here/debug-kernel.config
tarball=/usr/src/linux-source-6.1.tar.xz
export ARCH=arm64 CROSS_COMPILE=${CROSS_COMPILE-aarch64-linux-gnu-}

die() { echo "debug-kernel.sh: $*" >&2; exit 1; }
log() { echo "debug-kernel.sh: $*" >&2; }

srcver() {
	dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null ||
		die "linux-source-6.1 is not installed (scripts/deps.sh)"
}

srcdir() {
	local ver dir tmp
	ver=$(srcver)
	dir=$CACHE/src/linux-source-6.1_$ver
	if [ ! -f "$dir/.axidma-complete" ]; then
		[ -f "$tarball" ] || die "$tarball missing"
		mkdir -p "$CACHE/src"
		exec 9>"$CACHE/src/.lock"
		flock 9
		if [ ! -f "$dir/.axidma-complete" ]; then
			log "extracting $tarball"
			tmp=$(mktemp -d "$CACHE/src/tmp.XXXXXX")
			tar -xJf "$tarball" -C "$tmp"
			rm -rf "$dir"
			mv "$tmp/linux-source-6.1" "$dir"
			rmdir "$tmp"
			touch "$dir/.axidma-complete"
		fi
		exec 9>&-
	fi
	echo "$dir"
}

outdir() {
	local key
	key=$( { srcver; cat "$frag" "$0"; } | sha256sum | cut -c1-16)
	echo "$CACHE/debug-kernel/$key"
}

# Every CONFIG_ line of the fragment must be in .config as written.
verify_config() {
	local cfg=$1 line name bad=0
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			grep -qxF -- "$line" "$cfg" || {
				name=${line%%=*}
				log "wanted '$line', got '$(grep -E "^(# )?$name[= ]" "$cfg" || echo "$name absent")'"
				bad=1
			} ;;
		"# CONFIG_"*" is not set")
			name=${line#\# }
			name=${name%% *}
			if grep -q "^$name=" "$cfg"; then
				log "wanted '$line', got '$(grep "^$name=" "$cfg")'"
				bad=1
			fi ;;
		esac
	done < "$frag"
	[ "$bad" = 0 ] || die "the kernel configuration lacks wanted options (see above)"
}

build() {
	local src out obj t0 t1 rel
	src=$(srcdir)
	out=$(outdir)
	if [ -f "$out/.complete" ]; then
		echo "$out"
		return
	fi
	mkdir -p "$CACHE/debug-kernel"
	exec 8>"$CACHE/debug-kernel/.lock"
	flock 8
	if [ -f "$out/.complete" ]; then
		echo "$out"
		return
	fi
	command -v "${CROSS_COMPILE}gcc" >/dev/null || die "${CROSS_COMPILE}gcc missing (scripts/deps.sh)"
	obj=$out/obj
	mkdir -p "$obj"
	t0=$(date +%s)
	log "configuring in $obj"
	make -s -C "$src" O="$obj" KCONFIG_ALLCONFIG="$frag" allnoconfig >&2
	verify_config "$obj/.config"
	log "building (nice, -j$(nproc)); this takes a while"
	nice -n 10 make -s -C "$obj" -j"$(nproc)" Image modules >&2
	rm -rf "$out/modroot"
	make -s -C "$obj" INSTALL_MOD_PATH="$out/modroot" INSTALL_MOD_STRIP=1 \
		modules_install >&2
	rel=$(make -s -C "$obj" kernelrelease)
	t1=$(date +%s)
	echo "$rel" > "$out/release"
	echo $((t1 - t0)) > "$out/build-seconds"
	ln -sfn "$obj/arch/arm64/boot/Image" "$out/vmlinuz"
	ln -sfn "$obj" "$out/build"
	ln -sfn "$obj/.config" "$out/config"
	ln -sfn "$out/modroot/lib/modules/$rel" "$out/modules"
	touch "$out/.complete"
	log "built $rel in $((t1 - t0)) s"
	exec 8>&-
	echo "$out"
}

case ${1:-build} in
build) build ;;
srcdir) srcdir ;;
path) out=$(outdir); [ -f "$out/.complete" ] || exit 1; echo "$out" ;;
-h|--help) sed -n '3,20p' "$0" | sed 's/^# \{0,1\}//' ;;
*) die "usage: $0 [build|srcdir|path]" ;;
esac
