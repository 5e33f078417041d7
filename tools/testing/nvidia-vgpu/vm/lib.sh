# SPDX-License-Identifier: GPL-2.0
# Helpers for tests inside the L2 VM (busybox sh). Sourced by /init.

# l3_accel_init: pick the accelerator of L3 guests once per boot and say
# which. L1 emulates an AMD CPU with SVM and NPT (TCG "-cpu max"), so
# kvm_amd runs L3 under KVM: one TCG layer instead of two. If KVM is not
# usable the guests run under TCG, with timeouts scaled, not fewer checks.
# Sets and exports L3_ACCEL (kvm|tcg), L3_CPU, L3_ACCEL_DESC, L3_TMO_SCALE
# (x3 on the debug L2 kernel).
l3_accel_init() {
	local l1=tcg a why=
	for a in $(cat /proc/cmdline); do
		case "$a" in nvgpu.l1accel=*) l1=${a#nvgpu.l1accel=} ;; esac
	done
	if ! grep -qw svm /proc/cpuinfo && ! grep -qw vmx /proc/cpuinfo; then
		why="the L2 CPU has neither SVM nor VMX"
	# vgif=0: L3 does not run SVM itself, and TCG's emulated virtual GIF
	# is one suspect of the crashes noted in vm.sh
	elif ! modprobe kvm_amd vgif=0 2>/dev/null && ! modprobe kvm_intel 2>/dev/null; then
		why="kvm_amd does not load: $(dmesg | grep -iE 'kvm|svm' | tail -1)"
	elif [ ! -c /dev/kvm ]; then
		why="no /dev/kvm after loading kvm_amd"
	fi
	if [ -z "$why" ]; then
		L3_ACCEL=kvm L3_CPU=host L3_TMO_SCALE=1
		if [ "$l1" = tcg ]; then
			L3_ACCEL_DESC="kvm (emulated SVM)"
		else
			L3_ACCEL_DESC="kvm (nested, L2 under KVM)"
		fi
	else
		L3_ACCEL=tcg L3_CPU=max L3_TMO_SCALE=10
		L3_ACCEL_DESC="tcg (KVM unusable: $why)"
	fi
	# The debug L2 kernel (KASAN, lockdep, kmemleak) runs L2 and its KVM
	# several times slower: every ceiling scaled by L3_TMO_SCALE grows.
	if [ -e /sys/kernel/debug/kmemleak ]; then
		L3_TMO_SCALE=$((L3_TMO_SCALE * 3))
		L3_ACCEL_DESC="$L3_ACCEL_DESC; debug L2 kernel, timeouts x3"
	fi
	export L3_ACCEL L3_CPU L3_ACCEL_DESC L3_TMO_SCALE
	echo "@@@NVGPU-L3-ACCEL $L3_ACCEL_DESC"
}

KERNEL_REPORT='WARNING:|BUG:|INFO: |Oops|general protection|UBSAN|KASAN|Call Trace|suspected memory leak|unreferenced object'

# kmemleak_scan: scan for leaks now (debug kernel only; returns 2 if
# kmemleak is not there). Prints each unreferenced object's report as KTAP
# diagnostics and returns 1 if there is any. Objects must be unreferenced
# in two scans in a row (kmemleak's own rule against transient pointers).
kmemleak_scan() {
	local f=/sys/kernel/debug/kmemleak n
	[ -w "$f" ] || return 2
	echo scan > "$f"
	sleep 6
	echo scan > "$f"
	n=$(grep -c '^unreferenced object' "$f")
	[ "$n" = 0 ] && return 0
	echo "# kmemleak: $n unreferenced objects"
	sed 's/^/# /' "$f" | head -200
	return 1
}

# list_match LIST NAME: NAME matches one of the comma-separated shell
# patterns of LIST (vm.sh --only / --skip)
list_match() {
	local rest=$1 p
	shift
	while [ -n "$rest" ]; do
		p=${rest%%,*}
		case "$rest" in *,*) rest=${rest#*,} ;; *) rest= ;; esac
		case "$1" in $p) return 0 ;; esac
	done
	return 1
}

