#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes the test inputs that are renderings of the project's own real traces, into OUTDIR
# (ctest runs it first, as the fixture every test needs):
#   kvm-tiny.v6.dat       traces/kvm-tiny.dat (v7, zstd) converted by `trace-cmd convert`
#   kvm-tiny.v7-zlib.dat  the same converted by libtracecmd with ioaware's zlib codec
#   kvm-tiny.report.txt   `trace-cmd report` of it (plugin formatting)
#   *.tasks.tsv           traces/kvm-tiny.tasks.tsv beside each of the three
#   small.report.txt      `trace-cmd report` of tests/data/small.dat (raw text: small.txt)
#   perf.script.txt       `perf script` of tests/data/perf.data, and perf.script-ns.txt (--ns)
# Usage: fixtures.sh CONVERT SOURCE_DIR OUTDIR. An output newer than its input is kept.
set -eu
CONVERT=$1
SRC=$2
OUT=$3
mkdir -p "$OUT"
die() {
	echo "fixtures.sh: $*" >&2
	exit 1
}
command -v trace-cmd >/dev/null || die "trace-cmd is not installed (tools/install-deps.sh)"
command -v perf >/dev/null || die "perf is not installed (tools/install-deps.sh)"

# fresh OUT IN: false when OUT exists and is newer than IN (nothing to do)
fresh() {
	! [ "$OUT/$1" -nt "$2" ]
}

# text OUT IN CMD...: OUT = stdout of CMD
text() {
	out=$OUT/$1
	shift
	fresh "${out##*/}" "$1" || return 0
	shift
	"$@" >"$out.tmp" 2>"$out.err" || { cat "$out.err" >&2; rm -f "$out.tmp"; die "$out: $*"; }
	mv "$out.tmp" "$out"
	rm -f "$out.err"
}

tiny=$SRC/traces/kvm-tiny.dat
if fresh kvm-tiny.v6.dat "$tiny"; then
	trace-cmd convert -i "$tiny" --file-version 6 --compression none \
		-o "$OUT/kvm-tiny.v6.dat.tmp" >/dev/null || die "trace-cmd convert $tiny failed"
	mv "$OUT/kvm-tiny.v6.dat.tmp" "$OUT/kvm-tiny.v6.dat"
fi
if fresh kvm-tiny.v7-zlib.dat "$tiny"; then
	# libtracecmd's writer leaks its compression context and parsed formats on close: not ours,
	# and this is a test helper, so a sanitizer build does not count them here
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
		"$CONVERT" "$tiny" "$OUT/kvm-tiny.v7-zlib.dat.tmp" 7 zlib >/dev/null ||
		die "zlib conversion failed"
	mv "$OUT/kvm-tiny.v7-zlib.dat.tmp" "$OUT/kvm-tiny.v7-zlib.dat"
fi
text kvm-tiny.report.txt "$tiny" trace-cmd report "$tiny"
# the tasks side file (tid → tgid) goes with every rendering of the capture
for f in kvm-tiny.v6.dat kvm-tiny.v7-zlib.dat kvm-tiny.report.txt; do
	cp "$SRC/traces/kvm-tiny.tasks.tsv" "$OUT/$f.tasks.tsv"
done
small=$SRC/tests/data/small.dat
text small.report.txt "$small" trace-cmd report "$small"
# -f: the file may belong to another user than the one running the tests
perf=$SRC/tests/data/perf.data
text perf.script.txt "$perf" perf script -f -i "$perf"
text perf.script-ns.txt "$perf" perf script -f --ns -i "$perf"
echo "fixtures in $OUT"
