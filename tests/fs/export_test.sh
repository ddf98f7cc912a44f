#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# export_test.sh - `reportfs export` against a real mount of the same
# archive: a multi-agency, multi-year archive generated at test time
# (gen-corpus.py --series, plus the samples of tests/data) is mounted and
# exported, and the two trees must be identical (diff -r --no-dereference;
# types, modes, mtimes, sizes and link targets), also with -o csv_bom and
# with -o names=CP936 on a GBK-named zip.  Then what a user relies on:
# an existing DIR is refused without --force and left alone, --force
# replaces it, failures (unreadable archive, missing parent, a write
# error, SIGTERM) leave no temporary directory and no DIR, exit codes,
# progress only on a terminal.
# Usage: export_test.sh REPORTFS DATA_DIR GEN_CORPUS
# Exit 77 (skip) without /dev/fuse, but 1 when $CI is set.
set -uo pipefail

REPORTFS=$(realpath "$1")
DATA=$(realpath "$2")
GEN=$(realpath "$3")
export LC_ALL=C.UTF-8

. "$(dirname "$0")/lib.sh"
require_fuse zip bsdtar python3 mountpoint script

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reportfs-export.XXXXXX")
MNT=$WORK/mnt
PID=
cleanup() {
	mountpoint -q "$MNT" 2>/dev/null && fusermount3 -uz "$MNT" 2>/dev/null
	[ -n "$PID" ] && kill "$PID" 2>/dev/null
	chmod -R u+w "$WORK" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

failures=0
checks=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}
ok() {
	checks=$((checks + 1))
}

# ---- the archives -------------------------------------------------------------

# 75 agencies x 4 years with errors (cross-year checks, /by-year links), and
# the samples of tests/data
SRC=$WORK/src
python3 "$GEN" --count 300 --seed 7 --series 4 --errors 0.3 \
	--out "$SRC/generated" >/dev/null || fail "gen-corpus"
