# SPDX-License-Identifier: GPL-2.0
# Firmware faults on live vGPUs, injected by the simulator: each ends in a
# clean error for the caller that met it, leaves nothing behind, and the
# other vGPUs carry on.
# - x-fault-event-mmu: MMU_FAULT_QUEUED names no vGPU (nouveau logs it);
#   the RC with Xid 31 that follows it counts as the vGPU's MMU fault
#   (nvidia/vgpu_mmu_fault_count) and is logged by the VFIO driver.
# - x-fault-event-storm: 1024 RC notifications, once for a live vGPU and once
#   for a GFID without one: counted, logged rate-limited (a flood would push
#   other tests' reports out of the kernel log), the vGPU stays usable.
# - x-fault-plugin-crash: the crash reaches the VFIO driver and QEMU's error
#   eventfd, the dead vGPU's reset fails with -EIO, closing the VF destroys
#   it (shutdown and cleanup reach GSP-RM), and the VF can be used again.
# - x-fault-rpc-delay-ms: a bootload answered late (shorter than nouveau's
#   RPC timeout) is a create that takes longer and succeeds; another vGPU's
#   reset meanwhile succeeds too.
# - x-fault-rpc-drop: a bootload never answered fails the create with
#   -ETIMEDOUT after the timeout, without a kernel warning; the manager shuts
#   down and cleans up the plugin GSP-RM may have started, another vGPU is
#   reset meanwhile, and GSP-RM goes on answering (the VF's next create
#   works): a lost reply is not a dead GSP. Last, as it waits for the
#   timeout.
# (The timeout covers a kernel with nouveau's old RPC timeout of 4,000,000
# polls, which took 286 s under TCG, so that such a run reports its results.)
# nvgpu-timeout: 480
. /nvgpu/vm-tests/vgpu-vfio.lib

BOOTLOAD_CTRL=$((0x20804001))
DELAY_MS=3000
STORM=1024
# nouveau's RPC timeout is 30 s (patches/linux): the lost reply's create
# must fail after it, and well before twice it
RPC_TIMEOUT=30

echo "KTAP version 1"
echo "1..16"
if ! vgpu_up 4; then
	t_skip_rest 16 "no vGPU manager"
	return 0
fi
# (one QMP negotiation for the whole test, not one per sim_get)
qmp_init
set -- $(vgpu_vfs)
vf0=$1 vf1=$2 vf2=$3 vf3=$4
for v in "$vf0" "$vf1" "$vf2"; do
	echo 901 > "$v/nvidia/current_vgpu_type"
done

now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v t0="$1" '{ printf "%.1f", $1 - t0 }' /proc/uptime; }
created() { dmesg | grep -q "$(bdf_of "$1"): vGPU of type .* created"; }
state() { cat "$1/nvidia/vgpu_state"; }
mark() { echo "nvgpu-56-mark $1" > /dev/kmsg; }
# the kernel log since mark $1
since_mark() { dmesg | sed -n "/nvgpu-56-mark $1\$/,\$p"; }
# hold_until_created VF OUT MARK: a guest that holds VF open (its PID goes
# to pids); returns 0 once the kernel log since MARK says its vGPU was
# created
hold_until_created() {
	vgpu_guest_hold "$1" "$2"
	pids="$pids $GUEST_PID"
	wait_for 30 "since_mark $3 | grep -q '$(bdf_of "$1"): vGPU of type .* created'"
}
# log_lines MARK: lines logged since MARK, or 999999 if what came after it
# pushed it out of the kernel log buffer
log_lines() {
	if dmesg | grep -q "nvgpu-56-mark $1\$"; then
		since_mark "$1" | wc -l
	else
		echo 999999
	fi
}
# settle: wait (up to 120 s) until the kernel log and VF 0's RC count
# stopped changing for 3 s
settle() {
	local n m=-1 same=0 i=0
	while [ $i -lt 120 ] && [ $same -lt 3 ]; do
		n="$(dmesg | wc -l) $(cat "$vf0/nvidia/vgpu_rc_count")"
		if [ "$n" = "$m" ]; then same=$((same + 1)); else same=0; fi
		m=$n
		sleep 1
		i=$((i + 1))
	done
}
# lt A B: A < B (decimals)
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
pids=

