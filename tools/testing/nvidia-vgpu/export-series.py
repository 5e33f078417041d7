#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Export the kernel series as `git format-patch` output (export-series.sh).

Reads patches/linux/series (the manifest: its header says the format),
builds each step in a scratch git repository over the pristine files the
series changes, commits it with the step's message and a Signed-off-by of
the given identity, runs `git format-patch --cover-letter`, fills the
cover letter from patches/linux/cover-letter.txt, and checks that the
series applies with `git am` to the pristine files and gives the tree the
harness builds. Prints TAP; exit status 1 on any failure.

Usage: export-series.py --repo R --pristine P --stage S --work W --out O
                        --identity 'Name <mail>' [--ci] [--prefix P]
                        OVERLAY_PATH...
S is the harness's stage (the series and overlay files as build-kernel.sh
lays them over pristine); W a scratch directory; O the output directory.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import textwrap

PLACEHOLDER_NAMES = ('nvidia-vgpu developer',)
PLACEHOLDER_DOMAINS = ('invalid', 'example', 'test', 'localhost', 'local')
CI_IDENTITY = 'nvidia-vgpu CI artefact, not a sign-off <ci@nvidia-vgpu.invalid>'


def log(msg):
    print('[export] ' + msg, file=sys.stderr, flush=True)


class ExportError(Exception):
    pass


def identity_problem(ident):
    """Why IDENT ('Name <mail>') cannot sign off, or None."""
    if not ident or not ident.strip():
        return ('no identity: set NVGPU_SIGNOFF="Your Name <your@address>" '
                'or git config user.name and user.email')
    m = re.fullmatch(r'\s*([^<>]*[^<>\s])\s*<([^<>@\s]+)@([^<>@\s]+\.[^<>@\s.]+)>\s*', ident)
    if not m:
        return f'identity "{ident}" is not of the form "Name <local@domain.tld>"'
    name, local, domain = m.groups()
    labels = domain.lower().split('.')
    if name.lower() in PLACEHOLDER_NAMES:
        return f'identity "{ident}" is the placeholder of patches/linux'
    if labels[-1] in PLACEHOLDER_DOMAINS or 'example' in labels[-2:]:
        return (f'identity "{ident}": {domain} is a reserved placeholder domain '
                '(RFC 2606), not an address a sign-off can come from')
    if 'noreply' in local.lower() or any('noreply' in x for x in labels):
        return f'identity "{ident}": a no-reply address cannot answer review'
    return None


def parse_manifest(path):
    """[(kind, name, [(file, [regex ranges] or None)])] in manifest order."""
    steps = []
    delim = r'/((?:\\.|[^/\\])*)/'
    addr = re.compile(rf'\s*{delim}(?:\s*,\s*{delim})?\s*')
    with open(path) as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip('\n')
            where = f'{os.path.basename(path)}:{lineno}'
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            if line.startswith(('patch ', 'commit ')):
                kind, name = line.split(None, 1)
                steps.append((kind, name.strip(), [], where))
                continue
            m = re.match(r'\+\s+(\S+)(.*)$', line)
            if not m:
                raise ExportError(f'{where}: cannot parse "{line}"')
            if not steps:
                raise ExportError(f'{where}: a file before the first step')
            fpath, rest = m.group(1), m.group(2)
            ranges = None
            if rest.strip():
                a = addr.fullmatch(rest)
                if not a:
                    raise ExportError(f'{where}: bad line selection "{rest.strip()}" '
                                      '(want /RE/ or /RE1/,/RE2/)')
                try:
                    ranges = [tuple(re.compile(x.replace('\\/', '/')) if x is not None else None
                                    for x in a.groups())]
                except re.error as e:
                    raise ExportError(f'{where}: bad regex: {e}')
            steps[-1][2].append((fpath, ranges, where))
    return steps


