# SPDX-License-Identifier: GPL-2.0
# nouveau's vGPU manager on the simulated GPU: nouveau binds the PF with
# vgpu_mgr=1 and comes up headless without errors, refuses the VFs,
# enables and disables them through sriov_numvfs, and the end-to-end KUnit
# module creates and destroys vGPUs of two types through the manager's API
# (the simulator counting every bootload, shutdown and cleanup it served,
# and refusing none: the manager never asks for what GSP-RM would refuse;
# that the simulated GSP-RM refuses a bootload on another vGPU's FB is a
# simulator test, sim/tests). The manager is an nvkm subdev ("vgpu"), so
# nouveau's per-subdev message levels apply to it: loaded with
# debug=vgpu=debug, its debug messages appear. Last, nouveau is unloaded.
# Sourced by run_script (busybox sh, vm/lib.sh). Prints KTAP.
#
# Needs from the simulated PF what nouveau reads of an Ada GPU before
# GSP-RM runs: its VRAM size at BAR0 0x1183a4 (in MiB, ga102_fb_vidmem_size).
# Runs before the tests that arm simulator faults (an armed fault would
# fail one of nouveau's boot RPCs).

PF_DEVICE=0x7e50
NUM_VFS=3

n=0
ok() { n=$((n + 1)); echo "ok $n $1"; }
nok() { n=$((n + 1)); echo "not ok $n $1"; shift; for m in "$@"; do echo "# $m"; done; }

# Kernel messages of the driver that count as errors, since mark $1.
nouveau_errors() {
	dmesg | sed -n "/nvgpu-vgpu-mgr-mark $1\$/,\$p" |
		grep -iE 'nouveau.*(error|fail|fault|timeout|unknown|not found)|WARNING|BUG:' |
		grep -v 'not driven by nouveau'
}
mark() { echo "nvgpu-vgpu-mgr-mark $1" > /dev/kmsg; }

# Like kunit_module, but without modprobe -r, which would take nouveau
# (no longer used by the test module) away too.
kunit_e2e() {
	local before s rc=1
	before=$(ls /sys/kernel/debug/kunit 2>/dev/null)
	# Post the RC the module asks for (once it has a vGPU to receive it).
	# Block on /dev/kmsg for the request: polling dmesg is slow under TCG
	# and could miss the module's wait.
	(
		timeout 120 grep -q 'nvkm_vgpu_e2e: waiting for an RC' /dev/kmsg &&
			sim_set x-fault-event-rc 1
	) &
	modprobe nvkm_vgpu_e2e rc_inject=1 || { echo "# modprobe nvkm_vgpu_e2e failed"; return 1; }
	wait
	for s in $(ls /sys/kernel/debug/kunit 2>/dev/null); do
		echo "$before" | grep -qx "$s" && continue
		cat "/sys/kernel/debug/kunit/$s/results"
		rc=0
	done
	rmmod nvkm_vgpu_e2e
	return $rc
}

echo "KTAP version 1"
echo "1..11"

pf=$(find_pci 0x10de $PF_DEVICE | head -1)
if [ -z "$pf" ]; then
	echo "# no simulated PF"
	for t in bind headless vfs_refused enable_vfs e2e subdev_debug_level sim_bootloads \
		 sim_no_reject busy_lowered disable_vfs unbind; do
		nok "$t" "no PF"
	done
	return 1
fi
echo "# PF $(basename "$pf")"

# 1. bind: nouveau with the vGPU manager on (reload it if an earlier test
# loaded it without)
modprobe -r nouveau 2>/dev/null
[ -e "$pf/driver" ] && echo "$(basename "$pf")" > "$pf/driver/unbind"
echo > "$pf/driver_override"
mark bind
if modprobe nouveau vgpu_mgr=1 debug=vgpu=debug &&
   [ "$(basename "$(readlink "$pf/driver")")" = nouveau ]; then
	ok bind
else
	nok bind "PF driver: $(basename "$(readlink "$pf/driver" 2>/dev/null)")"
	dmesg | grep -q 'reports no VRAM size' &&
		echo "# the simulated PF must report its VRAM size (MiB) at BAR0 0x1183a4"