mkdir -p "$SRC/samples"
for dir in "$DATA"/*/; do
	[ -f "$dir/input.txt" ] && cp "$dir/input.txt" "$SRC/samples/$(basename "$dir").txt"
done
(cd "$SRC" && zip -q -r -X "$WORK/reports.zip" .) || fail "zip"

# GBK entry names without the UTF-8 flag, as Chinese Windows zips have them
GBK=$WORK/gbk
mkdir -p "$GBK/子目录"
ls "$SRC/generated" | head -8 | while IFS= read -r f; do
	cp "$SRC/generated/$f" "$GBK/子目录/$f"
done
(cd "$GBK" && bsdtar --format zip --options zip:hdrcharset=CP936 \
	-cf "$WORK/gbk.zip" $(find . -type f | sed 's#^\./##' | sort)) || fail "bsdtar"

# ---- helpers -----------------------------------------------------------------

# mount_fg ARCHIVE [OPTS...]: mount on $MNT in the foreground, in background
mount_fg() {
	local archive=$1
	shift
	mkdir -p "$MNT"
	"$REPORTFS" -f -o quiet "$@" "$archive" "$MNT" 2>"$WORK/mount.stderr" &
	PID=$!
	for _ in $(seq 1 200); do
		mountpoint -q "$MNT" && return 0
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.05
	done
	cat "$WORK/mount.stderr" >&2
	fail "$archive did not mount"
	return 1
}

unmount_fg() {
	fusermount3 -u "$MNT" || fail "fusermount3 -u"
	wait "$PID" || fail "reportfs exited with $? after unmount"
	PID=
}

# listing DIR: type, mode, mtime, size (files) and target (links) of each path
listing() {
	(cd "$1" && find . -printf '%y %m %T@ %p' \
		\( -type f -printf ' %s' \) , \( -type l -printf ' -> %l' \) , -printf '\n' |
		sort -k4)
}

# same_tree WHAT EXPORTED: $MNT and EXPORTED hold the same tree
same_tree() {
	if diff -r --no-dereference "$MNT" "$2" >"$WORK/diff" 2>&1; then
		ok
	else
		fail "$1: diff -r of the mount and the export:"
		head -20 "$WORK/diff" >&2
	fi
	listing "$MNT" >"$WORK/mnt.list"
	listing "$2" >"$WORK/exp.list"
	if cmp -s "$WORK/mnt.list" "$WORK/exp.list"; then
		ok
	else
		fail "$1: types, modes, times, sizes or links differ:"
		diff "$WORK/mnt.list" "$WORK/exp.list" | head -20 >&2
	fi
}

# no_temp DIR WHAT: nothing named .DIR.tmp-* or .DIR.old-* next to DIR
no_temp() {
	local parent base
	parent=$(dirname "$1")
	base=$(basename "$1")
	if ls -A "$parent" | grep -q -e "^\.$base\.tmp-" -e "^\.$base\.old-"; then
		fail "$2: a temporary directory is left in $parent: $(ls -A "$parent" | tr '\n' ' ')"
	else
		ok
	fi
}

# expect_rc WHAT WANT GOT
expect_rc() {
	if [ "$3" -eq "$2" ]; then
		ok
	else
		fail "$1: exit $3, want $2; stderr: $(cat "$WORK/stderr" 2>/dev/null)"
	fi
}

# ---- the export is the mount ------------------------------------------------------

OUT=$WORK/out/reports
mkdir -p "$WORK/out"
"$REPORTFS" export "$WORK/reports.zip" "$OUT" 2>"$WORK/stderr"
rc=$?; expect_rc "export" 0 "$rc"
# stderr is not a terminal: one summary line, no progress
if [ "$(wc -l <"$WORK/stderr")" -eq 1 ] &&
	grep -q "^reportfs: exported '.*reports.zip' to '.*': 3[0-9][0-9] reports, " "$WORK/stderr" &&
	! grep -q $'\r' "$WORK/stderr"; then
	ok
else
	fail "stderr of an export to a file is not one summary line: $(cat -A "$WORK/stderr")"
fi
no_temp "$OUT" "export"
if mount_fg "$WORK/reports.zip"; then
	same_tree "zip" "$OUT"
	[ -n "$(find "$OUT/by-year" -type l 2>/dev/null | head -1)" ] && ok ||
		fail "no symbolic links under /by-year in the export"
	[ -s "$OUT/all/requests.csv" ] && [ -s "$OUT/index.csv" ] && ok ||
		fail "no /all/requests.csv or index.csv in the export"
	# the links resolve inside the export
	broken=$(find "$OUT" -xtype l | head -3)
	[ -z "$broken" ] && ok || fail "broken links in the export: $broken"
	unmount_fg
fi

# the same options as the mount give the same bytes
"$REPORTFS" export -q -o csv_bom "$WORK/reports.zip" "$WORK/out/bom" 2>"$WORK/stderr"
rc=$?; expect_rc "export -o csv_bom" 0 "$rc"
[ -s "$WORK/stderr" ] && fail "-q: stderr is not empty: $(cat "$WORK/stderr")" || ok
if mount_fg "$WORK/reports.zip" -o csv_bom; then
	same_tree "csv_bom" "$WORK/out/bom"
	unmount_fg
fi
head -c 3 "$WORK/out/bom/index.csv" | od -An -tx1 | grep -q 'ef bb bf' && ok ||
	fail "-o csv_bom: index.csv has no BOM"
"$REPORTFS" export -q -o names=CP936,cache_size=16K -j 3 "$WORK/gbk.zip" "$WORK/out/gbk" 2>"$WORK/stderr"
rc=$?; expect_rc "export -o names=CP936" 0 "$rc"
if mount_fg "$WORK/gbk.zip" -o names=CP936; then
	same_tree "names=CP936" "$WORK/out/gbk"
	unmount_fg
fi
grep -q '子目录/' "$WORK/out/gbk/index.csv" && ok ||
	fail "names=CP936: the GBK entry names are not decoded in index.csv"

# ---- DIR exists -----------------------------------------------------------------

mkdir -p "$WORK/old/keep"
echo precious >"$WORK/old/keep/file"
listing "$WORK/old" >"$WORK/old.before"
"$REPORTFS" export -q "$WORK/reports.zip" "$WORK/old" 2>"$WORK/stderr"
rc=$?; expect_rc "export to an existing DIR" 2 "$rc"
grep -q "reportfs: '.*/old' exists; use --force" "$WORK/stderr" && ok ||
	fail "existing DIR: message is '$(cat "$WORK/stderr")'"
