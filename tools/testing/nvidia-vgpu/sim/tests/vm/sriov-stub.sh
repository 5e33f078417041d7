#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# SR-IOV of the simulated GPU (nvidia-vgpu-sim) without any driver of
# ours: bind the PF to pci-pf-stub, enable 4 VFs through sysfs, check
# their IDs, BARs and IOMMU groups, disable them again. Runs inside the
# L2 VM as root (busybox sh). Prints KTAP.

PF_VENDOR=0x10de
PF_DEVICE=0x7e50	# NVSIM_PCI_PF_DEVICE_ID (sim/gsp/nvsim.h)
VF_DEVICE=0x7e51	# NVSIM_PCI_VF_DEVICE_ID
CLASS=0x030200		# 3D controller
NUM=4
MiB=$((1024 * 1024))
# struct resource flags (include/linux/ioport.h)
IORESOURCE_MEM=0x00000200
IORESOURCE_PREFETCH=0x00002000
IORESOURCE_MEM_64=0x00100000
# First SR-IOV resource in the PF's sysfs resource file (PCI_IOV_RESOURCES)
IOV_RES=7

n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n $1"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n $1"; shift; for m in "$@"; do echo "# $m"; done; }
skip() { n=$((n + 1)); echo "ok $n $1 # SKIP $2"; }

# res_line DEV IDX -> "start end flags" of resource IDX
res_line() { sed -n "$(($2 + 1))p" "$1/resource"; }
res_size() {	# res_size DEV IDX
	set -- $(res_line "$1" "$2")
	[ -n "$1" ] || { echo 0; return; }
	if [ $(($1)) = 0 ] && [ $(($2)) = 0 ]; then echo 0; else echo $(($2 - $1 + 1)); fi
}
res_flags() { set -- $(res_line "$1" "$2"); echo $(($3)); }
# check_bar DEV IDX SIZE 64BIT(0/1) PREFETCH(0/1) -> empty or an error
check_bar() {
	local sz fl
	sz=$(res_size "$1" "$2")
	fl=$(res_flags "$1" "$2")
	[ "$sz" = "$3" ] || { echo "$(basename "$1") BAR$2 size $sz, want $3"; return; }
	[ $((fl & IORESOURCE_MEM)) != 0 ] || { echo "$(basename "$1") BAR$2 not memory"; return; }
	[ $(((fl & IORESOURCE_MEM_64) != 0)) = "$4" ] || { echo "$(basename "$1") BAR$2 64-bit flag != $4"; return; }
	[ $(((fl & IORESOURCE_PREFETCH) != 0)) = "$5" ] || { echo "$(basename "$1") BAR$2 prefetch flag != $5"; return; }
}
is_pow2() { [ "$1" -gt 0 ] && [ $(($1 & ($1 - 1))) = 0 ]; }

echo "KTAP version 1"
echo "1..13"

# 1. the PF
pf=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor" 2>/dev/null)" = "$PF_VENDOR" ] &&
		[ "$(cat "$d/device" 2>/dev/null)" = "$PF_DEVICE" ] && { pf=$d; break; }
done
if [ -z "$pf" ]; then
	nok pf_found "no PCI function $PF_VENDOR:$PF_DEVICE"
	# Nothing else can run; report the rest as failed so the plan holds.
	for t in pf_class pf_bars pf_bind_pf_stub sriov_totalvfs enable_vfs vf_ids \
		 vf_bars vf_no_driver vf_iommu_groups vf_boot1_vf_bit disable_vfs; do
		nok "$t" "no PF"
	done
	exit 1
fi
bdf=$(basename "$pf")
ok pf_found
echo "# PF $bdf"

# 2. class
c=$(cat "$pf/class")
if [ "$c" = "$CLASS" ]; then ok pf_class; else nok pf_class "class $c, want $CLASS"; fi

