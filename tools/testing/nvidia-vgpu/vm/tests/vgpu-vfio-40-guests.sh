# SPDX-License-Identifier: GPL-2.0
# Two L3 guests at once on two VFs with different vGPU types: stock QEMU
# opens each VF through vfio-pci (VFIO group path), the bare-metal guest
# workload finds its vGPU, asks the GSP plugin for its type and FB size,
# uses its FB through BAR1 and its copy engine, and prints KTAP (shown
# nested here). The type the guest reports must be the administrator's
# choice. A second tenant of the first VF must find its FB scrubbed.
. /nvgpu/vm-tests/vgpu-vfio.lib

echo "KTAP version 1"
echo "1..5"
if ! vgpu_up 4; then
	t_skip_rest 5 "no vGPU manager"
	return 0
fi
set -- $(vgpu_vfs)
vf0=$1 vf1=$2
TYPE0=904 TYPE1=901

# guest_report NAME VF PID OUT: nested KTAP of a finished guest; checks the
# guest's own verdict and that it saw the administrator's choice.
guest_report() {
	local name=$1 vf=$2 pid=$3 out=$4 rc want got
	wait "$pid"
	rc=$?
	echo "    # Subtest: $name"
	sed -n '/^KTAP version/,/^@@@L3-DONE/p' "$out" | grep -v '^@@@' | tr -d '\r' |
		sed 's/^/    /'
	want="type=$(cat "$vf/nvidia/current_vgpu_type") name=$(cat "$vf/nvidia/vgpu_type_name")"
	got=$(grep '^@@@L3-VGPU' "$out" | tr -d '\r' | sed 's/^@@@L3-VGPU //; s/ fb=.*//')
	# isa-debug-exit: (0 << 1) | 1 when the guest passed
	if [ $rc = 1 ] && [ "$got" = "$want" ]; then
		t_ok "$name"
	else
		t_nok "$name" "QEMU exit $rc, guest saw '$got', admin chose '$want'"
		sed 's/^/# qemu: /' "$out.qemu" | tail -5
	fi
}

echo $TYPE0 > "$vf0/nvidia/current_vgpu_type"
echo $TYPE1 > "$vf1/nvidia/current_vgpu_type"
start=$(cut -d' ' -f1 /proc/uptime)
vgpu_guest_start "$vf0" "$(vgpu_subsys $TYPE0)" /tmp/guest0
p0=$GUEST_PID
vgpu_guest_start "$vf1" "$(vgpu_subsys $TYPE1)" /tmp/guest1
p1=$GUEST_PID
# both are running at the same time
if wait_for 30 "[ \"\$(cat $vf0/nvidia/vgpu_state)\" = active ] && [ \"\$(cat $vf1/nvidia/vgpu_state)\" = active ]"; then
	t_ok two_vgpus_at_once
else
	t_nok two_vgpus_at_once "$(cat "$vf0/nvidia/vgpu_state") $(cat "$vf1/nvidia/vgpu_state")"
fi
guest_report "guest_vf0_type_$TYPE0" "$vf0" $p0 /tmp/guest0
guest_report "guest_vf1_type_$TYPE1" "$vf1" $p1 /tmp/guest1
echo "# two guests: $(echo "$start $(cut -d' ' -f1 /proc/uptime)" | awk '{printf "%.1fs", $2-$1}')"
fb0=$(grep '^@@@L3-VGPU' /tmp/guest0 | sed 's/.* fb=//' | tr -d '\r')
fb1=$(grep '^@@@L3-VGPU' /tmp/guest1 | sed 's/.* fb=//' | tr -d '\r')
echo "# FB reported: vf0 $fb0 (sysfs $(cat "$vf0/nvidia/vgpu_fb_size")), vf1 $fb1 (sysfs $(cat "$vf1/nvidia/vgpu_fb_size"))"
[ -n "$fb0" ] && [ "$fb0" != "$fb1" ] && t_ok different_fb_sizes || t_nok different_fb_sizes

# the next tenant of VF0's framebuffer (its guest checks that it reads zeros)
vgpu_guest_start "$vf0" "$(vgpu_subsys $TYPE0)" /tmp/guest2
guest_report "second_tenant_vf0" "$vf0" $GUEST_PID /tmp/guest2

echo 0 > "$vf0/nvidia/current_vgpu_type"
echo 0 > "$vf1/nvidia/current_vgpu_type"
