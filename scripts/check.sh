#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Static checks (`make check`):
#   checkpatch  scripts/checkpatch.pl --strict on the C files and headers of
#               driver/ uapi/ sim/ tests/kmod/ (from Debian's linux-source)
#   sparse      the modules built with C=2 (sparse on every file) and W=1 for
#               the Debian 6.1 arm64 and amd64 kernels; any warning of ours fails
#   dtschema    dt-doc-validate on dts/bindings/*.yaml, then dt-validate of
#               the arm64 test DTB against them (with the kernel's bindings)
#   dts         the board examples of dts/examples compile with dtc: the
#               overlay as an overlay, the .dtsi files on a stub of the
#               labels a Zynq-7000 / ZynqMP board tree provides
#
#   scripts/check.sh [checkpatch|sparse|dtschema ...]   (default: all)
# Extra checkpatch options: CHECKPATCH_OPTS="--ignore X,Y".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
B=${AXIDMA_BUILD_DIR:-$top/build}
out=$B/check
mkdir -p "$out"
failed=()

src_files() {
	find driver uapi sim tests/kmod -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null | sort
}

do_checkpatch() {
	local src files f bad=0
	src=$(scripts/debug-kernel.sh srcdir) || return 1
	# A stable name next to the cache's sources, where the before-stop
	# hook looks for checkpatch.pl (~/.cache/*/linux-source-*).
	ln -sfn "$src" "${src%/src/*}/linux-source-checkpatch"
	mapfile -t files < <(src_files)
	if [ ${#files[@]} -eq 0 ]; then
		echo "checkpatch: no C files yet"
		return 0
	fi
	for f in "${files[@]}"; do
		# shellcheck disable=SC2086
		if ! perl "$src/scripts/checkpatch.pl" --strict --no-tree --terse \
			--show-types ${CHECKPATCH_OPTS:-} -f "$f" > "$out/checkpatch.tmp" 2>&1; then
			cat "$out/checkpatch.tmp"
			bad=1
		fi
	done
	rm -f "$out/checkpatch.tmp"
	echo "checkpatch: ${#files[@]} files, $([ $bad = 0 ] && echo clean || echo 'FINDINGS above')"
	return $bad
}

do_sparse() {
	local k arch kdir log bad=0
	for k in arm64 amd64; do
		kdir=$(scripts/kernel.sh fetch "$k" 6.1) || return 1
		log=$out/sparse-$k.log
		# C=2 runs sparse on every file, not just the recompiled ones.
		if ! scripts/build-modules.sh "check-$k" "$kdir/build" "$k" C=2 \
			> /dev/null 2> "$log"; then
			echo "sparse $k: the build failed:"
			tail -n 40 "$log"
			bad=1
			continue
		fi
		# Our files only: warnings from the kernel's own headers are not
		# ours to fix.
		grep -E "^$B/check-$k/src/[^:]+:[0-9]+(:[0-9]+)?: (warning|error):" "$log" |
			sed "s|^$B/check-$k/src/||" > "$out/sparse-$k.ours"
		if [ -s "$out/sparse-$k.ours" ]; then
			echo "sparse/W=1 $k: warnings:"
			cat "$out/sparse-$k.ours"
			bad=1
		else
			echo "sparse/W=1 $k: clean"
		fi
	done
	return $bad
}

do_dtschema() {
	local src bindings y bad=0 dtb
	mapfile -t bindings < <(ls dts/bindings/*.yaml 2>/dev/null)
	if [ ${#bindings[@]} -eq 0 ]; then
		echo "dtschema: no bindings in dts/bindings yet"
		return 0
	fi
	# A bindings tree like the kernel's: its Documentation/devicetree/bindings
	# (for dma-controller.yaml & co.; without vendor-prefixes.yaml, which
	# cannot list our private "axidma" prefix) with ours at the top, so a
	# binding's $id is http://devicetree.org/schemas/NAME.yaml#.
	src=$(scripts/debug-kernel.sh srcdir) || return 1
	kb=$src/Documentation/devicetree/bindings
	stage=$out/bindings
	rm -rf "$stage"
	mkdir -p "$stage"
	for y in "$kb"/*; do
		case ${y##*/} in vendor-prefixes.yaml) continue ;; esac
		ln -s "$y" "$stage/"
	done
	for y in "${bindings[@]}"; do
		ln -sf "$top/$y" "$stage/"
	done
	for y in "${bindings[@]}"; do
		if dt-doc-validate -u "$stage" "$stage/${y##*/}" > "$out/doc.log" 2>&1 &&
			! [ -s "$out/doc.log" ]; then
			echo "dt-doc-validate $y: clean"
		else
			echo "dt-doc-validate $y:"
			sed "s|$stage/|dts/bindings/|g" "$out/doc.log"
			bad=1
		fi
	done
	# One processed schema, then validate the test DTB, keeping what
	# concerns the nodes of tests/dts (QEMU's own nodes are not ours).
	if ! dt-mk-schema -j "$stage" > "$out/schema.json" 2> "$out/mk-schema.log"; then
		echo "dt-mk-schema failed:"
		tail -n 20 "$out/mk-schema.log"
		return 1
	fi
	if grep -F "$top/dts/" "$out/mk-schema.log"; then
		bad=1
	fi
	dtb=$out/test.dtb
	scripts/vm.sh --arch arm64 --make-dtb "$dtb" || return 1
	dt-validate -s "$out/schema.json" "$dtb" > "$out/dt-validate.log" 2>&1
	nodes=$(grep -hoE '^[[:space:]]*([A-Za-z0-9_]+:[[:space:]]*)?[a-z0-9,_-]+(@[0-9a-f]+)?[[:space:]]*\{' tests/dts/*.dtsi |
		sed -E 's/^[[:space:]]*([A-Za-z0-9_]+:[[:space:]]*)?//; s/[[:space:]]*\{$//' | sort -u | paste -sd'|')
	if grep -E "(^|[ /])($nodes)[/:]" "$out/dt-validate.log" > "$out/dt-validate.ours"; then
		echo "dt-validate of the test DTB:"
		cat "$out/dt-validate.ours"
		bad=1
	else
		echo "dtschema: test DTB: no findings for the tests/dts nodes"
	fi
	return $bad
}

# The labels the examples refer to, as the SoC's .dtsi would define them.
dts_stub() {	# dts_stub CELLS: a root with &amba, interrupt and clock providers
	cat <<EOT
/dts-v1/;
/ {
	#address-cells = <$1>;
	#size-cells = <$1>;
	intc: interrupt-controller@f8f01000 {
		reg = <$( [ "$1" = 2 ] && echo "0x0 0xf8f01000 0x0 0x1000" || echo "0xf8f01000 0x1000")>;
		#interrupt-cells = <3>;
		interrupt-controller;
	};
	gic: interrupt-controller@f9010000 {
		reg = <$( [ "$1" = 2 ] && echo "0x0 0xf9010000 0x0 0x1000" || echo "0xf9010000 0x1000")>;
		#interrupt-cells = <3>;
		interrupt-controller;
	};
	clkc: clkc { #clock-cells = <1>; };
	zynqmp_clk: zynqmp-clk { #clock-cells = <1>; };
	amba: axi {
		compatible = "simple-bus";
		#address-cells = <$1>;
		#size-cells = <$1>;
		ranges;
	};
};
EOT
}

do_dts() {
	local f cells bad=0
	for f in dts/examples/*.dtso; do
		[ -f "$f" ] || continue
		if ! dtc -q -@ -I dts -O dtb -o "$out/example.dtbo" "$f"; then
			echo "dts: $f does not compile"
			bad=1
		fi
	done
	for f in dts/examples/*.dtsi; do
		[ -f "$f" ] || continue
		cells=1
		grep -q 'reg = <0x0 ' "$f" && cells=2
		{ dts_stub $cells; echo "/include/ \"$top/$f\""; } > "$out/example.dts"
		if ! dtc -q -I dts -O dtb -o "$out/example.dtb" "$out/example.dts"; then
			echo "dts: $f does not compile on a board stub"
			bad=1
		fi
	done
	[ $bad = 0 ] && echo "dts: the examples compile"
	return $bad
}

what=("$@")
[ ${#what[@]} -gt 0 ] || what=(checkpatch sparse dtschema dts)
for w in "${what[@]}"; do
	case $w in
	checkpatch|sparse|dtschema|dts) "do_$w" || failed+=("$w") ;;
	*) echo "check.sh: unknown check $w" >&2; exit 2 ;;
	esac
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "make check: FAILED: ${failed[*]}"
	exit 1
fi
echo "make check: all clean"
