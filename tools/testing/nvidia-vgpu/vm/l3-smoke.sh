# SPDX-License-Identifier: GPL-2.0
# L3 smoke test: the QEMU carried in the initramfs starts inside L2 and
# runs the bare-metal L3 payload (TCG inside TCG) to its end.
echo "KTAP version 1"
echo "1..2"
if v=$(qemu-system-x86_64 -version 2>&1 | head -1); then
	echo "ok 1 qemu runs in L2 # $v"
else
	echo "not ok 1 qemu runs in L2"
	echo "# $v"
fi
start=$(cut -d' ' -f1 /proc/uptime)
out=$(timeout 120 qemu-system-x86_64 -M microvm -accel tcg -m 32 -nodefaults \
	-no-reboot -nographic -serial stdio \
	-device isa-debug-exit,iobase=0xf4,iosize=4 \
	-kernel /nvgpu/l3/nvgpu-guest.elf 2>&1)
rc=$?
end=$(cut -d' ' -f1 /proc/uptime)
# isa-debug-exit: exit status (code << 1) | 1; the payload exits with 0.
if [ $rc = 1 ] && echo "$out" | grep -q '@@@L3-DONE'; then
	echo "ok 2 L3 guest runs and exits # $(echo "$start $end" | awk '{printf "%.1fs", $2-$1}')"
else
	echo "not ok 2 L3 guest runs and exits (rc=$rc)"
	echo "$out" | tail -20 | sed 's/^/# /'
fi
