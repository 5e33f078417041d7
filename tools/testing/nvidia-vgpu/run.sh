#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make run`, the main job: build what is needed, boot the simulated host
# (L2), create vGPUs of two types on two VFs, boot a guest on each and show
# what the guests reported (vm/run-job.sh), streaming the console.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
"$NVGPU_TOOLS/deps.sh"
"$NVGPU_TOOLS/build-kernel.sh"
"$NVGPU_TOOLS/build-qemu.sh"
"$NVGPU_TOOLS/fetch-vmm.sh"
"$NVGPU_TOOLS/fetch-libvirt.sh"
"$NVGPU_TOOLS/fetch-glmark2.sh"
"$NVGPU_TOOLS/build-guest.sh"
"$NVGPU_TOOLS/mkinitramfs.sh"
"$NVGPU_TOOLS/vm.sh" --job run --tee --timeout "${NVGPU_VM_TIMEOUT:-1200}"
# the guests' screendumps, carried base64 on the console
for g in $(sed -n 's/^@@@PNG-BEGIN \([a-z0-9]*\).*/\1/p' "$OUT/vm-run.log" | tr -d '\r'); do
	tr -d '\r' < "$OUT/vm-run.log" |
		sed -n "/^@@@PNG-BEGIN $g\$/,/^@@@PNG-END $g\$/s/^@@@PNG //p" |
		base64 -d > "$OUT/screendump-$g.png" &&
		echo "make run: screendump of $g: $OUT/screendump-$g.png"
done
if grep -q '@@@NVGPU-RUN-OK' "$OUT/vm-run.log"; then
	echo "make run: the guests saw the vGPU types the administrator chose"
else
	echo "make run: FAILED (see $OUT/vm-run.log)" >&2
	exit 1
fi
