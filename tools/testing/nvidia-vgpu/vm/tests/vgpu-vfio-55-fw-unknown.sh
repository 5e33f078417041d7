# SPDX-License-Identifier: GPL-2.0
# When GSP-RM fails to shut a vGPU's plugin down, the manager still asks
# it to clean the vGPU up (its only way to release the GFID and the
# resources), and since the firmware did not confirm either, the vGPU's
# framebuffer and channels stay reserved. The simulator fails the
# SHUTDOWN_GSP_VGPU_PLUGIN_TASK control (x-fault-match + x-fault-rpc-status).
# nouveau is unloaded afterwards: the simulated GFID stays taken.
. /nvgpu/vm-tests/vgpu-vfio.lib

SHUTDOWN_CTRL=$((0x20804002))
NV_ERR_GENERIC=$((0xffff))

echo "KTAP version 1"
echo "1..4"
if ! vgpu_up 4; then
	t_skip_rest 4 "no vGPU manager"
	return 0
fi
set -- $(vgpu_vfs)
vf=$4
echo 901 > "$vf/nvidia/current_vgpu_type"
vgpu_guest_hold "$vf" /tmp/fwu
pid=$GUEST_PID
if wait_for 30 "dmesg | grep -q '$(bdf_of "$vf"): vGPU of type .* created'"; then
	t_ok vgpu_created
else
	t_nok vgpu_created "state $(cat "$vf/nvidia/vgpu_state")"
fi

sim_set x-fault-match $SHUTDOWN_CTRL
sim_set x-fault-rpc-status $NV_ERR_GENERIC
kill $pid
wait $pid 2>/dev/null
wait_for 20 "[ \"\$(cat $vf/nvidia/vgpu_state)\" = assigned ]"
sim_set x-fault-clear 1
sim_set x-fault-match 0

if dmesg | grep -q "VF 3: shutdown of the plugin failed"; then
	t_ok shutdown_failed
else
	t_nok shutdown_failed "no shutdown failure logged"
fi
if dmesg | grep -q "VF 3: cleanup of the plugin failed"; then
	t_ok cleanup_still_asked
else
	t_nok cleanup_still_asked "no cleanup after the failed shutdown"
fi
if dmesg | grep -q "VF 3: .*stay reserved"; then
	t_ok resources_stay_reserved
else
	t_nok resources_stay_reserved
fi

echo 0 > "$vf/nvidia/current_vgpu_type"
# the simulated GPU still has a plugin on that GFID: start over, and leave
# the VFs bound for the tests that follow (as the other tests do)
vgpu_vfs_off
modprobe -r nouveau 2>/dev/null
vgpu_up 4 > /dev/null || echo "# the vGPU manager did not come back"
