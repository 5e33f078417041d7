#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP: nouveau built in (=y) with its KUnit tests built in
# (KUNIT_ALL_TESTS=y), the configuration a distribution's test kernel or
# a KUnit CI (kunit.py, allyesconfig) uses and the L2 kernel (nouveau=m)
# never builds. Compiles the vGPU manager, the simulated chipset and the
# KUnit tests with W=1 in their own object tree (linux-obj-builtin/, only
# these objects, so a cold run takes the kernel's `prepare` and about 25
# files, a warm one seconds), then links them together with `ld -r` as
# vmlinux would: a test that carried its own copy of core code (an
# #include of a .c file) or a symbol defined twice fails the link.
#
# Needs the prepared kernel work tree (build-kernel.sh prepare).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
take_lock builtin

BOBJ=$NVGPU_CACHE/linux-obj-builtin
LOG=$OUT/builtin-check.log
frag=$(mktemp)
trap 'rm -f "$frag"' EXIT
# kernel.config with nouveau and the tests built in
sed -e 's/^CONFIG_DRM_NOUVEAU=m$/CONFIG_DRM_NOUVEAU=y/' \
    -e 's/^CONFIG_KUNIT_ALL_TESTS=n$/CONFIG_KUNIT_ALL_TESTS=y/' \
    -e 's/^CONFIG_DRM_NOUVEAU_VGPU_MGR_KUNIT_TEST=m$/CONFIG_DRM_NOUVEAU_VGPU_MGR_KUNIT_TEST=y/' \
    -e '/^CONFIG_KUNIT_EXAMPLE_TEST=/d' \
    -e '/^CONFIG_NVIDIA_VGPU_VFIO_PCI/d' \
    "$NVGPU_TOOLS/kernel.config" > "$frag"
grep -qx 'CONFIG_DRM_NOUVEAU=y' "$frag" && grep -qx 'CONFIG_KUNIT_ALL_TESTS=y' "$frag" ||
	die "builtin-check: kernel.config no longer sets DRM_NOUVEAU=m / KUNIT_ALL_TESTS=n"

# The vGPU manager's objects and the simulated chipset's, from the Kbuild
NV=drivers/gpu/drm/nouveau
mapfile -t objs < <(sed -n 's|^nvkm-$(CONFIG_DRM_NOUVEAU_VGPU_MGR) += \(.*\.o\)$|'$NV'/\1|p' \
	"$KSRC/$NV/nvkm/vgpu_mgr/Kbuild")
objs+=("$NV/nvkm/subdev/gsp/sim.o")
TESTS_DIR=$NV/nvkm/vgpu_mgr/tests

n=0
if ! config_fragment "$KSRC" "$BOBJ" "$frag" > "$LOG" 2>&1 ||
   ! grep -qx 'CONFIG_DRM_NOUVEAU_VGPU_MGR_KUNIT_TEST=y' "$BOBJ/.config"; then
	echo "not ok 1 - nouveau=y with KUnit tests=y: configuration"
	sed 's/^/# /' "$LOG" | tail -5
	echo "1..1"
	exit 1
fi
n=$((n + 1))
if make -C "$KSRC" O="$BOBJ" ARCH=x86_64 -j"$JOBS" W=1 "${objs[@]}" "$TESTS_DIR/" \
	>> "$LOG" 2>&1; then
	warn=$(grep -E "^($KSRC/)?($NV|include/drm)/[^ ]*:[0-9]+(:[0-9]+)?: warning" "$LOG" |
	       sed "s|^$KSRC/||" | sort -u)
	if [ -z "$warn" ]; then
		echo "ok $n - nouveau=y with KUnit tests=y: the vGPU manager and its tests compile (W=1)"
	else
		echo "not ok $n - nouveau=y with KUnit tests=y: W=1 warnings"
		echo "$warn" | sed 's/^/# /'
	fi
else
	echo "not ok $n - nouveau=y with KUnit tests=y: the vGPU manager and its tests compile (W=1)"
	grep -E 'error' "$LOG" | head -10 | sed 's/^/# /'
	echo "1..$n"
	exit 1
fi
n=$((n + 1))
if (cd "$BOBJ" && ld -r -o "$BOBJ/vgpu-builtin.o" "${objs[@]}" \
	--whole-archive "$TESTS_DIR/built-in.a" --no-whole-archive) >> "$LOG" 2>&1; then
	echo "ok $n - nouveau=y with KUnit tests=y: links without a symbol defined twice"
else
	echo "not ok $n - nouveau=y with KUnit tests=y: links without a symbol defined twice"
	grep -E 'multiple definition|error' "$LOG" | head -10 | sed 's/^/# /'
fi
echo "1..$n"
