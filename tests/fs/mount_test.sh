#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mount_test.sh - real mounts: builds zip, tar.gz, 7z, GBK-named zip and
# truncated archives from tests/data at test time, mounts each with
# reportfs, compares `ls -R` and selected files with tests/fs/expected/,
# reads the whole tree with 8 parallel readers, checks sizes, EROFS, and
# unmounts.  Usage: mount_test.sh REPORTFS DATA_DIR EXPECTED_DIR
# UPDATE_GOLDEN=1 rewrites the expected files instead of comparing.
# Exit 77 (skip) without /dev/fuse, but 1 when $CI is set.
set -uo pipefail

REPORTFS=$(realpath "$1")
DATA=$(realpath "$2")
EXPECTED=$(realpath -m "$3")
export LC_ALL=C.UTF-8

. "$(dirname "$0")/lib.sh"
require_fuse zip 7z bsdtar python3 mountpoint

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reportfs-test.XXXXXX")
MOUNTS=()
PIDS=()
failures=0
checks=0

cleanup() {
	local m p
	for m in "${MOUNTS[@]}"; do
		mountpoint -q "$m" 2>/dev/null && fusermount3 -uz "$m" 2>/dev/null
	done
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

ok() {
	checks=$((checks + 1))
}

# golden NAME FILE: compare FILE with expected/NAME (or update it)
golden() {
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		mkdir -p "$EXPECTED"
		cp "$2" "$EXPECTED/$1"
		ok
	elif [ ! -f "$EXPECTED/$1" ]; then
		fail "no expected file $EXPECTED/$1 (run with UPDATE_GOLDEN=1)"
	elif diff -u "$EXPECTED/$1" "$2" >"$WORK/diff" 2>&1; then
		ok
	else
		fail "$1 differs from the expected file:"
		head -40 "$WORK/diff" >&2
	fi
}

# same WHAT FILE1 FILE2
same() {
	if cmp -s "$2" "$3"; then
		ok
	else
		fail "$1"
		diff -u "$2" "$3" | head -20 >&2
	fi
}

# ---- the corpus, named like real archives name their entries ----------------

SRC=$WORK/src
mkdir -p "$SRC/样本/真实"
for dir in "$DATA"/*/; do
	case=$(basename "$dir")
	[ -f "$dir/input.txt" ] || continue
	title=$(grep -m1 -v '^[[:space:]]*$' "$dir/input.txt" | tr -d '\r' |
		sed 's/^[[:space:]]*//; s/[[:space:]]*$//; s#/#_#g')
	case $title in
	*报告*) name="$title.txt" ;;
	*) name="$case.txt" ;;
	esac
	case $case in
	real-*) name="样本/真实/$name" ;;
	esac
	cp "$dir/input.txt" "$SRC/$name"
	printf '%s\t%s\n' "$case" "$name" >>"$WORK/cases"
done
# a second copy of one report: same agency and year
first=$(cd "$SRC" && ls -1 | grep '报告\.txt$' | head -1)
if [ -n "$first" ]; then
	cp "$SRC/$first" "$SRC/${first%.txt}（重复）.txt"
fi
printf '%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%%%EOF\n' \
	>"$SRC/notice.pdf"
: >"$SRC/empty.txt"
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 8)' >"$SRC/data.bin"
printf '关于做好节日期间值班工作的通知\n\n各单位：\n请做好值班安排。\n\n办公室\n' \
	>"$SRC/关于值班的通知.txt"

LIST=$WORK/list
(cd "$SRC" && find . -type f | sed 's#^\./##' | sort) >"$LIST"

A=$WORK/archives
mkdir -p "$A"
(cd "$SRC" && zip -q -X "$A/reports.zip" -@ <"$LIST") || fail "zip"
(cd "$SRC" && tar -czf "$A/reports.tar.gz" -T "$LIST") || fail "tar"
(cd "$SRC" && 7z a -bd -bso0 "$A/reports.7z" @"$LIST" >/dev/null) || fail "7z"

