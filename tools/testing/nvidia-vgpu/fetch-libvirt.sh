#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch the stock libvirt that L2 drives its guests with in the libvirt
# test (vm/tests/vgpu-vfio-70-libvirt.sh): Debian's libvirt 11.3 from
# bookworm-backports (deps.sh adds the suite), the monolithic libvirtd
# with only the QEMU and node-device drivers, virsh, and the libraries
# they load. Nothing is installed on L1: `apt-get download` fetches the
# .debs at the suite's version, they are unpacked into the cache, and the
# shared libraries the programs need beyond L1's packages (the lib*
# packages the .debs depend on that L1 does not have) are downloaded in
# further rounds. LIBVIRT_ROOT gets exactly the files L2 needs: the
# programs, the two drivers, the ldd closure of all of them (from the
# packages or from L1) and libvirt's CPU map; mkinitramfs.sh carries it
# into L2. Done once per version.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
take_lock libvirt

LIBVIRT_SUITE=bookworm-backports
LIBVIRT_SERIES=11.3
want=$(apt-cache madison libvirt-daemon 2>/dev/null |
	awk -v s="$LIBVIRT_SUITE/" '$0 ~ s {print $3; exit}') || true
[ -n "$want" ] ||
	die "no libvirt-daemon in $LIBVIRT_SUITE (run deps.sh, which adds the suite, or apt-get update)"
case "$want" in
"$LIBVIRT_SERIES".*) ;;
*) die "libvirt-daemon in $LIBVIRT_SUITE is $want, expected $LIBVIRT_SERIES.x" ;;
esac
stamp="$want fetch-libvirt v1"
if [ -f "$LIBVIRT_ROOT/.done" ] && [ "$(cat "$LIBVIRT_ROOT/.done")" = "$stamp" ]; then
	log "libvirt: $want (cached)"
	exit 0
fi

# The daemon (libvirtd: one process for both drivers; Debian 11.3 ships
# no modular virtqemud/virtnodedevd binaries in these packages), its
# QEMU and nodedev drivers, virsh; all at the suite's version.
pkgs=(libvirt0 libvirt-common libvirt-clients libvirt-daemon libvirt-daemon-common
      libvirt-daemon-driver-qemu libvirt-daemon-driver-nodedev)
A=usr/lib/x86_64-linux-gnu
seeds=(usr/sbin/libvirtd usr/bin/virsh
       $A/libvirt/connection-driver/libvirt_driver_qemu.so
       $A/libvirt/connection-driver/libvirt_driver_nodedev.so)

dl=$NVGPU_CACHE/libvirt-debs
full=$NVGPU_CACHE/libvirt-full
rm -rf "$dl" "$full" "$LIBVIRT_ROOT.tmp"
mkdir -p "$dl" "$full" "$LIBVIRT_ROOT.tmp"

# fetch_deb NAME[=VERSION]...: download into $dl (apt says why if it fails)
fetch_deb() {
	local p out
	for p in "$@"; do
		if ! out=$(cd "$dl" && apt-get download -qq "$p" 2>&1); then
			echo "$out" | grep -v '^W: Download is performed unsandboxed' >&2
			die "apt-get download $p failed"
		fi
	done
}

log "libvirt: downloading $want from $LIBVIRT_SUITE: ${pkgs[*]}"
fetch_deb "${pkgs[@]/%/=$want}"
# Library packages the .debs depend on that L1 does not have, in rounds
# (their own dependencies may bring more).
for round in 1 2 3 4 5; do
	extra=()
	for deb in "$dl"/*.deb; do
		dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*//; s/:any//; s/ //g'
	done | grep '^lib' | grep -v '^libvirt' | sort -u > "$dl/.deps"
	while read -r p; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' && continue
		ls "$dl/${p}_"*.deb > /dev/null 2>&1 && continue
		extra+=("$p")
	done < "$dl/.deps"
	[ ${#extra[@]} = 0 ] && break
	log "libvirt: libraries L1 does not have, round $round: ${extra[*]}"
	fetch_deb "${extra[@]}"
	[ "$round" != 5 ] || die "the dependency rounds did not converge"
done
n=0
for deb in "$dl"/*.deb; do
	dpkg-deb -x "$deb" "$full"
	n=$((n + 1))
done

# The L2 tree: the seeds and their ldd closure, resolved inside the
# unpacked packages first, then on L1; every file kept at its path.
r=$LIBVIRT_ROOT.tmp
libpath=$full/$A:$full/lib/x86_64-linux-gnu
for s in "${seeds[@]}"; do
	[ -e "$full/$s" ] || die "$s: not in the libvirt packages"
	libs=$(LD_LIBRARY_PATH=$libpath ldd "$full/$s") || die "ldd $s failed"
	if echo "$libs" | grep -q 'not found'; then
		echo "$libs" | grep 'not found' >&2
		die "$s needs libraries that neither the packages nor L1 have"
	fi
	mkdir -p "$r/$(dirname "$s")"
	cp -L "$full/$s" "$r/$s"
	for lib in $(echo "$libs" | awk '/=> \//{print $3}'); do
		dst=${lib#"$full"}
		mkdir -p "$r$(dirname "$dst")"
		[ -e "$r$dst" ] || cp -L "$lib" "$r$dst"
	done
done
# The QEMU driver reads the CPU models even for host-passthrough.
mkdir -p "$r/usr/share/libvirt"
cp -r "$full/usr/share/libvirt/cpu_map" "$r/usr/share/libvirt/"
echo "$want" > "$r/usr/share/libvirt/debian-version"
echo "$stamp" > "$r/.done"
rm -rf "$LIBVIRT_ROOT" "$full" "$dl"
mv "$r" "$LIBVIRT_ROOT"
log "libvirt: $want: $n packages, L2 tree $(du -sh "$LIBVIRT_ROOT" | cut -f1) ($(find "$LIBVIRT_ROOT" -type f | wc -l) files)"
