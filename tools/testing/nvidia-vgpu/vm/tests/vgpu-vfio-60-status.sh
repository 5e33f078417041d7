# SPDX-License-Identifier: GPL-2.0
# nvgpu-timeout: 600
# The per-vGPU status files (Documentation/ABI/testing/
# sysfs-driver-nvidia-vgpu) against a running L3 guest: the guest binds its
# driver and holds a known number of channels (nvgpu.hold_chans=N); the
# host reads state, FB and channels in use as the plugin reports them, the
# reset, RC and MMU fault counters and the plugin's uptime, then stops the
# guest and reads them again. Also the plugin parameters as the simulated
# GPU got them at create, and that the placement chosen before the VM
# stays with the VF after it.
. /nvgpu/vm-tests/vgpu-vfio.lib

NCH=3
echo "KTAP version 1"
echo "1..10"
echo "# L3 accelerator: $L3_ACCEL_DESC"
if ! vgpu_up 2; then
	t_skip_rest 10 "no vGPU manager"
	return 0
fi
set -- $(vgpu_vfs)
vf=$1
d=$vf/nvidia
TYPE=903
gfid=0
for i in $(seq 0 15); do
	[ "$(readlink -f "$vf/physfn/virtfn$i")" = "$(readlink -f "$vf")" ] && gfid=$((i + 1))
done

echo $TYPE > "$d/current_vgpu_type"
echo 2 > "$d/placement_id"
echo "frame_rate_limiter=0, disable_vnc=1" > "$d/vgpu_params"
t_is before_guest "$(cat "$d/vgpu_state") $(cat "$d/vgpu_fb_used") $(cat "$d/vgpu_channels_used") $(cat "$d/vgpu_uptime_ms")" \
	"assigned 0 0 0"

l3_qemu "$vf" /tmp/status0 group "nvgpu.hold_chans=$NCH"
pid=$GUEST_PID
if wait_for $((120 * L3_TMO_SCALE)) "grep -q '^@@@L3-HOLD' /tmp/status0"; then
	t_ok guest_holds_channels
else
	t_nok guest_holds_channels "$(tr -d '\r' < /tmp/status0 | tail -5)"
fi
echo "# guest: $(grep '^@@@L3-HOLD' /tmp/status0 | tr -d '\r')"

t_is state_active "$(cat "$d/vgpu_state")" active
t_is fb_used_reported "$(cat "$d/vgpu_fb_used")" "$(cat "$d/vgpu_fb_size")"
# the guest's channels plus its driver's own (the display's copy channel)
kch=$(sed -n 's/^@@@L3-HOLD .*kernel=\([0-9]*\).*/\1/p' /tmp/status0 | head -1)
t_is channels_used_reported "$(cat "$d/vgpu_channels_used")" $((NCH + ${kch:-0}))
up1=$(cat "$d/vgpu_uptime_ms")
sleep 1
up2=$(cat "$d/vgpu_uptime_ms")
echo "# uptime ${up1} ms, then ${up2} ms"
if [ "$up1" -gt 0 ] && [ "$up2" -gt "$up1" ]; then t_ok uptime_grows; else t_nok uptime_grows "$up1 $up2"; fi
# QEMU reset the VF at least once when it started the guest
echo "# counters: resets $(cat "$d/vgpu_reset_count"), rc $(cat "$d/vgpu_rc_count"), mmu faults $(cat "$d/vgpu_mmu_fault_count")"
t_is error_counters "$(cat "$d/vgpu_rc_count") $(cat "$d/vgpu_mmu_fault_count")" "0 0"

# what the simulated GPU got: console off, UVM off, limiter off
t_is params_on_device "$(sim_get x-plugin-params | tr -d '"' | tr ' ' '\n' | grep "^$gfid:")" "$gfid:0:0:0"

kill "$pid"
wait "$pid" 2>/dev/null
wait_for 30 "[ \"\$(cat $d/vgpu_state)\" = assigned ]"
t_is after_guest "$(cat "$d/vgpu_state") $(cat "$d/vgpu_fb_used") $(cat "$d/vgpu_channels_used") $(cat "$d/vgpu_uptime_ms") $(cat "$d/placement_id")" \
	"assigned 0 0 0 2"
echo " " > "$d/vgpu_params"
echo 0 > "$d/current_vgpu_type"
t_is released "$(cat "$d/vgpu_state") $(cat "$d/placement_id")" "unassigned "
