# SPDX-License-Identifier: MIT
# lib.sh - what the mount tests share; sourced, not run.

# require_fuse TOOL...: exit 77 (skip) without /dev/fuse or fusermount3,
# but 1 when $CI is set (CI runs as root with /dev/fuse: the mount tests
# must really mount there); exit 1 when one of the tools is missing.
require_fuse() {
	local why= tool
	[ -c /dev/fuse ] || why="/dev/fuse is missing"
	[ -n "$why" ] || command -v fusermount3 >/dev/null || why="fusermount3 is missing"
	if [ -n "$why" ]; then
		if [ -n "${CI:-}" ]; then
			echo "FAIL: $why (CI is set: a missing FUSE is a failure)" >&2
			exit 1
		fi
		echo "SKIP: $why" >&2
		exit 77
	fi
	for tool in "$@"; do
		command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing" >&2; exit 1; }
	done
}