def select_lines(lines, ranges, where):
    """Line numbers of LINES that the sed-like ranges select."""
    sel = set()
    for start, end in ranges:
        i, hit = 0, False
        while i < len(lines):
            if start.search(lines[i]):
                hit = True
                sel.add(i)
                if end is not None:
                    j = i + 1
                    while j < len(lines) and not end.search(lines[j]):
                        sel.add(j)
                        j += 1
                    if j == len(lines):
                        raise ExportError(f'{where}: /{end.pattern}/ does not end the range '
                                          f'that starts at line {i + 1}')
                    sel.add(j)
                    i = j
            i += 1
        if not hit:
            raise ExportError(f'{where}: /{start.pattern}/ matches no line (stale selection?)')
    return sel


def render_part(lines, sel):
    """The file made of the selected lines; a blank line is kept when the
    next non-blank line is kept and some line before it is."""
    out, seen = [], False
    for i, text in enumerate(lines):
        if text.strip():
            if i in sel:
                out.append(text)
                seen = True
            continue
        if not seen:
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and j in sel:
            out.append(text)
    return ''.join(x + '\n' for x in out)


def overlay_files(repo, paths):
    """The files stage_overlay copies (cp -r of each existing path)."""
    files = []
    for p in paths:
        full = os.path.join(repo, p)
        if os.path.isfile(full):
            files.append(p)
        elif os.path.isdir(full):
            for d, _, names in os.walk(full):
                for n in names:
                    files.append(os.path.relpath(os.path.join(d, n), repo))
    return sorted(files)


def patch_files(patch):
    """Files a patch touches (as stage_series reads them)."""
    out = set()
    with open(patch, errors='replace') as f:
        for line in f:
            m = re.match(r'^(?:---|\+\+\+) [ab]/(\S+)', line)
            if m:
                out.add(m.group(1))
    return out


