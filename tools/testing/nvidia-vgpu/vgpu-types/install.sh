#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install.sh OUTDIR: generate the firmware file of every vGPU type table in
# this directory (*.vgputypes) into OUTDIR/lib/firmware/nvidia/vgpu/, where
# nvidia-vgpu-vfio-pci requests it (nvidia/vgpu/types-VENDOR-DEVICE.bin).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# = 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
out=$1
for t in "$here"/*.vgputypes; do
	name=$(python3 "$here/mkvgputypes.py" --name "$t")
	mkdir -p "$out/lib/firmware/$(dirname "$name")"
	python3 "$here/mkvgputypes.py" "$t" -o "$out/lib/firmware/$name.new"
	mv "$out/lib/firmware/$name.new" "$out/lib/firmware/$name"
	echo "$out/lib/firmware/$name"
done
