#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch glmark2 for the L3 guests' display test: Debian 12's
# glmark2-es2-drm (OpenGL ES 2.0 on KMS through GBM) and Mesa's userspace
# (libEGL/libGLESv2 of libglvnd, Mesa's EGL and GBM, the gallium DRI
# driver whose kms_swrast/llvmpipe renders on the CPU: the simulated GPU
# has no 3D engine) with exactly the shared libraries they load. Nothing
# is installed on L1: `apt-get download` fetches the .debs, they are
# unpacked into the cache, and the closure of the ELF files the guest
# runs or dlopens is computed with ldd inside that tree; a library that
# resolves outside it names the L1 package that owns it, whose .deb is
# downloaded in the next round. The guest root ($GLMARK2_ROOT) holds
# only those files and glmark2's data;
# build-guest.sh packs it into a squashfs image. Done once per version.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
take_lock glmark2

GLMARK2_PKG=glmark2-es2-drm
want=$(apt-cache policy "$GLMARK2_PKG" 2>/dev/null | awk '/Candidate:/ {print $2}')
[ -n "$want" ] && [ "$want" != "(none)" ] || die "no $GLMARK2_PKG package (apt-get update?)"
stamp="$want fetch-glmark2 v1"
if [ -f "$GLMARK2_ROOT/.done" ] && [ "$(cat "$GLMARK2_ROOT/.done")" = "$stamp" ]; then
	log "glmark2: $GLMARK2_PKG $want (cached)"
	exit 0
fi

dl=$NVGPU_CACHE/glmark2-debs
full=$NVGPU_CACHE/glmark2-full
rm -rf "$full" "$GLMARK2_ROOT.tmp"
mkdir -p "$dl" "$full" "$GLMARK2_ROOT.tmp"
A=usr/lib/x86_64-linux-gnu
# What the guest runs or what is dlopened at run time (not visible to
# ldd): glmark2 dlopens libEGL and libGLESv2 (libglvnd), which loads the
# vendor library named by the EGL vendor JSON; Mesa's EGL and GBM load
# the DRI driver by name (kms_swrast, swrast).
seeds=(usr/bin/glmark2-es2-drm $A/libEGL.so.1 $A/libGLESv2.so.2 $A/libEGL_mesa.so.0
       $A/libgbm.so.1 $A/dri/kms_swrast_dri.so $A/dri/swrast_dri.so)
pkgs=("$GLMARK2_PKG" glmark2-data libegl1 libgles2 libglvnd0 libegl-mesa0 libgbm1 libgl1-mesa-dri)

fetch_pkgs() {
	local p
	for p in "$@"; do
		ls "$dl/${p}_"*.deb > /dev/null 2>&1 && continue
		(cd "$dl" && apt-get download -qq "$p" > /dev/null 2>&1) ||
			die "apt-get download $p failed"
	done
	for p in "$@"; do
		dpkg-deb -x "$(ls "$dl/${p}_"*.deb | head -1)" "$full"
	done
}

log "glmark2: downloading $GLMARK2_PKG $want and Mesa's userspace"
fetch_pkgs "${pkgs[@]}"
# Close over the shared libraries: up to 8 rounds of ldd inside $full.
libpath=$full/$A:$full/lib/x86_64-linux-gnu:$full/$A/dri
for round in 1 2 3 4 5 6 7 8; do
	outside=$(for s in "${seeds[@]}"; do
		[ -e "$full/$s" ] || die "$s: not in the packages"
		LD_LIBRARY_PATH=$libpath ldd "$full/$s" | awk '/=> \//{print $3}'
	done | grep -v "^$full/" | sort -u) || true
	[ -z "$outside" ] && break
	extra=()
	for lib in $outside; do
		p=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1) || true
		[ -n "$p" ] || p=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -1 | cut -d: -f1) || true
		[ -n "$p" ] || die "$lib belongs to no package"
		extra+=("$p")
	done
	mapfile -t extra < <(printf '%s\n' "${extra[@]}" | sort -u)
	log "glmark2: round $round: ${extra[*]}"
	fetch_pkgs "${extra[@]}"
	[ "$round" != 8 ] || die "library closure did not converge"
done

# The guest root: the seeds, every library ldd resolved for them inside
# $full (symlinks kept as files), the loader, the EGL vendor JSON and
# glmark2's data.
r=$GLMARK2_ROOT.tmp
for s in "${seeds[@]}"; do
	mkdir -p "$r/$(dirname "$s")"
	cp -L "$full/$s" "$r/$s"
	LD_LIBRARY_PATH=$libpath ldd "$full/$s" | awk '/=> \//{print $3}' | while read -r lib; do
		dst=${lib#"$full"/}
		mkdir -p "$r/$(dirname "$dst")"
		[ -e "$r/$dst" ] || cp -L "$lib" "$r/$dst"
	done
done
mkdir -p "$r/lib64" "$r/usr/share/glvnd/egl_vendor.d"
cp -L "$full/lib64/ld-linux-x86-64.so.2" "$r/lib64/" 2>/dev/null ||
	cp -L "$full/$A/ld-linux-x86-64.so.2" "$r/lib64/"
cp "$full"/usr/share/glvnd/egl_vendor.d/*mesa*.json "$r/usr/share/glvnd/egl_vendor.d/"
cp -r "$full/usr/share/glmark2" "$r/usr/share/"
# the loader's search path inside the guest (no ld.so.cache there)
mkdir -p "$r/etc"
echo "/$A" > "$r/etc/ld.so.conf"
echo "$stamp" > "$r/.done"
rm -rf "$GLMARK2_ROOT" "$full"
mv "$r" "$GLMARK2_ROOT"
log "glmark2: $GLMARK2_PKG $want: guest root $(du -sh "$GLMARK2_ROOT" | cut -f1) ($(find "$GLMARK2_ROOT" -type f | wc -l) files)"
