# SPDX-License-Identifier: GPL-2.0
# The simulated VFs as a guest sees them before any vGPU was bootloaded
# (PF bound to pci-pf-stub, so no vGPU manager): identity registers, the
# plugin mailbox answers NOT_READY, the copy/fill engine refuses work,
# BAR1 reads all-ones and drops writes; the execution model is there
# (usermode class, CAPS) but refuses channels and ignores doorbells.
# Offsets: sim/include/nvsim_vf_regs.h.
echo "KTAP version 1"
echo "1..10"
pf=$(find_pci 0x10de 0x7e50 | head -1)
rd() { devmem $(printf '0x%x' $(($1 + $2))) 32; }
wr() { devmem $(printf '0x%x' $(($1 + $2))) 32 "$3"; }
bar() { sed -n "$(($2 + 1))p" "$1/resource" | cut -d' ' -f1; }
[ -n "$pf" ] && [ -z "$(readlink "$pf/driver")" ] && {
	echo pci-pf-stub > "$pf/driver_override"
	basename "$pf" > /sys/bus/pci/drivers_probe
}
echo 0 > "$pf/sriov_drivers_autoprobe"
if ! echo 2 > "$pf/sriov_numvfs"; then
	echo "not ok 1 enable 2 VFs"
	for i in 2 3 4 5 6 7 8 9 10; do echo "ok $i # SKIP no VFs"; done
	exit 0
fi
echo "ok 1 enable 2 VFs"
vf=$(readlink -f "$pf/virtfn1")
b0=$(bar "$vf" 0); b1=$(bar "$vf" 1)
# Enable memory decoding as a VF driver's pci_enable_device() would: QEMU
# 7.2 decodes VF BARs only with the VF's own COMMAND.MEM set (besides the
# PF's VF MSE, which the PCI core sets with VF Enable).
printf '\006' | dd of="$vf/config" bs=1 seek=4 count=1 conv=notrunc 2>/dev/null
boot0=$(rd "$b0" 0x0); boot1=$(rd "$b0" 0x4)
if [ "$boot0" = 0x19F000A1 ] && [ $((boot1 & 0x10000)) != 0 ]; then
	echo "ok 2 VF identity: BOOT_0 $boot0, BOOT_1 VF bit set"
else
	echo "not ok 2 VF identity: BOOT_0 $boot0 BOOT_1 $boot1"
fi
gfid=$(rd "$b0" 0xfe0008)
if [ $((gfid)) = 2 ] && [ "$(rd "$b0" 0xfe0000)" = 0x4656534E ]; then
	echo "ok 3 VF 1 reports GFID 2"
else
	echo "not ok 3 VF 1 reports GFID $gfid"
fi
wr "$b0" 0xfe0100 1
st=$(rd "$b0" 0xfe0104)
if [ $((st)) = 2 ]; then
	echo "ok 4 plugin mailbox answers NOT_READY before bootload"
else
	echo "not ok 4 plugin mailbox status $st before bootload (want 2)"
fi
wr "$b0" 0xfe0210 0x1000; wr "$b0" 0xfe0218 0xa5a5a5a5; wr "$b0" 0xfe021c 2
wr "$b0" 0xfe0220 1
st=$(rd "$b0" 0xfe0224)
if [ $((st & 2)) != 0 ] && [ $(((st >> 8) & 0xff)) = 1 ]; then
	echo "ok 5 copy/fill engine refuses work before bootload (status $st)"
else
	echo "not ok 5 copy/fill engine status $st before bootload"
fi
wr "$b1" 0x0 0x12345678
v=$(rd "$b1" 0x0)
if [ "$v" = 0xFFFFFFFF ]; then
	echo "ok 6 BAR1 reads all-ones and drops writes before bootload"
else
	echo "not ok 6 BAR1 reads $v before bootload"
fi
cfg0=$(rd "$b0" 0x30000); caps=$(rd "$b0" 0xfe000c)
if [ $((cfg0)) = $((0xc361)) ] && [ $((caps & 1)) = 1 ]; then
	echo "ok 7 usermode CFG0 is VOLTA_USERMODE_A, CAPS has the execution model"
else
	echo "not ok 7 usermode CFG0 $cfg0, CAPS $caps"
fi
wr "$b0" 0xfe0140 0x100000; wr "$b0" 0xfe0144 0; wr "$b0" 0xfe0148 16
wr "$b0" 0xfe014c 0x200000; wr "$b0" 0xfe0150 0
wr "$b0" 0xfe0100 5
st=$(rd "$b0" 0xfe0104)
if [ $((st)) = 2 ]; then
	echo "ok 8 CHAN_ALLOC answers NOT_READY before bootload"
else
	echo "not ok 8 CHAN_ALLOC status $st before bootload (want 2)"
fi
wr "$b0" 0x30090 0
sleep 1
intr=$(rd "$b0" 0xfe0300); faults=$(rd "$b0" 0xfe0308)
if [ $((intr)) = 0 ] && [ $((faults)) = 0 ]; then
	echo "ok 9 doorbell without a channel is ignored"
else
	echo "not ok 9 doorbell without a channel: EXEC_INTR $intr, faults $faults"
fi
echo 0 > "$pf/sriov_numvfs"
[ -e "$pf/virtfn0" ] && echo "not ok 10 VFs disabled" || echo "ok 10 VFs disabled"
