#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare the kernel work tree (pristine Debian 6.12 + the project's new
# files at their in-tree paths + the patch series in patches/linux, in
# order) and build bzImage + modules out of tree (O=) with W=1.
# Only files whose content changed are rewritten, so a warm rebuild after
# touching one driver file recompiles that file and relinks its module.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
take_lock kernel

KERNEL_OVERLAY=(drivers/vfio/pci/nvidia-vgpu
		drivers/gpu/drm/nouveau/nvkm/vgpu_mgr
		drivers/gpu/drm/nouveau/include/nvkm/vgpu_mgr
		drivers/gpu/drm/nouveau/nvkm/subdev/gsp/sim.c
		include/drm/nvkm_vgpu_mgr_vfio.h
		Documentation/ABI/testing/sysfs-driver-nvidia-vgpu
		Documentation/driver-api/vfio-nvidia-vgpu.rst
		tools/testing/selftests/nvidia-vgpu
		tools/testing/nvidia-vgpu/sim/include)

# Warnings in the project's new files (the overlay) fail `make check`:
# a regex of the overlay paths, dots escaped.
PROJECT_PATHS=$(printf '%s|' "${KERNEL_OVERLAY[@]}" | sed 's/\./\\./g; s/|$//')

prepare() {
	"$NVGPU_TOOLS/fetch-sources.sh"
	if [ ! -f "$KSRC/.done" ]; then
		log "creating kernel work tree"
		rm -rf "$KSRC"
		cp -a "$KSRC_PRISTINE" "$KSRC"
		rm -f "$KSRC/.manifest"
		touch "$KSRC/.done"
	fi
	local stage
	stage=$(mktemp -d)
	stage_series "$KSRC_PRISTINE" "$stage" "$NVGPU_REPO/patches/linux"
	stage_overlay "$stage" "${KERNEL_OVERLAY[@]}"
	sync_tree "$KSRC_PRISTINE" "$KSRC" "$KSRC/.manifest" "$stage"
	rm -rf "$stage"
}

configure() {
	local frag=$NVGPU_TOOLS/kernel.config
	if [ "$NVGPU_KERNEL" = debug ]; then
		mkdir -p "$KOBJ"
		cat "$frag" "$NVGPU_TOOLS/kernel-debug.config" > "$KOBJ.fragment"
		frag=$KOBJ.fragment
	fi
	config_fragment "$KSRC" "$KOBJ" "$frag"
}

build() {
	log "building the $NVGPU_KERNEL L2 kernel (-j$JOBS, W=1)"
	mkdir -p "$KOUT"
	local t0 full=0
	t0=$(date +%s)
	[ -f "$KOBJ/vmlinux" ] || full=1
	if ! with_progress kernel "$KOUT/kernel-build.log" \
		make -C "$KSRC" O="$KOBJ" ARCH=x86_64 -j"$JOBS" W=1 bzImage modules; then
		grep -E 'error|Error' "$KOUT/kernel-build.log" | head -40 >&2
		die "kernel build failed (full log: $KOUT/kernel-build.log)"
	fi
	rm -rf "$KOUT/modules"
	# The debug kernel keeps module symbols, so that its reports
	# (kmemleak, lockdep, KASAN) name functions inside modules.
	local strip=INSTALL_MOD_STRIP=1
	[ "$NVGPU_KERNEL" = debug ] && strip=INSTALL_MOD_STRIP=--strip-debug
	make -s -C "$KSRC" O="$KOBJ" ARCH=x86_64 INSTALL_MOD_PATH="$KOUT/modules" \
		"$strip" modules_install >/dev/null
	cp "$KOBJ/arch/x86/boot/bzImage" "$KOUT/.bzImage.new" && mv "$KOUT/.bzImage.new" "$KOUT/bzImage"
	# Warnings in the project's own files are shown (and counted by check).
	sed "s|^$KSRC/||; s|^$KOBJ/||" "$KOUT/kernel-build.log" |
		grep -E "^($PROJECT_PATHS)[^ ]*:[0-9]+(:[0-9]+)?: (warning|error)" |
		sort -u > "$KOUT/kernel-warnings.txt" || true
	if [ -s "$KOUT/kernel-warnings.txt" ]; then
		echo "W=1 warnings in project files:" >&2
		cat "$KOUT/kernel-warnings.txt" >&2
	fi
	# check.sh prints the last full build time of each variant
	[ $full = 1 ] && echo "$(( $(date +%s) - t0 ))s on $(date +%F) with -j$JOBS" > "$KOUT/full-build-time"
	log "kernel ($NVGPU_KERNEL): $(cat "$KOBJ/include/config/kernel.release")"
}

case "${1:-all}" in
prepare) prepare ;;
config) prepare; configure ;;
all) prepare; configure; build ;;
*) die "usage: $0 [prepare|config|all]" ;;
esac
