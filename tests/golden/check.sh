#!/usr/bin/env bash
# `reportfs check`: status lines, -v output and exit codes (0 nothing
# FAILs, 1 a FAIL, 2 unreadable or not a report; the worst file wins).
# usage: check.sh REPORTFS DATA_DIR   (TAP output)
set -uo pipefail
reportfs=$1
data=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
status=0

# expect NAME RC GREP-PATTERN ARGS...: exit code and a line of stdout+stderr
expect() {
	local name=$1 want=$2 pattern=$3 rc
	shift 3
	n=$((n + 1))
	"$reportfs" check "$@" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "not ok $n - $name: exit $rc, want $want"
		sed 's/^/# /' "$tmp/out"
		status=1
	elif [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$tmp/out"; then
		echo "not ok $n - $name: no line matching '$pattern'"
		sed 's/^/# /' "$tmp/out"
		status=1
	else
		echo "ok $n - $name"
	fi
}

printf '关于召开政务公开工作会议的通知\n\n各单位：定于3月5日召开会议。\n' >"$tmp/notice.txt"
head -c 512 "$reportfs" >"$tmp/binary.dat"
printf 'PK\003\004rest of a zip' >"$tmp/broken.zip"
python3 - "$data" "$tmp/reports.zip" <<'PY'
import sys, zipfile
data, out = sys.argv[1:3]
with zipfile.ZipFile(out, "w") as z:
    for case in ("seed001", "seed002"):
        z.write("%s/%s/input.txt" % (data, case), "报告/%s.txt" % case)
PY
mkdir "$tmp/dir"
cp "$data/seed004/input.txt" "$tmp/dir/seed004.txt"
printf 'just notes\n' >"$tmp/dir/notes.txt"

expect "PASS exits 0" 0 '^.*/seed001/input.txt: status: PASS \(0 failed, 0 warnings, [0-9]+ passed\)$' \
	"$data/seed001/input.txt"
expect "WARN exits 0" 0 ': status: WARN ' "$data/seed003/input.txt"
expect "FAIL exits 1" 1 '^.*/seed002/input.txt: status: FAIL \(4 failed, ' \
	"$data/seed002/input.txt"
expect "the worst report wins" 1 ': status: PASS ' \
	"$data/seed001/input.txt" "$data/seed002/input.txt" "$data/seed004/input.txt"
expect "a notice is not a report" 2 '^.*notice.txt: not a report: ' "$tmp/notice.txt"
expect "binary data is not a report" 2 '^.*binary.dat: not a report: binary' "$tmp/binary.dat"
expect "each archive entry gets a line" 1 '^.*reports.zip/报告/seed002.txt: status: FAIL ' \
	"$tmp/reports.zip"
expect "archive entries before the FAIL" 1 '^.*reports.zip/报告/seed001.txt: status: PASS ' \
	"$tmp/reports.zip"
expect "a directory is read like an archive" 2 '^.*dir/notes.txt: not a report: ' "$tmp/dir"
expect "a directory's reports" 2 '^.*dir/seed004.txt: status: PASS ' "$tmp/dir"
expect "a damaged archive" 2 "broken.zip" "$tmp/broken.zip"
expect "unreadable input" 2 "cannot read '.*missing.txt'" "$tmp/missing.txt"
expect "unusable beats FAIL" 2 ': status: FAIL ' "$data/seed002/input.txt" "$tmp/notice.txt"
expect "-v prints the checks" 1 '^FAIL requests.balance 自然人: 一 4 \+ 二 0 = 4 ≠ 三\(七\) 0 \+ 四 0 = 0$' \
	-v "$data/seed002/input.txt"
expect "unknown option" 2 "unknown option '--bogus'" --bogus "$data/seed001/input.txt"
expect "no files" 2 '^usage: reportfs check'
expect "--help" 0 'ARCHIVE' --help

# -v is the status line and then validation.txt as the mount shows it
n=$((n + 1))
"$reportfs" check -v "$data/seed002/input.txt" | tail -n +2 >"$tmp/v"
if [ -d "$data/seed002/expected" ] &&
	diff <(grep -v '^source: ' "$tmp/v") \
		<(tail -n +2 "$data/seed002/expected/validation.txt" | grep -v '^source: ') >/dev/null; then
	echo "ok $n - -v output matches validation.txt"
else
	echo "not ok $n - -v output differs from seed002/expected/validation.txt"
	status=1
fi
echo "1..$n"
exit $status
