#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of the harness itself: the KTAP counter, the patch
# series application (a patch that does not apply must fail naming it)
# and the content-based tree sync (unchanged files keep their mtime).
# Prints TAP.
set -u
. "$(dirname "$0")/../lib.sh"
KTAP=$NVGPU_TOOLS/ktap.py
n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && echo "# $2"; }
expect() {	# expect NAME WANT_SUMMARY WANT_RC FILE
	local out rc
	out=$(python3 "$KTAP" "$4" | tail -1); python3 "$KTAP" "$4" >/dev/null; rc=$?
	if [ "$out" = "$2" ] && [ $rc = "$3" ]; then ok "$1"; else nok "$1" "got '$out' rc=$rc, want '$2' rc=$3"; fi
}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# 1. nested KUnit-style KTAP: leaves are counted, skips are skips
printf 'KTAP version 1\n1..2\n    KTAP version 1\n    # Subtest: s\n    1..3\n    ok 1 a\n    not ok 2 b\n    ok 3 c # SKIP x\nnot ok 1 s\nok 2 t\n' > "$T/nested"
expect "ktap: nested leaves counted" "2 passed, 1 failed, 1 skipped" 1 "$T/nested"
# 1b. a parent that fails with passing subtests (a check of its own) fails
printf 'KTAP version 1\n1..2\n    # Subtest: g\n    1..2\n    ok 1 a\n    ok 2 b\nnot ok 1 g\nok 2 t\n' > "$T/parent"
expect "ktap: failing parent of passing subtests fails" "3 passed, 1 failed, 0 skipped" 1 "$T/parent"
# 2. a framed section that never ended (VM timeout / crash) fails
printf '@@@NVGPU-TEST-BEGIN kunit a\nKTAP version 1\n1..1\nok 1 x\n@@@NVGPU-TEST-END a rc=0\n@@@NVGPU-TEST-BEGIN kunit b\nKTAP version 1\n1..2\nok 1 y\n' > "$T/timeout"
expect "ktap: unfinished section and missing plan entries fail" "2 passed, 2 failed, 0 skipped" 1 "$T/timeout"
# 3. kernel warning during an otherwise passing test fails it
printf '@@@NVGPU-TEST-BEGIN kunit a\n1..1\nok 1 x\n@@@NVGPU-KERNEL-WARN a\n@@@NVGPU-TEST-END a rc=99\n' > "$T/warn"
expect "ktap: kernel warning fails the section" "1 passed, 1 failed, 0 skipped" 1 "$T/warn"
# 4. a section with no result at all fails; exit code without a failed leaf fails
printf '@@@NVGPU-TEST-BEGIN script e\nhello\n@@@NVGPU-TEST-END e rc=0\n@@@NVGPU-TEST-BEGIN script f\n1..1\nok 1 z\n@@@NVGPU-TEST-END f rc=3\n' > "$T/empty"
expect "ktap: empty section and bad exit code fail" "1 passed, 2 failed, 0 skipped" 1 "$T/empty"
# 5. all green exits 0
printf '1..2\nok 1 a\nok 2 b # SKIP no device\n' > "$T/green"
expect "ktap: all passing exits 0" "1 passed, 0 failed, 1 skipped" 0 "$T/green"
# 5b. a failure line carries the diagnostic right after the result, only that
printf '1..3\nnot ok 1 a\n# guest did not finish in 240 s\n# more\nnot ok 2 b\nok 3 c\n# not a reason\n' > "$T/why"
out=$(python3 "$KTAP" "$T/why" | sed -n 1,2p | tr '\n' '|')
if [ "$out" = "FAILED: $T/why: a (guest did not finish in 240 s)|FAILED: $T/why: b|" ]; then
	ok "ktap: a failure names the reason printed after it"
else
	nok "ktap: a failure names the reason printed after it" "got '$out'"
fi
# 5c. a nested result's own diagnostic ("not ok N name # why") is its reason
printf '1..1\n    1..2\n    # glmark2 warm-up: noise\n    not ok 1 glmark2 # glmark2 killed after 300 s\n    ok 2 x # SKIP y\nnot ok 1 guest\n' > "$T/ownwhy"
out=$(python3 "$KTAP" "$T/ownwhy" | sed -n 1p)
if [ "$out" = "FAILED: $T/ownwhy: glmark2 (glmark2 killed after 300 s)" ]; then
	ok "ktap: a nested failure names the reason on its own line"
else
	nok "ktap: a nested failure names the reason on its own line" "got '$out'"
fi

# 6. a patch that does not apply fails, naming the patch
mkdir -p "$T/pristine/d" "$T/series" "$T/stage"
printf 'one\ntwo\nthree\n' > "$T/pristine/d/f.txt"
printf -- '--- a/d/f.txt\n+++ b/d/f.txt\n@@ -1,3 +1,3 @@\n one\n-TWO\n+2\n three\n' > "$T/series/0001-broken.patch"
out=$( (stage_series "$T/pristine" "$T/stage" "$T/series") 2>&1 ); rc=$?
if [ $rc != 0 ] && echo "$out" | grep -q "0001-broken.patch"; then
	ok "series: a patch that does not apply fails with its name"
else
	nok "series: a patch that does not apply fails with its name" "rc=$rc out=$out"
fi
# 7. a good patch applies in order and sync_tree touches only changed files
rm -rf "$T/stage" "$T/series"/*; mkdir -p "$T/stage" "$T/dst"
printf -- '--- a/d/f.txt\n+++ b/d/f.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n' > "$T/series/0001-good.patch"
printf 'keep\n' > "$T/pristine/d/g.txt"
cp -a "$T/pristine/." "$T/dst/"
touch -d '2000-01-01' "$T/dst/d/g.txt" "$T/dst/d/f.txt"
stage_series "$T/pristine" "$T/stage" "$T/series" 2>/dev/null &&
	sync_tree "$T/pristine" "$T/dst" "$T/manifest" "$T/stage" 2>/dev/null
if grep -qx 2 "$T/dst/d/f.txt" && [ "$(stat -c %Y "$T/dst/d/g.txt")" = "$(date -d 2000-01-01 +%s)" ]; then
	ok "series: applied in order, unchanged files keep their mtime"
else
	nok "series: applied in order, unchanged files keep their mtime"
fi
# 8. a second sync with the same input rewrites nothing; dropping the patch restores pristine
touch -d '2000-01-01' "$T/dst/d/f.txt"
sync_tree "$T/pristine" "$T/dst" "$T/manifest" "$T/stage" 2>/dev/null
m1=$(stat -c %Y "$T/dst/d/f.txt")
rm -rf "$T/stage" && mkdir -p "$T/stage"
sync_tree "$T/pristine" "$T/dst" "$T/manifest" "$T/stage" 2>/dev/null
if [ "$m1" = "$(date -d 2000-01-01 +%s)" ] && grep -qx two "$T/dst/d/f.txt"; then
	ok "sync: idempotent, and a dropped patch restores the pristine file"
else
	nok "sync: idempotent, and a dropped patch restores the pristine file"
fi
echo "1..$n"
[ $fails = 0 ]
