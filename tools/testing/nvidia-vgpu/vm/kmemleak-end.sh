# SPDX-License-Identifier: GPL-2.0
# Debug kernel: no memory the tests allocated is left unreferenced once
# nouveau, the VFIO driver and the test modules are unloaded.
. /nvgpu/vm-tests/vgpu-vfio.lib
echo "KTAP version 1"
echo "1..1"
vgpu_vfs_off
modprobe -r nouveau 2>/dev/null
t0=$(cut -d' ' -f1 /proc/uptime)
if kmemleak_scan; then
	t_ok "no_leaks # scan took $(echo "$t0 $(cut -d' ' -f1 /proc/uptime)" | awk '{printf "%.0fs", $2-$1}')"
else
	t_nok no_leaks
fi
