#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch the stock VMM that L2 runs its guests with: Debian's unpatched
# qemu-system-x86 10.0 from bookworm-backports (deps.sh adds the suite).
# Nothing is installed on the build machine: apt downloads the package and
# what it needs beyond what L1 has, and the .debs are unpacked into a
# cache directory (VMM_ROOT); mkinitramfs.sh carries the binary, its
# shared libraries and firmware into L2. Done once per package version.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
take_lock vmm

VMM_PKG=qemu-system-x86
VMM_SUITE=bookworm-backports
want=$(apt-cache madison "$VMM_PKG" 2>/dev/null | awk -v s="$VMM_SUITE/" '$0 ~ s {print $3; exit}')
[ -n "$want" ] || die "no $VMM_PKG in $VMM_SUITE (run deps.sh, which adds the suite)"
case "$want" in 1:10.0*) ;; *) die "$VMM_PKG in $VMM_SUITE is $want, expected 10.0" ;; esac

if [ -f "$VMM_ROOT/.done" ] && [ "$(cat "$VMM_ROOT/.done")" = "$want" ]; then
	log "VMM: $VMM_PKG $want (cached)"
	exit 0
fi
log "VMM: downloading $VMM_PKG $want from $VMM_SUITE"
dl=$NVGPU_CACHE/vmm-debs
rm -rf "$dl" "$VMM_ROOT.tmp"
mkdir -p "$dl/partial" "$VMM_ROOT.tmp"
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
if ! out=$($SUDO apt-get install -y -qq --download-only --no-install-recommends \
	-t "$VMM_SUITE" -o Dir::Cache::archives="$dl" "$VMM_PKG=$want" 2>&1); then
	echo "$out" >&2
	die "apt could not download $VMM_PKG $want"
fi
n=0
for deb in "$dl"/*.deb; do
	dpkg-deb -x "$deb" "$VMM_ROOT.tmp"
	n=$((n + 1))
done
[ -x "$VMM_ROOT.tmp/usr/bin/qemu-system-x86_64" ] || die "the $VMM_PKG package has no qemu-system-x86_64"
echo "$want" > "$VMM_ROOT.tmp/.done"
rm -rf "$VMM_ROOT" "$dl"
mv "$VMM_ROOT.tmp" "$VMM_ROOT"
log "VMM: $VMM_PKG $want unpacked ($n packages) into $VMM_ROOT"
