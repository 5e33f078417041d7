#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the L2 host VM (q35 + intel-iommu + the simulated GPU) with the
# built kernel and initramfs, run a job (check, run, shell) and power
# off. Always returns: a VM that does not finish within the timeout is
# killed and the exit status is 124.
#
#   vm.sh [--job check|run|shell] [--timeout SEC] [--log FILE] [--tee]
#         [--accel auto|tcg|kvm] [--only PATTERN[,...]] [--skip PATTERN[,...]]
#         [--append "L2 KERNEL ARGUMENTS"]
# (--append: e.g. nvgpu.l3x=TOKEN, added to every L3 guest's command line)
# (--only PATTERN[,PATTERN...]: run only the check tests whose name
#  matches one of the shell patterns, and fail if none does;
#  --skip PATTERN[,PATTERN...]: not those whose name matches one)
#         [-- extra QEMU arguments]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

job=check timeout=900 logf= accel=${NVGPU_ACCEL:-auto} tee=0 extra= only=
# NVGPU_CHURN: cycles of the churn test (vm/tests/vgpu-churn.sh)
[ -n "${NVGPU_CHURN:-}" ] && extra=" nvgpu.churn=$NVGPU_CHURN"
# The debug kernel: every KASAN report, not only the first of the boot
# (a test whose bug was found by an earlier test would pass)
[ "$NVGPU_KERNEL" = debug ] && extra="$extra kasan_multi_shot"
while [ $# -gt 0 ]; do
	case "$1" in
	--job) job=$2; shift 2 ;;
	--tee) tee=1; shift ;;
	--timeout) timeout=$2; shift 2 ;;
	--log) logf=$2; shift 2 ;;
	--accel) accel=$2; shift 2 ;;
	--only) extra="$extra nvgpu.only=$2" only=$2; shift 2 ;;
	--skip) extra="$extra nvgpu.skip=$2"; shift 2 ;;
	--append) extra="$extra $2"; shift 2 ;;
	--) shift; break ;;
	*) die "unknown argument $1" ;;
	esac
done

logf=${logf:-$OUT/vm-$job.log}
QEMU=$OUT/qemu-system-x86_64
[ -x "$QEMU" ] || die "no QEMU (run build-qemu.sh)"
[ -f "$KOUT/bzImage" ] || die "no kernel (run build-kernel.sh)"
[ -f "$KOUT/initramfs.cpio" ] || die "no initramfs (run mkinitramfs.sh)"