# live vGPUs on VF 0 and VF 1
vgpu_guest_hold "$vf0" /tmp/ff0
pid0=$GUEST_PID
vgpu_guest_hold "$vf1" /tmp/ff1
pid1=$GUEST_PID
pids="$pids $pid0 $pid1"
wait_for 30 "created $vf0 && created $vf1" ||
	echo "# vGPUs: VF 0 $(state "$vf0"), VF 1 $(state "$vf1")"

# 1-2. MMU fault of VF 0's vGPU (GFID 1): MMU_FAULT_QUEUED, then the RC
# that attributes it (Xid 31 on the vGPU's first channel)
mark mmu
m0=$(cat "$vf0/nvidia/vgpu_mmu_fault_count")
rc0=$(cat "$vf0/nvidia/vgpu_rc_count")
sim_set x-fault-event-mmu 1
wait_for 20 "since_mark mmu | grep -q 'mmu fault queued'"
m1=$(cat "$vf0/nvidia/vgpu_mmu_fault_count")
sim_set x-fault-event-rc 1
wait_for 20 "[ \"\$(cat $vf0/nvidia/vgpu_rc_count)\" -gt $rc0 ]"
m2=$(cat "$vf0/nvidia/vgpu_mmu_fault_count")
rc2=$(cat "$vf0/nvidia/vgpu_rc_count")
if [ "$m1" = "$m0" ] && [ "$m2" = $((m0 + 1)) ] && [ "$rc2" = $((rc0 + 1)) ]; then
	t_ok event_mmu_counted
else
	t_nok event_mmu_counted "mmu faults $m0 -> $m1 (queued) -> $m2 (RC), RCs $rc0 -> $rc2"
fi
if since_mark mmu | grep -q 'mmu fault queued' &&
   since_mark mmu | grep -q "$(bdf_of "$vf0"): vGPU MMU fault on channel 0 (error 31)"; then
	t_ok event_mmu_logged
else
	t_nok event_mmu_logged "$(since_mark mmu | tail -5)"
fi

# 3-4. a storm of RCs on VF 0's vGPU
settle
mark storm
rc0=$(cat "$vf0/nvidia/vgpu_rc_count")
e0=$(sim_get x-events)
sim_set x-fault-event-storm 1
settle
rc1=$(cat "$vf0/nvidia/vgpu_rc_count")
e1=$(sim_get x-events)
lost=$(since_mark storm | sed -n 's/.*VF 0: \([0-9]*\) events lost.*/\1/p' | awk '{ n += $1 } END { print n + 0 }')
lines=$(log_lines storm)
echo "# storm on a vGPU: $((e1 - e0)) events posted, $((rc1 - rc0)) RCs counted, $lost lost, $lines log lines"
r=$(wr "$vf0/reset" 1)
if [ $((e1 - e0)) = $STORM ] && [ $((rc1 - rc0)) -gt 0 ] && [ $((rc1 - rc0)) -le $STORM ] &&
   [ "$r" = OK ]; then
	t_ok storm_vgpu_counted_and_usable
else
	t_nok storm_vgpu_counted_and_usable "reset after the storm: $r"
fi
# (each RC of the storm is two events of the vGPU: rate-limited, they are
# some lines each few seconds, not thousands)
if [ "$lines" -le 200 ]; then
	t_ok storm_vgpu_log_bounded
else
	t_nok storm_vgpu_log_bounded "$lines kernel log lines for $STORM events"
fi

