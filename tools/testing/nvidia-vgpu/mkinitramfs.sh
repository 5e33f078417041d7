#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the L2 VM's initramfs: static busybox, /init and the in-VM test
# scripts, the kernel modules, project test programs, firmware files and
# for L3 guests the guest kernel and initramfs and the stock VMM (Debian's
# QEMU 10 with its libraries and firmware) and Debian's libvirt 11.3 for
# the libvirt test. The VMM and libvirt parts are cached as their own
# cpios; the kernel unpacks concatenated archives in order. All are left
# uncompressed: copying is cheaper than inflating under TCG.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
take_lock kernel

KREL=$(cat "$KOBJ/include/config/kernel.release")
IMG=$KOUT/initramfs.cpio
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
cp "$NVGPU_TOOLS/vm/lib.sh" "$NVGPU_TOOLS/vm/check-tests.sh" "$NVGPU_TOOLS/vm/run-job.sh" \
	"$NVGPU_TOOLS/vm/kmemleak-end.sh" "$NVGPU_TOOLS/vm/bench-job.sh" "$base/nvgpu/"
cp "$NVGPU_TOOLS"/sim/tests/vm/*.sh "$NVGPU_TOOLS"/vm/tests/*.sh "$base/nvgpu/vm-tests/" 2>/dev/null || true
cp "$NVGPU_TOOLS"/vm/tests/*.lib "$base/nvgpu/vm-tests/" 2>/dev/null || true
# libvirt's configuration, qemu hook and domain template (the libvirt test)
cp -r "$NVGPU_TOOLS/vm/libvirt" "$base/nvgpu/libvirt"
# vGPU type tables and other firmware files the tests install
for inst in "$NVGPU_TOOLS"/*/install.sh; do
	[ -x "$inst" ] && "$inst" "$base"
done
[ -d "$OUT/kselftests" ] && cp -r "$OUT/kselftests/." "$base/nvgpu/kselftests/"
mkdir -p "$base/nvgpu/bin"
[ -d "$OUT/vm-bin" ] && cp -r "$OUT/vm-bin/." "$base/nvgpu/bin/"
[ -d "$OUT/firmware" ] && cp -r "$OUT/firmware/." "$base/lib/firmware/"
echo "root:x:0:0:root:/root:/bin/sh" > "$base/etc/passwd"

# Kernel modules, and the list of the project's KUnit modules: every
# module built from the project's directories whose name ends in _test
# or _kunit.
mkdir -p "$base/lib/modules"
cp -r "$KOUT/modules/lib/modules/$KREL" "$base/lib/modules/"
# libvirt finds a device's VFIO variant driver in modules.alias
# (depmod's output of modules_install)
[ -s "$base/lib/modules/$KREL/modules.alias" ] ||
	die "no modules.alias in the L2 kernel's modules (was depmod run by modules_install?)"
grep -E '(nvidia-vgpu|vgpu_mgr)/.*(_test|_kunit)\.o$' "$KOBJ/modules.order" 2>/dev/null |
	sed 's|.*/||; s|\.o$||' > "$base/nvgpu/kunit-modules" || true

# The L3 guest: kernel and initramfs (build-guest.sh).
mkdir -p "$base/nvgpu/l3"
[ -f "$OUT/l3/bzImage" ] && [ -f "$OUT/l3/initramfs.cpio" ] ||
	die "no L3 guest (run build-guest.sh)"
cp "$OUT/l3/bzImage" "$OUT/l3/initramfs.cpio" "$base/nvgpu/l3/"
# glmark2's disk for the guests' display test, if fetch-glmark2.sh ran
[ -f "$OUT/l3/glmark2.img" ] && cp "$OUT/l3/glmark2.img" "$base/nvgpu/l3/"

mkcpio "$base" > "$KOUT/initramfs-base.cpio"