# 3. PF BARs: BAR0 16M 32-bit, BAR1 256M 64-bit pref, BAR3 32M 64-bit pref
e="$(check_bar "$pf" 0 $((16 * MiB)) 0 0)$(check_bar "$pf" 1 $((256 * MiB)) 1 1)$(check_bar "$pf" 3 $((32 * MiB)) 1 1)"
if [ -z "$e" ]; then ok pf_bars; else nok pf_bars "$e"; fi

# 4. bind to pci-pf-stub
[ -d /sys/bus/pci/drivers/pci-pf-stub ] || modprobe pci-pf-stub 2>/dev/null
if [ -e "$pf/driver" ]; then
	echo "$bdf" > "$pf/driver/unbind" 2>/dev/null
fi
echo pci-pf-stub > "$pf/driver_override"
echo "$bdf" > /sys/bus/pci/drivers_probe 2>/dev/null
drv=$(basename "$(readlink "$pf/driver" 2>/dev/null)" 2>/dev/null)
if [ "$drv" = pci-pf-stub ]; then ok pf_bind_pf_stub; else nok pf_bind_pf_stub "driver '$drv'"; fi

# 5. TotalVFs
total=$(cat "$pf/sriov_totalvfs" 2>/dev/null || echo 0)
echo "# sriov_totalvfs $total"
if [ "$total" -ge "$NUM" ] && [ "$total" -le 32 ]; then
	ok sriov_totalvfs
else
	nok sriov_totalvfs "sriov_totalvfs $total, want $NUM..32"
fi

# 6. enable 4 VFs without probing drivers for them
echo 0 > "$pf/sriov_drivers_autoprobe"
err=
if ! echo "$NUM" > "$pf/sriov_numvfs"; then
	err="writing sriov_numvfs failed"
fi
got=$(cat "$pf/sriov_numvfs")
[ "$got" = "$NUM" ] || err="$err; sriov_numvfs reads $got"
vfs=
i=0
while [ $i -lt $NUM ]; do
	if [ -e "$pf/virtfn$i" ]; then
		vfs="$vfs $(basename "$(readlink "$pf/virtfn$i")")"
	else
		err="$err; no virtfn$i"
	fi
	i=$((i + 1))
done
if [ -z "$err" ]; then
	ok enable_vfs
else
	hint=
	dmesg | grep -q 'not enough MMIO resources for SR-IOV' &&
		hint="the VF BARs got no address space: boot with pci=realloc (firmware does not size SR-IOV BARs)"
	nok enable_vfs "$err" ${hint:+"$hint"} "$(dmesg | grep -i -E 'sr-iov|VF BAR' | tail -5)"
fi
echo "# VFs:$vfs"

# 7. VF IDs
err=
for v in $vfs; do
	d=/sys/bus/pci/devices/$v
	[ "$(cat $d/vendor)" = "$PF_VENDOR" ] || err="$err $v vendor $(cat $d/vendor);"
	[ "$(cat $d/device)" = "$VF_DEVICE" ] || err="$err $v device $(cat $d/device);"
	[ "$(cat $d/class)" = "$CLASS" ] || err="$err $v class $(cat $d/class);"
	[ "$(basename "$(readlink $d/physfn)")" = "$bdf" ] || err="$err $v physfn;"
done
if [ -n "$vfs" ] && [ -z "$err" ]; then ok vf_ids; else nok vf_ids "${err:-no VFs}"; fi

# 8. VF BARs: BAR0 16M 32-bit; BAR1 = the PF's VF BAR1 / TotalVFs,
#    64-bit prefetchable; BAR3 32M 64-bit prefetchable
iov1=$(res_size "$pf" $((IOV_RES + 1)))
vf1=$((iov1 / (total > 0 ? total : 1)))
echo "# VF BAR1 $((vf1 / MiB)) MiB (SR-IOV BAR1 $((iov1 / MiB)) MiB)"
err=
is_pow2 "$vf1" && [ "$vf1" -ge "$MiB" ] || err="VF BAR1 size $vf1 not a power of two >= 1 MiB;"
for v in $vfs; do
	d=/sys/bus/pci/devices/$v
	err="$err$(check_bar $d 0 $((16 * MiB)) 0 0)$(check_bar $d 1 $vf1 1 1)$(check_bar $d 3 $((32 * MiB)) 1 1)"
