#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian 12 packages the build machine (L1) needs, and make
# sure deb-src entries exist for the suites the machine already uses so
# that the kernel and QEMU sources can be fetched with apt. Adds Debian's
# bookworm-backports suite (at its default low priority: nothing is taken
# from it unless asked for) for the stock VMM that L2 runs its guests
# with, Debian's qemu-system-x86 10.0; fetch-vmm.sh downloads it.
set -euo pipefail

PKGS=(build-essential flex bison bc libelf-dev libssl-dev cpio kmod
      sparse busybox-static rsync xz-utils python3 perl file
      linux-source-6.12
      meson ninja-build pkg-config libglib2.0-dev libpixman-1-dev
      zlib1g-dev libfdt-dev dpkg-dev
      qemu-system-data seabios python3-sphinx squashfs-tools
      gnuplot-nox)

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done

srcfile=/etc/apt/sources.list.d/nvidia-vgpu-deb-src.sources
need_update=0
if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	# Mirror every "Types: deb" stanza of the Debian sources as deb-src.
	for f in /etc/apt/sources.list.d/debian.sources; do
		[ -f "$f" ] || continue
		awk 'BEGIN{RS=""; ORS="\n\n"} /URIs: http[s]?:\/\/[^ ]*debian/ {sub(/Types: deb/, "Types: deb-src"); print}' "$f"
	done | $SUDO tee "$srcfile" >/dev/null
	if [ ! -s "$srcfile" ] && [ -f /etc/apt/sources.list ]; then
		sed -n 's/^deb \(.*debian.*\)/deb-src \1/p' /etc/apt/sources.list |
			$SUDO tee "$srcfile.list" >/dev/null
		$SUDO rm -f "$srcfile"
	fi
	need_update=1
fi

# bookworm-backports, from the same Debian mirror as the deb stanzas.
bpofile=/etc/apt/sources.list.d/nvidia-vgpu-backports.sources
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	uri=$(sed -n 's|^URIs: *\(https\?://[^ ]*debian/\?\)$|\1|p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
	[ -n "$uri" ] || uri=$(sed -n 's|^deb \(https\?://[^ ]*debian/\?\) .*|\1|p' /etc/apt/sources.list 2>/dev/null | head -1)
	[ -n "$uri" ] || { echo "deps: no Debian mirror in the apt sources to add bookworm-backports from" >&2; exit 1; }
	printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
		"$uri" | $SUDO tee "$bpofile" >/dev/null
	need_update=1
fi

if [ ${#missing[@]} -gt 0 ] || [ $need_update = 1 ]; then
	echo "deps: installing ${missing[*]:-(none)}"
	$SUDO apt-get update -qq
	[ ${#missing[@]} -eq 0 ] ||
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
