#!/usr/bin/env bash
# Regenerate tests/data/<case>/expected/ from the current code, for review:
# goldens are expectations, so read `git diff tests/data` before committing.
# usage: scripts/update-golden.sh [BUILD_DIR] [CASE...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
[ -f "$build/build.ninja" ] || meson setup "$build" >/dev/null
ninja -C "$build" tests/render_case >/dev/null
if [ $# -eq 0 ]; then
	set -- $(cd tests/data && ls -d */ | tr -d /)
fi
for name in "$@"; do
	dir=tests/data/$name
	[ -f "$dir/input.txt" ] || { echo "no $dir/input.txt" >&2; exit 1; }
	rm -rf "$dir/expected"
	"$build/tests/render_case" "$dir/input.txt" "$dir/expected"
	echo "$dir/expected: $(cd "$dir/expected" && find . -type f | sort | tr '\n' ' ')"
done
