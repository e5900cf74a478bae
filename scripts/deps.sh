#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the host packages the project needs (Debian 12), with apt-get.
# Idempotent: when everything is there it only asks dpkg and exits.
# Needs root (or sudo) only when something is missing.
set -euo pipefail

pkgs=(
	qemu-system-arm qemu-system-x86	# the VMs
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross	# arm64 modules, guest programs, debug kernel
	busybox-static			# amd64 guest userland (arm64: scripts/kernel.sh pkg)
	device-tree-compiler dt-schema	# test DTB, binding checks
	sparse linux-source-6.1		# make check; debug kernel source, checkpatch.pl
	bc flex bison libssl-dev libelf-dev	# kernel builds
	cpio xz-utils zstd kmod rsync	# initramfs, modules
	meson ninja-build libnl-genl-3-dev pkg-config	# userspace
	gcc make git			# the basics (present on most machines)
)

missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps.sh: installing ${missing[*]}" >&2
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get -q update >&2
$sudo apt-get -q install -y --no-install-recommends "${missing[@]}" >&2
