#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: what the vGPU stack costs, every figure measured in one
# boot of the L2 host (vm/bench-job.sh running vm/bench/vgpu-bench.c),
# printed as one table, written as a CSV and a PNG plot into
# $NVGPU_CACHE/out/bench/ (bench-report.py). Figures are min/median/max
# over repeats, and the table says which are simulator-only and which are
# TCG artefacts. Not a test: no figure fails it; it fails only if a part
# of the benchmark did not run.
#
#   bench.sh [--quick] [--no-build] [--tap FILE]
#	--quick     fewer repeats, no L3 guest (make check runs this once)
#	--no-build  use what make check built (the default builds it first,
#	            with check.sh's own build steps)
#	--tap FILE  also write one TAP result (for make check)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

quick=0 build=1 tap=
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) quick=1; shift ;;
	--no-build) build=0; shift ;;
	--tap) tap=$2; shift 2 ;;
	*) die "unknown argument $1 (bench.sh [--quick] [--no-build] [--tap FILE])" ;;
	esac
done

BOUT=$OUT/bench
mkdir -p "$BOUT"
name=bench job=bench tmo=900
[ $quick = 1 ] && name=bench-quick job=bench-quick tmo=420
# the debug kernel (make check-debug) runs several times slower
[ "$NVGPU_KERNEL" = debug ] && tmo=$((tmo * 4))
vmlog=$BOUT/$name-vm.log

tap_result() {	# tap_result ok|not ok DESCRIPTION
	[ -n "$tap" ] || return 0
	printf '1..1\n%s 1 - make bench --quick: %s\n' "$1" "$2" > "$tap"
}

t0=$(date +%s)
if [ $build = 1 ]; then
	log "bench: building what the L2 VM needs (check.sh's build steps)"
	NVGPU_BUILD_ONLY=1 bash "$NVGPU_TOOLS/check.sh" >&2 ||
		{ tap_result "not ok" "build failed"; die "build failed"; }
fi

# The bench VM only: a larger simulated VRAM so that 16 vGPUs of 544 MiB
# fit (lazily backed: the scrubber discards, host RSS is shown), VF BAR1s
# of 256 MiB (16 of them fit the PF's VF BAR), and an e1000e behind its own
# root port, bound to plain vfio-pci in L2 as the peer of the init figure.
# (The manager's channel IDs, 1536 for vGPUs, hold 12 of the smallest
# types: the table shows the most the PF took.)
log "bench: L2 VM, job $job (log $vmlog)"
bash "$NVGPU_TOOLS/vm.sh" --job "$job" --timeout $tmo --log "$vmlog" -- \
	-global nvidia-vgpu-sim.vram-size=10G -global nvidia-vgpu-sim.vf-bar1-size=256M \
	-device pcie-root-port,id=rp2,chassis=2,slot=2 -device e1000e,bus=rp2,romfile= >&2
rc=$?
if [ $rc != 0 ]; then
	tap_result "not ok" "the bench VM failed (exit $rc, $vmlog)"
	echo "error: the bench VM failed (exit $rc); log $vmlog" >&2
	exit 1
fi
python3 "$NVGPU_TOOLS/bench-report.py" --sim-src "$NVGPU_TOOLS/sim/gsp" \
	--elapsed $(( $(date +%s) - t0 )) "$vmlog" "$BOUT/$name.csv" "$BOUT/$name.png"
rc=$?
if [ $rc = 0 ]; then
	tap_result ok "every part ran ($BOUT/$name.csv)"
else
	tap_result "not ok" "a part of the benchmark failed ($vmlog)"
fi
exit $rc
