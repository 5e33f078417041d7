# SPDX-License-Identifier: GPL-2.0
# nvgpu-timeout: 600
# Debian's stock libvirt 11.3 (bookworm-backports) drives a vGPU: a domain
# with <hostdev mode='subsystem' type='pci' managed='yes'> for a VF that
# no driver has and whose module is not even loaded, as on a host after
# boot. libvirt must find nvidia-vgpu-vfio-pci by itself (the module's
# vfio_pci: alias in modules.alias, as for every VFIO variant driver),
# load and bind it; libvirt's qemu hook (vm/libvirt/hooks/qemu) writes the
# vGPU type from the domain's metadata once the VF is bound, before QEMU
# opens it; the L3 guest's checks run nested; when the guest powered off,
# libvirt gives the VF back (no driver, as before) and no vGPU is left.
# A second domain finds its VF already bound to the variant driver (as
# driverctl leaves it): libvirt keeps that binding, and `virsh destroy`
# of the running guest ends its vGPU. Also nodedev-list/nodedev-dumpxml
# of the VFs through libvirt's udev backend, without udevd.
. /nvgpu/vm-tests/vgpu-vfio.lib
. /nvgpu/libvirt/libvirt.lib

N=16
echo "KTAP version 1"
echo "1..$N"
echo "# L3 accelerator: $L3_ACCEL_DESC"
if ! vgpu_up 4; then
	t_skip_rest $N "no vGPU manager"
	return 0
fi
set -- $(vgpu_vfs)
vf0=$1 vf1=$2
pf=$(vgpu_pf)
TYPE=904
bdf0=$(bdf_of "$vf0")
nd0=pci_$(echo "$bdf0" | tr ':.' '__')
# lv_cleanup: what the test leaves behind whatever failed
lv_cleanup() {
	libvirt_down
	for v in "$vf0" "$vf1"; do
		[ -e "$v/nvidia" ] && echo 0 > "$v/nvidia/current_vgpu_type"
	done
	return 0
}

# The type's details for the guest's command line, read on another VF
# (VF0 has no driver, hence no nvidia/ directory, until libvirt binds it).
echo $TYPE > "$vf1/nvidia/current_vgpu_type"
cmdline="$(vgpu_cmdline "$vf1") nvgpu.dev=7e50 nvgpu.subsys=$(vgpu_subsys $TYPE)"
want="type=$TYPE name=$(cat "$vf1/nvidia/vgpu_type_name")"
echo 0 > "$vf1/nvidia/current_vgpu_type"
free_before=$(tr '\n' ' ' < "$vf1/nvidia/creatable_vgpu_types")

# The host as it boots: no VF bound to any driver, the variant driver's
# module not loaded (libvirt has to find and load it).
for v in $(vgpu_vfs); do
	[ -e "$v/driver" ] && echo "$(bdf_of "$v")" > "$v/driver/unbind"
	echo > "$v/driver_override"
done
rmmod $VGPU_DRV 2>/dev/null
drv_before=$(drv_of "$vf0")
echo "# VF0 $bdf0: driver before: '${drv_before:-none}'; $VGPU_DRV loaded: $(lsmod | grep -c "^$VGPU_DRV ")"

# 1: what libvirt reads to pick the driver: the VF's modalias matches a
# vfio_pci: alias of our module in modules.alias
alias_file=/lib/modules/$(uname -r)/modules.alias
ma=$(cat "$vf0/modalias")
vid=$(echo "$ma" | sed -n 's/^pci:\(v[0-9A-F]*d[0-9A-F]*\).*/\1/p')
al=$(grep "^alias vfio_pci:$vid" "$alias_file" 2>/dev/null)
echo "# modalias $ma; alias: ${al:-none}"
t_is modules_alias_names_variant_driver "$(echo "$al" | awk '{print $3}' | sort -u)" $VGPU_DRV

# 2: the daemon (the VFs exist before it starts: see libvirt_up)
if libvirt_up; then
	t_ok libvirtd_started
else
	t_nok libvirtd_started
	t_skip_rest $N "no libvirtd"
	lv_cleanup
	return 0
fi

# 3: every VF listed by nodedev-list --cap pci
list=$(virsh nodedev-list --cap pci 2>&1)
miss=
for v in $(vgpu_vfs); do
	n=pci_$(bdf_of "$v" | tr ':.' '__')
	echo "$list" | grep -qx "$n" || miss="$miss $n"
done
if [ -z "$miss" ] && [ -n "$list" ]; then
	t_ok nodedev_list_has_vfs
else
	t_nok nodedev_list_has_vfs "missing:$miss" "$(echo "$list" | tail -5)"
fi
echo "# nodedev-list --cap pci: $(echo "$list" | grep -c .) devices"

