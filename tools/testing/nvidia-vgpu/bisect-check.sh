#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check that the kernel patch series is bisectable: for each step k (the
# first k patches of patches/linux applied to pristine 6.12, with the
# project's new files present), configure and build nouveau and the VFIO
# drivers with W=1. Prints TAP, one result per step. Too slow for
# `make check` (every step changes Kconfig, so nouveau rebuilds): run it
# when the series changes.
#
#   bisect-check.sh [STEP...]     default: every step
#
# Uses its own work tree and object directory in the cache.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
take_lock bisect
eval "$(sed -n '/^KERNEL_OVERLAY=(/,/)/p' "$NVGPU_TOOLS/build-kernel.sh")"

BSRC=$NVGPU_CACHE/bisect-src
BOBJ=$NVGPU_CACHE/bisect-obj
mapfile -t SERIES < <(ls "$NVGPU_REPO"/patches/linux/*.patch)
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=($(seq 1 ${#SERIES[@]}))

"$NVGPU_TOOLS/fetch-sources.sh" || exit 1
if [ ! -f "$BSRC/.done" ]; then
	rm -rf "$BSRC" && cp -a "$KSRC_PRISTINE" "$BSRC" && touch "$BSRC/.done"
fi
n=0 fails=0
for k in "${steps[@]}"; do
	n=$((n + 1))
	name=$(basename "${SERIES[$((k - 1))]}" .patch)
	part=$(mktemp -d) stage=$(mktemp -d)
	for p in "${SERIES[@]:0:$k}"; do cp "$p" "$part/"; done
	if ! (stage_series "$KSRC_PRISTINE" "$stage" "$part") 2> "$OUT/bisect-$k.log"; then
		echo "not ok $n - step $k ($name): does not apply"
		fails=$((fails + 1))
		rm -rf "$part" "$stage"
		continue
	fi
	stage_overlay "$stage" "${KERNEL_OVERLAY[@]}"
	sync_tree "$KSRC_PRISTINE" "$BSRC" "$BSRC/.manifest" "$stage" 2>/dev/null
	rm -rf "$part" "$stage"
	mkdir -p "$BOBJ"
	# Options of later steps do not exist yet; olddefconfig drops them.
	if make -s -C "$BSRC" O="$BOBJ" ARCH=x86_64 tinyconfig >/dev/null &&
	   KCONFIG_CONFIG=$BOBJ/.config "$BSRC/scripts/kconfig/merge_config.sh" \
		-m -O "$BOBJ" "$BOBJ/.config" "$NVGPU_TOOLS/kernel.config" >/dev/null 2>&1 &&
	   make -s -C "$BSRC" O="$BOBJ" ARCH=x86_64 olddefconfig >/dev/null &&
	   make -C "$BSRC" O="$BOBJ" ARCH=x86_64 -j"$JOBS" W=1 \
		drivers/gpu/drm/nouveau/ drivers/vfio/pci/ >> "$OUT/bisect-$k.log" 2>&1; then
		echo "ok $n - step $k ($name) builds"
	else
		echo "not ok $n - step $k ($name) builds"
		grep -E 'error' "$OUT/bisect-$k.log" | head -5 | sed 's/^/# /'
		fails=$((fails + 1))
	fi
done
echo "1..$n"
[ $fails = 0 ]
