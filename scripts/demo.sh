#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# demo.sh - pack the bundled sample reports into a zip, mount it with
# reportfs, show `ls -R`, one validation.txt and one CSV, and unmount.
# Installs what is missing and builds into build/ first (Debian 12, root).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
reportfs_install_deps || { echo "cannot install dependencies" >&2; exit 1; }
export LC_ALL=C.UTF-8

if [ ! -f build/build.ninja ]; then
	meson setup build >/dev/null || { echo "meson setup failed" >&2; exit 1; }
fi
ninja -C build >/dev/null || { echo "build failed" >&2; exit 1; }
[ -c /dev/fuse ] || { echo "demo: /dev/fuse is missing (modprobe fuse, or run the container with --device /dev/fuse)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/reportfs-demo.XXXXXX")
mnt=$tmp/mnt
# unmount and clean up however the script ends, ^C included
cleanup() {
	cd /
	if mountpoint -q "$mnt" 2>/dev/null; then
		fusermount3 -u "$mnt" 2>/dev/null || fusermount3 -uz "$mnt"
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'echo "demo: interrupted" >&2; exit 130' INT TERM HUP
mkdir -p "$tmp/reports" "$mnt"

# name each sample like real archives do: after its title
for dir in tests/data/*/; do
	[ -f "$dir/input.txt" ] || continue
	title=$(grep -m1 -v '^[[:space:]]*$' "$dir/input.txt" | tr -d '\r' |
		sed 's/^[[:space:]]*//; s/[[:space:]]*$//; s#/#_#g')
	case $title in
	*报告*) name="$title.txt" ;;
	*) name="$(basename "$dir").txt" ;;
	esac
	cp "$dir/input.txt" "$tmp/reports/$name"
done
(cd "$tmp/reports" && zip -q -r "$tmp/reports.zip" .)

run() {
	printf '\n$ %s\n' "$*"
	"$@"
}

echo "== mounting $(unzip -Z1 "$tmp/reports.zip" | wc -l) sample reports from a zip"
run build/fs/reportfs "$tmp/reports.zip" "$mnt"
cd "$mnt"
run ls -R
report=$(find . -name validation.txt | sort | head -1)
run cat "$report"
run cat "$(dirname "$report")/tables/requests.csv"
run cat index.csv
cd /
run fusermount3 -u "$mnt"