def run(cmd, cwd=None, env=None, stdin=None, what=None):
    r = subprocess.run(cmd, cwd=cwd, env=env, input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        raise ExportError(f'{what or " ".join(cmd)} failed:\n{r.stdout}{r.stderr}'.rstrip())
    return r.stdout


class Tap:
    def __init__(self):
        self.n = 0
        self.fails = 0

    def result(self, ok, what, diag=()):
        self.n += 1
        print(f'{"ok" if ok else "not ok"} {self.n} - {what}', flush=True)
        for d in diag:
            print(f'# {d}', flush=True)
        if not ok:
            self.fails += 1

    def done(self):
        print(f'1..{self.n}', flush=True)
        return 1 if self.fails else 0


def check_manifest(a, steps, overlay):
    """Every patch and overlay file in exactly one step; parts complete."""
    errs = []
    pdir = os.path.join(a.repo, 'patches/linux')
    patches = sorted(x for x in os.listdir(pdir) if x.endswith('.patch'))
    named = [s[1] for s in steps if s[0] == 'patch']
    for p in patches:
        if named.count(p) == 0:
            errs.append(f'patches/linux/{p} is in no step of the series manifest')
        elif named.count(p) > 1:
            errs.append(f'patches/linux/{p} is in {named.count(p)} steps')
    for kind, name, _, where in steps:
        if kind == 'patch' and name not in patches:
            errs.append(f'{where}: no patch patches/linux/{name}')
        if kind == 'commit' and not os.path.isfile(os.path.join(pdir, 'msg', name + '.msg')):
            errs.append(f'{where}: no message patches/linux/msg/{name}.msg')
    whole, parts = {}, {}
    for k, (_, _, files, _) in enumerate(steps):
        for fpath, ranges, where in files:
            if fpath in whole:
                errs.append(f'{where}: {fpath} is already complete at {whole[fpath][1]}')
            elif ranges is None:
                whole[fpath] = (k, where)
            else:
                parts.setdefault(fpath, []).append(k)
            if fpath not in overlay:
                errs.append(f'{where}: {fpath} is not a file the harness overlays '
                            '(KERNEL_OVERLAY in build-kernel.sh)')
            elif os.path.exists(os.path.join(a.pristine, fpath)):
                errs.append(f'{where}: {fpath} exists in pristine 6.12: not a new file')
    for f in overlay:
        if f not in whole and f not in parts:
            errs.append(f'orphan: {f} is overlaid by the harness but in no step of '
                        'patches/linux/series')
        elif f not in whole:
            errs.append(f'{f} is added in parts but never whole (+ {f})')
    return errs


def build_states(a, steps):
    """For each step, {file: content} of the new files it adds or changes."""
    states, sel = [], {}
    for _, _, files, _ in steps:
        st = {}
        for fpath, ranges, where in files:
            with open(os.path.join(a.repo, fpath)) as f:
                text = f.read()
            if ranges is None:
                st[fpath] = text
                continue
            lines = text.splitlines()
            sel.setdefault(fpath, set()).update(select_lines(lines, ranges, where))
            st[fpath] = render_part(lines, sel[fpath])
        states.append(st)
    return states


def git_env(ident, date):
    m = re.fullmatch(r'\s*(.*[^\s])\s*<(.*)>\s*', ident)
    env = dict(os.environ, GIT_AUTHOR_NAME=m.group(1), GIT_AUTHOR_EMAIL=m.group(2),
               GIT_COMMITTER_NAME=m.group(1), GIT_COMMITTER_EMAIL=m.group(2),
               GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date,
               GIT_CONFIG_GLOBAL='/dev/null', GIT_CONFIG_NOSYSTEM='1')
    return env


def init_base(dirname, pristine, files, env):
    shutil.rmtree(dirname, ignore_errors=True)
    os.makedirs(dirname)
    run(['git', 'init', '-q', '-b', 'base'], cwd=dirname, env=env)
    for f in sorted(files):
        os.makedirs(os.path.dirname(os.path.join(dirname, f)), exist_ok=True)
        shutil.copy2(os.path.join(pristine, f), os.path.join(dirname, f))
    run(['git', 'add', '-A'], cwd=dirname, env=env)
    run(['git', 'commit', '-q', '-m', 'pristine 6.12: the files the series changes'],
        cwd=dirname, env=env)
    return run(['git', 'rev-parse', 'HEAD'], cwd=dirname, env=env).strip()


def message_of(a, step, ident):
    """(subject, body, date, author) of a step, body without placeholder
    sign-offs; the author is the patch's own unless it is a placeholder."""
    kind, name = step[0], step[1]
    author = ident
    pdir = os.path.join(a.repo, 'patches/linux')
    if kind == 'patch':
        msgf = os.path.join(a.work, 'mailinfo.msg')
        with open(os.path.join(pdir, name)) as f:
            info = run(['git', 'mailinfo', msgf, os.devnull], stdin=f.read(),
                       what=f'git mailinfo {name}')
        hdr = dict(line.split(': ', 1) for line in info.splitlines() if ': ' in line)
        subject, date = hdr.get('Subject', '').strip(), hdr.get('Date')
        theirs = f"{hdr.get('Author', '').strip()} <{hdr.get('Email', '').strip()}>"
        if not identity_problem(theirs):
            author = theirs
        with open(msgf) as f:
            body = f.read()
    else:
        with open(os.path.join(pdir, 'msg', name + '.msg')) as f:
            text = f.read()
        subject, _, body = text.partition('\n')
        subject, date = subject.strip(), None
    if not subject:
        raise ExportError(f'{step[3]}: step {name} has no subject')
    kept = []
    for line in body.strip('\n').splitlines():
        m = re.match(r'Signed-off-by:\s*(.*)$', line)
        if m and (identity_problem(m.group(1)) or m.group(1).strip() == ident):
            continue        # placeholders go; ours is added once, last
        kept.append(line)
    body = '\n'.join(kept).rstrip('\n')
    if date:
        date = run(['date', '-d', date, '+%s %z']).strip()
    return subject, body, date, author


def export(a, tap):
    steps = parse_manifest(os.path.join(a.repo, 'patches/linux/series'))
    overlay = overlay_files(a.repo, a.overlay)
    errs = check_manifest(a, steps, overlay)
    states = build_states(a, steps) if not errs else []
    tap.result(not errs, f'manifest: {len(steps)} steps, every patch and each of the '
               f'{len(overlay)} overlaid files in exactly one step', errs)
    if errs:
        return None

    pdir = os.path.join(a.repo, 'patches/linux')
    touched = set()
    for kind, name, _, _ in steps:
        if kind == 'patch':
            touched |= patch_files(os.path.join(pdir, name))
    touched = {f for f in touched if os.path.isfile(os.path.join(a.pristine, f))}
    # Dates are the tree's commit date (or the patch's own), so that an
    # export of the same tree is the same bytes.
    env = git_env(a.identity, a.date)
    tree = os.path.join(a.work, 'tree')
    base = init_base(tree, a.pristine, touched, env)
    for k, step in enumerate(steps):
        kind, name = step[0], step[1]
        subject, body, date, author = message_of(a, step, a.identity)
        log(f'step {k + 1}/{len(steps)}: {subject}')
        if kind == 'patch':
            with open(os.path.join(pdir, name)) as f:
                r = subprocess.run(['patch', '-p1', '-s', '-F0', '-N', '--no-backup-if-mismatch',
                                    '-r', '-'], cwd=tree, stdin=f, capture_output=True, text=True)
            if r.returncode:
                raise ExportError(f'step {k + 1}: patches/linux/{name} does not apply in '
                                  f'manifest order:\n{r.stdout}{r.stderr}'.rstrip())
        for fpath, text in states[k].items():
            dst = os.path.join(tree, fpath)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            with open(dst, 'w') as f:
                f.write(text)
            shutil.copymode(os.path.join(a.repo, fpath), dst)
        run(['git', 'add', '-A'], cwd=tree, env=env)
        if not run(['git', 'status', '--porcelain'], cwd=tree, env=env).strip():
            raise ExportError(f'step {k + 1} ({name}) changes nothing')
        msg = f'{subject}\n\n{body}\n\nSigned-off-by: {a.identity}\n' if body else \
            f'{subject}\n\nSigned-off-by: {a.identity}\n'
        cenv = git_env(a.identity, date or a.date)
        aenv = git_env(author, date or a.date)
        cenv.update(GIT_AUTHOR_NAME=aenv['GIT_AUTHOR_NAME'], GIT_AUTHOR_EMAIL=aenv['GIT_AUTHOR_EMAIL'])
        run(['git', 'commit', '-q', '-F', '-'], cwd=tree, stdin=msg, env=cenv,
            what=f'commit of step {k + 1}')

    os.makedirs(a.out)
    run(['git', 'format-patch', '-q', '--cover-letter', '--no-signature',
         f'--subject-prefix={a.prefix}', '-o', a.out, f'{base}..HEAD'], cwd=tree, env=env)
    fill_cover(a, steps)
    tap.result(True, f'format-patch: {len(steps)} patches and a cover letter in {a.out}')
    return base, touched


def fill_cover(a, steps):
    cover = os.path.join(a.out, '0000-cover-letter.patch')
    with open(os.path.join(a.repo, 'patches/linux/cover-letter.txt')) as f:
        text = f.read()
    subject, _, blurb = text.partition('\n')
    blurb = blurb.strip('\n')
    ver = ''
    dv = os.path.join(a.pristine, '.debian-version')
    if os.path.isfile(dv):
        with open(dv) as f:
            ver = f' (Debian linux-source-6.12 {f.read().strip()})'
    mk = {}
    with open(os.path.join(a.pristine, 'Makefile'), errors='replace') as f:
        for line in f:
            m = re.match(r'(VERSION|PATCHLEVEL|SUBLEVEL) = (\d+)', line)
            if m:
                mk[m.group(1)] = m.group(2)
    if len(mk) != 3:
        raise ExportError(f'{a.pristine}/Makefile has no kernel version')
    based = f'{mk["VERSION"]}.{mk["PATCHLEVEL"]}.{mk["SUBLEVEL"]}'
    commit = run(['git', 'rev-parse', '--short=12', 'HEAD'], cwd=a.repo).strip()
    dirty = run(['git', 'status', '--porcelain', '--', 'drivers', 'include', 'Documentation',
                 'tools/testing/selftests', 'tools/testing/nvidia-vgpu/sim/include',
                 'patches/linux'], cwd=a.repo).strip()
    blurb += '\n\n' + textwrap.fill(
        f'Based on Linux {based}{ver}. Exported from the nvidia-vgpu tree at '
        f'{commit}{" (with uncommitted changes)" if dirty else ""} by '
        'tools/testing/nvidia-vgpu/export-series.sh.', 72)
    if a.ci:
        blurb = ('*** CI ARTEFACT, NOT FOR SUBMISSION: the Signed-off-by lines are the\n'
                 '*** CI\'s label, not anyone\'s Developer\'s Certificate of Origin.\n'
                 '*** Export with your own identity to send: NVGPU_SIGNOFF="Name <mail>"\n'
                 '*** tools/testing/nvidia-vgpu/export-series.sh\n\n') + blurb
    with open(cover) as f:
        c = f.read()
    if '*** SUBJECT HERE ***' not in c or '*** BLURB HERE ***' not in c:
        raise ExportError('git format-patch wrote a cover letter without its placeholders')
    c = c.replace('*** SUBJECT HERE ***', subject.strip()).replace('*** BLURB HERE ***', blurb)
    with open(cover, 'w') as f:
        f.write(c)


def verify(a, tap, touched):
    """git am onto the pristine files; the result equals the harness's tree."""
    env = git_env(a.identity, a.date)
    vdir = os.path.join(a.work, 'verify')
    base = init_base(vdir, a.pristine, touched, env)
    pats = sorted(os.path.join(a.out, x) for x in os.listdir(a.out)
                  if x.endswith('.patch') and not x.startswith('0000-'))
    r = subprocess.run(['git', 'am', '-q', '--whitespace=error-all'] + pats, cwd=vdir, env=env,
                       capture_output=True, text=True)
    if r.returncode:
        tap.result(False, 'the exported series applies to pristine 6.12 with git am',
                   (r.stdout + r.stderr).strip().splitlines()[:20])
        return
    n = run(['git', 'rev-list', '--count', f'{base}..HEAD'], cwd=vdir).strip()
    tap.result(True, f'the exported series applies to pristine 6.12 with git am ({n} commits)')

    changed = set(run(['git', 'diff', '--name-only', base, 'HEAD'], cwd=vdir).split())
    stage = set()
    for d, _, names in os.walk(a.stage):
        for x in names:
            stage.add(os.path.relpath(os.path.join(d, x), a.stage))
    diffs = []
    for f in sorted(stage):
        want = os.path.join(a.stage, f)
        got = os.path.join(vdir, f)
        if not os.path.isfile(got):
            if not os.path.isfile(os.path.join(a.pristine, f)):
                diffs.append(f'{f}: built by the harness, missing from the series')
            elif not same(want, os.path.join(a.pristine, f)):
                diffs.append(f'{f}: changed by the harness, not by the series')
        elif not same(want, got):
            diffs.append(f'{f}: differs from what the harness builds')
    for f in sorted(changed - stage):
        diffs.append(f'{f}: changed by the series, not by the harness')
    tap.result(not diffs, f'the tree of the last step equals the harness\'s tree '
               f'({len(stage)} files)', diffs)


def clear_out(out):
    """Remove a previous export (and nothing else) from OUT."""
    if not os.path.isdir(out):
        return
    other = [x for x in os.listdir(out) if not re.fullmatch(r'\d{4}-[^/]*\.patch', x)]
    if other:
        raise ExportError(f'{out} holds more than an exported series ({other[0]}): '
                          'not removing it')
    shutil.rmtree(out)


def same(x, y):
    with open(x, 'rb') as f, open(y, 'rb') as g:
        return f.read() == g.read()


def main():
    p = argparse.ArgumentParser()
    for o in ('repo', 'pristine', 'stage', 'work', 'out', 'identity'):
        p.add_argument('--' + o, required=o != 'identity', default='')
    p.add_argument('--ci', action='store_true')
    p.add_argument('--prefix', default='RFC PATCH')
    p.add_argument('overlay', nargs='*')
    a = p.parse_args()
    tap = Tap()
    a.date = run(['git', 'log', '-1', '--format=%ct %cz'], cwd=a.repo).strip()
    if a.ci:
        a.identity = CI_IDENTITY
    else:
        why = identity_problem(a.identity)
        if why:
            tap.result(False, 'a sign-off identity', [f'refusing to export: {why}'])
            return tap.done()
    try:
        clear_out(a.out)
        os.makedirs(a.work, exist_ok=True)
        r = export(a, tap)
        if r:
            verify(a, tap, r[1])
    except (ExportError, OSError) as e:
        tap.result(False, 'export', str(e).splitlines())
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
