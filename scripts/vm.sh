#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot one test VM in QEMU (TCG), collect its results and scan its console
# log for kernel reports. See --help and docs/HACKING.md.
set -euo pipefail

usage() {
	cat <<'EOT'
usage: scripts/vm.sh --arch arm64|amd64 --kernel DIR [options]
       scripts/vm.sh --arch arm64 --make-dtb FILE

Boots one VM with a busybox initramfs that runs the suites of tests/vm/suites
and prints their TAP results; the VM fails on any failed test, a kernel report
in the console log (see the table in this script), a missing end marker
(crash) or a timeout.

  --arch ARCH       guest architecture: arm64 (qemu virt) or amd64 (q35)
  --kernel DIR      kernel directory as printed by scripts/kernel.sh fetch or
                    scripts/debug-kernel.sh (vmlinuz, config, modules, release)
  --ko DIR          the project's built modules (-> /axidma/ko)
  --bin DIR         static guest test programs (-> /axidma/bin); optional
  --name NAME       output directory build/vm/NAME (default ARCH-RELEASE)
  --timeout SECS    kill the VM after SECS seconds (default 600)
  --suite-timeout S default time limit of one suite inside the VM (300)
  --dt / --no-dt    arm64: boot with QEMU's device tree plus tests/dts/*.dtsi
                    (default), or with QEMU's plain tree: no test nodes, so the
                    suites use configfs as on amd64 (AXIDMA_DT=0)
  --suites GLOB     run only the suites whose name matches GLOB
  --suites-dir DIR  take the suites from DIR instead of tests/vm/suites
  --debug           this is the debug kernel (AXIDMA_DEBUG=1 in the guest)
  --make-dtb FILE   only build the arm64 test DTB and copy it to FILE
  -v, --verbose     also copy the console to stdout while the VM runs
  -h, --help        this text

Writes build/vm/NAME/console.log, results.tap, reports.txt and summary
("passed failed skipped status seconds"). Exit status 0 only when all is well.
AXIDMA_BUILD_DIR (default build/) moves build/ elsewhere, e.g. to keep two
runs in one work tree apart.
EOT
}

top=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${AXIDMA_CACHE:-$HOME/.cache/axidma}

arch= kdir= ko= bin= name= timeout=600 suite_timeout=300 dt= suites=
debug=0 make_dtb= verbose=0 suites_dir=
while [ $# -gt 0 ]; do
	case $1 in
	--arch) arch=$2; shift ;;
	--kernel) kdir=$2; shift ;;
	--ko) ko=$2; shift ;;
	--bin) bin=$2; shift ;;
	--name) name=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--suite-timeout) suite_timeout=$2; shift ;;
	--dt) dt=1 ;;
	--no-dt) dt=0 ;;
	--suites) suites=$2; shift ;;
	--suites-dir) suites_dir=$2; shift ;;
	--debug) debug=1 ;;
	--make-dtb) make_dtb=$2; shift ;;
	-v|--verbose) verbose=1 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "vm.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
	esac
	shift
done

die() { echo "vm.sh: $*" >&2; exit 2; }

# --- machines -------------------------------------------------------------
# The same machine arguments are used to dump the DTB and to boot.
case $arch in
arm64)
	qemu=qemu-system-aarch64
	machine=(-M virt -cpu cortex-a57 -smp 2 -m 2G)
	console=ttyAMA0
	[ -n "$dt" ] || dt=1
	;;
amd64)
	qemu=qemu-system-x86_64
	machine=(-M q35 -cpu max -smp 2 -m 2G)
	console=ttyS0,115200
	[ "${dt:-0}" = 0 ] || die "amd64 has no device tree"
	dt=0
	;;
*) usage >&2; exit 2 ;;
esac

