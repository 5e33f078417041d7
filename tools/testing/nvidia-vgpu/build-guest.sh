#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build what runs inside an L3 guest: a Linux 6.12 guest kernel (pristine
# Debian source, x86_64 tinyconfig + guest/kernel.config, its own object
# tree; built once and rebuilt only when the fragment changes), the
# test-only guest driver guest/nvsim_guest.ko (W=1, warnings fail), the
# guest's test programs, and the guest initramfs (busybox, guest/init).
# Outputs: $OUT/l3/{bzImage,initramfs.cpio}.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
take_lock guest
"$NVGPU_TOOLS/fetch-sources.sh"

G=$NVGPU_TOOLS/guest
L3=$OUT/l3
mkdir -p "$L3"

config_fragment "$KSRC_PRISTINE" "$GOBJ" "$G/kernel.config"
log "building the L3 guest kernel (-j$JOBS)"
with_progress "guest kernel" "$OUT/guest-kernel-build.log" \
	make -C "$KSRC_PRISTINE" O="$GOBJ" ARCH=x86_64 -j"$JOBS" bzImage modules ||
	die "guest kernel build failed (log: $OUT/guest-kernel-build.log)"
cp "$GOBJ/arch/x86/boot/bzImage" "$L3/.bzImage.new" && mv "$L3/.bzImage.new" "$L3/bzImage"

# The guest driver, built outside the repository (kbuild writes next to
# the sources), W=1; a warning fails the build.
mb=$OUT/guest-module
rm -rf "$mb" && mkdir -p "$mb/include"
cp "$G/nvsim_core.c" "$G/nvsim_kms.c" "$G/nvsim_guest.h" "$G/Kbuild" "$mb/"
cp "$NVGPU_TOOLS/sim/include/nvsim_vf_regs.h" "$G/nvsim_guest_uapi.h" "$mb/include/"
if ! make -C "$KSRC_PRISTINE" O="$GOBJ" ARCH=x86_64 M="$mb" W=1 modules > "$mb/build.log" 2>&1 ||
   grep -q 'warning:' "$mb/build.log"; then
	cat "$mb/build.log" >&2
	die "guest driver build failed or warned"
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,lib/modules}
cp /bin/busybox "$root/bin/busybox"
for app in sh mount cat cut uname sleep insmod poweroff; do
	ln -s busybox "$root/bin/$app"
done
cp "$G/init" "$root/init"
chmod +x "$root/init"
cp "$mb/nvsim_guest.ko" "$root/lib/modules/"
# the DRM helpers the display part of nvsim_guest.ko needs (built as
# modules because vkms, a KMS device that needs no vGPU, selects them)
for m in drivers/gpu/drm/drm_shmem_helper.ko drivers/gpu/drm/vkms/vkms.ko; do
	cp "$GOBJ/$m" "$root/lib/modules/"
done
strip --strip-debug "$root"/lib/modules/*.ko
gcc -O2 -Wall -Wextra -Werror -static -I"$NVGPU_TOOLS/sim/include" \
	-o "$root/bin/vgpu-guest-test" "$G/vgpu-guest-test.c"
strip "$root/bin/vgpu-guest-test"
# the execution workload (copies, semaphores, faults through the driver's
# /dev/nvsim-vgpu*), run by vgpu-guest-test as its last, nested test
gcc -O2 -Wall -Wextra -Werror -static -I"$NVGPU_TOOLS/sim/include" -I"$G" \
	-o "$root/bin/vgpu-exec-test" "$G/vgpu-exec-test.c"
strip "$root/bin/vgpu-exec-test"
# the display checks and glmark2 (nested in vgpu-guest-test as well); DRM
# uapi headers from the guest kernel's source
gcc -O2 -Wall -Wextra -Werror -static -I"$NVGPU_TOOLS/sim/include" -I"$G" \
	-D__user= -I"$KSRC_PRISTINE/include/uapi/drm" \
	-o "$root/bin/vgpu-display-test" "$G/vgpu-display-test.c"
strip "$root/bin/vgpu-display-test"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$L3/.initramfs.new"
mv "$L3/.initramfs.new" "$L3/initramfs.cpio"
# glmark2 and Mesa (fetch-glmark2.sh) on a read-only disk that only the
# display test mounts: the guest's RAM holds the initramfs, not them.
img=$L3/glmark2.img
if [ -f "$GLMARK2_ROOT/.done" ] &&
   { [ ! -f "$img" ] || [ "$GLMARK2_ROOT/.done" -nt "$img" ]; }; then
	mkdir -p "$GLMARK2_ROOT"/{dev,proc,sys,tmp}
	mksquashfs "$GLMARK2_ROOT" "$img.new" -comp zstd -noappend -all-root -quiet > /dev/null ||
		die "mksquashfs failed"
	mv "$img.new" "$img"
fi
[ -f "$img" ] && log "L3 glmark2 disk: $(du -h "$img" | cut -f1) squashfs of $(du -sh "$GLMARK2_ROOT" | cut -f1)"
log "L3 guest: $(cat "$GOBJ/include/config/kernel.release"), bzImage $(du -h "$L3/bzImage" | cut -f1), initramfs $(du -h "$L3/initramfs.cpio" | cut -f1)"
