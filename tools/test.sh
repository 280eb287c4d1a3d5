#!/bin/sh
# Builds ioaware with warnings as errors and runs the whole test suite (ctest).
#   tools/test.sh             release build in build/
#   tools/test.sh --sanitize  ASan + UBSan build in build-asan/
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh
dir=build
flags="-DIOA_WERROR=ON"
if [ "${1:-}" = "--sanitize" ]; then
	dir=build-asan
	flags="$flags -DIOA_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug"
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
	export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp"
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi
# shellcheck disable=SC2086
cmake -S . -B "$dir" $flags >/dev/null
cmake --build "$dir" -j"$(nproc)"
# every test runs from the project's own files; the only one that may skip is live recording
# without root (cli_record), and a skipped test says why
log=$dir/ctest.log
rc=0
ctest --test-dir "$dir" --output-on-failure -j"$(nproc)" --output-log "$log" || rc=$?
skipped=$(grep -c '\*\*\*Skipped' "$log" || true)
echo "tests skipped: $skipped$(grep '\*\*\*Skipped' "$log" | sed 's/.*: \([a-z_0-9]*\) .*/ \1/' | tr -d '\n')"
exit $rc
