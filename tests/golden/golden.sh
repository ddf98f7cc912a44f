#!/usr/bin/env bash
# Golden test: render every tests/data/<case>/input.txt that has an
# expected/ directory and compare the files byte for byte (names too).
# usage: golden.sh RENDER_CASE DATA_DIR
set -uo pipefail
tool=$1
data=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
cases=0
for dir in "$data"/*/; do
	dir=${dir%/}
	name=${dir##*/}
	[ -d "$dir/expected" ] || continue
	cases=$((cases + 1))
	if ! "$tool" "$dir/input.txt" "$tmp/$name"; then
		echo "not ok $cases - $name: render_case failed"
		status=1
		continue
	fi
	if diff -r "$dir/expected" "$tmp/$name" >"$tmp/$name.diff"; then
		echo "ok $cases - $name"
	else
		echo "not ok $cases - $name: output differs from expected/"
		sed 's/^/# /' "$tmp/$name.diff" | head -40
		status=1
	fi
done
echo "1..$cases"
if [ "$cases" -eq 0 ]; then
	echo "# no tests/data/*/expected directories" >&2
	exit 1
fi
exit $status