# run_test KIND NAME TIMEOUT CMD...: run CMD framed by markers, kill it
# after TIMEOUT seconds (the L1 harness counts a missing END as a failure).
run_test() {
	local kind=$1 name=$2 tmo=$3 rc t0
	shift 3
	# NVGPU_ONLY (vm.sh --only, for a quick loop): the tests to run,
	# NVGPU_SKIP (vm.sh --skip): those not to run; comma-separated
	# shell patterns of names
	[ -z "${NVGPU_ONLY:-}" ] || list_match "$NVGPU_ONLY" "$name" || return 0
	list_match "${NVGPU_SKIP:-}" "$name" && return 0
	# NVGPU_RESUME (vm.sh, after L2 wedged): skip to the test that wedged
	if [ -n "${NVGPU_RESUME:-}" ] && [ ! -e /tmp/nvgpu-resumed ]; then
		[ "$name" = "$NVGPU_RESUME" ] || return 0
		: > /tmp/nvgpu-resumed
	fi
	# (tmo: the L1 watchdog takes a test far past it for a wedged L2)
	echo "@@@NVGPU-TEST-BEGIN $kind $name tmo=$tmo"
	t0=$(cut -d' ' -f1 /proc/uptime)
	dmesg -c > /dev/null
	# timeout(1) cannot run shell functions: run the command in a shell
	# that has this library.
	timeout "$tmo" sh -c '. /nvgpu/lib.sh; "$@"' "$name" "$@" 2>&1
	rc=$?
	# A kernel warning, oops, sanitizer, lockdep (WARNING:/INFO:/BUG:
	# headers), hung-task or kmemleak report during a test fails it.
	if dmesg | grep -qE "$KERNEL_REPORT"; then
		echo "@@@NVGPU-KERNEL-WARN $name"
		[ $rc = 0 ] && rc=99
	fi
	if [ $rc != 0 ]; then
		echo "# $name: exit code $rc; kernel log:"
		dmesg | sed 's/^/# dmesg: /' | tail -40
	fi
	# how long it took, for the budget summary of make check
	echo "@@@NVGPU-TEST-TIME $name $(awk -v t0="$t0" '{ printf "%.1f", $1 - t0 }' /proc/uptime)"
	echo "@@@NVGPU-TEST-END $name rc=$rc"
}

# kunit_module MODULE: load a KUnit test module and print the KTAP results
# of the suites it registered (from debugfs, so they are not mixed with
# other kernel messages).
kunit_module() {
	local mod=$1 before after s rc=0
	before=$(ls /sys/kernel/debug/kunit 2>/dev/null)
	modprobe "$mod" || { echo "# modprobe $mod failed"; return 1; }
	after=$(ls /sys/kernel/debug/kunit 2>/dev/null)
	rc=1
	for s in $after; do
		echo "$before" | grep -qx "$s" && continue
		cat "/sys/kernel/debug/kunit/$s/results"
		rc=0
	done
	[ $rc = 0 ] || echo "# $mod registered no KUnit suite"
	modprobe -r "$mod" 2>/dev/null
	return $rc
}

find_pci() {	# find_pci VENDOR DEVICE -> prints sysfs paths
	local d
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor")" = "$1" ] && [ "$(cat "$d/device")" = "$2" ] && echo "$d"
	done
}

# QMP of the L1 QEMU, reachable from L2 on ttyS1 (see vm.sh). Usage:
#   qmp '{"execute": ...}'      prints the reply line
#   sim_get PROP / sim_set PROP VALUE   on the simulated GPU (id gpu0)
qmp_init() {
	[ -n "$QMP_READY" ] && return 0
	stty -F /dev/ttyS1 raw -echo || return 1
	exec 7<>/dev/ttyS1
	# The greeting may have arrived, and been echoed back, before the tty
	# was raw: the monitor's parser can then hold a fragment with open
	# braces and would wait forever for them to close. A control character
	# is invalid anywhere in JSON and makes it start over; then drain what
	# it answered and negotiate.
	local i r
	for i in 1 2 3 4 5; do
		printf '\001\n' >&7
		while read -r -t 1 r <&7; do :; done
		echo '{"execute":"qmp_capabilities"}' >&7
		while read -r -t 3 r <&7; do
			# (a second user in another subshell finds it negotiated)
			case "$r" in *'"return"'*|*'already complete'*)
				QMP_READY=1; return 0 ;;
			esac
		done
	done
	echo "# qmp: no answer on ttyS1" >&2
	return 1
}

qmp() {
	local r
	qmp_init || return 1
	echo "$1" >&7
	# Skip asynchronous events; print the command's reply.
	while read -r -t 10 r <&7; do
		case "$r" in *'"event"'*) continue ;; esac
		echo "$r"
		case "$r" in *'"error"'*) return 1 ;; esac
		return 0
	done
	return 1
}

sim_get() {
	qmp "{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine/peripheral/gpu0\",\"property\":\"$1\"}}" |
		sed -n 's/.*"return": *\([^}]*\)}.*/\1/p'
}

sim_set() {
	qmp "{\"execute\":\"qom-set\",\"arguments\":{\"path\":\"/machine/peripheral/gpu0\",\"property\":\"$1\",\"value\":$2}}" >/dev/null
}

# run_script FILE: run a test script in a shell that has this library.
run_script() {
	. "$1"
}
