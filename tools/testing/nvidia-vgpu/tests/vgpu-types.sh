#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of the vGPU type table generator (vgpu-types/): the
# simulated chip's table survives a round trip through the firmware
# format, malformed tables are refused with a message, and a corrupted
# firmware file is detected by its CRC. Prints TAP.
set -u
. "$(dirname "$0")/../lib.sh"
GEN="python3 $NVGPU_TOOLS/vgpu-types/mkvgputypes.py"
TABLE=$NVGPU_TOOLS/vgpu-types/sim-10de-7e50.vgputypes
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && echo "# $2"; }

# 1. the table generates; header + 320-byte entries, one per "type" stanza
types=$(grep -c '^type ' "$TABLE")
if $GEN -o "$T/t.bin" "$TABLE" 2> "$T/err" &&
   [ "$(head -c 8 "$T/t.bin")" = NVVGTYPE ] &&
   [ "$(stat -c %s "$T/t.bin")" = $((64 + 320 * types)) ]; then
	ok "generate the simulated chip's table ($types types)"
else
	nok "generate the simulated chip's table" "$(cat "$T/err")"
fi
# 2. round trip: the dump of the file generates the same file
if $GEN --dump "$T/t.bin" > "$T/dump.vgputypes" 2>/dev/null &&
   $GEN -o "$T/t2.bin" "$T/dump.vgputypes" 2>/dev/null && cmp -s "$T/t.bin" "$T/t2.bin"; then
	ok "dump and regenerate give the same file"
else
	nok "dump and regenerate give the same file"
fi
# 3. the type IDs and FB sizes of the table are what the file holds
want=$(awk '/^type /{id=$2} /^\tfb_size/{print id, $2}' "$TABLE")
got=$(awk '/^type /{id=$2} /^\tfb_size/{print id, $2}' "$T/dump.vgputypes")
if [ -n "$want" ] && [ "$want" = "$got" ]; then
	ok "type IDs and FB sizes survive"
else
	nok "type IDs and FB sizes survive" "want '$want' got '$got'"
fi
# 4-7. malformed tables are refused with a message and write nothing
bad() {	# bad NAME SED-EXPR
	sed "$2" "$TABLE" > "$T/bad.vgputypes"
	rm -f "$T/bad.bin"
	if $GEN -o "$T/bad.bin" "$T/bad.vgputypes" 2> "$T/err"; then
		nok "refuses $1" "accepted"
	elif [ -s "$T/err" ] && [ ! -s "$T/bad.bin" ]; then
		ok "refuses $1: $(head -1 "$T/err")"
	else
		nok "refuses $1" "no message or a file was written"
	fi
}
bad "a duplicate type ID" '0,/^type 902/s/^type 902/type 901/'
bad "a name longer than the field" '0,/\tname\t\tSIM-0B/s/\tname\t\tSIM-0B/\tname\t\tSIM-0B-this-name-is-much-longer-than-32-bytes/'
bad "a BAR1 size that is no power of two" '0,/\tbar1_size\t256M/s/\tbar1_size\t256M/\tbar1_size\t300M/'
bad "an unknown key" '0,/\tnum_heads/s/\tnum_heads/\tnum_hedas/'
# 8. a flipped byte in an entry is caught by the CRC
cp "$T/t.bin" "$T/c.bin"
printf '\x5a' | dd of="$T/c.bin" bs=1 seek=100 conv=notrunc 2>/dev/null
if $GEN --dump "$T/c.bin" 2>&1 | grep -qiE 'crc.*(bad|mismatch|fail)|bad crc|crc error'; then
	ok "a corrupted file fails its CRC"
elif ! $GEN --dump "$T/c.bin" >/dev/null 2>&1; then
	ok "a corrupted file is refused"
else
	nok "a corrupted file fails its CRC" "$($GEN --dump "$T/c.bin" 2>&1 | head -1)"
fi
echo "1..$n"
[ $fails = 0 ]
