# SPDX-License-Identifier: GPL-2.0
# A bad or missing vGPU type table: the VF still binds, the kernel log says
# what is wrong, nothing can be assigned (ENODEV), nothing crashes; the good
# table works again once restored.
. /nvgpu/vm-tests/vgpu-vfio.lib

CASES="missing bad_magic bad_crc truncated bad_version empty"
echo "KTAP version 1"
echo "1..8"
if ! vgpu_up 1; then
	t_skip_rest 8 "no vGPU manager"
	return 0
fi
vf=$(vgpu_vfs | head -1)
cp $VGPU_FW /tmp/types.good

# corrupt CASE FILE
corrupt() {
	cp /tmp/types.good "$2"
	case $1 in
	missing) rm -f "$2" ;;
	bad_magic) printf 'X' | dd of="$2" bs=1 seek=0 conv=notrunc 2>/dev/null ;;
	bad_crc) printf 'Z' | dd of="$2" bs=1 seek=200 conv=notrunc 2>/dev/null ;;
	truncated) head -c 1000 /tmp/types.good > "$2" ;;
	bad_version) printf '\002' | dd of="$2" bs=1 seek=8 conv=notrunc 2>/dev/null ;;
	empty) : > "$2" ;;
	esac
}

for c in $CASES; do
	# the table is read when the first VF of the PF binds
	echo "$(bdf_of "$vf")" > "$vf/driver/unbind"
	corrupt $c $VGPU_FW
	dmesg -c > /dev/null
	echo "$(bdf_of "$vf")" > /sys/bus/pci/drivers_probe
	log=$(dmesg | grep -E "type table|vGPU type" | head -3)
	echo "$log" | sed 's/^/# /'
	r=$(wr "$vf/nvidia/current_vgpu_type" 901)
	if [ "$(drv_of "$vf")" = $VGPU_DRV ] && [ -n "$log" ] &&
	   [ -z "$(cat "$vf/nvidia/creatable_vgpu_types")" ] &&
	   [ -z "$(cat "$vf/nvidia/supported_vgpu_types")" ] && [ "$r" = ENODEV ]; then
		t_ok "table_$c"
	else
		t_nok "table_$c" "driver $(drv_of "$vf"), write: $r"
	fi
done

echo "$(bdf_of "$vf")" > "$vf/driver/unbind"
cp /tmp/types.good $VGPU_FW
echo "$(bdf_of "$vf")" > /sys/bus/pci/drivers_probe
t_is table_restored "$(grep -c . "$vf/nvidia/supported_vgpu_types")" 7
r=$(wr "$vf/nvidia/current_vgpu_type" 901)
t_is assign_after_restore "$r" OK
echo 0 > "$vf/nvidia/current_vgpu_type"
