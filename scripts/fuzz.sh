#!/usr/bin/env bash
# Fuzz the report parser with libFuzzer for SECONDS (default 60): builds
# tests/fuzz with clang and -Dfuzzing=true in build-fuzz/, seeds from
# tests/fuzz/corpus/report_parse/ plus the keyword dictionary. New inputs
# go to build-fuzz/corpus-report_parse/, crashes and timeouts to
# build-fuzz/crashes/: copy each into tests/fuzz/corpus/report_parse/, where
# the replay test (suite fuzz) keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
target=report_parse
dir=build-fuzz

if [ ! -f "$dir/build.ninja" ]; then
	log=$(CC=clang meson setup "$dir" -Dfuzzing=true -Db_lundef=false \
		-Dbuildtype=debugoptimized 2>&1) ||
		{ echo "$log"; echo "meson setup failed for $dir" >&2; exit 1; }
fi
ninja -C "$dir" "tests/fuzz/fuzz_$target"

mkdir -p "$dir/corpus-$target" "$dir/crashes"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
exec "$dir/tests/fuzz/fuzz_$target" \
	-dict=tests/fuzz/report.dict \
	-max_total_time="$seconds" \
	-max_len=65536 \
	-timeout=10 \
	-rss_limit_mb=2048 \
	-print_final_stats=1 \
	-artifact_prefix="$dir/crashes/" \
	"$dir/corpus-$target" "tests/fuzz/corpus/$target"