qemu_cmd() {	# qemu_cmd ACCEL JOB [EXTRA KERNEL ARGUMENTS]
	# (nokaslr: vm-diag.py names the L2 vCPU's RIP from System.map)
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
		-append "'console=ttyS0 panic=-1 oops=panic nokaslr intel_iommu=on pci=realloc $quiet nvgpu.job=$2 nvgpu.l1accel=$1$extra${3:-}'" \
		-device intel-iommu,intremap=on \
		-device pcie-root-port,id=rp1,chassis=1,slot=1 \
		-device nvidia-vgpu-sim,bus=rp1,id=gpu0 -trace "'enable=nvgpu_sim_*'" \
		-qmp "unix:$OUT/qmp-$2-$$.sock,server=on,wait=off" \
		-chardev "socket,id=qbs,path=$OUT/qmpb-$$.sock,server=on,wait=off" \
		-serial chardev:qbs -serial "file:${HB:-/dev/null}" \
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

# boot_once LOG EXTRA: boot L2 once (kernel command line + EXTRA), output
# in LOG, and watch it. Returns QEMU's exit status, 124 if the VM outlived
# $timeout, or 125 if L2 wedged: no heartbeat (L2's uptime on ttyS2 every
# 5 s, vm/init) for 120 s, a test ran past its own timeout (run_test in
# L2 ends every test within it, so L2 stopped making progress) or L2 did
# not boot. Before a kill, vm-diag.py asks the L1 QEMU where L2's vCPU is;
# its answer goes to LOG.diag.
boot_once() {
	local log=$1 more=$2 qpid vpid t0 now nb=0 b e tb=0 tmo=0 why= last
	local sock=$OUT/qmp-$job-$$.sock hbs=0 hbt
	t0=$(date +%s)
	HB=$log.hb
	: > "$HB"
	hbt=$t0
	bash -c "exec $(qemu_cmd "$accel" "$job" "$more") $QARGS" < /dev/null > "$log" 2>&1 &
	qpid=$!
	vpid=
	if [ $tee = 1 ]; then
		# (screendumps travel base64 in the log, not on the terminal)
		tail -n +1 -f --pid=$qpid "$log" | grep --line-buffered -av '^@@@PNG ' &
		vpid=$!
	fi
	last=$t0
	while kill -0 $qpid 2>/dev/null; do
		sleep 2
		now=$(date +%s)
		b=$(grep -ac '@@@NVGPU-TEST-BEGIN' "$log")
		e=$(grep -ac '@@@NVGPU-TEST-END' "$log")
		if [ "$b" != "$nb" ]; then
			nb=$b tb=$now
			tmo=$(grep -a '@@@NVGPU-TEST-BEGIN' "$log" | tail -1 | sed -n 's/.* tmo=\([0-9]*\).*/\1/p')
		fi
		if [ "$(stat -c %s "$HB")" != "$hbs" ]; then
			hbs=$(stat -c %s "$HB") hbt=$now
		fi
		if [ "$now" -gt "$deadline" ]; then
			why=timeout
		elif [ "$hbs" != 0 ] && [ $((now - hbt)) -gt 120 ]; then
			# L2 stopped: seen with its vCPU halted, the timer's
			# vector pending in the APIC's IRR and nothing delivered
			why="no heartbeat from L2 for $((now - hbt))s"
			[ "$b" -gt "$e" ] && why="$why during $(last_test "$log")"
		elif ! grep -aq '@@@NVGPU-BOOTED' "$log" && [ $((now - t0)) -gt 300 ]; then
			why="no boot in 300s"
		elif [ "$b" -gt "$e" ] && [ -n "$tmo" ] && [ $((now - tb)) -gt $((tmo + tmo / 4 + 90)) ]; then
			why="$(last_test "$log") ran $((now - tb))s, past its ${tmo}s timeout"
		fi
		if [ -n "$why" ]; then
			python3 "$NVGPU_TOOLS/vm-diag.py" "$sock" "$KOBJ/System.map" > "$log.diag" 2>&1
			if grep -q '^unresponsive' "$log.diag" && command -v gdb > /dev/null; then
				timeout 120 gdb -p $qpid -batch -ex 'thread apply all bt 20' >> "$log.diag" 2>&1
			elif command -v gdb > /dev/null; then
				# TCG's view of the vCPU: GIF is bit 0 of hflags2
				# (HF2_GIF_MASK), CPU_INTERRUPT_HARD bit 1
				tcg=$(timeout 60 gdb -p $qpid -batch \
					-ex 'p/x ((X86CPU *)cpus.tqh_first)->env.hflags2' \
					-ex 'p/x ((X86CPU *)cpus.tqh_first)->env.hflags' \
					-ex 'p/x ((CPUState *)cpus.tqh_first)->interrupt_request' 2>/dev/null |
					sed -n 's/^\$[0-9]* = //p' | tr '\n' ' ')
				set -- $tcg
				[ $# = 3 ] && sed -i "1s/\$/; TCG: hflags2 $1 (GIF $(( $1 & 1 ))) hflags $2 interrupt_request $3/" "$log.diag"
			fi
			echo "$why" > "$log.why"
			kill -9 $qpid 2>/dev/null
			wait $qpid 2>/dev/null
			[ -z "$vpid" ] || kill $vpid 2>/dev/null
			[ "$why" = timeout ] && return 124
			return 125
		fi
		if [ $tee = 0 ] && [ $((now - last)) -ge 30 ]; then
			log "VM ($job): $((now - t0))s, $(progress_of "$log")"
			last=$now
		fi
	done
	wait $qpid
	local rc=$?
	[ -z "$vpid" ] || { sleep 1; kill $vpid 2>/dev/null; }
	return $rc
}

# A wedged L2 (see boot_once) is booted once more and resumes at the test
# that wedged (nvgpu.resume): TCG's emulated SVM at L1 has wedged and
# crashed L2 with L3 guests under KVM (see README, "What runs where"). The
# wedged attempt's output moves out of the log (LOG.wedgedN), a marker
# line stays for make check's summary; a test that wedges twice fails, and
# so does a third wedge.
start=$(date +%s)
set +e
if [ "$job" = shell ]; then
	eval "$(qemu_cmd "$accel" "$job")" "$@"
	exit $?
fi
QARGS="$*"
# $timeout bounds the whole run but for the time of wedged boots
deadline=$((start + timeout))
: > "$logf"
resume= wedges=0 prev= done=0
while :; do
	bstart=$(date +%s)
	boot_once "$logf.boot" "${resume:+ nvgpu.resume=$resume}"
	rc=$?
	[ $rc = 125 ] || break
	wedges=$((wedges + 1))
	# the wedged boot's time does not count against the run's timeout
	deadline=$((deadline + $(date +%s) - bstart))
	w=$(last_test "$logf.boot")
	b=$(grep -ac '@@@NVGPU-TEST-BEGIN' "$logf.boot")
	e=$(grep -ac '@@@NVGPU-TEST-END' "$logf.boot")
	# (a wedge before the first test: boot again from the same place)
	[ "$b" -gt "$e" ] || w="(boot)"
	diag=$(head -1 "$logf.boot.diag" 2>/dev/null)
	log "VM ($job): L2 wedged: $(cat "$logf.boot.why"); $diag"
	if [ $wedges -gt 2 ] || [ "$w" = "$prev" ] || grep -q '^unresponsive' "$logf.boot.diag"; then
		# no resume: keep the unfinished test in the log (it fails)
		cat "$logf.boot" >> "$logf"
		echo "@@@NVGPU-VM-WEDGED $w $(cat "$logf.boot.why"); $diag; not resumed" >> "$logf"
		cp "$logf.boot.diag" "$logf.wedged$wedges.diag"
		rc=1 done=1
		break
	fi
	# keep what finished, move the wedged test's attempt aside
	n=$(grep -an '@@@NVGPU-TEST-BEGIN' "$logf.boot" | tail -1 | cut -d: -f1)
	[ "$w" != "(boot)" ] || n=1	# (nothing kept: the same start again)
	head -n $((n - 1)) "$logf.boot" >> "$logf"
	tail -n +"$n" "$logf.boot" > "$logf.wedged$wedges"
	cp "$logf.boot.diag" "$logf.wedged$wedges.diag"
	echo "@@@NVGPU-VM-WEDGED $w $(cat "$logf.boot.why"); $diag; resumed in a fresh L2 boot (attempt's output: $logf.wedged$wedges)" >> "$logf"
	log "VM ($job): booting L2 again, resuming at $w"
	[ "$w" = "(boot)" ] || resume=$w
	prev=$w
done
[ $done = 1 ] || cat "$logf.boot" >> "$logf"
rm -f "$logf.boot" "$logf.boot.diag" "$logf.boot.why" "$logf.boot.hb"
set -e
log "VM finished in $(( $(date +%s) - start ))s (rc=$rc, log $logf)"
if [ $rc = 124 ] || [ $rc = 137 ]; then
	echo "@@@NVGPU-VM-TIMEOUT after ${timeout}s" >> "$logf"
	echo "error: VM timed out after ${timeout}s" >&2
	exit 124
fi
grep -q '@@@NVGPU-DONE' "$logf" || { echo "error: VM did not complete its job" >&2; exit 1; }
# a quick loop that ran nothing is a mistake (a typo, a space in the list)
if [ -n "$only" ] && ! grep -aq '@@@NVGPU-TEST-BEGIN' "$logf"; then
	echo "error: --only '$only' matched no test" >&2
	exit 1
fi
exit 0