listing "$WORK/old" >"$WORK/old.after"
cmp -s "$WORK/old.before" "$WORK/old.after" && ok || fail "existing DIR was changed"
no_temp "$WORK/old" "existing DIR"
# the same with a trailing slash, and for a file
"$REPORTFS" export -q "$WORK/reports.zip" "$WORK/old/" 2>"$WORK/stderr"
rc=$?; expect_rc "export to an existing DIR/" 2 "$rc"
: >"$WORK/afile"
"$REPORTFS" export -q "$WORK/reports.zip" "$WORK/afile" 2>"$WORK/stderr"
rc=$?; expect_rc "export over a file" 2 "$rc"
[ -f "$WORK/afile" ] && ok || fail "export over a file: the file is gone"

# a write error with --force: the old DIR stays as it was
(trap '' XFSZ; ulimit -f 4; exec "$REPORTFS" export -q --force "$WORK/reports.zip" "$WORK/old") \
	2>"$WORK/stderr"
rc=$?; expect_rc "export --force with a write error" 1 "$rc"
grep -q "^reportfs: cannot write '.*/\.old\.tmp-.*': File too large" "$WORK/stderr" && ok ||
	fail "write error: message is '$(cat "$WORK/stderr")'"
listing "$WORK/old" >"$WORK/old.after"
cmp -s "$WORK/old.before" "$WORK/old.after" && ok ||
	fail "a failed export --force changed the old DIR"
no_temp "$WORK/old" "failed export --force"

# --force replaces a directory, and a file
"$REPORTFS" export -q --force --sync "$WORK/reports.zip" "$WORK/old" 2>"$WORK/stderr"
rc=$?; expect_rc "export --force --sync" 0 "$rc"
[ -e "$WORK/old/keep" ] && fail "--force: the old DIR's content is still there" || ok
diff -r --no-dereference "$OUT" "$WORK/old" >/dev/null && ok ||
	fail "--force: the new DIR differs from the first export"
no_temp "$WORK/old" "export --force"
"$REPORTFS" export -q --force "$WORK/reports.zip" "$WORK/afile" 2>"$WORK/stderr"
rc=$?; expect_rc "export --force over a file" 0 "$rc"
[ -d "$WORK/afile/all" ] && ok || fail "--force did not replace a file"
no_temp "$WORK/afile" "export --force over a file"

# --force never removes the archive it reads
mkdir -p "$WORK/holder"
cp "$WORK/reports.zip" "$WORK/holder/r.zip"
"$REPORTFS" export -q --force "$WORK/holder/r.zip" "$WORK/holder" 2>"$WORK/stderr"
rc=$?; expect_rc "export --force over the archive's directory" 2 "$rc"
[ -f "$WORK/holder/r.zip" ] && ok || fail "--force removed the archive"
no_temp "$WORK/holder" "export --force over the archive's directory"

# ---- failures leave nothing behind ------------------------------------------------

head -c 3000 "$WORK/reports.zip" | tail -c 2000 >"$WORK/garbage.zip"
for bad in "$WORK/garbage.zip" "$WORK/missing.zip"; do
	"$REPORTFS" export "$bad" "$WORK/out/bad" 2>"$WORK/stderr"
	rc=$?; expect_rc "export of $(basename "$bad")" 2 "$rc"
	grep -q "^reportfs: cannot open archive '$bad': " "$WORK/stderr" && ok ||
		fail "$(basename "$bad"): message is '$(cat "$WORK/stderr")'"
	[ -e "$WORK/out/bad" ] && fail "$(basename "$bad"): DIR was made" || ok
	no_temp "$WORK/out/bad" "$(basename "$bad")"
done
"$REPORTFS" export "$WORK/reports.zip" "$WORK/no/such/dir" 2>"$WORK/stderr"
rc=$?; expect_rc "export into a missing parent" 1 "$rc"
(trap '' XFSZ; ulimit -f 4; exec "$REPORTFS" export -q "$WORK/reports.zip" "$WORK/out/big") \
	2>"$WORK/stderr"
rc=$?; expect_rc "export with a write error" 1 "$rc"
[ -e "$WORK/out/big" ] && fail "write error: DIR was made" || ok
no_temp "$WORK/out/big" "write error"
if [ "$(id -u)" -ne 0 ]; then
	mkdir -p "$WORK/ro"
	chmod 555 "$WORK/ro"
	"$REPORTFS" export "$WORK/reports.zip" "$WORK/ro/x" 2>"$WORK/stderr"
	rc=$?; expect_rc "export into a read-only parent" 1 "$rc"
	chmod 755 "$WORK/ro"
