#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the L2 host VM (q35 + intel-iommu + the simulated GPU) with the
# built kernel and initramfs, run a job (check, run, shell) and power
# off. Always returns: a VM that does not finish within the timeout is
# killed and the exit status is 124.
#
#   vm.sh [--job check|run|shell] [--timeout SEC] [--log FILE] [--tee]
#         [--accel auto|tcg|kvm] [--only PATTERN] [--skip PATTERN]
# (--only: run only the check tests whose name matches the shell PATTERN;
#  --skip PATTERN[,PATTERN...]: not those whose name matches one)
#         [-- extra QEMU arguments]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

job=check timeout=900 logf= accel=${NVGPU_ACCEL:-auto} tee=0 extra=
# NVGPU_CHURN: cycles of the churn test (vm/tests/vgpu-churn.sh)
[ -n "${NVGPU_CHURN:-}" ] && extra=" nvgpu.churn=$NVGPU_CHURN"
while [ $# -gt 0 ]; do
	case "$1" in
	--job) job=$2; shift 2 ;;
	--tee) tee=1; shift ;;
	--timeout) timeout=$2; shift 2 ;;
	--log) logf=$2; shift 2 ;;
	--accel) accel=$2; shift 2 ;;
	--only) extra="$extra nvgpu.only=$2"; shift 2 ;;
	--skip) extra="$extra nvgpu.skip=$2"; shift 2 ;;
	--) shift; break ;;
	*) die "unknown argument $1" ;;
	esac
done

logf=${logf:-$OUT/vm-$job.log}
QEMU=$OUT/qemu-system-x86_64
[ -x "$QEMU" ] || die "no QEMU (run build-qemu.sh)"
[ -f "$KOUT/bzImage" ] || die "no kernel (run build-kernel.sh)"
[ -f "$KOUT/initramfs.cpio" ] || die "no initramfs (run mkinitramfs.sh)"

qemu_cmd() {	# qemu_cmd ACCEL JOB
	# One vCPU under TCG: with two, L2 crashed (a double fault in a KVM
	# vCPU thread, host GS base wrong around VMRUN) in 2 of the last 3
	# runs with L3 guests under KVM on TCG's emulated SVM; see README.
	local cpu=max quiet= smp=1
	[ "$1" = kvm ] && smp=2
	[ "$2" = run ] && quiet=quiet
	[ "$1" = kvm ] && cpu=host
	echo "$QEMU" -L /usr/share/qemu -L /usr/share/seabios \
		-M q35,kernel-irqchip=split -accel "$1" -cpu "$cpu" -m 3072 -smp "$smp" \
		-nographic -no-reboot -nodefaults -serial stdio \
		-kernel "$KOUT/bzImage" -initrd "$KOUT/initramfs.cpio" \
		-append "'console=ttyS0 panic=-1 oops=panic intel_iommu=on pci=realloc $quiet nvgpu.job=$2 nvgpu.l1accel=$1$extra'" \
		-device intel-iommu,intremap=on \
		-device pcie-root-port,id=rp1,chassis=1,slot=1 \
		-device nvidia-vgpu-sim,bus=rp1,id=gpu0 \
		-qmp "unix:$OUT/qmp-$2-$$.sock,server=on,wait=off" \
		-chardev "socket,id=qbs,path=$OUT/qmpb-$$.sock,server=on,wait=off" \
		-serial chardev:qbs \
		-chardev "socket,id=qbc,path=$OUT/qmpb-$$.sock,reconnect=1" \
		-mon chardev=qbc,mode=control
}

# The second serial port (ttyS1 in L2) is looped back into a QMP monitor
# of this QEMU, so that tests inside L2 can reach the simulator's
# fault-injection knobs and counters (qmp_* in vm/lib.sh).

# KVM: /dev/kvm may exist and still be unusable (QEMU aborts or hangs);
# probe with a short timed boot, remember the answer per QEMU/kernel.
pick_accel() {
	local key cache=$OUT/accel
	key=$(cat "$QEMU" "$KOUT/bzImage" | md5sum | cut -c1-12)
	if [ -f "$cache" ] && [ "$(cut -d' ' -f1 "$cache")" = "$key" ]; then
		cut -d' ' -f2 "$cache"
		return
	fi
	local a=tcg
	if [ -w /dev/kvm ]; then
		if timeout -k 2 25 bash -c "$(qemu_cmd kvm probe)" < /dev/null 2>&1 |
			grep -q '@@@NVGPU-BOOTED'; then
			a=kvm
		fi
	fi
	echo "$key $a" > "$cache"
	echo $a
}

if [ "$accel" = auto ]; then
	accel=$(pick_accel)
	log "accelerator: $accel (KVM probed: $( [ "$accel" = kvm ] && echo usable || echo unusable or absent))"
else
	log "accelerator: $accel (forced)"
fi

start=$(date +%s)
set +e
if [ "$job" = shell ]; then
	eval "$(qemu_cmd "$accel" "$job")" "$@"
	exit $?
fi
if [ $tee = 1 ]; then
	# (screendumps travel base64 in the log, not on the terminal)
	timeout -k 5 "$timeout" bash -c "$(qemu_cmd "$accel" "$job") $*" < /dev/null 2>&1 |
		tee "$logf" | grep --line-buffered -av '^@@@PNG '
	rc=${PIPESTATUS[0]}
else
	with_progress "VM ($job)" "$logf" \
		timeout -k 5 "$timeout" bash -c "$(qemu_cmd "$accel" "$job") $*" < /dev/null
	rc=$?
fi
set -e
log "VM finished in $(( $(date +%s) - start ))s (rc=$rc, log $logf)"
if [ $rc = 124 ] || [ $rc = 137 ]; then
	echo "@@@NVGPU-VM-TIMEOUT after ${timeout}s" >> "$logf"
	echo "error: VM timed out after ${timeout}s" >&2
	exit 124
fi
grep -q '@@@NVGPU-DONE' "$logf" || { echo "error: VM did not complete its job" >&2; exit 1; }
exit 0