# 5-6. a storm of RCs on GFID 4: VF 3 has no vGPU
mark storm4
rc0=$(cat "$vf0/nvidia/vgpu_rc_count")
sim_set x-fault-event-storm 4
settle
lines=$(log_lines storm4)
echo "# storm on a GFID without a vGPU: $lines log lines, the first:"
since_mark storm4 | sed -n '2,5p' | sed 's/^/#   /'
if [ "$lines" -le 100 ]; then
	t_ok storm_no_vgpu_log_bounded
else
	t_nok storm_no_vgpu_log_bounded "$lines kernel log lines for $STORM events"
fi
r=$(wr "$vf0/reset" 1)
if [ "$(cat "$vf0/nvidia/vgpu_rc_count")" = "$rc0" ] && [ "$r" = OK ] &&
   [ "$(state "$vf3")" = unassigned ]; then
	t_ok storm_no_vgpu_others_unaffected
else
	t_nok storm_no_vgpu_others_unaffected "VF 0: RCs $rc0 -> $(cat "$vf0/nvidia/vgpu_rc_count")," \
		"reset $r; VF 3: $(state "$vf3")"
fi

# 7-10. the plugin of VF 1 (GFID 2) crashes
mark crash
s0=$(sim_get x-shutdowns); c0=$(sim_get x-cleanups)
sim_set x-fault-plugin-crash 2
wait_for 20 "since_mark crash | grep -q '$(bdf_of "$vf1"): the vGPU.s firmware plugin crashed'" &&
	wait_for 20 "grep -q 'Unrecoverable error' /tmp/ff1.qemu"
if since_mark crash | grep -q "$(bdf_of "$vf1"): the vGPU.s firmware plugin crashed" &&
   grep -q 'Unrecoverable error' /tmp/ff1.qemu; then
	t_ok plugin_crash_reported
else
	t_nok plugin_crash_reported "VFIO driver: $(since_mark crash | grep -c 'plugin crashed') lines," \
		"QEMU: $(grep -c 'Unrecoverable error' /tmp/ff1.qemu)"
fi
wr "$vf1/reset" 1 > /dev/null
r0=$(wr "$vf0/reset" 1)
if since_mark crash | grep -q "$(bdf_of "$vf1"): resetting the vGPU failed (-5)" && [ "$r0" = OK ]; then
	t_ok plugin_crash_reset_eio
else
	t_nok plugin_crash_reset_eio "VF 0's reset: $r0; log: $(since_mark crash | grep reset | tail -3)"
fi
kill "$pid1" 2>/dev/null
wait "$pid1" 2>/dev/null
wait_for 20 "[ \"\$(state $vf1)\" = assigned ]"
s1=$(sim_get x-shutdowns); c1=$(sim_get x-cleanups)
if [ "$(state "$vf1")" = assigned ] && [ "$s1" = $((s0 + 1)) ] && [ "$c1" = $((c0 + 1)) ] &&
   since_mark crash | grep -q 'VF 1: vGPU of type 901 destroyed' &&
   ! since_mark crash | grep -q 'stay reserved'; then
	t_ok plugin_crash_close_destroys
else
	t_nok plugin_crash_close_destroys "state $(state "$vf1"), shutdowns $s0 -> $s1, cleanups $c0 -> $c1"
fi
if hold_until_created "$vf1" /tmp/ff1b crash; then
	t_ok plugin_crash_vf_reusable
else
	t_nok plugin_crash_vf_reusable "state $(state "$vf1")"
fi