# The stock VMM for L3 guests, Debian's QEMU 10 (fetch-vmm.sh), with the
# shared libraries it loads (from its own packages where it brought them,
# else from L1's Debian 12) and the firmware a q35 guest with -kernel
# needs. Rebuilt only when the VMM changes.
qcpio=$OUT/initramfs-vmm.cpio
[ -f "$VMM_ROOT/.done" ] || die "no VMM (run fetch-vmm.sh)"
if [ ! -f "$qcpio" ] || [ "$VMM_ROOT/.done" -nt "$qcpio" ]; then
	q=$(mktemp -d)
	mkdir -p "$q/usr/bin" "$q/usr/share/qemu" "$q/usr/share/seabios"
	cp "$VMM_ROOT/usr/bin/qemu-system-x86_64" "$q/usr/bin/"
	vlib=$VMM_ROOT/usr/lib/x86_64-linux-gnu:$VMM_ROOT/lib/x86_64-linux-gnu
	libs=$(LD_LIBRARY_PATH=$vlib ldd "$VMM_ROOT/usr/bin/qemu-system-x86_64") ||
		die "ldd of the VMM failed"
	if echo "$libs" | grep -q 'not found'; then
		echo "$libs" | grep 'not found' >&2
		die "the VMM needs libraries that neither its packages nor L1 have"
	fi
	for lib in $(echo "$libs" | awk '/=> \//{print $3} /^\s*\/lib/{print $1}'); do
		dst=${lib#"$VMM_ROOT"}
		mkdir -p "$q$(dirname "$dst")"
		cp -L "$lib" "$q$dst"
	done
	for fw in kvmvapic.bin linuxboot_dma.bin pvh.bin multiboot_dma.bin; do
		cp "$VMM_ROOT/usr/share/qemu/$fw" "$q/usr/share/qemu/"
	done
	cp "$VMM_ROOT/usr/share/seabios/bios-256k.bin" "$q/usr/share/seabios/"
	mkdir -p "$q/lib64"
	cp -L /lib64/ld-linux-x86-64.so.2 "$q/lib64/"
	cp "$VMM_ROOT/.done" "$q/usr/share/qemu/debian-version"
	mkcpio "$q" > "$qcpio.new" && mv "$qcpio.new" "$qcpio"
	rm -rf "$q"
fi

# Debian's libvirt 11.3 for the libvirt test (fetch-libvirt.sh), without
# the libraries the VMM part already has (by name), so one copy of each
# is loaded: about 50 MB, a third of it ICU's data that libxml2 links.
# Uncompressed like the rest: measured on 2026-12-02 (shared machine,
# noisy), the kernel's unpacking of the whole initramfs took a median of
# 3.0 s with it (8 boots) and 2.6 s without (5 boots), while an xz tar of
# it (14 MB) took 24 s to unpack in L2 when the test ran. Debian's libvirt runs
# /usr/sbin/modprobe (merged /usr); L2's busybox has it in /sbin: the
# link is added. Rebuilt when libvirt or the VMM part changes.
lcpio=$OUT/initramfs-libvirt.cpio
[ -f "$LIBVIRT_ROOT/.done" ] || die "no libvirt (run fetch-libvirt.sh)"
if [ ! -f "$lcpio" ] || [ "$LIBVIRT_ROOT/.done" -nt "$lcpio" ] || [ "$qcpio" -nt "$lcpio" ]; then
	l=$(mktemp -d)
	mkdir -p "$l/tree"
	cp -a "$LIBVIRT_ROOT/." "$l/tree/"
	rm -f "$l/tree/.done"
	cpio -it --quiet < "$qcpio" | sed -n 's|.*/\(lib[^/]*\.so[^/]*\)$|\1|p' | sort -u > "$l/vmm-libs"
	find "$l/tree" -name 'lib*.so*' | while read -r f; do
		if grep -qxF "$(basename "$f")" "$l/vmm-libs"; then rm -f "$f"; fi
	done
	mkdir -p "$l/tree/usr/sbin"
	ln -s /bin/busybox "$l/tree/usr/sbin/modprobe"
	mkcpio "$l/tree" > "$lcpio.new" && mv "$lcpio.new" "$lcpio"
	rm -rf "$l"
fi

cat "$KOUT/initramfs-base.cpio" "$qcpio" "$lcpio" > "$IMG.new" && mv "$IMG.new" "$IMG"
log "initramfs: $(du -h "$IMG" | cut -f1) ($KREL; libvirt's part $(du -h "$lcpio" | cut -f1))"
