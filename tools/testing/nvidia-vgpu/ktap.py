#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count test results in KTAP/TAP output framed by the harness markers.

Usage: ktap.py [--name NAME] LOG...    (a log without markers counts as
one section named after the file or --name)

Rules (the same for KUnit, kselftest_harness and host-side TAP):
 - every leaf result ("ok"/"not ok" with no subtests) counts once; a
   "# SKIP" directive makes it skipped; a parent result counts only as a
   failure of its own, when it is "not ok" while none of its subtests is;
 - a plan ("1..N") that is not met counts the missing results as failed;
 - a section whose command exited non-zero, that never ended (timeout,
   crash), that reported a kernel warning, or that produced no result at
   all counts one extra failure.
Prints one line per failure and the totals; exit status 1 on any
failure. A failed top-level result of a script (a harness test in L2, or
host-side TAP) names its reason: the diagnostic line right after it
("# why", as t_nok prints it). Elsewhere diagnostics come before the
result (KUnit, kselftest_harness, the guest programs), so none is taken;
there, as anywhere, a failed result's own diagnostic ("not ok 6 glmark2
# why", KTAP) is its reason.
"""
import re
import sys

COMMENT = re.compile(r'^\s*#\s*(.*\S)')
REASON_MAX = 160
RESULT = re.compile(r'^(\s*)(ok|not ok)\b\s*(\d+)?\s*(?:-\s*)?([^#]*?)\s*(#\s*(.*))?$')
PLAN = re.compile(r'^(\s*)1\.\.(\d+)')
VERSION = re.compile(r'^(\s*)K?TAP version')
BEGIN = re.compile(r'@@@NVGPU-TEST-BEGIN (\S+) (\S+)')
END = re.compile(r'@@@NVGPU-TEST-END (\S+) rc=(\d+)')
KWARN = re.compile(r'@@@NVGPU-KERNEL-WARN (\S+)')


def indent_of(s):
    return len(s.expandtabs(8))


class Counts:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.failures = []

    def fail(self, what):
        self.failed += 1
        self.failures.append(what)


def parse_ktap(lines, section, counts, reasons_after=False):
    """Count leaf results of the KTAP lines of one section (reasons_after:
    a top-level result's reason is the diagnostic line after it)."""
    events = []           # ('ver', indent) | ('plan', indent, n) | ('res', indent, ...)
    reasons = {}          # index of a result in results -> its first diagnostic line
    after = None          # the result just seen, if no other line came since
    nres = 0
    for raw in lines:
        line = raw.rstrip('\r\n')
        m = COMMENT.match(line)
        if m and after is not None:
            reasons[after] = m.group(1)[:REASON_MAX]
        after = None
        if m:
            continue
        m = VERSION.match(line)
        if m:
            events.append(('ver', indent_of(m.group(1))))
            continue
        m = PLAN.match(line)
        if m:
            events.append(('plan', indent_of(m.group(1)), int(m.group(2))))
            continue
        m = RESULT.match(line)
        if m:
            events.append(('res', indent_of(m.group(1)), m.group(2), m.group(4).strip(),
                           (m.group(6) or '').strip()))
            if reasons_after and indent_of(m.group(1)) == 0:
                after = nres
            nres += 1
    results = [e for e in events if e[0] == 'res']

    def what(i, name):
        why = reasons.get(i) or results[i][4][:REASON_MAX]
        return '%s: %s%s' % (section, name or '#%d' % (i + 1), ' (%s)' % why if why else '')

    total = 0
    for i, (_, ind, status, name, directive) in enumerate(results):
        # A result is a parent if the result right before it is deeper.
        # A parent counts only when it fails although none of its
        # children did (a check of its own, beyond its subtests).
        if i > 0 and results[i - 1][1] > ind:
            k = i - 1
            child_failed = False
            while k >= 0 and results[k][1] > ind:
                child_failed |= (results[k][2] == 'not ok' and
                                 not results[k][4].upper().startswith('SKIP'))
                k -= 1
            if status == 'not ok' and not child_failed and \
               not directive.upper().startswith('SKIP'):
                total += 1
                counts.fail(what(i, name))
            continue
        total += 1
        if directive.upper().startswith('SKIP'):
            counts.skipped += 1
        elif status == 'ok':
            counts.passed += 1
        else:
            counts.fail(what(i, name))

    def count(rng, ind):
        seen = 0
        for k in rng:
            e = events[k]
            if e[0] == 'ver' and e[1] <= ind:
                break
            if e[0] == 'plan' and e[1] == ind:
                break
            if e[0] == 'res':
                if e[1] < ind:
                    break
                if e[1] == ind:
                    seen += 1
        return seen

    # A plan covers the results at its indent up to the next plan or
    # document at that level: after it (leading plan) or, if there are
    # none after it, before it (trailing plan, allowed by TAP).
    for i, e in enumerate(events):
        if e[0] != 'plan':
            continue
        ind, n = e[1], e[2]
        seen = count(range(i + 1, len(events)), ind)
        if seen == 0:
            seen = count(range(i - 1, -1, -1), ind)
        for k in range(seen, n):
            counts.fail('%s: planned result %d of %d missing' % (section, k + 1, n))
    return total


def parse_log(path, default_name, counts):
    with open(path, errors='replace') as f:
        lines = f.readlines()
    sections = []
    cur = None
    framed = False
    for line in lines:
        m = BEGIN.search(line)
        if m:
            framed = True
            cur = {'kind': m.group(1), 'name': m.group(2), 'lines': [], 'rc': None, 'warn': False}
            sections.append(cur)
            continue
        m = END.search(line)
        if m and cur is not None:
            cur['rc'] = int(m.group(2))
            cur = None
            continue
        m = KWARN.search(line)
        if m and cur is not None:
            cur['warn'] = True
            continue
        if cur is not None:
            cur['lines'].append(line)
    if not framed:
        sections = [{'kind': 'tap', 'name': default_name, 'lines': lines, 'rc': 0, 'warn': False}]
    for s in sections:
        n = parse_ktap(s['lines'], s['name'], counts, s['kind'] in ('script', 'tap'))
        if s['rc'] is None:
            counts.fail('%s: did not finish (timeout or crash)' % s['name'])
        elif s['warn']:
            counts.fail('%s: kernel warning/oops during the test' % s['name'])
        elif s['rc'] != 0 and not any(f.startswith(s['name'] + ':') for f in counts.failures):
            counts.fail('%s: exit code %d' % (s['name'], s['rc']))
        elif n == 0 and s['rc'] == 0:
            counts.fail('%s: produced no test result' % s['name'])
    return sections


def main(argv):
    name = None
    if len(argv) > 2 and argv[1] == '--name':
        name = argv[2]
        argv = argv[2:]
    counts = Counts()
    for path in argv[1:]:
        parse_log(path, name or path, counts)
    for f in counts.failures:
        print('FAILED: %s' % f)
    print('%d passed, %d failed, %d skipped' % (counts.passed, counts.failed, counts.skipped))
    return 1 if counts.failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
