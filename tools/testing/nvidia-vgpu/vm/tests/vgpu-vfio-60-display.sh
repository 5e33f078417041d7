# SPDX-License-Identifier: GPL-2.0
# nvgpu-timeout: 900
# The vGPU's display end to end: an L3 guest with the VF's display on in
# stock QEMU 10 (-device vfio-pci,...,display=on: QEMU finds the plane with
# VFIO_DEVICE_QUERY_GFX_PLANE and reads it from the VFIO display region),
# its display checks on nvsim_guest.ko's KMS device (glmark2 too, as in
# every guest; its rendering is Mesa's software rasterizer: the simulator
# has no 3D engine), then a known frame on screen whose checksum the guest prints (@@@L3-FRAME:
# CRC-32 over R,G,B of each pixel, row-major). QMP's screendump of that
# frame must have the guest's size and checksum and must not be black.
# If QEMU refuses display=on (a VFIO driver without a display), the
# screendump checks are skipped and the guest runs with the display off.
. /nvgpu/vm-tests/vgpu-vfio.lib

echo "KTAP version 1"
echo "1..4"
echo "# L3 accelerator: $L3_ACCEL_DESC"
if ! vgpu_up 4; then
	t_skip_rest 4 "no vGPU manager"
	return 0
fi
set -- $(vgpu_vfs)
vf=$1
TYPE=901
echo $TYPE > "$vf/nvidia/current_vgpu_type"
out=/tmp/disp0
vgpu_display_guest_start "$vf" "$(vgpu_subsys $TYPE)" $out group
if [ $? = 2 ]; then
	# the guest's own display checks and glmark2 still run
	vgpu_guest_start "$vf" "$(vgpu_subsys $TYPE)" $out group
	t_skip_rest 3 "QEMU refused display=on: no VFIO display on this VF"
	l3_report display_guest "$vf" $GUEST_PID $out
	echo 0 > "$vf/nvidia/current_vgpu_type"
	return 0
fi
p=$GUEST_PID t=$GUEST_T0
if vgpu_screendump $out /tmp/disp0.ppm; then
	frame=$(/nvgpu/bin/ppm-frame /tmp/disp0.ppm) || frame=
	t_is screendump_taken "$( [ -n "$frame" ] && echo ppm)" ppm
else
	frame=
	t_nok screendump_taken "no @@@L3-FRAME or QMP failed"
fi
want=$(grep '^@@@L3-FRAME' $out | tr -d '\r' | tail -1 |
	sed -n 's/.* width=\([0-9]*\) height=\([0-9]*\) crc=\([0-9a-f]*\).*/\1 \2 \3/p')
echo "# guest frame: ${want:-none} (width height crc); screendump: ${frame:-none} (width height crc non-black pixels)"
set -- $frame
t_is screendump_matches_guest_frame "$1 $2 $3" "$want"
[ -n "$frame" ] && [ "${4:-0}" -gt 0 ]
t_is screendump_not_black $? 0
GUEST_T0=$t l3_report display_guest "$vf" $p $out
# a failed guest: the start of its console too (the report shows the end)
grep -q '^@@@L3-DONE rc=0' $out ||
	grep -avE '^ *(ok |not ok |#)' $out | tr -d '\r' | head -80 | sed 's/^/# console: /'
# the VF's type back, as the next test expects the PF's whole capacity
echo 0 > "$vf/nvidia/current_vgpu_type"
