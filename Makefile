# SPDX-License-Identifier: GPL-2.0
#
# nvidia-vgpu: open host stack for NVIDIA vGPU (nvkm vGPU manager + VFIO
# variant driver), developed against a simulated SR-IOV GPU in QEMU.
#
#   make run     boot the simulated host and run the main job (L2 VM)
#   make check   build everything and run every test suite
#   make check-debug   the same with the VM suites on a debug kernel
#                (KASAN, lockdep, kmemleak, UBSAN bounds, list debugging)
#   make bench   what the vGPU stack costs: one table, a CSV and a PNG
#                (make bench-quick or make bench BENCH=--quick: the short run)
#
# Caches live in $(NVGPU_CACHE) (default ~/.cache/nvidia-vgpu).
T := tools/testing/nvidia-vgpu

.PHONY: run check check-debug bench bench-quick kernel qemu guest vmm libvirt initramfs shell deps
run:
	@bash $(T)/run.sh
check:
	@bash $(T)/check.sh
check-debug:
	@NVGPU_KERNEL=debug bash $(T)/check.sh
bench:
	@bash $(T)/bench.sh $(BENCH)
bench-quick:
	@bash $(T)/bench.sh --quick
deps:
	@bash $(T)/deps.sh
kernel:
	@bash $(T)/build-kernel.sh
qemu:
	@bash $(T)/build-qemu.sh
guest:
	@bash $(T)/build-guest.sh
vmm:
	@bash $(T)/fetch-vmm.sh
libvirt:
	@bash $(T)/fetch-libvirt.sh
initramfs:
	@bash $(T)/mkinitramfs.sh
shell: kernel qemu vmm libvirt guest initramfs
	@bash $(T)/vm.sh --job shell
