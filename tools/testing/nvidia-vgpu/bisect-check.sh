#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check that the kernel patch series is bisectable: for each step k,
# configure and build nouveau and the VFIO drivers with W=1. Prints TAP,
# one result per step. Too slow for `make check` (every step changes
# Kconfig, so nouveau rebuilds): run it when the series changes.
#
#   bisect-check.sh [STEP...]     the quilt series: the first k patches of
#                                 patches/linux applied to pristine 6.12,
#                                 with all of the project's new files present
#   bisect-check.sh --exported [DIR] [STEP...]
#                                 the exported series (export-series.sh; DIR
#                                 default $NVGPU_CACHE/out/series): the first k
#                                 patches of DIR on pristine 6.12 and nothing
#                                 else, so that each step is what a reviewer
#                                 builds; each step also passes checkpatch
#                                 --strict and has no W=1 warning in a file
#                                 the series adds; a file the step adds that
#                                 its build does not compile is listed
#
# default: every step. Uses its own work tree and object directory in the
# cache.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
take_lock bisect
eval "$(sed -n '/^KERNEL_OVERLAY=(/,/)/p' "$NVGPU_TOOLS/build-kernel.sh")"

BSRC=$NVGPU_CACHE/bisect-src
BOBJ=$NVGPU_CACHE/bisect-obj
exported=
if [ "${1:-}" = --exported ]; then
	shift
	exported=$OUT/series
	case "${1:-}" in ''|*[!0-9]*) [ $# -gt 0 ] && { exported=$1; shift; } ;; esac
	[ -d "$exported" ] || die "$exported: no exported series (run export-series.sh)"
	exported=$(realpath "$exported")
	mapfile -t SERIES < <(ls "$exported"/[0-9][0-9][0-9][0-9]-*.patch | grep -v '/0000-cover-letter\.patch$')
	[ ${#SERIES[@]} -gt 0 ] || die "$exported: no patches"
else
	mapfile -t SERIES < <(ls "$NVGPU_REPO"/patches/linux/*.patch)
fi
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=($(seq 1 ${#SERIES[@]}))

"$NVGPU_TOOLS/fetch-sources.sh" || exit 1
# Copied under another name and renamed when complete: the pristine tree
# has a .done of its own, so an interrupted copy would look complete.
if [ ! -f "$BSRC/.done" ]; then
	rm -rf "$BSRC" "$BSRC.tmp" && cp -a "$KSRC_PRISTINE" "$BSRC.tmp" &&
		touch "$BSRC.tmp/.done" && mv "$BSRC.tmp" "$BSRC" || die "cannot copy $KSRC_PRISTINE"
fi
# new_files K: the files the first K exported patches add
new_files() {
	local p
	for p in "${SERIES[@]:0:$1}"; do
		awk '/^diff --git /{f=$4; sub(/^b\//, "", f)} /^new file mode/{print f}' "$p"
	done | sort -u
}

# exported_checks: checkpatch --strict of step k's patch, W=1 warnings in
# the files the series added so far, and which files the step adds that
# its configuration does not build (by design until the Kconfig patch of
# the code; listed, not failed).
exported_checks() {
	local p=${SERIES[$((k - 1))]} out ign=FILE_PATH_CHANGES f o mods warn
	# RM's structures are CamelCase and nvkm uses them as they are (as
	# check.sh does for nouveau files); a new file is no MAINTAINERS news
	# in itself, the MAINTAINERS patch comes last.
	grep -E '^diff --git ' "$p" | grep -qv ' a/drivers/gpu/drm/nouveau/' || ign+=,CAMELCASE
	n=$((n + 1))
	out=$(cd "$BSRC" && perl scripts/checkpatch.pl --strict --quiet --terse --show-types \
		--ignore "$ign" "$p" 2>/dev/null)
	if [ -z "$out" ] || echo "$out" | grep -qx 'total: 0 errors, 0 warnings, 0 checks, [0-9]* lines checked'; then
		echo "ok $n - step $k ($name) checkpatch --strict"
	else
		echo "not ok $n - step $k ($name) checkpatch --strict"
		echo "$out" | grep -v '^total:' | head -10 | sed 's/^/# /'
		fails=$((fails + 1))
	fi
	n=$((n + 1))
	warn=$(sed "s|^$BSRC/||; s|^$BOBJ/||" "$OUT/bisect-$k.build.log" |
		grep -E ': warning:' | grep -F -f <(new_files "$k" | sed 's/$/:/') | sort -u)
	if [ -z "$warn" ]; then
		echo "ok $n - step $k ($name) W=1 clean in new files"
	else
		echo "not ok $n - step $k ($name) W=1 clean in new files"
		echo "$warn" | head -10 | sed 's/^/# /'
		fails=$((fails + 1))
	fi
	mods=$(for o in "$BOBJ"/drivers/gpu/drm/nouveau/modules.order "$BOBJ"/drivers/vfio/pci/modules.order; do
		[ -f "$o" ] && sed 's/\.o$/.mod/' "$o"; done | sed "s|^|$BOBJ/|" | xargs cat 2>/dev/null | tr ' ' '\n')
	o=$(new_files "$k" | grep -F -x -v -f <(new_files $((k - 1))) |
		grep -E '^drivers/(gpu/drm/nouveau|vfio/pci)/.*\.c$' |
		while read -r f; do echo "$mods" | grep -qx "${f%.c}.o" || echo "$f"; done)
	[ -z "$o" ] || echo "# step $k adds kernel files its build does not compile (yet):" $o
}

n=0 fails=0
for k in "${steps[@]}"; do
	n=$((n + 1))
	name=$(basename "${SERIES[$((k - 1))]}" .patch)
	part=$(mktemp -d) stage=$(mktemp -d)
	for p in "${SERIES[@]:0:$k}"; do cp "$p" "$part/"; done
	if ! (stage_series "$KSRC_PRISTINE" "$stage" "$part") 2> "$OUT/bisect-$k.log"; then
		echo "not ok $n - step $k ($name): does not apply"
		fails=$((fails + 1))
		rm -rf "$part" "$stage"
		continue
	fi
	[ -n "$exported" ] || stage_overlay "$stage" "${KERNEL_OVERLAY[@]}"
	# kbuild does not rebuild an object when a header it used is deleted
	# (a step run after a later one): remove the objects that used a file
	# this step does not have, so that they are built again, or fail.
	gone=$(cat "$BSRC/.manifest" 2>/dev/null | while read -r f; do
		[ -e "$stage/$f" ] || [ -e "$KSRC_PRISTINE/$f" ] || echo "$BSRC/$f"; done)
	sync_tree "$KSRC_PRISTINE" "$BSRC" "$BSRC/.manifest" "$stage" 2>/dev/null
	if [ -n "$gone" ] && [ -d "$BOBJ" ]; then
		grep -rlF --include='.*.o.cmd' -f <(echo "$gone") "$BOBJ" |
			sed 's|/\.\([^/]*\)\.cmd$|/\1|' | xargs -r rm -f
	fi
	rm -rf "$part" "$stage"
	mkdir -p "$BOBJ"
	# Options of later steps do not exist yet; olddefconfig drops them.
	if make -s -C "$BSRC" O="$BOBJ" ARCH=x86_64 tinyconfig >/dev/null &&
	   KCONFIG_CONFIG=$BOBJ/.config "$BSRC/scripts/kconfig/merge_config.sh" \
		-m -O "$BOBJ" "$BOBJ/.config" "$NVGPU_TOOLS/kernel.config" >/dev/null 2>&1 &&
	   make -s -C "$BSRC" O="$BOBJ" ARCH=x86_64 olddefconfig >/dev/null &&
	   with_progress "step $k/${#SERIES[@]}" "$OUT/bisect-$k.build.log" \
		make -C "$BSRC" O="$BOBJ" ARCH=x86_64 -j"$JOBS" W=1 \
		drivers/gpu/drm/nouveau/ drivers/vfio/pci/; then
		echo "ok $n - step $k ($name) builds"
		[ -n "$exported" ] && exported_checks
	else
		echo "not ok $n - step $k ($name) builds"
		grep -E 'error' "$OUT/bisect-$k.build.log" 2>/dev/null | head -5 | sed 's/^/# /'
		fails=$((fails + 1))
	fi
done
echo "1..$n"
[ $fails = 0 ]
