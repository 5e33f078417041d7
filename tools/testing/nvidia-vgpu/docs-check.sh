#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The project's documentation as the kernel's own tools read it, as TAP:
# kernel-doc -Wall over every project C file and header (the W=1 build
# checks only the C files it compiles), and a Sphinx build, with the
# kernel's Sphinx extensions (kernel-doc directives, flat tables, C
# domain), of every project .rst under Documentation/, warnings as
# failures: what `make htmldocs` would say about these pages, in seconds
# instead of a whole-tree docs build. Runs on the kernel work tree, where
# the project's files are at their in-tree paths.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

n=0
tapline() {	# tapline NAME OUTPUT
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		echo "$2" | sed 's/^/# /'
	fi
}

cd "$NVGPU_REPO" || exit 1
for f in $(git ls-files --cached --others --exclude-standard -- drivers include | grep -E '\.[ch]$'); do
	tapline "kernel-doc $f" "$(perl "$KSRC/scripts/kernel-doc" -none -Wall "$KSRC/$f" 2>&1)"
done

rsts=$(git ls-files --cached --others --exclude-standard -- Documentation | grep '\.rst$')
if [ -z "$rsts" ]; then
	:
elif ! command -v sphinx-build >/dev/null; then
	n=$((n + 1)); echo "not ok $n - sphinx-build not installed (deps.sh installs python3-sphinx)"
else
	d=$(mktemp -d)
	trap 'rm -rf "$d"' EXIT
	mkdir -p "$d/src"
	{
		echo "Project documentation"
		echo "====================="
		echo
		echo ".. toctree::"
		echo
	} > "$d/src/index.rst"
	for f in $rsts; do
		mkdir -p "$d/src/$(dirname "$f")"
		cp "$f" "$d/src/$f"
		echo "   ${f%.rst}" >> "$d/src/index.rst"
	done
	cat > "$d/src/conf.py" <<PY
import sys
sys.path.insert(0, '$KSRC/Documentation/sphinx')
extensions = ['kerneldoc', 'rstFlatTable', 'kernel_include']
kerneldoc_bin = '$KSRC/scripts/kernel-doc'
kerneldoc_srctree = '$KSRC'
master_doc = 'index'
project = 'nvidia-vgpu'
PY
	out=$(sphinx-build -q -b html -d "$d/doctrees" "$d/src" "$d/html" 2>&1 |
		sed "s|$d/src/||g")
	tapline "sphinx-build of $(echo "$rsts" | wc -l) rst files with the kernel's extensions, no warning" "$out"
fi
echo "1..$n"
