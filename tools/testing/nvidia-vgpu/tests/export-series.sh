#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of export-series.py on a synthetic tree (one quilt
# patch, two new files, one of them added in parts): the series it
# writes, the partial file, and that it refuses a placeholder identity,
# an orphan file and a tree that differs from the harness's. Prints TAP.
set -u
PY=$(cd "$(dirname "$0")/.." && pwd)/export-series.py
n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && echo "$2" | sed 's/^/# /'; }
T=$(mktemp -d /tmp/export-test.XXXXXX)
trap 'rm -rf "$T"' EXIT; [ -n "${KEEP:-}" ] && trap - EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

R=$T/repo P=$T/pristine S=$T/stage
mkdir -p "$R/patches/linux/msg" "$R/drivers/x" "$P/drivers/y" "$S/drivers/y"
printf 'int y(void);\n' > "$P/drivers/y/y.h"
printf 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 1\n' > "$P/Makefile"
cat > "$R/patches/linux/0001-y-declare-z.patch" <<'EOF'
From: nvidia-vgpu developer <dev@nvidia-vgpu.invalid>
Date: Sun, 22 Nov 2026 06:00:55 +0000
Subject: [PATCH] y: declare z

z is needed.

Signed-off-by: nvidia-vgpu developer <dev@nvidia-vgpu.invalid>
---
diff --git a/drivers/y/y.h b/drivers/y/y.h
--- a/drivers/y/y.h
+++ b/drivers/y/y.h
@@ -1 +1,2 @@
 int y(void);
+int z(void);
EOF
printf 'x: add a\n\nThe a part.\n' > "$R/patches/linux/msg/x-a.msg"
printf 'A subject\n\nThe blurb.\n' > "$R/patches/linux/cover-letter.txt"
printf '# SPDX-License-Identifier: GPL-2.0\nobj-y += a.o\n\nobj-y += b.o\n' > "$R/drivers/x/Makefile"
printf 'int a;\n' > "$R/drivers/x/a.c"
cat > "$R/patches/linux/series" <<'EOF'
patch 0001-y-declare-z.patch
commit x-a
+ drivers/x/a.c
+ drivers/x/Makefile /^# SPDX/,/a\.o$/
commit x-b
+ drivers/x/b.c
+ drivers/x/Makefile
EOF
printf 'x: add b\n\nThe b part.\n' > "$R/patches/linux/msg/x-b.msg"
printf 'int b;\n' > "$R/drivers/x/b.c"
git -C "$R" init -q && git -C "$R" add -A &&
	git -C "$R" -c user.name=t -c user.email=t@t.org commit -q -m t
printf 'int y(void);\nint z(void);\n' > "$S/drivers/y/y.h"
cp -r "$R/drivers/x" "$S/drivers/"

exp() {	# exp OUT IDENTITY [ARGS...]: run the export into $T/OUT
	local out=$1 id=$2
	shift 2
	python3 "$PY" --repo "$R" --pristine "$P" --stage "$S" --work "$T/work" --out "$T/$out" \
		--identity "$id" "$@" drivers/x 2>/dev/null
}

out=$(exp good 'Jane Doe <jane@kernel.org>'); rc=$?
[ $rc = 0 ] && echo "$out" | grep -q '^ok 4 - the tree' && ok "export: clean tree exports" ||
	nok "export: clean tree exports" "rc=$rc $out"
files=$(cd "$T/good" 2>/dev/null && ls | tr '\n' ' ')
[ "$files" = "0000-cover-letter.patch 0001-y-declare-z.patch 0002-x-add-a.patch 0003-x-add-b.patch " ] &&
	ok "export: a cover letter and one patch per step" || nok "export: a cover letter and one patch per step" "$files"
p2=$T/good/0002-x-add-a.patch
if grep -q '^+obj-y += a.o$' "$p2" && ! grep -q 'b\.o' "$p2" && ! grep -q '^+$' "$p2" &&
   grep -q '^+obj-y += b.o$' "$T/good/0003-x-add-b.patch"; then
	ok "export: a file added in parts gets its lines in their steps"
else
	nok "export: a file added in parts gets its lines in their steps" "$(grep '^+' "$p2")"
fi
# a patch by a real author keeps its author and sign-off, the exporter's follows
sed -i 's/^From: nvidia-vgpu developer <dev@nvidia-vgpu.invalid>$/From: Ann Other <ann@kernel.org>/; s/^\(Signed-off-by:\) nvidia-vgpu developer <dev@nvidia-vgpu.invalid>$/\1 Ann Other <ann@kernel.org>/' "$R/patches/linux/0001-y-declare-z.patch"
out=$(exp author 'Jane Doe <jane@kernel.org>'); rc=$?
got=$(grep -E '^(From|Signed-off-by):' "$T/author/0001-y-declare-z.patch" 2>/dev/null | tr '\n' '|')
[ "$got" = "From: Ann Other <ann@kernel.org>|Signed-off-by: Ann Other <ann@kernel.org>|Signed-off-by: Jane Doe <jane@kernel.org>|" ] &&
	ok "export: a real author keeps authorship and sign-off" || nok "export: a real author keeps authorship and sign-off" "rc=$rc $got"
git -C "$R" checkout -q -- patches/linux/0001-y-declare-z.patch
sob=$(grep -h '^Signed-off-by:' "$T"/good/000[1-3]-*.patch | sort | uniq -c | tr -s ' ')
[ "$sob" = " 3 Signed-off-by: Jane Doe <jane@kernel.org>" ] &&
	ok "export: one sign-off per patch, the placeholder gone" || nok "export: one sign-off per patch, the placeholder gone" "$sob"
grep -q '^Subject: \[RFC PATCH 0/3\] A subject$' "$T/good/0000-cover-letter.patch" &&
	grep -q '^The blurb\.$' "$T/good/0000-cover-letter.patch" &&
	grep -q '^Based on Linux 6\.12\.1\. ' "$T/good/0000-cover-letter.patch" &&
	ok "export: the cover letter from cover-letter.txt" || nok "export: the cover letter from cover-letter.txt"

for id in 'nvidia-vgpu developer <dev@nvidia-vgpu.invalid>' 'A B <ab@example.com>' '' 'no address'; do
	out=$(exp bad "$id"); rc=$?
	[ $rc = 1 ] && echo "$out" | grep -q 'refusing to export' && [ ! -e "$T/bad" ] &&
		ok "export: refuses identity '$id'" || nok "export: refuses identity '$id'" "rc=$rc $out"
done
out=$(exp ci '' --ci); rc=$?
[ $rc = 0 ] && grep -q 'NOT FOR SUBMISSION' "$T/ci/0000-cover-letter.patch" &&
	ok "export: --ci labels its artefact" || nok "export: --ci labels its artefact" "rc=$rc $out"

printf 'int c;\n' > "$R/drivers/x/c.c"
out=$(exp orphan 'Jane Doe <jane@kernel.org>'); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q 'orphan: drivers/x/c.c' &&
	ok "export: an overlaid file in no step fails, named" || nok "export: an overlaid file in no step fails, named" "rc=$rc $out"
rm "$R/drivers/x/c.c"
printf 'int y(void);\nint w(void);\n' > "$S/drivers/y/y.h"
out=$(exp differs 'Jane Doe <jane@kernel.org>'); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q '^# drivers/y/y.h: differs from what the harness builds' &&
	ok "export: a tree unlike the harness's fails, named" || nok "export: a tree unlike the harness's fails, named" "rc=$rc $out"
echo "1..$n"
[ $fails = 0 ]