# GBK names, as zips made on Chinese Windows have them (no UTF-8 flag)
GBK=$WORK/gbk
mkdir -p "$GBK/子目录"
for f in "$SRC"/*.txt; do
	case $(basename "$f") in
	seed000.txt) cp "$f" "$GBK/子目录/二〇二〇年度报告（无标题）.txt" ;;
	*洛龙区*报告.txt) cp "$f" "$GBK/$(basename "$f")" ;;
	esac
done
(cd "$GBK" && bsdtar --format zip --options zip:hdrcharset=CP936 \
	-cf "$A/gbk.zip" $(find . -type f | sed 's#^\./##' | sort)) || fail "bsdtar"
if python3 - "$A/gbk.zip" <<'PY'
import sys, zipfile
for i in zipfile.ZipFile(sys.argv[1]).infolist():
    assert not i.flag_bits & 0x800, "UTF-8 flag set"
    i.filename.encode("cp437").decode("gbk")
PY
then ok; else fail "gbk.zip does not have GBK names"; fi

# damaged copies: a tar.gz cut inside its last (big) entry, a zip without
# its central directory
python3 -c 'import random, sys; r = random.Random(4); sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(400000)))' \
	>"$SRC/zz-scan.bin"
(cd "$SRC" && tar -czf "$WORK/full.tar.gz" -T "$LIST" zz-scan.bin) || fail "tar"
size=$(stat -c %s "$WORK/full.tar.gz")
head -c $((size - 100000)) "$WORK/full.tar.gz" >"$A/truncated.tar.gz"
rm "$SRC/zz-scan.bin"
size=$(stat -c %s "$A/reports.zip")
head -c $((size * 3 / 4)) "$A/reports.zip" >"$A/truncated.zip"

# ---- mounting -------------------------------------------------------------

# mount_fg NAME ARCHIVE [OPTS...]: mount in the foreground, in background
mount_fg() {
	local name=$1 archive=$2 mnt=$WORK/mnt-$1 i
	shift 2
	mkdir -p "$mnt"
	MOUNTS+=("$mnt")
	# a script's background jobs ignore SIGINT, and libfuse leaves an
	# ignored signal ignored: give reportfs the default action back
	env --default-signal=INT "$REPORTFS" -f "$@" "$archive" "$mnt" \
		2>"$WORK/$name.stderr" &
	PID=$!
	PIDS+=("$PID")
	for i in $(seq 1 200); do
		mountpoint -q "$mnt" && { MNT=$mnt; return 0; }
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.05
	done
	fail "mount of $name did not come up"
	cat "$WORK/$name.stderr" >&2
	MNT=
	return 1
}

# unmount_fg: fusermount3 -u and the daemon exits with 0
unmount_fg() {
	local rc
	fusermount3 -u "$MNT" || fail "fusermount3 -u $MNT"
	wait "$PID"
	rc=$?
	[ $rc -eq 0 ] && ok || fail "reportfs exited with $rc after unmount of $MNT"
	mountpoint -q "$MNT" && fail "$MNT still mounted"
}

# all_files: relative paths of every file, sorted
all_files() {
	(cd "$MNT" && find . -type f | sed 's#^\./##' | sort)
}

# checks common to every mount; writes $WORK/$1.sums (all but README, index)
check_tree() {
	local name=$1 f
	# 8 parallel readers on a cold mount, then a serial read to compare
	(cd "$MNT" && find . -type f -print0 | xargs -0 -P8 -n3 md5sum | sort -k2) \
		>"$WORK/$name.par" || fail "$name: parallel read"
	(cd "$MNT" && find . -type f -print0 | sort -z | xargs -0 md5sum) \
		>"$WORK/$name.ser" || fail "$name: serial read"
	sort -k2 "$WORK/$name.ser" >"$WORK/$name.ser.sorted"
	same "$name: parallel and serial reads differ" "$WORK/$name.ser.sorted" "$WORK/$name.par"
	grep -v -e ' \./README\.txt$' -e ' \./index\.csv$' "$WORK/$name.ser" >"$WORK/$name.sums"
	# ls -l sizes are exact: stat on a fresh name, then the bytes read
	(cd "$MNT" && find . -type f -printf '%s %p\n' | sort -k2) >"$WORK/$name.sizes"
	(cd "$MNT" && find . -type f -print0 | xargs -0 wc -c | grep -v ' total$' |
		sed -E 's/^ *([0-9]+) /\1 /' | sort -k2) >"$WORK/$name.wc"
	same "$name: stat sizes differ from the bytes read" "$WORK/$name.sizes" "$WORK/$name.wc"
	[ -s "$WORK/$name.sizes" ] && ok || fail "$name: no files"
	# modes
	(cd "$MNT" && find . -type f ! -perm 0444) | grep -q . &&
		fail "$name: a file is not 0444" || ok
	(cd "$MNT" && find . -type d ! -perm 0555) | grep -q . &&
		fail "$name: a directory is not 0555" || ok
	# read-only
	for f in "touch $MNT/new.txt" "mkdir $MNT/newdir" "rm -f $MNT/README.txt" \
		"cp /etc/hostname $MNT/README.txt" "mv $MNT/README.txt $MNT/x" \
		"chmod 644 $MNT/README.txt"; do
		if $f 2>"$WORK/erofs" ; then
			fail "$name: '$f' succeeded"
		elif grep -q 'Read-only file system' "$WORK/erofs"; then
			ok
		else
			fail "$name: '$f' did not fail with EROFS: $(cat "$WORK/erofs")"
		fi
	done
	if python3 - "$MNT/README.txt" <<'PY'
import errno, os, sys
try:
    os.open(sys.argv[1], os.O_WRONLY)
except OSError as e:
    sys.exit(0 if e.errno == errno.EROFS else 1)
sys.exit(1)
PY
	then ok; else fail "$name: open(O_WRONLY) is not EROFS"; fi
	# missing names
	[ -e "$MNT/no such agency" ] && fail "$name: missing path exists" || ok
}

lsr() {
	(cd "$MNT" && ls -R) >"$WORK/$1.ls-R"
}

# -- zip: the reference for the other formats
if mount_fg zip "$A/reports.zip"; then
	check_tree zip
	lsr zip
	golden ls-R.txt "$WORK/zip.ls-R"
	golden index.csv "$MNT/index.csv"
	golden README.txt "$MNT/README.txt"
	dup=$(cd "$MNT" && find . -path '*(2)/validation.txt' | sort | head -1)
	if [ -n "$dup" ]; then
		golden dup-validation.txt "$MNT/$dup"
		grep -q 'identity.duplicate' "$MNT/$dup" && ok ||
			fail "validation.txt of a duplicate does not say so"
	else
		fail "no duplicate report directory"
	fi
	csv=$(cd "$MNT" && find . -path '*/tables/requests.csv' | sort | tail -1)
	[ -n "$csv" ] && golden requests.csv "$MNT/$csv" || fail "no requests.csv"
	# each report's files are what render_report() makes of it
	# (tests/data/<case>/expected/), but for the source line
	if python3 - "$MNT" "$DATA" "$WORK/cases" <<'PY'
