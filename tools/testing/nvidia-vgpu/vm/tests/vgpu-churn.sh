# SPDX-License-Identifier: GPL-2.0
# Churn: many vGPU create/destroy cycles (VFIO open/close on both VFIO
# paths, sysfs type changes) over all VFs, then, on the debug kernel, a
# kmemleak scan that must find nothing. NVGPU_CHURN sets the number of
# cycles: by default 1000 on the debug kernel, 100 on the plain one
# (which has no kmemleak to scan with).
# nvgpu-timeout: 1800
. /nvgpu/vm-tests/vgpu-vfio.lib

n=${NVGPU_CHURN:-100}
[ -z "${NVGPU_CHURN:-}" ] && [ -e /sys/kernel/debug/kmemleak ] && n=1000
echo "KTAP version 1"
echo "1..2"
if ! vgpu_up 4; then
	t_skip_rest 2 "no vGPU manager"
	return 0
fi
echo "    # Subtest: churn"
# two 512 MiB types: four of either fit the simulated GPU at once
/nvgpu/bin/vgpu-churn "$n" 902 901 > /tmp/churn.out 2>&1
rc=$?
sed 's/^/    /' /tmp/churn.out
[ $rc = 0 ] && t_ok churn || t_nok churn
vgpu_vfs_off
modprobe -r nouveau 2>/dev/null
kmemleak_scan
case $? in
0) t_ok "no_leaks_after_churn" ;;
2) t_skip no_leaks_after_churn "no kmemleak (plain kernel)" ;;
*) t_nok no_leaks_after_churn ;;
esac