# 11-12. the bootload of VF 2 is answered late
mark delay
b0=$(sim_get x-bootloads)
sim_set x-fault-match $BOOTLOAD_CTRL
sim_set x-fault-rpc-delay-ms $DELAY_MS
sim_set x-fault-match 0
t0=$(now)
l3_qemu "$vf2" /tmp/ff2 group "nvgpu.hold=1" -S
pid2=$GUEST_PID
pids="$pids $pid2"
# once GSP-RM ran the bootload (its reply held: the create is still on),
# the other vGPU's reset
wait_for 30 "[ \"\$(sim_get x-bootloads)\" -gt $b0 ]"
r=$(wr "$vf0/reset" 1)
wait_for 60 "since_mark delay | grep -q '$(bdf_of "$vf2"): vGPU of type .* created'"
dt=$(since "$t0")
echo "# create with a reply held $DELAY_MS ms: $dt s"
if since_mark delay | grep -q "$(bdf_of "$vf2"): vGPU of type .* created" &&
   ! lt "$dt" $((DELAY_MS / 1000)); then
	t_ok rpc_delay_create_succeeds
else
	t_nok rpc_delay_create_succeeds "state $(state "$vf2") after $dt s, the reply was held $DELAY_MS ms"
fi
t_is rpc_delay_other_vgpu_reset "$r" OK

# 13-16. the bootload of VF 3 is never answered
echo 901 > "$vf3/nvidia/current_vgpu_type"
b0=$(sim_get x-bootloads); s0=$(sim_get x-shutdowns); c0=$(sim_get x-cleanups)
sim_set x-fault-match $BOOTLOAD_CTRL
sim_set x-fault-rpc-drop 1
sim_set x-fault-match 0
mark drop
t0=$(now)
l3_qemu "$vf3" /tmp/ff3 group "nvgpu.hold=1" -S
pid3=$GUEST_PID
wait_for 30 "[ \"\$(sim_get x-bootloads)\" -gt $b0 ]"
r=$(wr "$vf0/reset" 1)
dr=$(since "$t0")
if [ "$r" = OK ] && ! since_mark drop | grep -q 'failed (-110)'; then
	t_ok rpc_drop_other_vgpu_reset
else
	t_nok rpc_drop_other_vgpu_reset "reset: $r after $dr s"
fi
wait_for $((RPC_TIMEOUT * 3)) "! kill -0 $pid3 2>/dev/null"
# (on a kernel whose RPC timeout is longer, QEMU is still in its open())
wait "$pid3" 2>/dev/null
dt=$(since "$t0")
echo "# create whose bootload reply was lost: ended after $dt s"
if since_mark drop | grep -q "$(bdf_of "$vf3"): creating a vGPU of type 901 failed (-110)" &&
   ! lt "$dt" $RPC_TIMEOUT && lt "$dt" $((RPC_TIMEOUT * 2)); then
	t_ok rpc_drop_create_times_out
else
	t_nok rpc_drop_create_times_out "after $dt s (RPC timeout $RPC_TIMEOUT s), kernel log:" \
		"$(since_mark drop | grep -E 'nouveau|nvidia' | tail -5)"
fi
# the bootload did start a plugin: it was shut down and cleaned up
s1=$(sim_get x-shutdowns); c1=$(sim_get x-cleanups)
if [ "$s1" = $((s0 + 1)) ] && [ "$c1" = $((c0 + 1)) ] &&
   ! since_mark drop | grep -q 'stay reserved'; then
	t_ok rpc_drop_plugin_cleaned_up
else
	t_nok rpc_drop_plugin_cleaned_up "shutdowns $s0 -> $s1, cleanups $c0 -> $c1"
fi
# GSP-RM still answers: the same VF's next create works
t0=$(now)
if hold_until_created "$vf3" /tmp/ff3b drop; then
	t_ok rpc_drop_gsp_still_answers
else
	t_nok rpc_drop_gsp_still_answers "state $(state "$vf3") after $(since "$t0") s"
fi

for p in $pids; do
	kill "$p" 2>/dev/null
	wait "$p" 2>/dev/null
done
sim_set x-fault-clear 1
for v in "$vf0" "$vf1" "$vf2" "$vf3"; do
	wait_for 20 "[ \"\$(state $v)\" != active ]"
	echo 0 > "$v/nvidia/current_vgpu_type"
done