import csv, filecmp, os, sys
mnt, data, cases = sys.argv[1:4]
entry = dict(l.rstrip("\n").split("\t") for l in open(cases, encoding="utf-8"))
rows = {r["来源"]: r for r in csv.DictReader(open(os.path.join(mnt, "index.csv"), encoding="utf-8"))}
def lines(path):
    with open(path, encoding="utf-8") as f:
        return [l for l in f if not l.startswith("source: ")]
def same_validation(want, got):
    want, got = lines(want), lines(got)
    # a duplicate's status also counts its identity.duplicate warning
    if any(l.startswith("WARN identity.duplicate ") for l in got):
        skip = ("status: ", "WARN identity.duplicate ")
        want = [l for l in want if not l.startswith(skip)]
        got = [l for l in got if not l.startswith(skip)]
    return want == got
bad = 0
for case, name in sorted(entry.items()):
    exp = os.path.join(data, case, "expected")
    if not os.path.isdir(exp):
        continue
    r = rows[name]
    got = os.path.join(mnt, r["机关"], r["年度"])
    want_files = sorted(os.path.relpath(os.path.join(d, f), exp)
                        for d, _, fs in os.walk(exp) for f in fs)
    got_files = sorted(os.path.relpath(os.path.join(d, f), got)
                       for d, _, fs in os.walk(got) for f in fs)
    if want_files != got_files:
        print(f"{case}: files {got_files} != {want_files}", file=sys.stderr)
        bad += 1
        continue
    for f in want_files:
        a, b = os.path.join(exp, f), os.path.join(got, f)
        same = same_validation(a, b) if f == "validation.txt" else filecmp.cmp(a, b, shallow=False)
        if not same:
            print(f"{case}: {f} differs from tests/data/{case}/expected/{f}", file=sys.stderr)
            bad += 1
sys.exit(1 if bad else 0)
PY
	then ok; else fail "mounted files differ from tests/data/*/expected"; fi
	# /by-year/<year>/<agency>: links as ls -l expects them (lrwxrwxrwx,
	# size = target length) that resolve to the agency's year directory
	if python3 - "$MNT" <<'PY'
