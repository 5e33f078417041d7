#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make run`, the main job: build what is needed, boot the simulated host
# (L2) and run the demo job in it, streaming its console.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
"$NVGPU_TOOLS/deps.sh"
"$NVGPU_TOOLS/build-kernel.sh"
"$NVGPU_TOOLS/build-qemu.sh"
"$NVGPU_TOOLS/mkinitramfs.sh"
exec "$NVGPU_TOOLS/vm.sh" --job run --tee --timeout "${NVGPU_VM_TIMEOUT:-1200}"