# 4: nodedev-dumpxml of VF0: PCI capability with the VF's IDs, its IOMMU
# group as sysfs has it, its PF, no driver
# lv_addr BDF: the <address .../> libvirt writes for BDF
lv_addr() {
	local b=$1
	echo "<address domain='0x${b%%:*}' bus='0x$(echo "$b" | cut -d: -f2)' slot='0x$(echo "${b##*:}" | cut -d. -f1)' function='0x${b##*.}'/>"
}
xml=$(virsh nodedev-dumpxml "$nd0" 2>&1)
echo "$xml" | sed 's/^/#   /'
grp=$(basename "$(readlink "$vf0/iommu_group")")
bad=
echo "$xml" | grep -q "<capability type='pci'>" || bad="$bad no-pci-capability"
echo "$xml" | grep -q "<vendor id='$(cat "$vf0/vendor")'" || bad="$bad vendor"
echo "$xml" | grep -q "<product id='$(cat "$vf0/device")'" || bad="$bad product"
echo "$xml" | grep -q "<iommuGroup number='$grp'>" || bad="$bad iommuGroup!=$grp"
echo "$xml" | sed -n "/<capability type='phys_function'>/,/<\/capability>/p" |
	grep -qF "$(lv_addr "$(bdf_of "$pf")")" || bad="$bad phys_function!=$(bdf_of "$pf")"
echo "$xml" | grep -q '<driver>' && bad="$bad has-a-driver"
[ -z "$bad" ] && t_ok nodedev_dumpxml_vf || t_nok nodedev_dumpxml_vf "wrong:$bad"

# 5, 6: define and start the domain; the hook writes the type
boots0=$(sim_get x-bootloads) downs0=$(sim_get x-shutdowns)
lv_domain_xml nvgpu-l3 "$vf0" $TYPE "$cmdline" "$LV_TMP/guest0.out" > "$LV_TMP/guest0.xml"
if out=$(virsh define "$LV_TMP/guest0.xml" 2>&1); then
	t_ok domain_defined
else
	t_nok domain_defined "$(echo "$out" | tr '\n' ' ')"
fi
sed 's/^/#   /' "$LV_TMP/guest0.xml"
t0=$(cut -d' ' -f1 /proc/uptime)
if out=$(virsh start nvgpu-l3 2>&1); then
	t_ok domain_started
else
	t_nok domain_started "$(echo "$out" | tr '\n' ' ')"
	libvirt_log_tail 15
fi
GUEST_T0=$t0

# 7: libvirt bound our variant driver, not vfio-pci, and loaded it
t_is libvirt_bound_variant_driver "$(drv_of "$vf0")" $VGPU_DRV
echo "# driver_override: $(cat "$vf0/driver_override"); $VGPU_DRV loaded: $(lsmod | grep -c "^$VGPU_DRV ")"
grep -E 'vfio_pci|alias|Bind|stub|driver_override' "$LV_TMP/libvirtd.log" 2>/dev/null |
	sed 's/^[^ ]* [^ ]* //' | tail -6 | sed 's/^/#   libvirtd: /'

# 8: nodedev-dumpxml reports it too
t_is nodedev_dumpxml_driver \
	"$(virsh nodedev-dumpxml "$nd0" 2>&1 | sed -n '/<driver>/,/<\/driver>/s/.*<name>\(.*\)<\/name>.*/\1/p')" $VGPU_DRV

# 9: the type the hook wrote, and the vGPU of the running guest
if wait_for $((60 * L3_TMO_SCALE)) "[ \"\$(cat $vf0/nvidia/vgpu_state 2>/dev/null)\" = active ]"; then :; fi
t_is vgpu_type_from_metadata_active \
	"$(cat "$vf0/nvidia/current_vgpu_type" 2>/dev/null) $(cat "$vf0/nvidia/vgpu_state" 2>/dev/null)" "$TYPE active"

# 10: the guest (its checks nested) until it powers off
lv_report() {	# lv_report NAME DOMAIN OUT
	local name=$1 dom=$2 out=$3 got boot bad= t1
	lv_wait_off "$dom" $((240 * L3_TMO_SCALE)) || {
		bad="guest did not finish in $((240 * L3_TMO_SCALE)) s"
		virsh -q destroy "$dom" > /dev/null 2>&1
	}
	# the known platform crash (l3_platform_crash, vgpu-vfio.lib): once more
	if [ -z "$bad" ] && l3_platform_crash "$out"; then
		echo "# $name: the L3 guest kernel died of the known platform fault; booting it once more"
		echo "@@@NVGPU-L3-RETRY $name"
		cp "$out" "$out.crash"
		GUEST_T0=$(cut -d' ' -f1 /proc/uptime)
		virsh -q start "$dom" > /dev/null 2>&1 &&
			lv_wait_off "$dom" $((240 * L3_TMO_SCALE)) ||
			bad="the second boot did not finish"
	fi
	t1=$(cut -d' ' -f1 /proc/uptime)
	echo "    # Subtest: $name"
	sed -n '/^KTAP version/,/^@@@L3-DONE/p' "$out" | tr -d '\r' | grep -v '^@@@' |
		grep -E '^ *(KTAP|1\.\.|ok |not ok |#)' | sed 's/^/    /'
	boot=$(sed -n 's/^@@@L3-BOOTED [^ ]* \([0-9.]*\)s.*/\1/p' "$out" | tr -d '\r')
	echo "# $name: L3 guest reached init at ${boot:-?}s of guest uptime," \
	     "whole run $(echo "${GUEST_T0:-$t1} $t1" | awk '{printf "%.1f", $2-$1}')s ($L3_ACCEL_DESC)"
	echo "@@@NVGPU-L3-BOOT $name ${boot:-none}"
	got=$(grep '^@@@L3-VGPU' "$out" | tr -d '\r' | sed 's/^@@@L3-VGPU //; s/ fb=.*//')
	grep -qE 'WARNING:|BUG:|Oops|Call Trace|Kernel panic' "$out" && bad="${bad:+$bad, }kernel warning in the guest"
	grep -q '^@@@L3-DONE rc=0' "$out" || bad="${bad:+$bad, }guest checks failed or did not finish"
	[ "$got" = "$want" ] || bad="${bad:+$bad, }guest saw '$got', the domain asked for '$want'"
	if [ -z "$bad" ]; then
		t_ok "$name"
		return 0
	fi
	t_nok "$name" "$bad"
	grep -vE '^ *(KTAP|1\.\.|ok |not ok |#|@@@)' "$out" | tr -d '\r' | tail -40 | sed 's/^/# guest: /'
	libvirt_log_tail 10
	return 1
}
lv_report guest_libvirt_managed_type_$TYPE nvgpu-l3 "$LV_TMP/guest0.out"

# 11: libvirt gave the VF back: the driver it had before (none), no
# driver_override left
t_is vf_given_back "$(drv_of "$vf0") $(cat "$vf0/driver_override")" "${drv_before} (null)"
echo "# domain state: $(virsh domstate --reason nvgpu-l3 2>&1)"

# 12: no vGPU left: GSP booted one vGPU and shut it down; bound again, VF0
# has no type and the PF's free capacity is what it was
boots=$(( $(sim_get x-bootloads) - boots0 )) downs=$(( $(sim_get x-shutdowns) - downs0 ))
vgpu_up 4 > /dev/null
t_is no_leftover_vgpu \
	"$boots $downs $(cat "$vf0/nvidia/vgpu_state") $(tr '\n' ' ' < "$vf1/nvidia/creatable_vgpu_types")" \
	"1 1 unassigned $free_before"

# 13-16: a VF already bound to the variant driver (vgpu_up did what
# driverctl does): libvirt uses it as it is, the hook writes the type,
# `virsh destroy` ends the running guest and its vGPU, the VF stays bound.
virsh -q undefine nvgpu-l3 > /dev/null 2>&1
drv_before=$(drv_of "$vf0")
boots0=$(sim_get x-bootloads) downs0=$(sim_get x-shutdowns)
lv_domain_xml nvgpu-l3-hold "$vf0" $TYPE "nvgpu.hold=1" "$LV_TMP/guest1.out" > "$LV_TMP/guest1.xml"
if out=$(virsh define "$LV_TMP/guest1.xml" 2>&1 && virsh start nvgpu-l3-hold 2>&1) &&
   wait_for $((60 * L3_TMO_SCALE)) "[ \"\$(cat $vf0/nvidia/vgpu_state 2>/dev/null)\" = active ]"; then
	t_ok prebound_vf_guest_running
else
	t_nok prebound_vf_guest_running "$(echo "$out" | tr '\n' ' ')" "state $(cat "$vf0/nvidia/vgpu_state" 2>/dev/null)"
	libvirt_log_tail 10
fi
t_is prebound_vf_kept_driver "$(drv_of "$vf0")" "$drv_before"
if out=$(virsh destroy nvgpu-l3-hold 2>&1) && lv_wait_off nvgpu-l3-hold 30; then
	t_ok domain_destroyed
else
	t_nok domain_destroyed "$(echo "$out" | tr '\n' ' ')"
fi
boots=$(( $(sim_get x-bootloads) - boots0 )) downs=$(( $(sim_get x-shutdowns) - downs0 ))
# the VF keeps its driver and its type (the admin releases it), no vGPU
t_is destroy_no_leftover_vgpu \
	"$(drv_of "$vf0") $(cat "$vf0/nvidia/current_vgpu_type" 2>/dev/null) $(cat "$vf0/nvidia/vgpu_state" 2>/dev/null) $boots $downs" \
	"$drv_before $TYPE assigned 1 1"

lv_cleanup