elif unshare -m true 2>/dev/null; then
	# root writes into 0555 directories: a read-only bind mount instead,
	# in a mount namespace of its own
	mkdir -p "$WORK/ro"
	unshare -m sh -c 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" &&
		exec "$2" export "$3" "$1/x"' sh "$WORK/ro" "$REPORTFS" "$WORK/reports.zip" \
		2>"$WORK/stderr"
	rc=$?; expect_rc "export into a read-only parent" 1 "$rc"
	grep -q "^reportfs: cannot create '.*/ro/\.x\.tmp-.*': Read-only file system" \
		"$WORK/stderr" && ok || fail "read-only parent: message is '$(cat "$WORK/stderr")'"
	[ -z "$(ls -A "$WORK/ro")" ] && ok || fail "read-only parent: something was left"
else
	echo "# root without unshare -m: the read-only parent case is not tested"
fi

# SIGTERM and SIGINT once the temporary directory exists: it is removed
for sig in TERM INT; do
	# a script's background jobs ignore SIGINT, and export leaves an
	# ignored signal ignored: give it the default action back
	env --default-signal=INT "$REPORTFS" export -j 1 -o cache_size=0 \
		"$WORK/reports.zip" "$WORK/out/sig" 2>"$WORK/stderr" &
	xpid=$!
	seen=
	for _ in $(seq 1 500); do
		if ls -A "$WORK/out" | grep -q '^\.sig\.tmp-'; then
			seen=1
			break
		fi
		kill -0 "$xpid" 2>/dev/null || break
		sleep 0.01
	done
	kill -STOP "$xpid" 2>/dev/null
	kill -"$sig" "$xpid" 2>/dev/null
	kill -CONT "$xpid" 2>/dev/null
	wait "$xpid"
	rc=$?
	if [ -z "$seen" ]; then
		fail "SIG$sig: the export ended (exit $rc) before its temporary directory was seen"
	else
		want=$((128 + $(kill -l "$sig")))
		expect_rc "SIG$sig" "$want" "$rc"
		grep -q "^reportfs: export of '.*' interrupted" "$WORK/stderr" && ok ||
			fail "SIG$sig: message is '$(cat "$WORK/stderr")'"
		[ -e "$WORK/out/sig" ] && fail "SIG$sig: DIR was made" || ok
		no_temp "$WORK/out/sig" "SIG$sig"
	fi
done

# ---- usage, help and progress -----------------------------------------------------

"$REPORTFS" export 2>"$WORK/stderr"
rc=$?; expect_rc "export without operands" 2 "$rc"
"$REPORTFS" export -o allow_other "$WORK/reports.zip" "$WORK/out/x" 2>"$WORK/stderr"
rc=$?; expect_rc "export -o allow_other" 2 "$rc"
"$REPORTFS" export --bogus "$WORK/reports.zip" "$WORK/out/x" 2>"$WORK/stderr"
rc=$?; expect_rc "export --bogus" 2 "$rc"
[ -e "$WORK/out/x" ] && fail "a usage error made DIR" || ok
"$REPORTFS" export --help >"$WORK/help" 2>&1
rc=$?; expect_rc "export --help" 0 "$rc"
grep -q -e '--force' "$WORK/help" && grep -q 'exit status' "$WORK/help" && ok ||
	fail "export --help does not document --force and the exit status"
"$REPORTFS" --help | grep -q 'reportfs export ' && ok || fail "reportfs --help does not list export"

# on a terminal: progress (done/total and %), updated in place
script -qec "'$REPORTFS' export '$WORK/reports.zip' '$WORK/out/tty'" /dev/null \
	>"$WORK/tty.out" 2>&1
rc=$?; expect_rc "export on a terminal" 0 "$rc"
grep -aq $'\rreportfs: exporting [0-9]*/3[0-9][0-9] reports ([0-9]*%)' "$WORK/tty.out" && ok ||
	fail "no progress on a terminal: $(head -c 300 "$WORK/tty.out" | cat -A)"
grep -aq "reportfs: exported '" "$WORK/tty.out" && ok || fail "no summary on a terminal"
script -qec "'$REPORTFS' export -q '$WORK/reports.zip' '$WORK/out/tty-q'" /dev/null \
	>"$WORK/tty.out" 2>&1
[ -s "$WORK/tty.out" ] && fail "-q on a terminal printed: $(cat -A "$WORK/tty.out" | head -3)" || ok

echo "$checks checks passed, $failures failed"
[ $failures -eq 0 ]
