# SPDX-License-Identifier: GPL-2.0
# `make run` inside the L2 VM, the main job: bring up the simulated host,
# create vGPUs of two types on two VFs the way an administrator does, boot
# a guest on each with stock QEMU through VFIO, show what each guest
# reported, and tear everything down. Prints @@@NVGPU-RUN-OK when every
# guest saw what the administrator chose.
. /nvgpu/vm-tests/vgpu-vfio.lib

TYPE0=904 TYPE1=901
failed=0
step() { echo; echo "== $*"; }
show() { echo "\$ $*"; eval "$@" 2>&1 | sed 's/^/  /'; }

step "1. The simulated GPU (PF) and nouveau with its vGPU manager"
pf=$(vgpu_pf)
if [ -z "$pf" ]; then
	echo "no simulated GPU found"
	return 0
fi
echo "PF $(bdf_of "$pf"): $(cat "$pf/vendor"):$(cat "$pf/device") class $(cat "$pf/class")," \
     "sriov_totalvfs $(cat "$pf/sriov_totalvfs")"
show modprobe nouveau vgpu_mgr=1
if ! vgpu_up 4; then
	echo "the vGPU manager did not come up"
	dmesg | grep -E 'nouveau|vgpu' | tail -20
	return 0
fi
dmesg | grep -E 'nouveau .*(NVIDIA|vgpu:|VRAM)' | sed 's/^\[[ 0-9.]*\] /  /'

step "2. Four VFs, bound to nvidia-vgpu-vfio-pci"
set -- $(vgpu_vfs)
vf0=$1 vf1=$2
for v in "$@"; do
	echo "  VF $(bdf_of "$v"): driver $(drv_of "$v"), IOMMU group" \
	     "$(basename "$(readlink "$v/iommu_group")")"
done

step "3. vGPU types this VF can take now"
show cat "$vf0/nvidia/creatable_vgpu_types"

step "4. Assign two different types"
show "echo $TYPE0 > $vf0/nvidia/current_vgpu_type"
show "echo $TYPE1 > $vf1/nvidia/current_vgpu_type"
for v in "$vf0" "$vf1"; do
	echo "  $(bdf_of "$v"): type $(cat "$v/nvidia/current_vgpu_type")" \
	     "$(cat "$v/nvidia/vgpu_type_name"), FB $(cat "$v/nvidia/vgpu_fb_size") bytes," \
	     "BAR1 $(cat "$v/nvidia/vgpu_bar1_size") bytes"
done
echo "  creatable on $(bdf_of "$vf0") now: '$(cat "$vf0/nvidia/creatable_vgpu_types")' (it has a type)"

step "5. Boot a Linux guest on each VF (stock QEMU 10, -device vfio-pci; $L3_ACCEL_DESC)"
echo "  guest 0: VFIO group path; guest 1: iommufd cdev path"
echo "  each with its display on (display=on): the guest's display checks, then a"
echo "  glmark2 (Mesa's llvmpipe: software rendering, the simulator has no 3D engine;"
echo "  frames reach the vGPU's FB through its copy engine), then a screendump of its frame"
disp=1
vgpu_display_guest_start "$vf0" "$(vgpu_subsys $TYPE0)" /tmp/run-guest0 group ||
	{ disp=0; vgpu_guest_start "$vf0" "$(vgpu_subsys $TYPE0)" /tmp/run-guest0 group; }
p0=$GUEST_PID t0=$GUEST_T0
if [ $disp = 1 ]; then
	vgpu_display_guest_start "$vf1" "$(vgpu_subsys $TYPE1)" /tmp/run-guest1 iommufd
else
	echo "  QEMU refused display=on: no screendumps"
	vgpu_guest_start "$vf1" "$(vgpu_subsys $TYPE1)" /tmp/run-guest1 iommufd
fi
p1=$GUEST_PID t1=$GUEST_T0
# one screendump per guest as PNG; run.sh saves them in the cache's out/
for g in 0 1; do
	[ $disp = 1 ] || break
	if GUEST_PID=$(eval echo \$p$g) GUEST_T0=$(eval echo \$t$g) vgpu_screendump /tmp/run-guest$g /tmp/run-guest$g.ppm \
		/tmp/run-guest$g.png; then
		echo "  guest $g: screendump $(/nvgpu/bin/ppm-frame /tmp/run-guest$g.ppm) (w h crc non-black)," \
		     "guest said $(grep '^@@@L3-FRAME' /tmp/run-guest$g | tr -d '\r' | sed 's/^@@@L3-FRAME //')"
		echo "@@@PNG-BEGIN guest$g"
		base64 < /tmp/run-guest$g.png | sed 's/^/@@@PNG /'
		echo "@@@PNG-END guest$g"
	else
		echo "  guest $g: no screendump"
	fi
done
for g in "0 $vf0 $p0 $t0" "1 $vf1 $p1 $t1"; do
	set -- $g
	echo "  guest $1 on $(bdf_of "$2"):"
	GUEST_T0=$4 l3_report "guest$1" "$2" "$3" "/tmp/run-guest$1" > "/tmp/run-report$1"
	rc=$?
	# what the guest saw: its lspci-style view, the plugin's report, results
	grep -E '^    # (0000|  Capabilities|  Region|driver|plugin|MSI-X)' "/tmp/run-report$1" |
		sed 's/^    # /    /'
	grep -E '^# guest' "/tmp/run-report$1" | sed 's/^# /    /'
	echo "    guest checks: $(grep -cE '^    ok ' "/tmp/run-report$1") passed," \
	     "$(grep -cE '^    not ok ' "/tmp/run-report$1") failed"
	grep -E '^    not ok ' "/tmp/run-report$1" | sed 's/^    /      /'
	# the execution workload: copies on the vGPU's copy engine, its faults
	echo "    $(l3_exec_summary "/tmp/run-guest$1")"
	echo "    glmark2: $(grep '^@@@L3-GLMARK2' "/tmp/run-guest$1" | tr -d '\r' | sed 's/^@@@L3-GLMARK2 //') (Mesa llvmpipe: software rendering, frames through the vGPU)"
	grep -E '^        not ok ' "/tmp/run-report$1" | sed 's/^        /      /'
	echo "    reported by the plugin: $(grep '^@@@L3-VGPU' "/tmp/run-guest$1" | tr -d '\r' | sed 's/^@@@L3-VGPU //')"
	echo "    admin chose:            type=$(cat "$2/nvidia/current_vgpu_type")" \
	     "name=$(cat "$2/nvidia/vgpu_type_name") FB $(cat "$2/nvidia/vgpu_fb_size")" \
	     "BAR1 $(cat "$2/nvidia/vgpu_bar1_size")"
	if [ $rc = 0 ]; then
		echo "    => match"
	else
		echo "    => MISMATCH or guest failure:"
		grep -E '^# ' "/tmp/run-report$1" | grep -vE '^# guest[01]:' | sed 's/^# /      /'
		failed=1
	fi
done

step "6. Tear down"
show "echo 0 > $vf0/nvidia/current_vgpu_type"
show "echo 0 > $vf1/nvidia/current_vgpu_type"
vgpu_vfs_off
show cat "$pf/sriov_numvfs"
echo
echo "simulator: $(sim_get x-bootloads) bootloads, $(sim_get x-shutdowns) shutdowns," \
     "$(sim_get x-cleanups) cleanups, $(sim_get x-rpc-errors) RPC errors"
[ $failed = 0 ] && echo "@@@NVGPU-RUN-OK"
