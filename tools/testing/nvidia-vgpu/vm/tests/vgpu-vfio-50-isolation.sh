# SPDX-License-Identifier: GPL-2.0
# A vGPU whose firmware plugin does not answer stalls only itself: while
# the create of the vGPU on VF 0 waits for a mailbox reply that the
# simulator drops (x-fault-plugin-drop), the vGPU of another VF is reset and
# a third VF's vGPU is created. Both must finish before VF 0's wait times
# out (10 s), and VF 0's create must then fail cleanly.
. /nvgpu/vm-tests/vgpu-vfio.lib

echo "KTAP version 1"
echo "1..5"
if ! vgpu_up 4; then
	t_skip_rest 5 "no vGPU manager"
	return 0
fi
set -- $(vgpu_vfs)
vf0=$1 vf1=$2 vf2=$3
for v in "$vf0" "$vf1" "$vf2"; do
	echo 901 > "$v/nvidia/current_vgpu_type"
done

# created VF: the VFIO driver finished opening VF (its vGPU exists)
created() { dmesg | grep -q "$(bdf_of "$1"): vGPU of type .* created"; }
# stuck_over: VF 0's mailbox wait ended (its create is failing)
stuck_over() { dmesg | grep -q "VF 0: plugin did not answer"; }
now() { cut -d' ' -f1 /proc/uptime; }

pids=
vgpu_guest_hold "$vf1" /tmp/iso1
pids="$pids $GUEST_PID"
if wait_for 30 "created $vf1"; then
	t_ok other_vgpu_created
else
	t_nok other_vgpu_created "state $(cat "$vf1/nvidia/vgpu_state")"
fi

# VF 0 (GFID 1): its plugin answers nothing, once
m0=$(sim_get x-plugin-msgs)
sim_set x-fault-match 0
sim_set x-fault-plugin-drop 1
vgpu_guest_hold "$vf0" /tmp/iso0
pids="$pids $GUEST_PID"
if wait_for 30 "[ \"\$(sim_get x-plugin-msgs)\" -gt $m0 ]" && ! created "$vf0"; then
	t_ok stuck_vgpu_waits
else
	t_nok stuck_vgpu_waits "plugin messages $m0 -> $(sim_get x-plugin-msgs)"
fi

# meanwhile: a third VF opens, and the first one is reset
vgpu_guest_hold "$vf2" /tmp/iso2
pids="$pids $GUEST_PID"
t0=$(now)
r=$(wr "$vf1/reset" 1)
t1=$(now)
if [ "$r" = OK ] && ! stuck_over; then
	t_ok other_vgpu_reset_while_stuck
else
	t_nok other_vgpu_reset_while_stuck "reset: $r, from $t0 to $t1 s;" \
		"VF 0's wait ended first: $(stuck_over && echo yes || echo no)"
fi

if wait_for 20 "created $vf2 || stuck_over" && created "$vf2" && ! stuck_over; then
	t_ok other_vgpu_created_while_stuck
else
	t_nok other_vgpu_created_while_stuck "created: $(created "$vf2" && echo yes || echo no)," \
		"VF 0's wait ended first: $(stuck_over && echo yes || echo no)"
fi

# the stuck create ends in an error, and VF 0 is usable afterwards
if wait_for 30 stuck_over &&
   wait_for 20 "[ \"\$(cat $vf0/nvidia/vgpu_state)\" = assigned ]"; then
	t_ok stuck_create_fails
else
	t_nok stuck_create_fails "state $(cat "$vf0/nvidia/vgpu_state")"
fi

for p in $pids; do
	kill "$p" 2>/dev/null
	wait "$p" 2>/dev/null
done
sim_set x-fault-clear 1
for v in "$vf0" "$vf1" "$vf2"; do
	wait_for 10 "[ \"\$(cat $v/nvidia/vgpu_state)\" != active ]"
	echo 0 > "$v/nvidia/current_vgpu_type"
done
