# SPDX-License-Identifier: GPL-2.0
# `make bench` inside the L2 VM (nvgpu.job=bench or bench-quick): every
# measurement of the benchmark in one boot, as "@@@BENCH" sample lines for
# tools/testing/nvidia-vgpu/bench.sh, which makes the table. Prints
# @@@BENCH-OK when every part ran. vm.sh gives this VM a larger simulated
# VRAM (16 vGPUs of 544 MiB) and an e1000e for the plain vfio-pci peer.
. /nvgpu/vm-tests/vgpu-vfio.lib

B=/nvgpu/bin/vgpu-bench
quick=0
[ "$job" = bench-quick ] && quick=1
if [ $quick = 1 ]; then
	REP=3 SCALE="1 4 16" GAP=60 INIT=5
else
	REP=10 SCALE="1 4 8 16" GAP=60 INIT=20
fi
failed=
part() { echo "@@@BENCH-PART $*"; }
fail() { failed="$failed $1"; echo "@@@BENCH-FAIL $*"; }
have_sim=0
[ -n "$(sim_get x-gsp-state 2>/dev/null)" ] && have_sim=1
echo "@@@BENCH-MODE quick=$quick repeats=$REP sim=$have_sim l3=$L3_ACCEL"

part setup
# as many VFs as the PF offers, at most 16
pf=$(vgpu_pf)
nvf=$(cat "$pf/sriov_totalvfs" 2>/dev/null || echo 0)
[ "$nvf" -gt 16 ] && nvf=16
if ! vgpu_up "$nvf"; then
	fail setup "no vGPU manager with $nvf VFs"
	echo "@@@BENCH-DONE"
	return 0
fi
set -- $(vgpu_vfs)
i=0 bdfs= refused=
for v in "$@"; do
	# the two smallest types, 8 instances each
	t=901
	[ $i -ge 8 ] && t=902
	if echo $t > "$v/nvidia/current_vgpu_type" 2>/dev/null; then
		bdfs="$bdfs $(bdf_of "$v")"
	else
		refused="$refused $(bdf_of "$v")"
	fi
	i=$((i + 1))
done
# Not a failure but a figure: what limits the vGPUs of one PF (the
# channel IDs the manager shares out, with the smallest types)
[ -n "$refused" ] && echo "@@@BENCH-NOTE the PF took $(echo $bdfs | wc -w) vGPUs of" \
	"types 901/902; refused on:$refused (-ENOSPC: channel IDs or FB)"
set -- $bdfs
vf0=$1
echo "@@@BENCH-VFS $# $bdfs"
echo "@@@BENCH max_vgpus count $#"
[ $# -ge 1 ] || { fail setup "no VF took a type"; echo "@@@BENCH-DONE"; return 0; }
# the scale points that fit, and the most the PF holds
pts=
for n in $SCALE; do [ "$n" -lt $# ] && pts="$pts $n"; done
SCALE="$pts $#"
[ $have_sim = 1 ] && echo "@@@BENCH host_rss_idle KiB $(sim_get x-host-rss-kib)"

# 1. create->ready and destroy with the simulator's timeline
part lifecycle
[ $have_sim = 1 ] && sim_set x-timeline-on 1
$B cycle life "$REP" "$GAP" "$vf0" || fail lifecycle
if [ $have_sim = 1 ]; then
	sim_set x-timeline-on 0
	echo "@@@BENCH-TL $(sim_get x-timeline)"
fi

# 2. scale: N vGPUs on the PF, N-1 of them live while the Nth is created
part scale
for n in $SCALE; do
	live=$(echo "$@" | cut -d' ' -f2-"$n")
	[ "$n" = 1 ] && live=
	if [ $have_sim = 1 ] && [ "$n" = "$(echo $SCALE | awk '{print $NF}')" ]; then
		export BENCH_LIVE_HOOK=". /nvgpu/lib.sh; echo \"@@@BENCH host_rss_live$((n - 1)) KiB \$(sim_get x-host-rss-kib)\""
	fi
	$B cycle "scale$n" "$REP" 0 "$vf0" $live || fail "scale$n"
	unset BENCH_LIVE_HOOK
done
[ $have_sim = 1 ] && echo "@@@BENCH host_rss_after KiB $(sim_get x-host-rss-kib)"
[ $have_sim = 1 ] && echo "@@@BENCH sim_scrubbed_bytes B $(sim_get x-scrubbed-bytes)"

# 3. L2 userspace through the VFIO BAR1 mmap against anonymous memory
part bar1
$B bar1 "$vf0" 16 "$REP" || fail bar1

# 5. the VFIO device-init loop on our VF and on a plain vfio-pci device
part init
$B init vf "$INIT" "$vf0" || fail init-vf
peer=$(find_pci 0x8086 0x10d3 | head -1)
if [ -n "$peer" ]; then
	[ -e "$peer/driver" ] && echo "$(bdf_of "$peer")" > "$peer/driver/unbind"
	echo vfio-pci > "$peer/driver_override"
	echo "$(bdf_of "$peer")" > /sys/bus/pci/drivers_probe 2>/dev/null
	if [ "$(drv_of "$peer")" = vfio-pci ]; then
		$B init e1000e "$INIT" "$(bdf_of "$peer")" || fail init-e1000e
	else
		fail init-e1000e "the e1000e did not bind to vfio-pci"
	fi
else
	echo "# no e1000e (8086:10d3) in this VM: no plain vfio-pci peer"
fi

# 4. the L3 guest's copy engine and FB (the existing guest workload)
if [ $quick = 0 ]; then
	part guest
	vgpu_guest_start "/sys/bus/pci/devices/$vf0" "$(vgpu_subsys 901)" /tmp/bench-guest group \
		"nvgpu.exec_neg=0"
	if wait_for $((300 * L3_TMO_SCALE)) "! kill -0 $GUEST_PID 2>/dev/null"; then
		tr -d '\r' < /tmp/bench-guest | grep -E '^@@@L3-(EXEC|BAR1)' | sed 's/^/@@@BENCH-GUEST /'
		grep -q '^@@@L3-EXEC' /tmp/bench-guest || fail guest "no @@@L3-EXEC from the guest"
	else
		kill -9 "$GUEST_PID" 2>/dev/null
		fail guest "the L3 guest did not finish"
	fi
fi

for v in $(vgpu_vfs); do echo 0 > "$v/nvidia/current_vgpu_type"; done
vgpu_vfs_off
[ -z "$failed" ] && echo "@@@BENCH-OK"
echo "@@@BENCH-DONE"
