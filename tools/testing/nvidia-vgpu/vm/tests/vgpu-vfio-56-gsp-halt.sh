# SPDX-License-Identifier: GPL-2.0
# A halted GSP (x-fault-gsp-halt) is terminal until the GPU is reset and
# nouveau bound again. The first RPC after the halt times out (once, after
# nouveau's RPC timeout) and tells nouveau that GSP-RM is not running, as it
# left the command unread; every later RPC fails at once. So: a create on
# another VF fails with -ETIMEDOUT and the next one at once with -ENODEV,
# closing the live vGPU destroys it at once (its firmware state unknown,
# its resources stay reserved), unbinding nouveau does not wait for an
# unload GSP-RM cannot do, and none of it warns. Then the PF is reset and nouveau rebinds: a vGPU is created again,
# and the tests after this one find a working GPU.
# nvgpu-timeout: 300
. /nvgpu/vm-tests/vgpu-vfio.lib

# nouveau's RPC timeout (patches/linux)
RPC_TIMEOUT=30

echo "KTAP version 1"
echo "1..9"
if ! vgpu_up 4; then
	t_skip_rest 9 "no vGPU manager"
	return 0
fi
qmp_init
set -- $(vgpu_vfs)
vf0=$1 vf1=$2 vf2=$3
pf=$(vgpu_pf)
for v in "$vf0" "$vf1" "$vf2"; do
	echo 901 > "$v/nvidia/current_vgpu_type"
done

now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v t0="$1" '{ printf "%.1f", $1 - t0 }' /proc/uptime; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
state() { cat "$1/nvidia/vgpu_state" 2>/dev/null; }
mark() { echo "nvgpu-56h-mark $1" > /dev/kmsg; }
since_mark() { dmesg | sed -n "/nvgpu-56h-mark $1\$/,\$p"; }

vgpu_guest_hold "$vf0" /tmp/gh0
pid0=$GUEST_PID
wait_for 30 "dmesg | grep -q '$(bdf_of "$vf0"): vGPU of type .* created'" ||
	echo "# VF 0's vGPU: state $(state "$vf0")"

# 1. halt
mark halt
sim_set x-fault-gsp-halt 1
t_is gsp_halted "$(sim_get x-gsp-state)" 2

# open_on_halted VF OUT: a guest that opens VF, so that the create of its
# vGPU meets the halted GSP, until QEMU gives up (at most RPC_TIMEOUT x 3);
# prints how many seconds that took
open_on_halted() {
	local t0 pid
	t0=$(now)
	l3_qemu "$1" "$2" group "nvgpu.hold=1" -S
	pid=$GUEST_PID
	wait_for $((RPC_TIMEOUT * 3)) "! kill -0 $pid 2>/dev/null"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	since "$t0"
}

# 2-3. a create meets the halted GSP: its first RPC times out
dt=$(open_on_halted "$vf1" /tmp/gh1)
echo "# create on the halted GSP: ended after $dt s"
if since_mark halt | grep -q "$(bdf_of "$vf1"): creating a vGPU of type 901 failed (-110)" &&
   lt "$dt" $((RPC_TIMEOUT * 2)); then
	t_ok create_times_out
else
	t_nok create_times_out "after $dt s, kernel log:" "$(since_mark halt | tail -5)"
fi
if since_mark halt | grep -q 'commands unread .*GSP-RM is not running'; then
	t_ok gsp_found_not_running
else
	t_nok gsp_found_not_running
fi

# 4. the next create fails at once
mark again
dt=$(open_on_halted "$vf2" /tmp/gh1b)
echo "# next create on the halted GSP: ended after $dt s"
if since_mark again | grep -q "$(bdf_of "$vf2"): creating a vGPU of type 901 failed (-19)" &&
   lt "$dt" 20; then
	t_ok next_create_fails_fast
else
	t_nok next_create_fails_fast "after $dt s, kernel log:" "$(since_mark again | tail -5)"
fi

# 5-6. closing the live vGPU: no RPC waits any more
mark close
t0=$(now)
kill "$pid0" 2>/dev/null
wait "$pid0" 2>/dev/null
wait_for $((RPC_TIMEOUT * 4)) "[ \"\$(state $vf0)\" = assigned ]"
dt=$(since "$t0")
echo "# close of the live vGPU on the halted GSP: $dt s"
if [ "$(state "$vf0")" = assigned ] && lt "$dt" 20; then
	t_ok close_fast
else
	t_nok close_fast "state $(state "$vf0") after $dt s"
fi
if since_mark close | grep -q 'VF 0: vGPU of type 901 destroyed' &&
   since_mark close | grep -q 'VF 0: .*stay reserved'; then
	t_ok close_destroys_keeps_resources
else
	t_nok close_destroys_keeps_resources "$(since_mark close | grep -E 'VF 0' | tail -4)"
fi

# 7. unbind: nothing to unload
mark unbind
for v in "$vf0" "$vf1" "$vf2"; do
	echo 0 > "$v/nvidia/current_vgpu_type"
done
t0=$(now)
vgpu_vfs_off
modprobe -r nouveau 2>/dev/null
dt=$(since "$t0")
echo "# unbind of nouveau from the halted GSP: $dt s"
if [ -z "$(drv_of "$pf")" ] && lt "$dt" 20 &&
   since_mark unbind | grep -q 'GSP-RM is not running, not unloading it'; then
	t_ok unbind_fast
else
	t_nok unbind_fast "PF driver '$(drv_of "$pf")' after $dt s"
fi

# 8-9. reset the PF (which boots the simulated GSP anew) and bind again
[ -e "$pf/reset" ] && echo 1 > "$pf/reset"
if vgpu_up 4 > /tmp/gh.up && [ "$(sim_get x-gsp-state)" = 1 ]; then
	t_ok rebind_gsp_running
else
	t_nok rebind_gsp_running "GSP state $(sim_get x-gsp-state)" "$(cat /tmp/gh.up)"
fi
set -- $(vgpu_vfs)
vf0=$1
echo 901 > "$vf0/nvidia/current_vgpu_type" 2>/dev/null
mark rebound
vgpu_guest_hold "$vf0" /tmp/gh2
pid0=$GUEST_PID
if wait_for 30 "since_mark rebound | grep -q '$(bdf_of "$vf0"): vGPU of type .* created'"; then
	t_ok vgpu_created_again
else
	t_nok vgpu_created_again "state $(state "$vf0")"
fi
kill "$pid0" 2>/dev/null
wait "$pid0" 2>/dev/null
wait_for 20 "[ \"\$(state $vf0)\" != active ]"
echo 0 > "$vf0/nvidia/current_vgpu_type" 2>/dev/null
sim_set x-fault-clear 1