done
if [ -n "$vfs" ] && [ -z "$err" ]; then ok vf_bars; else nok vf_bars "${err:-no VFs}"; fi

# 9. autoprobe off: no driver bound to the VFs
err=
for v in $vfs; do
	[ -e /sys/bus/pci/devices/$v/driver ] && err="$err $v bound to $(basename "$(readlink /sys/bus/pci/devices/$v/driver)");"
done
if [ -n "$vfs" ] && [ -z "$err" ]; then ok vf_no_driver; else nok vf_no_driver "${err:-no VFs}"; fi

# 10. each VF alone in its own IOMMU group
if [ ! -d /sys/kernel/iommu_groups ] || [ -z "$(ls /sys/kernel/iommu_groups 2>/dev/null)" ]; then
	skip vf_iommu_groups "no IOMMU"
else
	err= seen=
	for v in $vfs; do
		g=$(basename "$(readlink /sys/bus/pci/devices/$v/iommu_group 2>/dev/null)" 2>/dev/null)
		if [ -z "$g" ]; then err="$err $v has no group;"; continue; fi
		case " $seen " in *" $g "*) err="$err group $g shared;" ;; esac
		seen="$seen $g"
		cnt=$(ls /sys/kernel/iommu_groups/$g/devices | wc -l)
		[ "$cnt" = 1 ] || err="$err group $g has $cnt devices;"
	done
	echo "# groups:$seen"
	if [ -n "$vfs" ] && [ -z "$err" ]; then ok vf_iommu_groups; else nok vf_iommu_groups "${err:-no VFs}"; fi
fi

# 11. BOOT_1 bit 16 marks a VF (nouveau refuses a GPU that shows it).
# QEMU 7.2 decodes a VF's BARs only with its own COMMAND.MEM set, as a
# driver's pci_enable_device() would do; vf-pre-bootload.sh checks more.
v=$(echo $vfs | cut -d' ' -f1)
if [ -n "$v" ]; then
	printf '\006' | dd of=/sys/bus/pci/devices/$v/config bs=1 seek=4 count=1 conv=notrunc 2>/dev/null
	b0=$(sed -n 1p /sys/bus/pci/devices/$v/resource | cut -d' ' -f1)
	boot1=$(devmem $(printf '0x%x' $((b0 + 4))) 32)
	if [ $((boot1 & 0x10000)) != 0 ]; then
		ok vf_boot1_vf_bit
	else
		nok vf_boot1_vf_bit "BOOT_1 of $v reads $boot1"
	fi
else
	nok vf_boot1_vf_bit "no VFs"
fi

# 12. disable the VFs: they go away
err=
echo 0 > "$pf/sriov_numvfs" || err="writing 0 to sriov_numvfs failed;"
[ "$(cat "$pf/sriov_numvfs")" = 0 ] || err="$err sriov_numvfs reads $(cat "$pf/sriov_numvfs");"
ls "$pf" | grep -q '^virtfn' && err="$err virtfn links remain;"
for v in $vfs; do
	[ -e /sys/bus/pci/devices/$v ] && err="$err $v still present;"
done
if [ -n "$vfs" ] && [ -z "$err" ]; then ok disable_vfs; else nok disable_vfs "${err:-no VFs}"; fi

# 13. leave the PF as found: unbind, clear the override, restore autoprobe
echo 1 > "$pf/sriov_drivers_autoprobe"
[ -e "$pf/driver" ] && echo "$bdf" > "$pf/driver/unbind"
echo > "$pf/driver_override"
if [ ! -e "$pf/driver" ]; then ok pf_unbind; else nok pf_unbind "still bound"; fi

[ "$fails" = 0 ]
