#!/usr/bin/env bash
# Install the Debian packages reportfs needs, only those that are missing.
# Sourced by test.sh and demo.sh; needs root (or sudo) when something is missing.
reportfs_install_deps() {
	local pkgs=(libfuse3-dev fuse3 libarchive-dev zlib1g-dev libcmocka-dev
		meson ninja-build pkgconf gcc clang python3 zip p7zip-full
		libarchive-tools libclang-rt-dev unzip fuse-zip archivemount)
	local missing=() p
	for p in "${pkgs[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "installing: ${missing[*]}" >&2
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq &&
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
			--no-install-recommends "${missing[@]}" >/dev/null
}
