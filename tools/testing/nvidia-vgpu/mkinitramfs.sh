#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the L2 VM's initramfs: static busybox, /init and the in-VM test
# scripts, the kernel modules, project test programs, firmware files and
# (for L3 guests) QEMU with its libraries and firmware. The QEMU part is
# cached as its own cpio; the kernel unpacks concatenated archives in
# order. Both are left uncompressed: copying is cheaper than inflating
# under TCG.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
take_lock kernel

KREL=$(cat "$KOBJ/include/config/kernel.release")
IMG=$OUT/initramfs.cpio
mkcpio() { (cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet); }

base=$(mktemp -d)
trap 'rm -rf "$base"' EXIT
mkdir -p "$base"/{bin,sbin,etc,proc,sys,dev,tmp,root,lib/firmware,nvgpu/vm-tests,nvgpu/kselftests,usr/bin,usr/sbin}
cp /bin/busybox "$base/bin/busybox"
for app in $(/bin/busybox --list-full); do
	[ -e "$base/$app" ] || ln -s /bin/busybox "$base/$app"
done
cp "$NVGPU_TOOLS/vm/init" "$base/init"
chmod +x "$base/init"
cp "$NVGPU_TOOLS/vm/lib.sh" "$NVGPU_TOOLS/vm/check-tests.sh" "$NVGPU_TOOLS/vm/run-job.sh" "$base/nvgpu/"
cp "$NVGPU_TOOLS"/sim/tests/vm/*.sh "$NVGPU_TOOLS"/vm/tests/*.sh "$base/nvgpu/vm-tests/" 2>/dev/null || true
cp "$NVGPU_TOOLS"/vm/tests/*.lib "$base/nvgpu/vm-tests/" 2>/dev/null || true
# vGPU type tables and other firmware files the tests install
for inst in "$NVGPU_TOOLS"/*/install.sh; do
	[ -x "$inst" ] && "$inst" "$base"
done
[ -d "$OUT/kselftests" ] && cp -r "$OUT/kselftests/." "$base/nvgpu/kselftests/"
[ -d "$OUT/firmware" ] && cp -r "$OUT/firmware/." "$base/lib/firmware/"
echo "root:x:0:0:root:/root:/bin/sh" > "$base/etc/passwd"

# Kernel modules, and the list of the project's KUnit modules: every
# module built from the project's directories whose name ends in _test
# or _kunit.
mkdir -p "$base/lib/modules"
cp -r "$OUT/modules/lib/modules/$KREL" "$base/lib/modules/"
grep -E '(nvidia-vgpu|vgpu_mgr)/.*(_test|_kunit)\.o$' "$KOBJ/modules.order" 2>/dev/null |
	sed 's|.*/||; s|\.o$||' > "$base/nvgpu/kunit-modules" || true

# The L3 guest: a bare-metal payload (a Linux guest is too slow under
# TCG inside TCG).
mkdir -p "$base/nvgpu/l3"
make -s -C "$NVGPU_TOOLS/guest" O="$OUT" >&2
cp "$OUT/nvgpu-guest.elf" "$base/nvgpu/l3/"
cp "$NVGPU_TOOLS/vm/l3-smoke.sh" "$base/nvgpu/vm-tests/"

mkcpio "$base" > "$OUT/initramfs-base.cpio"

# QEMU for L3 guests (rebuilt only when the binary changes).
qcpio=$OUT/initramfs-qemu.cpio
if [ ! -f "$qcpio" ] || [ "$OUT/qemu-system-x86_64" -nt "$qcpio" ]; then
	q=$(mktemp -d)
	mkdir -p "$q/usr/bin" "$q/usr/share/qemu"
	cp "$OUT/qemu-system-x86_64" "$q/usr/bin/"
	strip "$q/usr/bin/qemu-system-x86_64"
	for lib in $(ldd "$OUT/qemu-system-x86_64" | awk '/=> \//{print $3} /^\s*\/lib/{print $1}'); do
		mkdir -p "$q$(dirname "$lib")"
		cp -L "$lib" "$q$lib"
	done
	for fw in bios-microvm.bin qboot.rom linuxboot_dma.bin kvmvapic.bin pvh.bin; do
		[ -f /usr/share/qemu/$fw ] && cp /usr/share/qemu/$fw "$q/usr/share/qemu/"
	done
	cp /usr/share/seabios/bios-256k.bin "$q/usr/share/qemu/"
	# The dynamic loader path of the binary
	mkdir -p "$q/lib64"
	cp -L /lib64/ld-linux-x86-64.so.2 "$q/lib64/"
	mkcpio "$q" > "$qcpio"
	rm -rf "$q"
fi

cat "$OUT/initramfs-base.cpio" "$qcpio" > "$IMG.new" && mv "$IMG.new" "$IMG"
log "initramfs: $(du -h "$IMG" | cut -f1) ($KREL)"
