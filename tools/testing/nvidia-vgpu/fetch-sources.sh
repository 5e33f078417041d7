#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unpack Debian's linux-source-6.12 and fetch + unpack Debian's QEMU 7.2
# source package into the cache (once). Both stay pristine; the prepare
# scripts derive work trees from them.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
mkdir -p "$NVGPU_CACHE"

if [ ! -f "$KSRC_PRISTINE/.done" ]; then
	tarball=$(ls /usr/src/linux-source-6.12.tar.xz 2>/dev/null) ||
		die "linux-source-6.12 is not installed (run deps.sh)"
	log "unpacking $tarball"
	rm -rf "$KSRC_PRISTINE" "$KSRC_PRISTINE.tmp"
	mkdir -p "$KSRC_PRISTINE.tmp"
	tar -C "$KSRC_PRISTINE.tmp" --strip-components=1 -xf "$tarball"
	dpkg-query -W -f='${Version}\n' linux-source-6.12 > "$KSRC_PRISTINE.tmp/.debian-version"
	touch "$KSRC_PRISTINE.tmp/.done"
	mv "$KSRC_PRISTINE.tmp" "$KSRC_PRISTINE"
fi

if [ ! -f "$QSRC_PRISTINE/.done" ]; then
	log "fetching Debian's qemu 7.2 source package"
	dl=$NVGPU_CACHE/qemu-dl
	rm -rf "$dl" "$QSRC_PRISTINE"
	mkdir -p "$dl"
	(cd "$dl" && apt-get source --download-only -qq qemu 2>&1 | grep -v 'unsandboxed' || true)
	dsc=$(ls "$dl"/qemu_7.2*.dsc 2>/dev/null | head -1)
	[ -n "$dsc" ] || die "no qemu 7.2 source package (deb-src entry missing? run deps.sh)"
	log "unpacking $(basename "$dsc")"
	dpkg-source -x "$dsc" "$QSRC_PRISTINE.tmp" >/dev/null
	basename "$dsc" > "$QSRC_PRISTINE.tmp/.debian-dsc"
	touch "$QSRC_PRISTINE.tmp/.done"
	mv "$QSRC_PRISTINE.tmp" "$QSRC_PRISTINE"
	rm -rf "$dl"
fi
log "sources: linux $(cat "$KSRC_PRISTINE/.debian-version"), $(cat "$QSRC_PRISTINE/.debian-dsc")"
