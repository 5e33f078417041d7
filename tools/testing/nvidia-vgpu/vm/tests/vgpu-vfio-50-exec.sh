# SPDX-License-Identifier: GPL-2.0
# nvgpu-timeout: 900
# GPU work in two L3 guests at once: each runs the execution workload
# (guest/vgpu-exec-test, nested in the guest's checks): channels from its
# vGPU's plugin, copies guest RAM -> FB -> guest RAM of 4 KiB..64 MiB
# through the VF's DMA (so through VFIO's IOMMU mapping here in L2),
# ordered semaphores, non-stall interrupts, the throughput. The guest on
# VF0 also runs the error cases (DMA from a guest-physical address VFIO
# never mapped, a bad method, a copy past its FB, more channels than its
# type allows); the guest on VF1 does not and must keep passing meanwhile.
# The host must see the events of VF0's vGPU and only those: the
# simulator's counters of stopped channels and MMU faults, the VFIO
# driver's log lines naming VF0 and the very channels the guest lost, and
# its per-vGPU counters in sysfs.
. /nvgpu/vm-tests/vgpu-vfio.lib

# guest_wait PID OUT SECONDS: give a guest SECONDS to power off, else show
# where its console stopped and kill it (l3_report then fails it), so that
# one stuck guest does not cost the whole test's timeout.
guest_wait() {
	wait_for "$3" "[ ! -e /proc/$1 ] || grep -q '^[0-9]* ([^)]*) Z' /proc/$1/stat" && return 0
	echo "# guest $2 still running after $3 s; its console ends:"
	tr -d '\r' < "$2" | tail -20 | sed 's/^/#   /'
	kill "$1"
}

echo "KTAP version 1"
echo "1..9"
echo "# L3 accelerator: $L3_ACCEL_DESC"
if ! vgpu_up 4; then
	t_skip_rest 9 "no vGPU manager"
	return 0
fi
set -- $(vgpu_vfs)
vf0=$1 vf1=$2
TYPE0=901 TYPE1=904
bdf0=$(bdf_of "$vf0") bdf1=$(bdf_of "$vf1")

echo $TYPE0 > "$vf0/nvidia/current_vgpu_type"
echo $TYPE1 > "$vf1/nvidia/current_vgpu_type"
errs0=$(sim_get x-channel-errors) mmu0=$(sim_get x-mmu-faults)
echo "# simulator before: x-channel-errors $errs0, x-mmu-faults $mmu0"
# (glmark2 runs in the guests of 40-guests and 60-display; not here, for time)
vgpu_guest_start "$vf0" "$(vgpu_subsys $TYPE0)" /tmp/exec0 group nvgpu.glmark2=0
p0=$GUEST_PID t0=$GUEST_T0
vgpu_guest_start "$vf1" "$(vgpu_subsys $TYPE1)" /tmp/exec1 iommufd "nvgpu.exec_neg=0 nvgpu.glmark2=0"
p1=$GUEST_PID
if wait_for $((60 * L3_TMO_SCALE)) "[ \"\$(cat $vf0/nvidia/vgpu_state)\" = active ] && [ \"\$(cat $vf1/nvidia/vgpu_state)\" = active ]"; then
	t_ok two_vgpus_at_once
else
	t_nok two_vgpus_at_once "$(cat "$vf0/nvidia/vgpu_state") $(cat "$vf1/nvidia/vgpu_state")"
fi
guest_wait $p0 /tmp/exec0 $((400 * L3_TMO_SCALE))
guest_wait $p1 /tmp/exec1 $((200 * L3_TMO_SCALE))
GUEST_T0=$t0 l3_report "exec_guest_vf0_with_faults" "$vf0" $p0 /tmp/exec0
l3_report "exec_guest_vf1_meanwhile" "$vf1" $p1 /tmp/exec1
for g in 0 1; do
	echo "# guest on VF$g: $(l3_exec_summary /tmp/exec$g)"
done

# both guests ran their workload to the end (not only their other checks)
n0=$(grep -c '^ok [0-9]* exec_workload' /tmp/exec0)
n1=$(grep -c '^ok [0-9]* exec_workload' /tmp/exec1)
t_is workloads_passed "$n0 $n1" "1 1"

# the simulator stopped VF0's three channels, one by an MMU fault
errs1=$(sim_get x-channel-errors) mmu1=$(sim_get x-mmu-faults)
echo "# simulator after: x-channel-errors $errs1, x-mmu-faults $mmu1"
t_is host_sim_counters "$((errs1 - errs0)) $((mmu1 - mmu0))" "3 1"

# the VFIO driver heard of each: an RC recovery per channel the guest lost,
# with the guest's channel (the driver names it by its index in the vGPU's
# range; the absolute ID is accepted too) and Xid, and the MMU fault - all
# on VF0
# (the events travel GSP -> nvkm -> the VFIO driver's work asynchronously)
wait_for 10 "[ \$(dmesg | grep -c '$bdf0: vGPU channel') -ge 3 ]"
faults=$(grep '^@@@L3-FAULT' /tmp/exec0 | tr -d '\r' | sed 's/^@@@L3-FAULT //')
echo "# guest on VF0 lost: $(echo $faults)"
dmesg | grep -E 'vGPU (channel [0-9]+ was recovered|MMU fault)' | sed 's/^/# host: /'
miss=
for f in $faults; do
	case "$f" in
	chid=*) chid=${f#chid=} ;;
	index=*) idx=${f#index=} ;;
	xid=*)
		dmesg | grep -qE "$bdf0: vGPU channel ($idx|$chid) was recovered \(error ${f#xid=}\)" ||
			miss="$miss channel $chid (index $idx) Xid ${f#xid=};"
		;;
	esac
done
[ "$(echo "$faults" | wc -l)" = 3 ] || miss="$miss guest reported $(echo "$faults" | wc -l) faults, not 3;"
if [ -z "$miss" ]; then t_ok host_log_names_vgpu_and_channels; else
	t_nok host_log_names_vgpu_and_channels "missing:$miss"; fi

# The MMU fault itself: GSP's MMU_FAULT_QUEUED names no channel; nvkm
# attributes it from the RC with the MMU-fault Xid (31) that follows and
# the VFIO driver logs it for the channel it stopped.
if dmesg | grep -qE "$bdf0: vGPU MMU fault on channel [0-9]+ \(error 31\)"; then
	t_ok host_log_mmu_fault
else
	t_nok host_log_mmu_fault "$(dmesg | grep 'vGPU MMU fault' || echo 'no MMU fault logged')"
fi

# the same, counted per vGPU in sysfs for monitoring: VF0 lost three
# channels, one of them by an MMU fault; VF1 nothing (the counters keep
# their values after the vGPU is destroyed)
t_is host_sysfs_counters \
	"$(cat "$vf0/nvidia/vgpu_rc_count") $(cat "$vf0/nvidia/vgpu_mmu_fault_count") $(cat "$vf1/nvidia/vgpu_rc_count") $(cat "$vf1/nvidia/vgpu_mmu_fault_count")" \
	"3 1 0 0"

# nothing about the other vGPU
n=$(dmesg | grep -cE "$bdf1: vGPU (channel|MMU fault)")
t_is host_log_nothing_for_vf1 "$n" 0

echo 0 > "$vf0/nvidia/current_vgpu_type"
echo 0 > "$vf1/nvidia/current_vgpu_type"