import os, stat, sys
mnt = sys.argv[1]
top = os.path.join(mnt, "by-year")
links = bad = 0
for year in sorted(os.listdir(top)):
    for agency in sorted(os.listdir(os.path.join(top, year))):
        p = os.path.join(top, year, agency)
        st = os.lstat(p)
        target = os.readlink(p)
        links += 1
        # "../../A/2020", or "../../A/2020 (2)" for a second report
        parts = target.split("/")
        if (not stat.S_ISLNK(st.st_mode) or stat.S_IMODE(st.st_mode) != 0o777
                or st.st_size != len(target.encode()) or len(parts) != 4
                or parts[:2] != ["..", ".."] or not parts[3].startswith(year)
                or not os.path.isfile(os.path.join(p, "validation.txt"))):
            print(f"bad link {p} -> {target}: mode {st.st_mode:o} size {st.st_size}", file=sys.stderr)
            bad += 1
sys.exit(1 if bad or not links else 0)
PY
	then ok; else fail "/by-year links are wrong"; fi
	grep -q '^,,,"skipped: PDF.*",,,notice.pdf$' "$MNT/index.csv" && ok ||
		fail "notice.pdf is not listed as skipped"
	grep -q '^,,,skipped: empty,,,empty.txt$' "$MNT/index.csv" && ok ||
		fail "empty.txt is not listed as skipped"
	[ "$(wc -l <"$MNT/index.csv")" -eq $(($(wc -l <"$LIST") + 1)) ] && ok ||
		fail "index.csv does not have one row per entry"
	unmount_fg
fi

# -- the other formats show the same tree and the same bytes
for fmt in tar.gz 7z dir; do
	if [ $fmt = dir ]; then archive=$SRC; else archive=$A/reports.$fmt; fi
	# a tiny cache: every render is evicted and made again under the readers
	mount_fg "$fmt" "$archive" -o cache_size=16K || continue
	check_tree "$fmt"
	lsr "$fmt"
	same "$fmt: ls -R differs from the zip's" "$WORK/zip.ls-R" "$WORK/$fmt.ls-R"
	same "$fmt: file contents differ from the zip's" "$WORK/zip.sums" "$WORK/$fmt.sums"
	# row order follows the archive; 7z may reorder its entries
	sort "$MNT/index.csv" >"$WORK/$fmt.index"
	sort "$EXPECTED/index.csv" >"$WORK/expected.index" 2>/dev/null
	[ -n "${UPDATE_GOLDEN:-}" ] ||
		same "$fmt: index.csv differs" "$WORK/expected.index" "$WORK/$fmt.index"
	unmount_fg
done

# -- GBK entry names
if mount_fg gbk "$A/gbk.zip"; then
	check_tree gbk
	lsr gbk
	golden gbk-ls-R.txt "$WORK/gbk.ls-R"
	golden gbk-index.csv "$MNT/index.csv"
	unmount_fg
fi
if mount_fg gbk-forced "$A/gbk.zip" -o names=CP936; then
	lsr gbk-forced
	same "names=CP936: ls -R differs" "$WORK/gbk.ls-R" "$WORK/gbk-forced.ls-R"
	unmount_fg
fi

# -- damaged archives mount what can be read and say what was lost
if mount_fg truncated-tgz "$A/truncated.tar.gz"; then
	check_tree truncated-tgz
	lsr truncated-tgz
	same "truncated tar.gz: not every report is there" "$WORK/zip.ls-R" "$WORK/truncated-tgz.ls-R"
	grep -q 'zz-scan.bin' "$WORK/truncated-tgz.stderr" && ok ||
		fail "truncated tar.gz: stderr does not name the lost entry"
	grep -q '^,,,skipped: unreadable: .*,,,zz-scan.bin$' "$MNT/index.csv" && ok ||
		fail "truncated tar.gz: the lost entry is not in index.csv"
	unmount_fg
fi
if mount_fg truncated-zip "$A/truncated.zip"; then
	check_tree truncated-zip
	grep -q 'damaged' "$WORK/truncated-zip.stderr" && ok ||
		fail "truncated zip: stderr does not say the archive is damaged"
	unmount_fg
fi

# -- unreadable archives are an error
head -c 4096 "$A/reports.7z" | tail -c 2048 >"$A/garbage.zip"
mkdir -p "$WORK/mnt-bad"
for bad in "$A/garbage.zip" "$A/missing.zip"; do
	"$REPORTFS" -f "$bad" "$WORK/mnt-bad" 2>"$WORK/bad.stderr"
	rc=$?
	if [ $rc -ne 0 ] && grep -q "^reportfs: cannot open archive '$bad': " "$WORK/bad.stderr"; then
		ok
	else
		fail "$bad: exit $rc, stderr: $(cat "$WORK/bad.stderr")"
	fi
	mountpoint -q "$WORK/mnt-bad" && fusermount3 -u "$WORK/mnt-bad"
