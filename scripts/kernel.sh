#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch a Debian kernel image and its matching headers into a cache outside
# the repository, using a private apt configuration (no change to the host's
# apt sources).
#
#   scripts/kernel.sh fetch ARCH VERSION   -> prints the kernel directory
#   scripts/kernel.sh pkg NAME ARCH        -> downloads and extracts a Debian
#                                             (bookworm) package, prints its root
#
# ARCH: arm64 | amd64 | armhf.  VERSION: 5.10 | 6.1 | 6.12.
# The kernel directory holds:
#   vmlinuz      the boot image
#   build        the kbuild directory (KDIR) for out-of-tree modules
#   modules      lib/modules/<release> from the image package
#   config       the kernel's .config
#   release      the kernel release string (uname -r)
# The ABI name (6.1.0-NN) is resolved at run time from the package lists.
set -euo pipefail

CACHE=${AXIDMA_CACHE:-$HOME/.cache/axidma}
APTDIR=$CACHE/apt
MIRROR=${AXIDMA_MIRROR:-http://deb.debian.org/debian}
SECMIRROR=${AXIDMA_SECMIRROR:-http://deb.debian.org/debian-security}

die() { echo "kernel.sh: $*" >&2; exit 1; }

aptopts() {
	echo -o Dir::Etc::SourceList="$APTDIR/sources.list" \
	     -o Dir::Etc::SourceParts=/dev/null \
	     -o Dir::Etc::Preferences=/dev/null \
	     -o Dir::Etc::PreferencesParts=/dev/null \
	     -o Dir::State="$APTDIR/state" \
	     -o Dir::State::status="$APTDIR/state/status" \
	     -o Dir::Cache="$APTDIR/cache" \
	     -o APT::Architecture=amd64 \
	     -o APT::Architectures::=amd64 -o APT::Architectures::=arm64 \
	     -o APT::Architectures::=armhf \
	     -o Debug::NoLocking=1 -o Acquire::Retries=3
}

apt_setup() {
	mkdir -p "$APTDIR/state/lists/partial" "$APTDIR/cache/archives/partial"
	touch "$APTDIR/state/status"
	cat > "$APTDIR/sources.list" <<EOT
deb [arch=amd64,arm64,armhf] $MIRROR bookworm main
deb [arch=amd64,arm64,armhf] $SECMIRROR bookworm-security main
deb [arch=amd64,arm64,armhf] $MIRROR bookworm-backports main
deb [arch=amd64,arm64,armhf] $MIRROR bullseye main
deb [arch=amd64,arm64,armhf] $MIRROR trixie main
EOT
	# Refresh the lists at most once a day.
	local stamp=$APTDIR/state/updated
	if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440)" ]; then
		# shellcheck disable=SC2046
		# Some suites may be missing on a mirror; what is there is used.
		apt-get $(aptopts) -q update >&2 ||
			echo "kernel.sh: apt-get update reported errors (ignored)" >&2
		touch "$stamp"
	fi
}

# Newest package whose name matches an extended regex.
newest_pkg() {
	# shellcheck disable=SC2046
	apt-cache $(aptopts) pkgnames 2>/dev/null | grep -E "^($1)\$" | sort -V | tail -n 1
}

download() {	# download PKG[:ARCH] into the current directory
	# shellcheck disable=SC2046
	apt-get $(aptopts) -q download "$1" >&2 || die "cannot download $1"
}

depends_of() {	# the Depends: package names of PKG:ARCH
	# shellcheck disable=SC2046
	apt-cache $(aptopts) show "$1" 2>/dev/null | sed -n 's/^Depends: //p' | head -n 1 |
		tr ',' '\n' | sed 's/^ *//; s/ .*//; s/:.*//'
}

# The flavour's header Makefile includes the common headers' Makefile by an
# absolute /usr/src path; point it into our root (idempotent).
fix_headers() {
	local dir=$1 mk
	for mk in "$dir"/root/usr/src/linux-headers-*/Makefile; do
		grep -q '^include /usr/src/' "$mk" 2>/dev/null || continue
		sed -i "s|^include /usr/src/|include $dir/root/usr/src/|" "$mk"
	done
}

fetch() {
	local arch=$1 ver=$2 flavour abi_re img hdr dir
	case $arch in
	arm64) flavour=arm64 ;;
	amd64) flavour=amd64 ;;
	armhf) flavour=armmp-lpae ;;
	*) die "unknown arch $arch" ;;
	esac
	case $ver in
	5.10) abi_re='5\.10\.0-[0-9]+' ;;
	6.1) abi_re='6\.1\.0-[0-9]+' ;;
	6.12) abi_re='6\.12\.[0-9]+(\+bpo|\+deb12)' ;;	# bookworm's gcc-12 builds
	*) die "unknown version $ver (5.10, 6.1, 6.12)" ;;
	esac
	apt_setup
	img=$(newest_pkg "linux-image-$abi_re-$flavour(-unsigned)?")
	[ -n "$img" ] || die "no linux-image for $ver $arch"
	local abi=${img#linux-image-}
	abi=${abi%-unsigned}
	dir=$CACHE/kernels/$abi-$arch
	if [ -f "$dir/.complete" ]; then
		fix_headers "$dir"
		echo "$dir"
		return
	fi
	echo "kernel.sh: fetching $abi ($arch)" >&2
	rm -rf "$dir"
	mkdir -p "$dir/debs" "$dir/root"
	(
		cd "$dir/debs"
		download "$img:$arch"
		hdr=linux-headers-$abi
		download "$hdr:$arch"
		local d
		for d in $(depends_of "$hdr:$arch"); do
			case $d in
			linux-headers-*-common*) download "$d:all" 2>/dev/null || download "$d:$arch" ;;
			linux-kbuild-*) download "$d:amd64" ;;	# host tools
			esac
		done
		# The common headers may in turn need the kbuild package.
		for d in linux-headers-*-common*.deb; do
			[ -f "$d" ] || continue
			local p=${d%%_*}
			local k
			for k in $(depends_of "$p"); do
				case $k in linux-kbuild-*) [ -f "${k}_"*.deb ] || download "$k:amd64" ;; esac
			done
		done
	)
	local deb
	for deb in "$dir"/debs/*.deb; do
		dpkg-deb -x "$deb" "$dir/root"
	done
	local rel
	rel=$(basename "$(ls -d "$dir"/root/lib/modules/*/ 2>/dev/null | head -n 1)")
	[ -n "$rel" ] || rel=$(basename "$(ls -d "$dir"/root/usr/lib/modules/*/ | head -n 1)")
	echo "$rel" > "$dir/release"
	ln -sfn "$(ls "$dir"/root/boot/vmlinu*-"$rel" | head -n 1)" "$dir/vmlinuz"
	ln -sfn "$dir/root/boot/config-$rel" "$dir/config"
	ln -sfn "$dir/root/usr/src/linux-headers-$rel" "$dir/build"
	if [ -d "$dir/root/lib/modules/$rel" ]; then
		ln -sfn "$dir/root/lib/modules/$rel" "$dir/modules"
	else
		ln -sfn "$dir/root/usr/lib/modules/$rel" "$dir/modules"
	fi
	# Headers point their scripts/tools at /usr/src/linux-headers-*-common
	# and /usr/lib/linux-kbuild-*; make those links relative to our root.
	local l tgt
	find "$dir/root/usr/src" -maxdepth 2 -type l | while read -r l; do
		tgt=$(readlink "$l")
		case $tgt in
		/*) ln -sfn "$dir/root$tgt" "$l" ;;
		esac
	done
	rm -rf "$dir/debs"
	fix_headers "$dir"
	touch "$dir/.complete"
	echo "$dir"
}

# Download one package (e.g. busybox-static for arm64) without touching the
# host's dpkg architectures; extract it under the cache and print that root.
pkg() {
	local name=$1 arch=$2 ver dir
	apt_setup
	# shellcheck disable=SC2046
	# bookworm's version (the one this Debian 12 host runs), else the newest.
	ver=$(apt-cache $(aptopts) madison "$name:$arch" 2>/dev/null |
		awk -F' [|] ' '$3 ~ / bookworm\/main / { print $2; exit }')
	[ -n "$ver" ] || ver=$(apt-cache $(aptopts) show "$name:$arch" 2>/dev/null |
		sed -n 's/^Version: //p' | sort -V | tail -n 1)
	[ -n "$ver" ] || die "no package $name:$arch"
	dir=$CACHE/pkgs/${name}_${ver//:/%}_$arch
	if [ ! -f "$dir/.complete" ]; then
		rm -rf "$dir"
		mkdir -p "$dir/deb" "$dir/root"
		(cd "$dir/deb" && download "$name:$arch=$ver")
		dpkg-deb -x "$dir"/deb/*.deb "$dir/root"
		rm -rf "$dir/deb"
		touch "$dir/.complete"
	fi
	echo "$dir/root"
}

usage="usage: $0 fetch ARCH VERSION | pkg NAME ARCH"
case ${1:-} in
fetch) [ $# -eq 3 ] || die "$usage"; fetch "$2" "$3" ;;
pkg) [ $# -eq 3 ] || die "$usage"; pkg "$2" "$3" ;;
*) die "$usage" ;;
esac
