#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Export the kernel series for review: `git format-patch` output against
# pristine 6.12 in the order of patches/linux/series (the manifest: which
# patch of patches/linux and which new files make each step), with a cover
# letter filled from patches/linux/cover-letter.txt. Checks that the
# series applies to pristine 6.12 with `git am` and that its last step is
# the tree the harness builds (build-kernel.sh: the same files, the same
# content), and that every file the harness overlays is in exactly one
# step. Prints TAP; exit status non-zero on any failure.
#
#   export-series.sh [--ci] [--out DIR]
#
# The Signed-off-by of every patch (and its author) is NVGPU_SIGNOFF
# ("Name <mail>") or else git's user.name and user.email; the export
# refuses a missing identity, the placeholder of patches/linux and
# reserved or no-reply domains (.invalid, example.*, ...).
# --ci (make check): sign with the CI's label instead, which says it is no
# sign-off, and mark the cover letter as not for submission: a CI cannot
# certify the DCO, and a real-looking fake identity would be worse.
# Output: DIR (default $NVGPU_CACHE/out/series, --ci: out/series-ci);
# bisect-check.sh --exported DIR builds and checkpatches every step.
# NVGPU_EXPORT_PREFIX: the subject prefix (default "RFC PATCH").
set -uo pipefail
. "$(dirname "$0")/lib.sh"
take_lock export
eval "$(sed -n '/^KERNEL_OVERLAY=(/,/)/p' "$NVGPU_TOOLS/build-kernel.sh")"

ci=0 out=
while [ $# -gt 0 ]; do
	case "$1" in
	--ci) ci=1 ;;
	--out) out=$2; shift ;;
	*) die "usage: $0 [--ci] [--out DIR]" ;;
	esac
	shift
done
[ -n "$out" ] || out=$OUT/series$( [ $ci = 1 ] && echo -ci)
ident=${NVGPU_SIGNOFF:-}
if [ -z "$ident" ] && [ $ci = 0 ]; then
	n=$(git -C "$NVGPU_REPO" config user.name) && e=$(git -C "$NVGPU_REPO" config user.email) &&
		ident="$n <$e>"
fi

[ -f "$KSRC_PRISTINE/.done" ] || "$NVGPU_TOOLS/fetch-sources.sh" >&2 || exit 1
work=$NVGPU_CACHE/export-work
rm -rf "$work" && mkdir -p "$work"
# The tree the harness builds, exactly as build-kernel.sh prepares it.
stage=$work/stage
mkdir -p "$stage"
(stage_series "$KSRC_PRISTINE" "$stage" "$NVGPU_REPO/patches/linux") || exit 1
stage_overlay "$stage" "${KERNEL_OVERLAY[@]}"

args=(--repo "$NVGPU_REPO" --pristine "$KSRC_PRISTINE" --stage "$stage" --work "$work"
      --out "$out" --identity "$ident" --prefix "${NVGPU_EXPORT_PREFIX:-RFC PATCH}")
[ $ci = 1 ] && args+=(--ci)
python3 "$NVGPU_TOOLS/export-series.py" "${args[@]}" "${KERNEL_OVERLAY[@]}"
rc=$?
[ $rc = 0 ] && log "series: $out ($(ls "$out" | wc -l) files, cover letter $out/0000-cover-letter.patch)"
exit $rc
