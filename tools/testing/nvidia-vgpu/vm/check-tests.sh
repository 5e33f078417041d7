# SPDX-License-Identifier: GPL-2.0
# The test list of `make check`, run inside the L2 VM by /init.

# Harness smoke test: an upstream KUnit suite with pass and skip cases.
run_test kunit kunit-example 120 kunit_module kunit-example-test

# Project KUnit suites (modules named *_kunit.ko / *-test.ko of ours).
for m in $(cat /nvgpu/kunit-modules 2>/dev/null); do
	run_test kunit "$m" 300 kunit_module "$m"
done

# End-to-end and simulator tests (vm/tests, sim/tests/vm).
for t in /nvgpu/vm-tests/*.sh; do
	[ -e "$t" ] || continue
	n=$(basename "$t" .sh)
	# A script may ask for more than 300 s ("# nvgpu-timeout: SEC");
	# L3 guests under TCG are slower: scaled, see l3_accel_init.
	tmo=$(sed -n 's/^# nvgpu-timeout: \([0-9]*\)$/\1/p' "$t" | head -1)
	run_test script "$n" $((${tmo:-300} * L3_TMO_SCALE)) run_script "$t"
done

# kselftests (kselftest_harness output is KTAP).
for t in /nvgpu/kselftests/*; do
	[ -x "$t" ] || continue
	# (a ceiling: every test has its own timeout inside)
	run_test kselftest "$(basename "$t")" 900 "$t"
done

# Debug kernel: every leak of the whole run, after everything unloaded
# what it could (the churn test scans its own).
if [ -w /sys/kernel/debug/kmemleak ]; then
	run_test script kmemleak-end-of-run 600 run_script /nvgpu/kmemleak-end.sh
fi
