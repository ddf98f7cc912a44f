#!/usr/bin/env bash
# Install what is missing, build twice (gcc -Werror; clang with ASan+UBSan),
# run every test in both builds, and end with one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
reportfs_install_deps || { echo "cannot install dependencies" >&2; exit 1; }

export LC_ALL=C.UTF-8
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"

builds=("build:gcc:" "build-asan:clang:-Db_sanitize=address,undefined -Db_lundef=false")
status=0
for spec in "${builds[@]}"; do
	IFS=: read -r dir compiler opts <<<"$spec"
	if [ ! -f "$dir/build.ninja" ]; then
		# shellcheck disable=SC2086
		CC=$compiler meson setup "$dir" -Dwerror=true $opts >"$dir.setup.log" 2>&1 ||
			{ cat "$dir.setup.log"; echo "meson setup failed for $dir" >&2; exit 1; }
	fi
	ninja -C "$dir" || { echo "build failed in $dir" >&2; exit 1; }
	meson test -C "$dir" --print-errorlogs --num-processes 2 || status=1
done

python3 - "${builds[@]}" <<'PY'
import json, sys
passed = failed = skipped = 0
for spec in sys.argv[1:]:
    d = spec.split(':')[0]
    try:
        with open(d + '/meson-logs/testlog.json') as f:
            for line in f:
                if not line.strip():
                    continue
                r = json.loads(line).get('result')
                if r == 'OK' or r == 'EXPECTEDFAIL':
                    passed += 1
                elif r == 'SKIP':
                    skipped += 1
                else:
                    failed += 1
    except OSError:
        failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
