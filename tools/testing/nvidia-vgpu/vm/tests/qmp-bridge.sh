# SPDX-License-Identifier: GPL-2.0
# The QMP bridge from L2 to the L1 QEMU works: counters of the simulated
# GPU can be read, a fault can be armed and cleared, counters are
# read-only. A fault left armed would fail the next test's first RPC, so
# this test clears what it arms. The simulator's test-only mailbox
# notify is off, so every vGPU test runs on the polled mailbox path that
# real firmware is known to support (sim/README.md, Assumptions).
echo "KTAP version 1"
echo "1..5"
v=$(sim_get x-rpcs)
case "$v" in
[0-9]*) echo "ok 1 read the rpcs counter ($v)" ;;
*) echo "not ok 1 read the rpcs counter: '$v'" ;;
esac
if sim_set x-fault-rpc-status 31; then
	echo "ok 2 arm an RPC fault"
else
	echo "not ok 2 arm an RPC fault"
fi
if sim_set x-fault-clear 1; then
	echo "ok 3 clear armed faults"
else
	echo "not ok 3 clear armed faults"
fi
# A read-only counter must refuse a write.
if sim_set x-rpcs 5 2>/dev/null; then
	echo "not ok 4 counters are read-only"
else
	echo "ok 4 counters are read-only"
fi
v=$(sim_get x-mailbox-notify)
if [ "$v" = false ]; then
	echo "ok 5 mailbox replies are not announced (x-mailbox-notify off)"
else
	echo "not ok 5 x-mailbox-notify is '$v', want false"
fi
