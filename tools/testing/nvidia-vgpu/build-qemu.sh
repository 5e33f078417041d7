#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare the QEMU work tree (Debian's QEMU 7.2 source + the simulator in
# tools/testing/nvidia-vgpu/sim copied to hw/nvgpu-sim + patches/qemu in
# order) and build qemu-system-x86_64 with the nvidia-vgpu-sim device.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
take_lock qemu

prepare() {
	"$NVGPU_TOOLS/fetch-sources.sh"
	if [ ! -f "$QSRC/.done" ]; then
		log "creating QEMU work tree"
		rm -rf "$QSRC"
		cp -a "$QSRC_PRISTINE" "$QSRC"
		rm -f "$QSRC/.manifest"
		touch "$QSRC/.done"
	fi
	local stage sim=$NVGPU_TOOLS/sim
	stage=$(mktemp -d)
	stage_series "$QSRC_PRISTINE" "$stage" "$NVGPU_REPO/patches/qemu"
	mkdir -p "$stage/hw/nvgpu-sim/gsp"
	cp -r "$sim/qemu/." "$stage/hw/nvgpu-sim/"
	find "$sim/include" -maxdepth 1 -name '*.h' -exec cp {} "$stage/hw/nvgpu-sim/" \; 2>/dev/null
	# the core decodes the VF display block itself (gsp/disp.c)
	find "$sim/include" -maxdepth 1 -name '*.h' -exec cp {} "$stage/hw/nvgpu-sim/gsp/" \;
	find "$sim/gsp" -maxdepth 1 -name '*.[ch]' -exec cp {} "$stage/hw/nvgpu-sim/gsp/" \;
	sync_tree "$QSRC_PRISTINE" "$QSRC" "$QSRC/.manifest" "$stage"
	rm -rf "$stage"
}

QEMU_CONFIGURE=(--target-list=x86_64-softmmu --disable-docs
		--without-default-features --enable-tcg --enable-kvm
		--enable-fdt=system --disable-werror --disable-user
		--disable-tools --disable-guest-agent)

configure() {
	local sum
	sum=$(echo "${QEMU_CONFIGURE[*]}" | sha1sum | cut -c1-16)
	if [ -f "$QOBJ/build.ninja" ] && [ "$(cat "$QOBJ/.cfgsum" 2>/dev/null)" = "$sum" ]; then
		return 0
	fi
	log "configuring QEMU"
	rm -rf "$QOBJ"
	mkdir -p "$QOBJ"
	(cd "$QOBJ" && "$QSRC/configure" "${QEMU_CONFIGURE[@]}" > "$QOBJ/configure.log" 2>&1) ||
		{ tail -20 "$QOBJ/configure.log" >&2; die "QEMU configure failed"; }
	echo "$sum" > "$QOBJ/.cfgsum"
}

build() {
	log "building QEMU (-j$JOBS)"
	mkdir -p "$OUT"
	if ! with_progress QEMU "$OUT/qemu-build.log" ninja -C "$QOBJ" -j"$JOBS" qemu-system-x86_64; then
		grep -aE 'error|warning' "$OUT/qemu-build.log" | head -40 >&2
		die "QEMU build failed (full log: $OUT/qemu-build.log)"
	fi
	grep -aE 'nvgpu-sim/.*warning' "$OUT/qemu-build.log" >&2 || true
	# rename, not overwrite: a running VM may be executing the old binary
	cp "$QOBJ/qemu-system-x86_64" "$OUT/.qemu-system-x86_64.new"
	mv "$OUT/.qemu-system-x86_64.new" "$OUT/qemu-system-x86_64"
}

case "${1:-all}" in
prepare) prepare ;;
all) prepare; configure; build ;;
*) die "usage: $0 [prepare|all]" ;;
esac
