# SPDX-License-Identifier: GPL-2.0
# The vGPU life cycle with a stock QEMU holding a VF open: created on open
# (the simulator counts the bootload), type fixed while open, sriov_numvfs
# cannot be lowered, a VF reset keeps the vGPU, destroyed on close; and
# unbinding nouveau while a VM holds a VF waits for the VM, without a
# use-after-free.
. /nvgpu/vm-tests/vgpu-vfio.lib

echo "KTAP version 1"
echo "1..10"
if ! vgpu_up 4; then
	t_skip_rest 10 "no vGPU manager"
	return 0
fi
pf=$(vgpu_pf)
set -- $(vgpu_vfs)
vf0=$1 vf1=$2

echo 904 > "$vf0/nvidia/current_vgpu_type"
b0=$(sim_get x-bootloads); s0=$(sim_get x-shutdowns)
if vgpu_guest_hold "$vf0" /tmp/hold0 && [ "$(sim_get x-bootloads)" = $((b0 + 1)) ]; then
	t_ok vgpu_created_on_open
else
	t_nok vgpu_created_on_open "state $(cat "$vf0/nvidia/vgpu_state"), bootloads $b0 -> $(sim_get x-bootloads)"
fi
pid0=$GUEST_PID

t_is type_fixed_while_open "$(wr "$vf0/nvidia/current_vgpu_type" 0)" EBUSY

r=$(wr "$pf/sriov_numvfs" 0)
if [ "$r" = EBUSY ] && [ "$(cat "$pf/sriov_numvfs")" = 4 ] && [ -d "$vf0/nvidia" ]; then
	t_ok numvfs_lowering_refused
else
	t_nok numvfs_lowering_refused "write: $r, numvfs $(cat "$pf/sriov_numvfs")"
fi

r=$(wr "$vf0/reset" 1)
t_is reset_while_open "$r/$(cat "$vf0/nvidia/vgpu_state")" OK/active

kill $pid0; wait $pid0 2>/dev/null
if wait_for 10 "[ \"\$(cat $vf0/nvidia/vgpu_state)\" = assigned ]" &&
   [ "$(sim_get x-shutdowns)" = $((s0 + 1)) ]; then
	t_ok vgpu_destroyed_on_close
else
	t_nok vgpu_destroyed_on_close "state $(cat "$vf0/nvidia/vgpu_state"), shutdowns $s0 -> $(sim_get x-shutdowns)"
fi

# open/close cycles leave nothing behind
b0=$(sim_get x-bootloads); s0=$(sim_get x-shutdowns)
for i in 1 2 3; do
	vgpu_guest_hold "$vf0" /tmp/hold0 || break
	kill $GUEST_PID; wait $GUEST_PID 2>/dev/null
	wait_for 10 "[ \"\$(cat $vf0/nvidia/vgpu_state)\" = assigned ]"
done
t_is open_close_cycles "$(($(sim_get x-bootloads) - b0))/$(($(sim_get x-shutdowns) - s0))" 3/3

# the PF goes away while a VM holds a VF: the unbind waits for the VM
echo 901 > "$vf1/nvidia/current_vgpu_type"
vgpu_guest_hold "$vf1" /tmp/hold1
pid1=$GUEST_PID
( echo "$(bdf_of "$pf")" > /sys/bus/pci/drivers/nouveau/unbind ) &
unbind=$!
sleep 3
# (the VF's sysfs group is gone already, the VF stays until the VM lets go)
if kill -0 $unbind 2>/dev/null && [ -e "$vf1" ]; then
	t_ok pf_unbind_waits_for_vm
else
	t_nok pf_unbind_waits_for_vm
fi
kill $pid1; wait $pid1 2>/dev/null
if wait_for 60 "! kill -0 $unbind 2>/dev/null" && [ -z "$(drv_of "$pf")" ] &&
   [ ! -e "$vf1" ]; then
	t_ok pf_unbind_completes
else
	t_nok pf_unbind_completes "PF driver '$(drv_of "$pf")'"
fi
wait $unbind 2>/dev/null

# and comes back
echo "$(bdf_of "$pf")" > /sys/bus/pci/drivers/nouveau/bind 2>/dev/null
if vgpu_up 4; then t_ok pf_rebind; else t_nok pf_rebind; fi
for v in $(vgpu_vfs); do echo 0 > "$v/nvidia/current_vgpu_type"; done
t_is types_released "$(cat $(vgpu_vfs | sed 's|$|/nvidia/current_vgpu_type|') | sort -u)" 0
