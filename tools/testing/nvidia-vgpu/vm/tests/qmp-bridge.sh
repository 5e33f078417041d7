# SPDX-License-Identifier: GPL-2.0
# The QMP bridge from L2 to the L1 QEMU works: counters of the simulated
# GPU can be read and a fault can be armed and disarmed.
echo "KTAP version 1"
echo "1..3"
v=$(sim_get rpcs)
case "$v" in
[0-9]*) echo "ok 1 read the rpcs counter ($v)" ;;
*) echo "not ok 1 read the rpcs counter: '$v'" ;;
esac
if sim_set fault-rpc-status 31; then
	echo "ok 2 arm an RPC fault"
else
	echo "not ok 2 arm an RPC fault"
fi
# A read-only counter must refuse a write.
if sim_set rpcs 5 2>/dev/null; then
	echo "not ok 3 counters are read-only"
else
	echo "ok 3 counters are read-only"
fi
sim_set fault-rpc-status 0 || true
