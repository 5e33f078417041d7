#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Tell where a wedged L2 VM is, through the L1 QEMU's QMP socket.

    vm-diag.py QMP_SOCKET SYSTEM_MAP

Prints one summary line first, then details:
  alive: vcpu at <symbol> (CPL n) ...   the L1 QEMU answers; the L2 vCPU's
                                        RIP over a few samples, by symbol,
                                        and its local APIC's IRR and ISR
  unresponsive: <why>                   the L1 QEMU does not answer QMP (its
                                        main loop is stuck: the simulator or
                                        QEMU itself)
Exit status 0 when QEMU answered, 1 when it did not.

The L2 kernel runs with nokaslr, so System.map addresses are the
run-time ones. While L2 runs an L3 guest under KVM, TCG holds the L3
guest's registers: a RIP that is not in L2's text is reported as such.
"""
import bisect
import json
import re
import socket
import sys
import time


def load_map(path):
    addrs, names = [], []
    try:
        with open(path) as f:
            for line in f:
                p = line.split()
                if len(p) >= 3 and p[1] in 'tTwW':
                    addrs.append(int(p[0], 16))
                    names.append(p[2])
    except OSError:
        pass
    order = sorted(range(len(addrs)), key=lambda i: addrs[i])
    return [addrs[i] for i in order], [names[i] for i in order]


def symbolize(rip, addrs, names):
    if not addrs or rip < addrs[0] or rip > addrs[-1] + 0x100000:
        return 'not in L2 kernel text (an L3 guest, a module or user space)'
    i = bisect.bisect_right(addrs, rip) - 1
    return '%s+0x%x' % (names[i], rip - addrs[i])


class Qmp:
    def __init__(self, path, tmo):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(tmo)
        self.s.connect(path)
        self.buf = b''
        self.read()                     # greeting
        self.cmd('qmp_capabilities')

    def read(self):
        while b'\n' not in self.buf:
            d = self.s.recv(65536)
            if not d:
                raise OSError('QMP socket closed')
            self.buf += d
        line, self.buf = self.buf.split(b'\n', 1)
        return json.loads(line)

    def cmd(self, name, **args):
        self.s.sendall(json.dumps({'execute': name, 'arguments': args}).encode() + b'\n')
        while True:
            r = self.read()
            if 'return' in r or 'error' in r:
                return r


def main(argv):
    sock, smap = argv[1], argv[2]
    addrs, names = load_map(smap)
    try:
        q = Qmp(sock, 10)
        st = q.cmd('query-status').get('return', {})
        samples, detail = [], []
        for _ in range(6):
            r = q.cmd('human-monitor-command', **{'command-line': 'info registers'})
            regs = r.get('return', '')
            m = re.search(r'RIP=([0-9a-f]+)', regs)
            cpl = re.search(r'CPL=(\d)', regs)
            if m:
                rip = int(m.group(1), 16)
                samples.append('%s (CPL %s)' % (symbolize(rip, addrs, names),
                                                 cpl.group(1) if cpl else '?'))
            detail.append(regs)
            time.sleep(0.5)
        # a vCPU that halts with a vector in IRR and nothing in ISR is
        # not taking interrupts (seen: the timer's, 236)
        lapic = q.cmd('human-monitor-command', **{'command-line': 'info lapic'}).get('return', '')
        apic = ' '.join('%s %s' % (k, (re.search(r'^%s\s+(.*)$' % k, lapic, re.M) or [0, '?'])[1].strip())
                        for k in ('IRR', 'ISR'))
        detail.append(lapic)
    except (OSError, ValueError) as e:
        print('unresponsive: the L1 QEMU does not answer QMP (%s)' % e)
        return 1
    uniq = []
    for s in samples:
        if s not in uniq:
            uniq.append(s)
    print('alive: L1 QEMU %s, L2 vCPU at %s; APIC %s' % (st.get('status', '?'),
                                                       '; '.join(uniq) or '?', apic))
    print('\n'.join(detail[-2:]))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
