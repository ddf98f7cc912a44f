#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# all_test.sh - a mounted multi-agency, multi-year archive (generated at
# test time with gen-corpus.py --series, plus the samples of tests/data):
# /all stacked tables and problems.txt, /by-year links and the cross-year
# checks, checked by all_check.py; /all read under 8 parallel readers; the
# CSVs loaded by DuckDB too when its CLI is installed.
# Usage: all_test.sh REPORTFS DATA_DIR GEN_CORPUS ALL_CHECK
# Exit 77 (skip) without /dev/fuse, but 1 when $CI is set.
set -uo pipefail

REPORTFS=$(realpath "$1")
DATA=$(realpath "$2")
GEN=$(realpath "$3")
CHECK=$(realpath "$4")
export LC_ALL=C.UTF-8

. "$(dirname "$0")/lib.sh"
require_fuse zip python3 mountpoint

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reportfs-all.XXXXXX")
MNT=$WORK/mnt
PID=
cleanup() {
	mountpoint -q "$MNT" 2>/dev/null && fusermount3 -uz "$MNT" 2>/dev/null
	[ -n "$PID" ] && kill "$PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# 15 agencies x 4 years (2019-2022) with cross-year errors, and the samples
SRC=$WORK/src
python3 "$GEN" --count 60 --seed 11 --series 4 --errors 0.5 \
	--out "$SRC/generated" --manifest "$WORK/manifest.json" || fail "gen-corpus"
mkdir -p "$SRC/samples"
for dir in "$DATA"/*/; do
	[ -f "$dir/input.txt" ] && cp "$dir/input.txt" "$SRC/samples/$(basename "$dir").txt"
done
(cd "$SRC" && zip -q -r -X "$WORK/reports.zip" .) || fail "zip"

mkdir -p "$MNT"
"$REPORTFS" -f -o quiet "$WORK/reports.zip" "$MNT" 2>"$WORK/stderr" &
PID=$!
for _ in $(seq 1 200); do
	mountpoint -q "$MNT" && break
	kill -0 "$PID" 2>/dev/null || break
	sleep 0.05
done
if ! mountpoint -q "$MNT"; then
	cat "$WORK/stderr" >&2
	echo "FAIL: the archive did not mount" >&2
	exit 1
fi

# /all first, on a cold mount, by 8 readers at once: one build, same bytes
(cd "$MNT/all" && for i in 1 2 3 4 5 6 7 8; do
	(cat requests.csv appeals.csv proactive.csv problems.txt | md5sum) &
done; wait) >"$WORK/par" || fail "parallel read of /all"
[ "$(sort -u "$WORK/par" | wc -l)" = 1 ] || fail "parallel reads of /all differ"
# ls -l sizes are exact
for f in "$MNT"/all/*; do
	[ "$(stat -c %s "$f")" = "$(wc -c <"$f")" ] || fail "$f: size differs from its bytes"
done

python3 "$CHECK" "$MNT" "$WORK/manifest.json" || fail "all_check.py"

if command -v duckdb >/dev/null; then
	for t in requests appeals proactive; do
		rows=$(duckdb -csv -noheader -c \
			"SELECT count(*) FROM read_csv_auto('$MNT/all/$t.csv')") ||
			fail "duckdb cannot read all/$t.csv"
		want=$(($(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8"))))' "$MNT/all/$t.csv") - 1))
		[ "$rows" = "$want" ] || fail "duckdb reads $rows rows of all/$t.csv, want $want"
	done
else
	echo "# duckdb CLI not installed: /all CSVs checked with Python's csv module only"
fi

# reportfs check sees what the mount shows: the same validation.txt lines
"$REPORTFS" check -v "$WORK/reports.zip" >"$WORK/check.txt"
rc=$?
[ "$rc" = 1 ] || fail "check: exit $rc, want 1 (the corpus has FAILs)"
grep -v ': status: ' "$WORK/check.txt" | grep -v '^$' | sort >"$WORK/check.lines"
for f in "$MNT"/*/*/validation.txt; do
	case $f in "$MNT"/by-year/*|"$MNT"/all/*) continue ;; esac
	tail -n +2 "$f"
done | sort >"$WORK/mount.lines"
cmp -s "$WORK/check.lines" "$WORK/mount.lines" ||
	{ fail "check -v and the mount's validation.txt differ"; diff "$WORK/check.lines" "$WORK/mount.lines" | head >&2; }
[ "$(grep -c ': status: ' "$WORK/check.txt")" = "$(ls -d "$MNT"/*/*/ | grep -vc -e '/by-year/' -e '/all/')" ] ||
	fail "check: not one status line per report"
grep -q '^FAIL crossyear.carry' "$WORK/check.lines" || fail "check: no crossyear.carry FAIL"

fusermount3 -u "$MNT" || fail "fusermount3 -u"
wait "$PID" || fail "reportfs exited with $?"
PID=

if [ "$failures" -ne 0 ]; then
	echo "$failures failure(s)" >&2
	exit 1
fi
echo "all: ok"