done

# -- stderr: problems only, unless it is a terminal; -o quiet: nothing
# (mount_fg gives reportfs a file for stderr, not a terminal)
if mount_fg stderr-file "$A/reports.zip"; then
	unmount_fg
	[ -s "$WORK/stderr-file.stderr" ] &&
		fail "stderr is not a terminal but got: $(cat -A "$WORK/stderr-file.stderr")" || ok
fi
if mount_fg quiet "$A/truncated.zip" -o quiet; then
	unmount_fg
	grep -q 'damaged' "$WORK/quiet.stderr" && ok ||
		fail "-o quiet: the damage is not reported"
	grep -q -e 'indexing' -e ' reports, ' "$WORK/quiet.stderr" &&
		fail "-o quiet: progress or summary printed" || ok
fi
# on a terminal (script(1) makes one): progress redrawn in place with
# entries, MB and %, then one summary line; nothing with -o quiet
if command -v script >/dev/null; then
	mkdir -p "$WORK/mnt-tty"
	MOUNTS+=("$WORK/mnt-tty")
	for opt in "" "-o quiet"; do
		script -qec "'$REPORTFS' $opt '$A/reports.tar.gz' '$WORK/mnt-tty'" \
			"$WORK/tty.log" >/dev/null 2>&1 </dev/null
		if mountpoint -q "$WORK/mnt-tty"; then
			fusermount3 -u "$WORK/mnt-tty"
		else
			fail "mount on a terminal ($opt) did not come up: $(cat -A "$WORK/tty.log")"
			continue
		fi
		tr '\r' '\n' <"$WORK/tty.log" | sed 's/\x1b\[K//g' >"$WORK/tty.lines"
		if [ -z "$opt" ]; then
			grep -Eq '^reportfs: indexing: [0-9]+ entries, [0-9.]+ MB of [0-9.]+ MB \([0-9]+%\)' \
				"$WORK/tty.lines" && ok ||
				fail "terminal: no progress line: $(cat -A "$WORK/tty.log")"
			grep -Eq "^reportfs: .*reports\.tar\.gz: $(wc -l <"$LIST") entries, [0-9]+ reports, [0-9]+ skipped" \
				"$WORK/tty.lines" && ok ||
				fail "terminal: no summary line: $(cat -A "$WORK/tty.log")"
		else
			grep -q -e 'indexing' -e ' reports, ' "$WORK/tty.lines" &&
				fail "terminal, -o quiet: progress printed: $(cat -A "$WORK/tty.log")" || ok
		fi
	done
else
	echo "note: script(1) missing, terminal progress not tested" >&2
fi

# -- daemon mode and fusermount3 -u
mkdir -p "$WORK/mnt-daemon"
MOUNTS+=("$WORK/mnt-daemon")
if "$REPORTFS" -o quiet "$A/reports.zip" "$WORK/mnt-daemon" && mountpoint -q "$WORK/mnt-daemon"; then
	[ -s "$WORK/mnt-daemon/index.csv" ] && ok || fail "daemon mount: empty index.csv"
	fusermount3 -u "$WORK/mnt-daemon" && ok || fail "daemon unmount"
	mountpoint -q "$WORK/mnt-daemon" && fail "daemon: still mounted after fusermount3 -u" || ok
else
	fail "daemon mode mount"
fi

# -- SIGTERM and SIGINT unmount and exit 0, also with readers busy
for sig in TERM INT; do
	mount_fg "sig$sig" "$A/reports.zip" || continue
	cat "$MNT/README.txt" >/dev/null
	(cd "$MNT" && find . -type f -print0 | xargs -0 cat) >/dev/null 2>&1 &
	readers=$!
	sleep 0.1
	kill -"$sig" "$PID"
	wait "$PID"
	rc=$?
	wait "$readers"
	[ $rc -eq 0 ] && ok || fail "SIG$sig: exit status $rc: $(cat "$WORK/sig$sig.stderr")"
	mountpoint -q "$MNT" && fail "SIG$sig: still mounted" || ok
done

echo "$checks checks passed, $failures failed"
[ $failures -eq 0 ]
