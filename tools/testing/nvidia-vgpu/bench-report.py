#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The table, CSV and PNG of `make bench` (bench.sh) from the log of the
bench VM (vm/bench-job.sh, vm/bench/vgpu-bench.c).

  bench-report.py [--sim-src DIR] [--elapsed S] VMLOG CSV PNG

Every figure is min/median/max over its samples. Kinds (column "kind"):
  driver  what the host stack costs; the same measurement on real hardware
  sim     simulator-only (the simulated GPU's timeline, host RSS of the
          simulator): skipped where there is no simulator
  tcg     dominated by TCG (L1 emulating L2's CPU): an artefact of this
          platform, compare only ratios measured in the same run
Exit status 1 if a part of the benchmark failed or a figure is missing.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys


NOTES = []


def parse_log(path):
    samples, stamps, tl, guest, fails, mode, ok = {}, {}, None, [], [], '', False
    units = {}
    with open(path, errors='replace') as f:
        for line in f:
            line = line.replace('\r', '').rstrip('\n')
            m = re.search(r'@@@BENCH(-[A-Z]+)? (.*)', line)
            if m is None:
                if '@@@BENCH-OK' in line:
                    ok = True
                continue
            kind, rest = m.group(1) or '', m.group(2)
            if kind == '':
                w = rest.split()
                if len(w) >= 2:
                    samples[w[0]] = [float(x) for x in w[2:]]
                    units[w[0]] = w[1]
            elif kind == '-STAMPS':
                w = rest.split()
                stamps[w[0]] = [tuple(int(y) for y in x.split(',')) for x in w[1:]]
            elif kind == '-TL':
                tl = rest.strip().strip('"')
            elif kind == '-GUEST':
                guest.append(rest)
            elif kind == '-FAIL':
                fails.append(rest)
            elif kind == '-NOTE':
                NOTES.append(rest)
            elif kind == '-MODE':
                mode = rest
    return samples, units, stamps, tl, guest, fails, mode, ok


def names(src):
    """RPC function, event and RM control names of the simulator's headers."""
    fn, ctrl = {}, {}
    path = os.path.join(src or '', 'rm_defs.h')
    if not os.path.exists(path):
        return fn, ctrl
    with open(path) as f:
        for line in f:
            m = re.match(r'#define NVSIM_(FN|EV)_(\w+)\s+(0x[0-9a-fA-F]+|\d+)\b', line)
            if m:
                fn[int(m.group(3), 0)] = m.group(2)
            m = re.match(r'#define NVSIM_CTRL_(\w+)\s+(0x[0-9a-fA-F]+)u?\b', line)
            if m:
                ctrl[int(m.group(2), 16)] = m.group(1)
    return fn, ctrl


def events(tl):
    ev = []
    for tok in tl.split()[1:]:
        k, g, fn, arg, ns = tok.split(':')
        ev.append((int(ns), k, int(g), int(fn, 16), int(arg, 16)))
    ev.sort()
    return ev


HOST_ACTIONS = 'RDSF'   # what the driver does; M, P and s are the GPU's answers


def label(x, fn_names, ctrl_names):
    t, k, g, fn, arg = x
    if k == 'R':
        return 'RPC ' + (ctrl_names.get(arg, '%#x' % arg) if arg else fn_names.get(fn, 'fn%d' % fn))
    if k == 'M':
        return ('event ' if arg else 'reply ') + fn_names.get(fn, 'fn%d' % fn)
    return {'P': 'plugin reply', 'D': 'doorbell', 'S': 'scrub', 's': 'scrub end', 'F': 'FLR'}[k]


def breakdown(ev, t0, t1, fn_names, ctrl_names):
    """One phase [t0, t1] (sim ns): its parts in ms, and its RPCs."""
    e = [x for x in ev if t0 <= x[0] <= t1]
    parts = {'scrub': 0.0, 'rpc': 0.0, 'mailbox': 0.0, 'flr': 0.0, 'driver_gaps': 0.0}
    rpcs, scrub_mib, gaps = [], 0, []
    for i, (t, k, g, fn, arg) in enumerate(e):
        nxt = e[i + 1:]
        if k == 'S':
            end = next((x for x in nxt if x[1] == 's'), None)
            if end:
                parts['scrub'] += (end[0] - t) / 1e6
                scrub_mib += arg
        elif k == 'R':
            rep = next((x for x in nxt if x[1] == 'M' and x[3] == fn and x[4] == 0), None)
            if rep:
                name = fn_names.get(fn, 'fn%d' % fn)
                if arg:
                    name = ctrl_names.get(arg, '%#x' % arg)
                rpcs.append((name, (rep[0] - t) / 1e6))
                parts['rpc'] += (rep[0] - t) / 1e6
        elif k == 'D':
            # the plugin's response in the mailbox (polled by the driver)
            rep = next((x for x in nxt if x[1] == 'P' and x[2] == g), None)
            if rep:
                parts['mailbox'] += (rep[0] - t) / 1e6
        if k == 'F':
            act = next((x for x in nxt if x[1] in HOST_ACTIONS), None)
            parts['flr'] += ((act[0] if act else t1) - t) / 1e6
        elif k in 'MPs':
            # a reply, an event or the end of a scrub: the driver's turn
            # until its next action; only the last answer before that
            # action counts, so that these gaps never overlap
            act = next((x for x in nxt if x[1] in HOST_ACTIONS), None)
            later = next((x for x in nxt if x[1] in 'MPs'), None)
            if act and (later is None or later[0] > act[0]):
                parts['driver_gaps'] += (act[0] - t) / 1e6
                gaps.append(('%s -> %s' % (label(e[i], fn_names, ctrl_names),
                                           label(act, fn_names, ctrl_names)),
                             (act[0] - t) / 1e6))
    return parts, rpcs, scrub_mib, gaps


def stats(v):
    if not v:
        return None
    return min(v), statistics.median(v), max(v)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sim-src')
    ap.add_argument('--elapsed', type=int, default=0)
    ap.add_argument('log')
    ap.add_argument('csv')
    ap.add_argument('png')
    a = ap.parse_args()
    samples, units, stamps, tl, guest, fails, mode, ok = parse_log(a.log)
    fn_names, ctrl_names = names(a.sim_src)
    rows = []   # (section, figure, unit, kind, values, note)

    def add(section, fig, unit, kind, vals, note=''):
        if vals:
            rows.append((section, fig, unit, kind, list(vals), note))

    def s(name):
        return samples.get(name, [])

    def med(name):
        v = s(name)
        return statistics.median(v) if v else None

    # 1. create -> ready, destroy, and their breakdown from the timeline
    add('1 lifecycle', 'create->ready (VFIO open until active)', 'ms', 'driver', s('life_create'))
    add('1 lifecycle', 'destroy (close until assigned)', 'ms', 'driver', s('life_destroy'))
    ev = events(tl) if tl else []
    if ev and stamps.get('life'):
        st = stamps['life']
        # The simulator's clock and L2's do not run at the same rate under
        # TCG (L2 calibrates its TSC against emulated timers: a few per cent
        # off), so phases are not matched by time: every phase begins with
        # the VF's FLR (vfio_pci_core_enable on open, _disable on close),
        # and the events from one FLR to the next are that phase's. The
        # phase's L2 duration is converted to simulator time with the rate
        # measured over the whole run.
        flrs = [i for i, x in enumerate(ev) if x[1] == 'F']
        rate = 1.0
        if flrs and len(st) and st[-1][2] > st[0][0]:
            rate = (ev[flrs[-1]][0] - ev[flrs[0]][0]) / (st[-1][2] - st[0][0])
        per = {'create': {}, 'destroy': {}}
        rpc_by = {'create': {}, 'destroy': {}}
        gap_by = {'create': {}, 'destroy': {}}
        ratios = {'create': [], 'destroy': []}
        phases = []
        for (o0, o1, c0, c1) in st:
            phases += [('create', o1 - o0), ('destroy', c1 - c0)]
        if len(flrs) != len(phases):
            print('# timeline: %d FLRs for %d phases: no breakdown' % (len(flrs), len(phases)))
            phases = []
        for k, (ph, dur) in enumerate(phases):
            b = ev[flrs[k]][0]
            e = ev[flrs[k + 1]][0] - 1 if k + 1 < len(flrs) else ev[-1][0]
            parts, rpcs, mib, gaps = breakdown(ev, b, e, fn_names, ctrl_names)
            for name, t in gaps:
                gap_by[ph].setdefault(name, []).append(t)
            total = dur * rate / 1e6
            parts['unaccounted'] = total - sum(parts.values())
            for key, v in parts.items():
                per[ph].setdefault(key, []).append(v)
            if parts['scrub'] > 0:
                per[ph].setdefault('scrub_gibs', []).append(mib / 1024 / (parts['scrub'] / 1e3))
            for name, t in rpcs:
                rpc_by[ph].setdefault(name, []).append(t)
            per[ph].setdefault('rpcs', []).append(len(rpcs))
            mand = parts['rpc'] + parts['scrub']
            if mand > 0:
                ratios[ph].append(total / mand)
        for ph in ('create', 'destroy'):
            p = per[ph]
            sec = '1 ' + ph + ' breakdown'
            add(sec, 'scrub (simulator scrubber)', 'ms', 'sim', p.get('scrub'))
            add(sec, 'scrub rate', 'GiB/s', 'sim', p.get('scrub_gibs'))
            add(sec, 'GSP RPC round trips (sum)', 'ms', 'sim', p.get('rpc'),
                'reply latency x-gsp-latency-us each: a simulator artefact')
            add(sec, 'GSP RPCs per %s' % ph, 'count', 'sim', p.get('rpcs'))
            for name, v in sorted(rpc_by[ph].items()):
                add(sec, '  RPC %s' % name, 'ms', 'sim', v)
            add(sec, 'plugin mailbox steps (doorbell to response, sum)', 'ms', 'sim', p.get('mailbox'))
            add(sec, 'VF FLR (to the driver\'s next action)', 'ms', 'driver', p.get('flr'),
                'mostly the PCI-spec 100 ms wait of pcie_flr()')
            add(sec, 'driver between a reply and its next action', 'ms', 'tcg', p.get('driver_gaps'),
                'the driver\'s own code: TCG-slowed')
            for name, v in sorted(gap_by[ph].items(), key=lambda kv: -statistics.median(kv[1])):
                add(sec, '  %s' % name, 'ms', 'tcg', v)
            add(sec, 'unaccounted (before the FLR, after the last answer)', 'ms', 'tcg',
                p.get('unaccounted'), 'VFIO/PCI core, sysfs polling, userspace')
            add(sec, 'ratio %s / (round trips + scrub)' % ph, 'x', 'sim', ratios[ph])
        add('1 timeline', 'clock rate: simulator / L2', 'x', 'tcg', [rate],
            'L2 durations are scaled by it in the breakdown')

    # 2. scale
    pts = []
    add('2 scale', 'vGPUs the PF took (types 901/902, up to 16 VFs)', 'count', 'driver',
        s('max_vgpus'), 'see the note below the table if fewer than 16')
    for n in sorted(int(k[5:-7]) for k in samples if re.match(r'scale\d+_create$', k)):
        c, d = s('scale%d_create' % n), s('scale%d_destroy' % n)
        add('2 scale', 'create with %d vGPUs on the PF' % n, 'ms', 'driver', c)
        add('2 scale', 'destroy with %d vGPUs on the PF' % n, 'ms', 'driver', d)
        if c and d:
            pts.append((n, statistics.median(c), statistics.median(d)))
    if len(pts) >= 2:
        def slope(i):
            xs = [p[0] for p in pts]
            ys = [p[i] for p in pts]
            mx, my = statistics.mean(xs), statistics.mean(ys)
            return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        add('2 scale', 'create slope', 'ms/vGPU', 'driver', [slope(1)], 'least squares over medians')
        add('2 scale', 'destroy slope', 'ms/vGPU', 'driver', [slope(2)], 'least squares over medians')
    for k in sorted(samples):
        if k.startswith('host_rss'):
            add('2 scale', 'simulator host RSS (%s)' % k[9:], 'MiB', 'sim',
                [v / 1024 for v in samples[k]], 'VRAM lazily backed')

    # 3. memory path
    for k, lbl in (('bar1_mmap_write', 'L2 userspace write, VFIO BAR1 mmap'),
                   ('bar1_mmap_read', 'L2 userspace read, VFIO BAR1 mmap'),
                   ('anon_write', 'L2 userspace write, anonymous memory'),
                   ('anon_read', 'L2 userspace read, anonymous memory')):
        add('3 memory', lbl, 'MiB/s', 'tcg', s(k))
    for rw in ('write', 'read'):
        b, n = s('bar1_mmap_' + rw), s('anon_' + rw)
        if b and n:
            add('3 memory', 'ratio BAR1 mmap / anonymous, %s' % rw, 'x', 'tcg',
                [x / y for x, y in zip(b, n)])
    add('3 memory', 'BAR1 first touch of 16 MiB: page faults', 'count', 'driver',
        s('bar1_first_touch_faults'), 'one per PTE inserted by the fault handler')
    add('3 memory', 'BAR1 first touch of 16 MiB', 'ms', 'tcg', s('bar1_first_touch'))
    add('3 memory', 'BAR1 mapping page size (smaps)', 'KiB', 'driver', s('bar1_kernel_page_size'))
    gexec = []
    for g in guest:
        m = re.search(r'@@@L3-EXEC size=(\S+) to_fb_mibs=([\d.]+) from_fb_mibs=([\d.]+)', g)
        if m:
            gexec.append((m.group(1), float(m.group(2)), float(m.group(3))))
        m = re.search(r'@@@L3-BAR1 .*write_mibs=([\d.]+) read_mibs=([\d.]+)', g)
        if m:
            add('3 memory', 'L3 guest write, its FB through BAR1', 'MiB/s', 'tcg', [float(m.group(1))])
            add('3 memory', 'L3 guest read, its FB through BAR1', 'MiB/s', 'tcg', [float(m.group(2))])
            if med('bar1_mmap_write'):
                add('3 memory', 'ratio L3 guest BAR1 / L2 VFIO mmap, write', 'x', 'tcg',
                    [float(m.group(1)) / med('bar1_mmap_write')])
    # 4. copy engine
    for size, to, frm in gexec:
        add('4 copy engine', 'L3 guest copy RAM->FB (%s)' % size, 'MiB/s', 'sim', [to])
        add('4 copy engine', 'L3 guest copy FB->RAM (%s)' % size, 'MiB/s', 'sim', [frm])
        if med('anon_write'):
            add('4 copy engine', 'ratio guest copy RAM->FB / L2 memory write', 'x', 'sim',
                [to / med('anon_write')], 'the simulated engine copies in the simulator')
    # 5. VFIO device init, our VF against a plain vfio-pci device
    add('5 vfio init', 'VFIO device init, nvidia-vgpu VF (creates the vGPU)', 'ms', 'driver', s('vf_init'))
    add('5 vfio init', 'VFIO device close, nvidia-vgpu VF (destroys it)', 'ms', 'driver', s('vf_close'))
    add('5 vfio init', 'VFIO device init, e1000e on vfio-pci', 'ms', 'driver', s('e1000e_init'))
    add('5 vfio init', 'VFIO device close, e1000e on vfio-pci', 'ms', 'driver', s('e1000e_close'))
    if med('vf_init') and med('e1000e_init'):
        add('5 vfio init', 'peer ratio: VF init / e1000e init', 'x', 'driver',
            [x / med('e1000e_init') for x in s('vf_init')])

    # output: table, CSV, plot
    print('make bench: %s; %d s; log %s' % (mode, a.elapsed, a.log))
    print('kinds: driver = host stack cost; sim = simulator-only (skipped on real '
          'hardware); tcg = dominated by TCG emulation (compare ratios only)')
    w = max(len(r[1]) for r in rows) if rows else 20
    sec = None
    for r in rows:
        if r[0] != sec:
            sec = r[0]
            print('\n== %s' % sec)
            print('%-*s %12s %12s %12s  %-7s %-6s n' % (w, 'figure', 'min', 'median', 'max', 'unit', 'kind'))
        lo, md, hi = stats(r[4])
        print('%-*s %12.3f %12.3f %12.3f  %-7s %-6s %d%s' % (
            w, r[1], lo, md, hi, r[2], r[3], len(r[4]), ('  # ' + r[5]) if r[5] else ''))
    with open(a.csv, 'w') as f:
        f.write('section,figure,unit,kind,n,min,median,max,note\n')
        for r in rows:
            lo, md, hi = stats(r[4])
            f.write('"%s","%s",%s,%s,%d,%.4f,%.4f,%.4f,"%s"\n' % (
                r[0], r[1].strip(), r[2], r[3], len(r[4]), lo, md, hi, r[5]))
    print('\nCSV: %s' % a.csv)
    plot(rows, pts, a.png)
    for n in NOTES:
        print('note: ' + n)
    if fails:
        print('FAILED parts: %s' % '; '.join(fails))
    need = ['life_create', 'life_destroy', 'bar1_mmap_write', 'vf_init']
    missing = [n for n in need if not samples.get(n)]
    if missing:
        print('missing figures: %s' % ' '.join(missing))
    return 0 if ok and not fails and not missing else 1


def plot(rows, pts, png):
    gp = shutil.which('gnuplot')
    if not gp:
        print('PNG: not written (no gnuplot; deps.sh installs gnuplot-nox)')
        return
    base = os.path.splitext(png)[0]
    parts = {}
    for r in rows:
        m = re.match(r'1 (create|destroy) breakdown', r[0])
        if m and r[2] == 'ms' and not r[1].startswith('  '):
            parts.setdefault(r[1].split(' (')[0], {})[m.group(1)] = stats(r[4])[1]
    with open(base + '-breakdown.dat', 'w') as f:
        for lbl, v in parts.items():
            f.write('"%s" %f %f\n' % (lbl.replace('"', "'")[:40], v.get('create', 0),
                                       v.get('destroy', 0)))
    with open(base + '-scale.dat', 'w') as f:
        for n, c, d in pts:
            f.write('%d %f %f\n' % (n, c, d))
    script = '''
set terminal pngcairo size 1400,700 noenhanced font ",9"
set output "%(png)s"
set multiplot layout 1,2 title "make bench (medians)"
set style fill solid 0.5
set boxwidth 0.6
set ylabel "ms"
set xtics rotate by -30 scale 0
set title "create->ready and destroy, median of each part"
set style data histograms
set style histogram clustered gap 1
plot "%(b)s-breakdown.dat" using 2:xtic(1) title "create", "" using 3 title "destroy"
set style data points
set xtics norotate autofreq
set title "create/destroy with N vGPUs on the PF"
set xlabel "vGPUs on the PF"
set key top left
plot "%(b)s-scale.dat" using 1:2 with linespoints title "create", \\
     "%(b)s-scale.dat" using 1:3 with linespoints title "destroy"
unset multiplot
''' % {'png': png, 'b': base}
    r = subprocess.run([gp], input=script, text=True, capture_output=True)
    if r.returncode == 0 and os.path.exists(png):
        print('PNG: %s' % png)
    else:
        print('PNG: gnuplot failed: %s' % r.stderr.strip()[:300])


if __name__ == '__main__':
    sys.exit(main())
