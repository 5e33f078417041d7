# SPDX-License-Identifier: GPL-2.0
# `make run` inside the L2 VM: bring up the simulated host and show it.
echo "== simulated GPU =="
for d in $(find_pci 0x10de 0x7e50); do
	echo "PF $(basename "$d"): vendor $(cat "$d/vendor") device $(cat "$d/device") class $(cat "$d/class")"
	echo "   sriov_totalvfs=$(cat "$d/sriov_totalvfs" 2>/dev/null || echo none)"
	if [ -e "$d/sriov_numvfs" ]; then
		[ -e "$d/driver" ] || {
			echo pci-pf-stub > "$d/driver_override"
			echo "$(basename "$d")" > /sys/bus/pci/drivers_probe
		}
		echo "   driver: $(basename "$(readlink "$d/driver")")"
		echo 0 > "$d/sriov_drivers_autoprobe"
		n=$(cat "$d/sriov_totalvfs")
		[ "$n" -gt 4 ] && n=4
		if echo "$n" > "$d/sriov_numvfs"; then
			echo "   enabled $n VFs:"
			for v in "$d"/virtfn*; do
				v=$(readlink -f "$v")
				echo "     VF $(basename "$v"): device $(cat "$v/device") iommu_group $(basename "$(readlink "$v/iommu_group")")"
			done
			echo 0 > "$d/sriov_numvfs"
		fi
	fi
done
lspci 2>/dev/null | head -20
