# SPDX-License-Identifier: GPL-2.0
# Common settings for the nvidia-vgpu build/test harness. Sourced, not run.

NVGPU_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
NVGPU_TOOLS=$NVGPU_REPO/tools/testing/nvidia-vgpu
# Everything fetched or built lives outside the repository.
NVGPU_CACHE=${NVGPU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nvidia-vgpu}
JOBS=${JOBS:-$(nproc)}

KSRC_PRISTINE=$NVGPU_CACHE/linux-pristine
KSRC=$NVGPU_CACHE/linux-src
QSRC_PRISTINE=$NVGPU_CACHE/qemu-pristine
QSRC=$NVGPU_CACHE/qemu-src
QOBJ=$NVGPU_CACHE/qemu-obj
OUT=$NVGPU_CACHE/out
# The L2 kernel: NVGPU_KERNEL=plain (kernel.config; make run) or debug
# (kernel.config + kernel-debug.config: KASAN, lockdep, kmemleak, ...;
# make check). Each has its object tree (KOBJ) and outputs (KOUT: bzImage,
# modules, build log, warnings, initramfs).
NVGPU_KERNEL=${NVGPU_KERNEL:-plain}
case "$NVGPU_KERNEL" in
plain) KOBJ=$NVGPU_CACHE/linux-obj KOUT=$OUT ;;
debug) KOBJ=$NVGPU_CACHE/linux-obj-debug KOUT=$OUT/debug ;;
*) printf 'error: NVGPU_KERNEL=%s: plain or debug\n' "$NVGPU_KERNEL" >&2; exit 1 ;;
esac
# The stock VMM for L3 guests (Debian's qemu-system-x86 10.0, unpacked)
VMM_ROOT=$NVGPU_CACHE/vmm-root
# Debian's libvirt 11.3 for the libvirt test in L2 (fetch-libvirt.sh)
LIBVIRT_ROOT=$NVGPU_CACHE/libvirt-root
# The L3 guest kernel (pristine 6.12, its own config) and guest root
GOBJ=$NVGPU_CACHE/guest-obj
# glmark2 and Mesa for the L3 display test (fetch-glmark2.sh)
GLMARK2_ROOT=$NVGPU_CACHE/glmark2-root

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# last_test LOG: the name in the last test BEGIN marker of a VM's LOG
last_test() {
	grep -a '@@@NVGPU-TEST-BEGIN' "$1" | tail -1 | awk '{print $3}' | tr -d '\r'
}

# progress_of LOG: how far the build or VM run writing LOG got: ninja's
# [N/M] as a percentage, the tests a VM finished and the one it runs, or
# the number of files kbuild compiled.
progress_of() {
	local last
	last=$(grep -aoE '^\[[0-9]+/[0-9]+\]' "$1" | tail -1 | tr -d '[]')
	if [ -n "$last" ]; then
		echo "${last} steps ($(( ${last%/*} * 100 / ${last#*/} ))%)"
	elif grep -aq '@@@NVGPU-BOOTED' "$1"; then
		echo "$(grep -ac '@@@NVGPU-TEST-END' "$1") tests done," \
		     "running: $(last_test "$1")"
	else
		echo "$(grep -acE '^  (CC|AS|LD|AR)' "$1") files compiled or linked"
	fi
}

# with_progress LABEL LOG CMD...: run CMD with its output in LOG and print
# a progress line (progress_of) at least every 30 s: a long build or test
# run must not look hung.
with_progress() {
	local label=$1 logf=$2 pid rc t0 i last
	shift 2
	t0=$(date +%s)
	"$@" > "$logf" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		for i in $(seq 30); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 1
		done
		kill -0 "$pid" 2>/dev/null || break
		log "$label: $(( $(date +%s) - t0 ))s, $(progress_of "$logf")"
	done
	wait "$pid"
	rc=$?
	return $rc
}

# check_fragment FRAGMENT CONFIG: every option FRAGMENT asks for survived
# olddefconfig in CONFIG (prints the ones that did not).
check_fragment() {
	local bad=0 line
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=n)
			! grep -qE "^${line%=n}=" "$2" ||
				{ echo "config: '$line' is set" >&2; bad=1; } ;;
		*)
			grep -qxF "$line" "$2" ||
				{ echo "config: missing '$line'" >&2; bad=1; } ;;
		esac
	done < <(grep '^CONFIG_' "$1")
	return $bad
}

# config_fragment SRC OBJ FRAGMENT: configure the kernel in SRC with its
# objects in OBJ as x86_64 tinyconfig + FRAGMENT, unless OBJ was already
# configured from this FRAGMENT; fails if an option did not survive.
config_fragment() {
	local src=$1 obj=$2 frag=$3 sum
	sum=$(sha1sum < "$frag" | cut -c1-16)
	if [ -f "$obj/.config" ] && [ "$(cat "$obj/.fragsum" 2>/dev/null)" = "$sum" ]; then
		return 0
	fi
	log "configuring $(basename "$obj") (tinyconfig + ${frag#"$NVGPU_REPO"/})"
	mkdir -p "$obj"
	make -s -C "$src" O="$obj" ARCH=x86_64 tinyconfig >/dev/null
	KCONFIG_CONFIG=$obj/.config "$src/scripts/kconfig/merge_config.sh" \
		-m -O "$obj" "$obj/.config" "$frag" >/dev/null
	make -s -C "$src" O="$obj" ARCH=x86_64 olddefconfig >/dev/null
	check_fragment "$frag" "$obj/.config" ||
		die "${frag#"$NVGPU_REPO"/}: options did not survive olddefconfig"
	echo "$sum" > "$obj/.fragsum"
}

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