# build_dtb OUT: QEMU's own virt tree plus tests/dts/*.dtsi, cached by a
# hash of the QEMU version, the machine arguments and the fragments.
build_dtb() {
	local out=$1 key cached tmp
	key=$( { $qemu --version | head -n 1; echo "${machine[*]}"; cat "$top"/tests/dts/*.dtsi; } |
		sha256sum | cut -c1-16)
	cached=$CACHE/dtb/virt-$key.dtb
	if [ ! -f "$cached" ]; then
		mkdir -p "$CACHE/dtb"
		tmp=$(mktemp -d "$CACHE/dtb/tmp.XXXXXX")
		$qemu "${machine[@]}" -M "virt,dumpdtb=$tmp/virt.dtb" -display none \
			-nodefaults >/dev/null 2>&1 || true
		[ -s "$tmp/virt.dtb" ] || { rm -rf "$tmp"; die "qemu could not dump its DTB"; }
		dtc -q -I dtb -O dts -o "$tmp/virt.dts" "$tmp/virt.dtb"
		cat "$tmp/virt.dts" "$top"/tests/dts/*.dtsi > "$tmp/test.dts"
		if ! dtc -q -I dts -O dtb -o "$tmp/test.dtb" "$tmp/test.dts" 2>"$tmp/err"; then
			cat "$tmp/err" >&2
			rm -rf "$tmp"
			die "dtc failed on the test device tree"
		fi
		mv "$tmp/test.dtb" "$cached"	# atomic: VMs may start together
		rm -rf "$tmp"
	fi
	cp "$cached" "$out"
}

if [ -n "$make_dtb" ]; then
	[ "$arch" = arm64 ] || die "--make-dtb is for arm64"
	build_dtb "$make_dtb"
	exit 0
fi

[ -n "$kdir" ] || { usage >&2; exit 2; }
for f in vmlinuz config release; do
	[ -e "$kdir/$f" ] || die "$kdir/$f missing"
done
release=$(cat "$kdir/release")
[ -n "$name" ] || name=$arch-$release
out=${AXIDMA_BUILD_DIR:-$top/build}/vm/$name
rm -rf "$out"
mkdir -p "$out"
root=$out/initramfs

# --- initramfs ------------------------------------------------------------
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc}
mkdir -p "$root"/axidma/{ko,kmod,bin,suites}

if [ "$arch" = "$(dpkg --print-architecture)" ] && [ -x /bin/busybox ]; then
	busybox=/bin/busybox
else
	busybox=$("$top/scripts/kernel.sh" pkg busybox-static "$arch")/bin/busybox
fi
[ -x "$busybox" ] || die "no busybox for $arch"
cp "$busybox" "$root/bin/busybox"
# The applet list of the host's busybox-static (the same Debian version as
# the guest's), as /bin/x, /usr/sbin/y ...
for a in $(/bin/busybox --list-full); do
	[ -e "$root/$a" ] || ln -s /bin/busybox "$root/$a"
done

if [ -n "$ko" ] && [ -d "$ko" ]; then
	find "$ko" -maxdepth 1 -name '*.ko' -exec cp {} "$root/axidma/ko/" \;
fi
if [ -n "$bin" ] && [ -d "$bin" ]; then
	cp -a "$bin"/. "$root/axidma/bin/"
fi
cp "$top/tests/vm/lib.sh" "$root/axidma/lib.sh"
cp "$top/tests/vm/init" "$root/init"
chmod 755 "$root/init"
cp -a "${suites_dir:-$top/tests/vm/suites}"/. "$root/axidma/suites/"
chmod -R a+rX "$root/axidma"

# Kernel modules the tests need, when the kernel has them as modules:
# "module CONFIG_SYMBOL".
kmods_wanted=(
	"configfs CONFIGFS_FS"
)
modindex=$out/modindex
find "$kdir/modules/" -name '*.ko*' > "$modindex" 2>/dev/null || true
: > "$root/axidma/kmod/order"
add_kmod() {	# add_kmod NAME: the module, its dependencies first
	local m=$1 f dep tgt
	tgt=$root/axidma/kmod/$m.ko
	[ -e "$tgt" ] && return 0
	f=$(grep -E "/${m//[-_]/[-_]}\.ko(\.xz|\.zst|\.gz)?\$" "$modindex" | head -n 1)
	[ -n "$f" ] || die "kernel module $m not found in $kdir/modules"
	case $f in
	*.xz) xz -dc "$f" > "$tgt" ;;
	*.zst) zstd -qdc "$f" > "$tgt" ;;
	*.gz) gzip -dc "$f" > "$tgt" ;;
	*) cp "$f" "$tgt" ;;
	esac
	for dep in $(modinfo -F depends "$tgt" | tr ',' ' '); do
		add_kmod "$dep"
	done
	echo "$m.ko" >> "$root/axidma/kmod/order"
}
for w in "${kmods_wanted[@]}"; do
	set -- $w
	if grep -q "^CONFIG_$2=m" "$kdir/config"; then
		add_kmod "$1"
	fi
done

# /dev/console must exist before devtmpfs is mounted (the kernel opens it
# for init's stdio); a second archive, made without root, holds it.
devcpio() {
	/usr/bin/python3 - <<'EOT'
import sys
def entry(name, mode, rmaj=0, rmin=0):
    name = name.encode() + b"\0"
    f = [1, mode, 0, 0, 1, 0, 0, 0, 0, rmaj, rmin, len(name), 0]
    h = b"070701" + b"".join(b"%08X" % v for v in f) + name
    return h + b"\0" * (-len(h) % 4)
sys.stdout.buffer.write(entry("dev", 0o40755) +
                        entry("dev/console", 0o20600, 5, 1) +
                        entry("TRAILER!!!", 0))
EOT
}
(
	cd "$root"
	find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet
	devcpio
) | gzip -1 > "$out/initrd.gz"

# --- boot -----------------------------------------------------------------
cmdline="console=$console panic=-1 oops=panic loglevel=8 no_hash_pointers"
cmdline+=" AXIDMA_ARCH=$arch AXIDMA_DT=$dt AXIDMA_DEBUG=$debug"
cmdline+=" AXIDMA_SUITE_TIMEOUT=$suite_timeout"
[ -z "$suites" ] || cmdline+=" AXIDMA_SUITES=$suites"
# The debug kernel: only kmalloc caches take part in slab fault injection
# when the suites turn on failslab's cache-filter (40-reliability), so an
# injected failure never lands in the allocations of kmemleak, debug
# objects or DMA-API debugging themselves (which would switch them off).
[ "$debug" = 0 ] || cmdline+=" slub_debug=A,kmalloc-*"
# Knobs of the reliability suites (tests/vm/suites/4x-*), from the host's
# environment to the kernel command line, where the suites read them.
for v in AXIDMA_SOAK AXIDMA_FUZZ_SEED AXIDMA_FUZZ_SECS AXIDMA_STRESS_PACKETS \
	AXIDMA_STRESS_SEED AXIDMA_REMOVE_ROUNDS; do
	[ -z "${!v:-}" ] || cmdline+=" $v=${!v}"
done
qargs=("${machine[@]}" -nodefaults -display none -monitor none -serial stdio
	-no-reboot -kernel "$kdir/vmlinuz" -initrd "$out/initrd.gz" -append "$cmdline")
if [ "$arch" = arm64 ] && [ "$dt" = 1 ]; then
	build_dtb "$out/test.dtb"
	qargs+=(-dtb "$out/test.dtb")
fi
echo "$qemu ${qargs[*]}" > "$out/qemu.cmd"

t0=$(date +%s.%N)
set +e
if [ "$verbose" = 1 ]; then
	timeout -k 5 "$timeout" "$qemu" "${qargs[@]}" < /dev/null 2>&1 | tee "$out/console.raw"
	qrc=${PIPESTATUS[0]}
else
	timeout -k 5 "$timeout" "$qemu" "${qargs[@]}" < /dev/null > "$out/console.raw" 2>&1
	qrc=$?
fi
set -e
t1=$(date +%s.%N)
secs=$(printf '%.1f' "$(echo "$t1 - $t0" | bc)")
tr -d '\r' < "$out/console.raw" > "$out/console.log"
rm -f "$out/console.raw"

# --- results --------------------------------------------------------------
begin='-----BEGIN AXIDMA RESULTS-----'
end='-----END AXIDMA RESULTS-----'
sed -n "/^$begin\$/,/^$end\$/{/^$begin\$/d;/^$end\$/d;p}" "$out/console.log" > "$out/results.tap"
has_end=0
grep -qx -- "$end" "$out/console.log" && has_end=1

# Top-level TAP lines only (subtests are indented).
passed=$(grep -cE '^ok ' "$out/results.tap" || true)
skipped=$(grep -ciE '^ok .*# *skip|^not ok .*# *todo|^1\.\.0 *# *skip' "$out/results.tap" || true)
failed=$(grep -cE '^not ok ' "$out/results.tap" || true)
todo=$(grep -ciE '^not ok .*# *todo' "$out/results.tap" || true)
okskip=$(grep -ciE '^ok .*# *skip' "$out/results.tap" || true)
passed=$((passed - okskip))
failed=$((failed - todo))

# --- kernel reports ---------------------------------------------------------
# Extended regular expressions matched against every console line outside
# the results block. Any match fails the VM.
report_patterns=(
	'BUG:'					# BUG(), "BUG: KASAN: ...", "BUG: sleeping function...", soft lockup, scheduling while atomic
	'kernel BUG at'				# BUG_ON()
	'WARNING:'				# WARN*(), lockdep ("WARNING: possible circular locking..."), "suspicious RCU usage"
	'Oops'					# oops (x86 "Oops:", arm64 "Internal error: Oops")
	'Unable to handle kernel'		# arm64 bad access
	'general protection fault'		# x86 bad access
	'Kernel panic'				# panic
	'KASAN'					# any KASAN line
	'UBSAN:'				# undefined behaviour (debug kernel)
	'possible (recursive|circular) locking'	# lockdep
	'inconsistent lock state'		# lockdep
	'DMA-API: (.*device driver|.*cacheline tracking|debugging out of memory)'	# CONFIG_DMA_API_DEBUG (not its boot notices)
	'ODEBUG:'				# CONFIG_DEBUG_OBJECTS
	'unreferenced object'			# kmemleak report (init prints it)
	'INFO: task .* blocked for more than'	# hung task
	'rcu: INFO: .*detected .*stall'		# RCU stall (also "self-detected stall", "detected expedited stalls")
	'sleeping function called from invalid context'	# might_sleep()
	'list_(add|del) corruption'		# CONFIG_DEBUG_LIST
	'refcount_t: '				# refcount over/underflow
	'(^|[]] )BUG [^ ]+ [(](Not tainted|Tainted)'	# SLUB consistency checks ("BUG kmalloc-64 (Not tainted): Redzone overwritten"; no backslashes: awk -v eats them)
	'kmemleak: .*(detector disabled|Cannot allocate|pool empty)'	# kmemleak turned itself off: its scan would be silent
	'INFO: trying to register non-static key'	# lockdep
	'Call [Tt]race:'			# any other stack dump (see allowed_before)
)
# A stack dump right after one of these is expected, not a report: fault
# injection prints one for every failure it injects.
allowed_before='FAULT_INJECTION: forcing a failure|^\[ *[0-9.]+\] (sysrq: Show|Showing)'

scan_reports() {
	local pats
	pats=$(printf '%s\n' "${report_patterns[@]}")
	awk -v pats="$pats" -v allowed="$allowed_before" -v begin="$begin" -v end="$end" '
	BEGIN { np = split(pats, p, "\n"); inres = 0 }
	{ line[NR] = $0 }
	$0 == begin { inres = 1; next }
	$0 == end { inres = 0; next }
	inres { next }
	{
		for (i = 1; i <= np; i++) {
			if ($0 !~ p[i])
				continue
			if (p[i] ~ /Call/) {
				# a stack dump is a report only when nothing
				# else explains it in the 25 lines before
				ok = 0
				for (j = NR - 1; j > 0 && j >= NR - 25; j--)
					if (line[j] ~ allowed || flagged[j]) { ok = 1; break }
				if (ok) break
			}
			flagged[NR] = 1; nrep++; hit[nrep] = NR
			break
		}
	}
	END {
		last = 0
		for (k = 1; k <= nrep; k++) {
			n = hit[k]
			if (n <= last) continue
			printf("---- console.log line %d: kernel report ----\n", n)
			from = n - 3 < 1 ? 1 : n - 3
			to = n + 25 > NR ? NR : n + 25
			for (j = from; j <= to; j++) {
				if (line[j] == begin) break
				printf("%s %s\n", flagged[j] ? ">>" : "  ", line[j])
			}
			last = to
		}
		exit nrep > 0
	}' "$out/console.log"
}

reports=0
if ! scan_reports > "$out/reports.txt"; then
	reports=$(grep -c '^>>' "$out/reports.txt" || true)
fi

# --- verdict ----------------------------------------------------------------
why=()
[ "$qrc" = 124 ] || [ "$qrc" = 137 ] && why+=("timed out after ${timeout}s")
[ "$has_end" = 1 ] || why+=("no end marker (crash, hang or timeout)")
[ "$qrc" = 0 ] || [ "$qrc" = 124 ] || [ "$qrc" = 137 ] || why+=("qemu exit status $qrc")
[ "$reports" = 0 ] || why+=("$reports kernel report line(s)")
[ "$failed" = 0 ] || why+=("$failed test(s) failed")
[ $((passed + failed + skipped)) -gt 0 ] || why+=("no test results")

if [ ${#why[@]} -eq 0 ]; then
	status=PASS
else
	status=FAIL
	# A VM that failed for something other than its tests counts as one
	# more failed test, so the counts agree with the verdict.
	[ "${#why[@]}" = 1 ] && [ "$failed" != 0 ] || failed=$((failed + 1))
	if [ "$reports" != 0 ]; then
		cat "$out/reports.txt"
	fi
	if [ "$has_end" = 0 ]; then
		echo "---- last lines of $out/console.log ----"
		tail -n 30 "$out/console.log"
	fi
	grep -E '^not ok ' "$out/results.tap" | sed "s/^/$name: /" || true
fi
echo "$passed $failed $skipped $status $secs" > "$out/summary"
reason=
[ ${#why[@]} -eq 0 ] || reason=" ($(IFS=';'; echo "${why[*]}" | sed 's/;/; /g'))"
echo "vm $name: $status in ${secs}s, kernel $release$reason"
echo "$name: $passed passed, $failed failed, $skipped skipped"
[ "$status" = PASS ]