fi
dmesg | grep -E 'nouveau|vgpu' | sed 's/^/# /' | tail -20

# 2. headless, no errors, vGPU manager up
e=$(nouveau_errors bind)
if [ -z "$e" ] && dmesg | grep -q 'vgpu:.*MiB of FB'; then
	ok headless
else
	nok headless "errors or no vGPU manager:" "$e"
fi

b0=$(sim_get x-bootloads); s0=$(sim_get x-shutdowns); c0=$(sim_get x-cleanups)
r0=$(sim_get x-bootload-rejects)

# 3./4. enable VFs; nouveau refuses to drive them
mark vfs
echo 1 > "$pf/sriov_drivers_autoprobe"
if echo $NUM_VFS > "$pf/sriov_numvfs" && [ "$(cat "$pf/sriov_numvfs")" = $NUM_VFS ]; then
	ok enable_vfs_sysfs
else
	nok enable_vfs_sysfs "sriov_numvfs: $(cat "$pf/sriov_numvfs")"
fi
bound=0
for v in "$pf"/virtfn*; do
	[ -e "$v/driver" ] && bound=$((bound + 1))
done
if [ $bound = 0 ] && dmesg | grep -q 'not driven by nouveau'; then
	ok vfs_refused
else
	nok vfs_refused "$bound VFs have a driver"
fi

# 5. the end-to-end KUnit module
out=$(kunit_e2e)
rc=$?
echo "$out" | sed 's/^/    /'
if [ $rc = 0 ] && ! echo "$out" | grep -q '^ *not ok'; then
	ok e2e
else
	nok e2e "exit $rc"
fi

# 6. the manager's debug messages (nvkm_debug() of its subdev): a vGPU's
# plugin protocol, at each bootload of the e2e module
if dmesg | sed -n '/nvgpu-vgpu-mgr-mark vfs$/,$p' | grep -q 'vgpu: VF [0-9]*: plugin protocol 0x'; then
	ok subdev_debug_level
else
	nok subdev_debug_level "no 'vgpu: VF N: plugin protocol' message with debug=vgpu=debug"
fi

# 7./8. what the simulator served
b=$(( $(sim_get x-bootloads) - b0 )); s=$(( $(sim_get x-shutdowns) - s0 ))
c=$(( $(sim_get x-cleanups) - c0 )); r=$(( $(sim_get x-bootload-rejects) - r0 ))
echo "# simulator: $b bootloads, $s shutdowns, $c cleanups, $r rejected"
if [ $b -ge 2 ] && [ $s = $b ] && [ $c = $b ]; then
	ok sim_bootloads
else
	nok sim_bootloads "bootloads $b shutdowns $s cleanups $c"
fi
if [ $r = 0 ]; then ok sim_no_reject; else nok sim_no_reject "$r bootloads refused"; fi

# 9. lowering sriov_numvfs with a vGPU is refused (checked in e2e); with
# none left it works
mark disable
if echo 0 > "$pf/sriov_numvfs" && [ "$(cat "$pf/sriov_numvfs")" = 0 ]; then
	ok disable_vfs
else
	nok disable_vfs "sriov_numvfs: $(cat "$pf/sriov_numvfs")"
fi

# 10. again, to see that enabling after disabling works
if echo 2 > "$pf/sriov_numvfs" && echo 0 > "$pf/sriov_numvfs"; then
	ok reenable_vfs
else
	nok reenable_vfs "sriov_numvfs: $(cat "$pf/sriov_numvfs")"
fi

# 11. unbind with VFs enabled: nouveau takes them away first
echo 1 > "$pf/sriov_numvfs"
mark unbind
if modprobe -r nouveau &&
   [ ! -e "$pf/driver" ] && [ "$(cat "$pf/sriov_numvfs")" = 0 ] &&
   [ -z "$(nouveau_errors unbind)" ]; then
	ok unbind
else
	nok unbind "driver $(readlink "$pf/driver"), sriov_numvfs $(cat "$pf/sriov_numvfs")" \
		"$(nouveau_errors unbind)"
fi
