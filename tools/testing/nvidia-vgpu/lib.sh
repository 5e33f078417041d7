# SPDX-License-Identifier: GPL-2.0
# Common settings for the nvidia-vgpu build/test harness. Sourced, not run.

NVGPU_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
NVGPU_TOOLS=$NVGPU_REPO/tools/testing/nvidia-vgpu
# Everything fetched or built lives outside the repository.
NVGPU_CACHE=${NVGPU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nvidia-vgpu}
JOBS=${JOBS:-$(nproc)}

KSRC_PRISTINE=$NVGPU_CACHE/linux-pristine
KSRC=$NVGPU_CACHE/linux-src
KOBJ=$NVGPU_CACHE/linux-obj
QSRC_PRISTINE=$NVGPU_CACHE/qemu-pristine
QSRC=$NVGPU_CACHE/qemu-src
QOBJ=$NVGPU_CACHE/qemu-obj
OUT=$NVGPU_CACHE/out

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# sync_tree PRISTINE DST MANIFEST STAGE
#   Make DST equal to PRISTINE plus the files in STAGE, touching only files
#   whose content changes, so that incremental builds stay incremental.
#   MANIFEST remembers which files differed from PRISTINE last time so that
#   files dropped from the overlay or the series are restored.
sync_tree() {
	local pristine=$1 dst=$2 manifest=$3 stage=$4 f want
	local newman
	newman=$(mktemp)
	(cd "$stage" && find . -type f | sed 's|^\./||' | sort) > "$newman"
	touch "$manifest"
	sort -u "$newman" "$manifest" | while IFS= read -r f; do
		if [ -f "$stage/$f" ]; then
			want=$stage/$f
		elif [ -f "$pristine/$f" ]; then
			want=$pristine/$f
		else
			rm -f "$dst/$f"
			continue
		fi
		if ! cmp -s "$want" "$dst/$f"; then
			mkdir -p "$(dirname "$dst/$f")"
			cp "$want" "$dst/$f"
			[ -x "$want" ] && chmod +x "$dst/$f"
			echo "  sync $f" >&2
		fi
	done
	mv "$newman" "$manifest"
}

# stage_series PRISTINE STAGE SERIES_DIR
#   Copy the files the patches in SERIES_DIR touch from PRISTINE into STAGE
#   and apply the series in order. Fails naming the first patch that does
#   not apply.
stage_series() {
	local pristine=$1 stage=$2 dir=$3 p f
	[ -d "$dir" ] || return 0
	for p in "$dir"/*.patch; do
		[ -e "$p" ] || continue
		for f in $(sed -n 's|^--- a/\([^\t ]*\).*|\1|p; s|^+++ b/\([^\t ]*\).*|\1|p' "$p" | sort -u); do
			[ -e "$stage/$f" ] && continue
			[ -f "$pristine/$f" ] || continue
			mkdir -p "$(dirname "$stage/$f")"
			cp "$pristine/$f" "$stage/$f"
		done
	done
	for p in "$dir"/*.patch; do
		[ -e "$p" ] || continue
		if ! out=$(patch -d "$stage" -p1 -s -F0 -N --no-backup-if-mismatch -r - < "$p" 2>&1); then
			echo "$out" >&2
			die "patch does not apply: ${p#"$NVGPU_REPO"/}"
		fi
	done
}

# stage_overlay STAGE PATH...
#   Copy the project's new files (at their in-tree paths) into STAGE.
stage_overlay() {
	local stage=$1 p
	shift
	for p in "$@"; do
		[ -e "$NVGPU_REPO/$p" ] || continue
		mkdir -p "$stage/$(dirname "$p")"
		cp -r "$NVGPU_REPO/$p" "$stage/$(dirname "$p")/"
	done
}

# take_lock NAME: serialize users of one work tree (several developers or
# helpers may build in the same cache). Held until the script exits.
take_lock() {
	mkdir -p "$NVGPU_CACHE"
	exec {NVGPU_LOCK_FD}> "$NVGPU_CACHE/.lock-$1"
	if ! flock -n "$NVGPU_LOCK_FD"; then
		log "waiting for the $1 lock (another build is running)"
		flock "$NVGPU_LOCK_FD"
	fi
}
