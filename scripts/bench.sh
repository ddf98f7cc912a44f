#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench.sh - the issue's performance targets, measured in one run: makes a
# corpus of N (default 10000) reports from tests/data, packs it as zip and
# tar.gz, and compares reportfs with unzip -p / tar -xzO (mount time),
# fuse-zip and archivemount (reading everything), plus first-access latency
# and peak RSS.  Usage: scripts/bench.sh [N] [ARCHIVEMOUNT_CAP_SECONDS]
# Needs root (or FUSE rights), /dev/fuse, fuse-zip and archivemount.
set -uo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
CAP=${2:-120}
export LC_ALL=C.UTF-8

. scripts/deps.sh
reportfs_install_deps || { echo "cannot install dependencies" >&2; exit 1; }
[ -c /dev/fuse ] || { echo "bench: /dev/fuse is missing" >&2; exit 1; }
if [ ! -f build-bench/build.ninja ]; then
	meson setup build-bench --buildtype=release >/dev/null ||
		{ echo "meson setup failed" >&2; exit 1; }
fi
ninja -C build-bench >/dev/null || { echo "build failed" >&2; exit 1; }
REPORTFS=$PWD/build-bench/fs/reportfs

W=$(mktemp -d "${TMPDIR:-/tmp}/reportfs-bench.XXXXXX")
MOUNTS=()
PIDS=()
cleanup() {
	local m p
	for m in "${MOUNTS[@]}"; do
		mountpoint -q "$m" 2>/dev/null && fusermount3 -uz "$m" 2>/dev/null
	done
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$2"; }
ratio() { python3 -c "import sys; a, b = map(float, sys.argv[1:3]); print(f'{a / b:.2f}' if b > 0 else 'n/a')" "$1" "$2"; }
# seconds COMMAND...: wall time of a command, output discarded
seconds() {
	local t0 t1
	t0=$(now)
	"$@" >/dev/null 2>&1
	t1=$(now)
	elapsed "$t0" "$t1"
}
# kb PID FIELD: VmRSS or VmHWM of a process, in KiB
kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
# cpu PID: user + system CPU seconds of a process so far (less sensitive
# than wall time to other load on the machine)
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/$1/stat"; }
sub() { python3 -c "import sys; print(f'{float(sys.argv[1]) - float(sys.argv[2]):.2f}')" "$1" "$2"; }
drop_caches() { sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true; }

# ---- corpus -------------------------------------------------------------

echo "generating $N reports..." >&2
python3 - "$N" tests/data "$W/corpus" <<'PY'
import os, sys
n, data, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
samples = []
for case in sorted(os.listdir(data)):
    p = os.path.join(data, case, "input.txt")
    if os.path.isfile(p):
        samples.append(open(p, encoding="utf-8").read().splitlines())
digits = "〇一二三四五六七八九"
for i in range(n):
    lines = list(samples[i % len(samples)])
    agency = "测试市" + "".join(digits[int(c)] for c in str(i)) + "局"
    year = 2019 + (i // len(samples)) % 5
    title = f"{agency}{year}年政府信息公开工作年度报告"
    for k, l in enumerate(lines):
        if l.strip():
            if "报告" in l:
                lines[k] = title
            else:
                lines.insert(k, title)
            break
    d = os.path.join(out, f"part{i // 1000:02d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, title + ".txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
PY
(cd "$W/corpus" && find . -type f | sed 's#^\./##' | sort >"$W/list")
(cd "$W/corpus" && zip -q "$W/reports.zip" -@ <"$W/list")
(cd "$W/corpus" && tar -czf "$W/reports.tar.gz" -T "$W/list")
raw_mb=$(du -sm --apparent-size "$W/corpus" | cut -f1)
echo "corpus: $N reports, $raw_mb MB; zip $(du -m "$W/reports.zip" | cut -f1) MB, tar.gz $(du -m "$W/reports.tar.gz" | cut -f1) MB" >&2

# ---- mounting -------------------------------------------------------------

# mount_wait PROGRAM-ARGS...: run in the background, wait for $MNT
mount_wait() {
	local i
	"$@" &
	PID=$!
	PIDS+=("$PID")
	for i in $(seq 1 12000); do
		mountpoint -q "$MNT" && return 0
		kill -0 "$PID" 2>/dev/null || return 1
		sleep 0.005
	done
	return 1
}

unmount() {
	fusermount3 -u "$MNT" 2>/dev/null
	wait "$PID" 2>/dev/null
}

declare -A R
# bench_reportfs NAME ARCHIVE
bench_reportfs() {
	local name=$1 archive=$2 t0 t1 one
	MNT=$W/mnt-$name
	mkdir -p "$MNT"
	MOUNTS+=("$MNT")
	drop_caches
	t0=$(now)
	mount_wait "$REPORTFS" -f -o quiet "$archive" "$MNT" ||
		{ echo "reportfs did not mount $archive" >&2; exit 1; }
	t1=$(now)
	R[$name.mount]=$(elapsed "$t0" "$t1")
	R[$name.cpu_mount]=$(cpu "$PID")
	R[$name.rss_mount]=$(kb "$PID" VmRSS)
	# first access of one report: lookup, parse, render, read
	one=$(cd "$MNT" && ls -d */* | sed -n "$((N / 2))p")
	t0=$(now)
	cat "$MNT/$one/validation.txt" >/dev/null
	t1=$(now)
	R[$name.first]=$(elapsed "$t0" "$t1")
	c0=$(cpu "$PID")
	R[$name.read]=$(seconds sh -c "cd '$MNT' && find . -path './*/*/tables/*.csv' -o -path './*/*/validation.txt' | xargs -d '\n' cat")
	R[$name.cpu_read]=$(sub "$(cpu "$PID")" "$c0")
	R[$name.rss_read]=$(kb "$PID" VmRSS)
	R[$name.hwm]=$(kb "$PID" VmHWM)
	R[$name.index]=$(seconds cat "$MNT/index.csv")
	unmount
}

# bench_all NAME ARCHIVE: a fresh mount, then every /all file read once
# (all reports rendered, cross-year checks included)
bench_all() {
	local name=$1 archive=$2 c0
	MNT=$W/mnt-$name
	mkdir -p "$MNT"
	MOUNTS+=("$MNT")
	mount_wait "$REPORTFS" -f -o quiet "$archive" "$MNT" ||
		{ echo "reportfs did not mount $archive" >&2; exit 1; }
	c0=$(cpu "$PID")
	R[$name.all]=$(seconds sh -c "cat '$MNT'/all/*.csv '$MNT'/all/problems.txt")
	R[$name.cpu_all]=$(sub "$(cpu "$PID")" "$c0")
	R[$name.all_mb]=$(cat "$MNT"/all/* | wc -c | awk '{ printf "%.1f", $1 / 1048576 }')
	R[$name.rss_all]=$(kb "$PID" VmRSS)
	unmount
}

# bench_other NAME CAP COMMAND...: mount with another tool, read every file
bench_other() {
	local name=$1 cap=$2 t0 t1
	shift 2
	MNT=$W/mnt-$name
	mkdir -p "$MNT"
	MOUNTS+=("$MNT")
	drop_caches
	t0=$(now)
	if ! mount_wait "$@" "$MNT"; then
		R[$name.mount]=fail
		return
	fi
	t1=$(now)
	R[$name.mount]=$(elapsed "$t0" "$t1")
	t0=$(now)
	if timeout "$cap" sh -c "cd '$MNT' && find . -type f | xargs -d '\n' cat" >/dev/null 2>&1; then
		t1=$(now)
		R[$name.read]=$(elapsed "$t0" "$t1")
	else
		R[$name.read]=">$cap"
	fi
	unmount
}

drop_caches
R[unzip]=$(seconds unzip -p "$W/reports.zip")
drop_caches
R[untgz]=$(seconds tar -xzOf "$W/reports.tar.gz")
bench_reportfs zip "$W/reports.zip"
bench_reportfs tgz "$W/reports.tar.gz"
bench_all allzip "$W/reports.zip"
echo "generating $N reports in runs of 5 years per agency..." >&2
python3 scripts/gen-corpus.py --count "$N" --seed 1 --series 5 --errors 0.1 \
	--out "$W/series" >/dev/null
(cd "$W/series" && find . -type f | sed 's#^\./##' | sort | zip -q "$W/series.zip" -@)
bench_all allseries "$W/series.zip"
bench_other fusezip 600 fuse-zip -f -r "$W/reports.zip"
bench_other amzip "$CAP" archivemount -f -o readonly "$W/reports.zip"
bench_other amtgz "$CAP" archivemount -f -o readonly "$W/reports.tar.gz"

cache_mb=64
budget_kb=$((N * 2 + cache_mb * 1024))
cat <<REPORT

reportfs bench: $N reports ($raw_mb MB of text), $(nproc) CPUs, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)
                                   zip          tar.gz
raw decompression (s)              ${R[unzip]}        ${R[untgz]}     unzip -p / tar -xzO
reportfs mount (s)                 ${R[zip.mount]}        ${R[tgz.mount]}
  ratio (target <= 1.5)            $(ratio "${R[zip.mount]}" "${R[unzip]}")         $(ratio "${R[tgz.mount]}" "${R[untgz]}")
  reportfs CPU during mount (s)    ${R[zip.cpu_mount]}         ${R[tgz.cpu_mount]}
first access of one report (s)     ${R[zip.first]}        ${R[tgz.first]}
read all CSVs + validation.txt (s) ${R[zip.read]}        ${R[tgz.read]}
  reportfs CPU during the read (s) ${R[zip.cpu_read]}         ${R[tgz.cpu_read]}
fuse-zip: mount, read all (s)      ${R[fusezip.mount]}  ${R[fusezip.read]}
archivemount zip: mount, read (s)  ${R[amzip.mount]}  ${R[amzip.read]}   (cap ${CAP} s)
archivemount tgz: mount, read (s)  ${R[amtgz.mount]}  ${R[amtgz.read]}
  full read vs fuse-zip (target <= 1.0)  $(ratio "${R[zip.read]}" "${R[fusezip.read]}")
index.csv first read (s)           ${R[zip.index]}        ${R[tgz.index]}
/all/* first read, fresh mount (s) ${R[allzip.all]}        (samples: no previous years)   target < 2
  reportfs CPU (s), size (MB)      ${R[allzip.cpu_all]}         ${R[allzip.all_mb]}   RSS after: ${R[allzip.rss_all]} KiB
/all/* with 5-year series (s)      ${R[allseries.all]}        (gen-corpus --series 5: cross-year checks)
  reportfs CPU (s), size (MB)      ${R[allseries.cpu_all]}         ${R[allseries.all_mb]}   RSS after: ${R[allseries.rss_all]} KiB
RSS after mount (KiB)              ${R[zip.rss_mount]}        ${R[tgz.rss_mount]}     target <= $budget_kb (2 KiB/report + ${cache_mb} MiB)
  per report (KiB)                 $(ratio "${R[zip.rss_mount]}" "$N")         $(ratio "${R[tgz.rss_mount]}" "$N")
RSS after full read (KiB)          ${R[zip.rss_read]}        ${R[tgz.rss_read]}
peak RSS (KiB)                     ${R[zip.hwm]}        ${R[tgz.hwm]}
REPORT
