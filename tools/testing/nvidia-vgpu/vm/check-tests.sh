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
	# (L3 guests under TCG are slower: scaled, see l3_accel_init)
	run_test script "$n" $((300 * L3_TMO_SCALE)) run_script "$t"
done

# kselftests (kselftest_harness output is KTAP).
for t in /nvgpu/kselftests/*; do
	[ -x "$t" ] || continue
	run_test kselftest "$(basename "$t")" 300 "$t"
done
