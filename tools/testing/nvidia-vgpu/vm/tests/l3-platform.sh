# SPDX-License-Identifier: GPL-2.0
# The L3 platform inside L2: the stock VMM (Debian's QEMU 10) runs, KVM is
# usable for L3 guests (kvm_amd on the SVM that L1 emulates), and a Linux
# guest without any device boots to its init and powers off.
echo "KTAP version 1"
echo "1..3"
v=$(qemu-system-x86_64 -version 2>&1 | head -1)
case "$v" in
"QEMU emulator version 10.0"*) echo "ok 1 stock_vmm_runs # $v, $(cat /usr/share/qemu/debian-version 2>/dev/null)" ;;
*) echo "not ok 1 stock_vmm_runs"; echo "# $v" ;;
esac
echo "# L3 accelerator: $L3_ACCEL_DESC"
if [ "$L3_ACCEL" = kvm ]; then
	echo "ok 2 kvm_for_l3 # $(dmesg | grep -m1 -o 'kvm_amd: Nested Paging enabled' || echo 'kvm loaded')"
else
	echo "not ok 2 kvm_for_l3"
	echo "# $L3_ACCEL_DESC"
fi
t0=$(cut -d' ' -f1 /proc/uptime)
out=$(timeout $((120 * L3_TMO_SCALE)) qemu-system-x86_64 -M q35 -accel "$L3_ACCEL" \
	-cpu "$L3_CPU" -m 128 -nodefaults -no-reboot -display none -serial stdio \
	-kernel /nvgpu/l3/bzImage -initrd /nvgpu/l3/initramfs.cpio \
	-append "console=ttyS0 loglevel=4 panic=-1" 2>&1)
rc=$?
t1=$(cut -d' ' -f1 /proc/uptime)
boot=$(echo "$out" | sed -n 's/^@@@L3-BOOTED [^ ]* \([0-9.]*\)s.*/\1/p' | tr -d '\r')
# no vGPU: the guest's checks report it and fail, the guest powers off
if [ $rc = 0 ] && [ -n "$boot" ] && echo "$out" | grep -q '^not ok 1 vgpu_found' &&
   echo "$out" | grep -q '^@@@L3-DONE rc=1'; then
	echo "ok 3 l3_linux_boots_and_powers_off # init at ${boot}s guest uptime, whole run $(echo "$t0 $t1" | awk '{printf "%.1f", $2-$1}')s"
else
	echo "not ok 3 l3_linux_boots_and_powers_off"
	echo "$out" | tail -20 | sed 's/^/# /'
fi
echo "@@@NVGPU-L3-BOOT no_device ${boot:-none}"
