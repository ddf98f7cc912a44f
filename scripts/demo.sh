#!/usr/bin/env bash
# Install what is missing, build, and show what reportfs reads from the
# bundled sample reports.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
reportfs_install_deps
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
for f in tests/data/*/input.txt; do
	echo "== $f"
	build/fs/reportfs parse "$f"
done
