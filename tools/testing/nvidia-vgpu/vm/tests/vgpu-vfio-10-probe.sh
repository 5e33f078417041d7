# SPDX-License-Identifier: GPL-2.0
# nvidia-vgpu-vfio-pci: loads, binds VFs only, refuses a VF whose PF has no
# vGPU manager with a clear message, and with nouveau's manager up binds
# every VF with its sysfs group and the simulator's type table.
. /nvgpu/vm-tests/vgpu-vfio.lib

echo "KTAP version 1"
echo "1..9"
pf=$(vgpu_pf)
[ -n "$pf" ] || { t_skip_rest 9 "no simulated PF"; return 0; }

# Without a vGPU manager: the PF on pci-pf-stub (loading the driver loads
# nouveau, which must not take the PF first).
vgpu_vfs_off
modprobe -r nouveau 2>/dev/null
[ -e "$pf/driver" ] && echo "$(bdf_of "$pf")" > "$pf/driver/unbind"
echo pci-pf-stub > "$pf/driver_override"
echo "$(bdf_of "$pf")" > /sys/bus/pci/drivers_probe
echo 0 > "$pf/sriov_drivers_autoprobe"
echo 2 > "$pf/sriov_numvfs"
vf=$(vgpu_vfs | head -1)

if modprobe $VGPU_DRV && [ -d /sys/bus/pci/drivers/$VGPU_DRV ]; then
	t_ok module_loads
else
	t_nok module_loads
fi

echo $VGPU_DRV > "$pf/driver_override"
echo "$(bdf_of "$pf")" > "$pf/driver/unbind"
echo "$(bdf_of "$pf")" > /sys/bus/pci/drivers_probe 2>/dev/null
if [ "$(drv_of "$pf")" != $VGPU_DRV ] && dmesg | grep -q "$(bdf_of "$pf").*not an SR-IOV virtual function"; then
	t_ok pf_refused
else
	t_nok pf_refused "PF driver $(drv_of "$pf")"
fi
echo pci-pf-stub > "$pf/driver_override"
echo "$(bdf_of "$pf")" > /sys/bus/pci/drivers_probe

echo $VGPU_DRV > "$vf/driver_override"
echo "$(bdf_of "$vf")" > /sys/bus/pci/drivers_probe 2>/dev/null
if [ -z "$(drv_of "$vf")" ] && dmesg | grep -q "$(bdf_of "$vf").*PF is not driven by nouveau"; then
	t_ok no_manager_refused
else
	t_nok no_manager_refused "VF driver '$(drv_of "$vf")'" "$(dmesg | grep "$(bdf_of "$vf")" | tail -2)"
fi
echo > "$vf/driver_override"

if rmmod $VGPU_DRV && [ ! -d /sys/bus/pci/drivers/$VGPU_DRV ]; then
	t_ok module_unloads
else
	t_nok module_unloads
fi
echo 0 > "$pf/sriov_numvfs"
echo "$(bdf_of "$pf")" > "$pf/driver/unbind"
echo > "$pf/driver_override"

# With nouveau's vGPU manager
# (whether nouveau brings its vGPU manager up is tested by nouveau-vgpu-mgr)
if ! vgpu_up 4; then
	t_skip_rest 9 "nouveau's vGPU manager is not up"
	return 0
fi
t_ok vfs_bind

ok=1
for v in $(vgpu_vfs); do
	for a in creatable_vgpu_types supported_vgpu_types current_vgpu_type vgpu_state \
		 vgpu_type_name vgpu_type_class vgpu_fb_size vgpu_bar1_size vgpu_num_heads \
		 vgpu_max_resolution vgpu_max_instances; do
		[ -e "$v/nvidia/$a" ] || { ok=0; echo "# $(bdf_of "$v"): no nvidia/$a"; }
	done
done
[ $ok = 1 ] && t_ok sysfs_group || t_nok sysfs_group

# The simulator's table: at least 6 types of 3 framebuffer sizes.
vf=$(vgpu_vfs | head -1)
nsup=$(grep -c . "$vf/nvidia/supported_vgpu_types")
sizes=$(for id in $(cut -d' ' -f1 "$vf/nvidia/creatable_vgpu_types"); do
	echo "$id" > "$vf/nvidia/current_vgpu_type" &&
		cat "$vf/nvidia/vgpu_fb_size"
	echo 0 > "$vf/nvidia/current_vgpu_type"
done | sort -u | grep -c .)
cat "$vf/nvidia/supported_vgpu_types" | sed 's/^/# /'
if [ "$nsup" -ge 6 ] && [ "$sizes" -ge 3 ]; then
	t_ok type_table
else
	t_nok type_table "$nsup types, $sizes FB sizes"
fi
if dmesg | grep -q "vGPU types from nvidia/vgpu/types-10de-7e50.bin"; then
	t_ok type_table_loaded_message
else
	t_nok type_table_loaded_message
fi

# Unbind and bind a VF again.
echo "$(bdf_of "$vf")" > "$vf/driver/unbind"
echo "$(bdf_of "$vf")" > /sys/bus/pci/drivers_probe
[ -d "$vf/nvidia" ] && t_ok rebind || t_nok rebind
