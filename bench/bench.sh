#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench.sh: how fast is `ioaware ingest` against the tools and the library floor it sits on?
#
# On one large real trace.dat (>= 3 M events; captured here with traces/capture.sh unless given),
# each path runs REPS times; the table shows the median wall time, events (or lines) per second
# and the peak RSS (/usr/bin/time "Maximum resident set size", max over the runs):
#
#   trace-cmd report FILE > /dev/null        the usual way to read a trace.dat
#   bench/iterate FILE                       bare libtracecmd iteration, counting only
#   ioaware ingest --db TMP FILE             segments, exits, I/O (fresh db every run)
#   ioaware ingest --db TMP --raw FILE       the same plus every event in table `event`
#   ioaware ingest --db TMP REPORT.txt       the `trace-cmd report` text of the same file
#
# Usage: bench/bench.sh [-r REPS] [-d SECONDS] [-b BUFFER_KB] [-f] [TRACE.dat]
# Env:   IOAWARE=path/to/ioaware (default build/ioaware)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUTDIR=$ROOT/bench/out
IOAWARE=${IOAWARE:-$ROOT/build/ioaware}
REPS=3
DURATION=6
BUFFER_KB=262144
FORCE=0
MIN_EVENTS=3000000

usage() {
	cat <<EOF
Usage: $0 [OPTIONS] [TRACE.dat]
Benchmark ioaware ingest against trace-cmd report and bare libtracecmd iteration.

  -r N        repetitions per path, the median is reported (default $REPS)
  -d SECONDS  duration of the captured workload when no TRACE.dat is given (default $DURATION)
  -b KB       per-CPU ring buffer for that capture (default $BUFFER_KB)
  -f          capture again even if bench/out/trace.dat exists
  -h          this text
Without TRACE.dat, bench/out/trace.dat is captured (root needed) with traces/capture.sh
running the vm-bus guest flat out, then reused by later runs. IOAWARE overrides the binary
(default build/ioaware).
EOF
}

die() {
	echo "bench.sh: $*" >&2
	exit 1
}

while getopts "r:d:b:fh" opt; do
	case $opt in
	r) REPS=$OPTARG ;;
	d) DURATION=$OPTARG ;;
	b) BUFFER_KB=$OPTARG ;;
	f) FORCE=1 ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -le 1 ] || { usage >&2; exit 2; }
[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "-r $REPS: not a positive count"
[ -x /usr/bin/time ] || die "/usr/bin/time: missing (apt-get install time)"
command -v trace-cmd >/dev/null || die "trace-cmd: not installed"

mkdir -p "$OUTDIR"
TMP=$(mktemp -d "$OUTDIR/run.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# --- inputs -------------------------------------------------------------------------------------

# shellcheck disable=SC2046 # pkg-config output is meant to split into words
gcc -O2 -Wall -o "$OUTDIR/iterate" "$ROOT/bench/iterate.c" \
	$(pkg-config --cflags --libs libtracecmd) || die "bench/iterate.c: build failed"

if [ $# -eq 1 ]; then
	TRACE=$1
	[ -r "$TRACE" ] || die "$TRACE: cannot read"
else
	TRACE=$OUTDIR/trace.dat
	if [ $FORCE -eq 1 ] || [ ! -s "$TRACE" ]; then
		echo "bench.sh: capturing $TRACE (${DURATION}s, ${BUFFER_KB} KiB per CPU)..." >&2
		"$ROOT/traces/capture.sh" -o "$TRACE" -d "$DURATION" -b "$BUFFER_KB" -s 0 >&2
	fi
fi

EVENTS=$("$OUTDIR/iterate" "$TRACE") || die "$TRACE: bench/iterate failed"
[ "$EVENTS" -ge $MIN_EVENTS ] ||
	echo "bench.sh: warning: $TRACE has $EVENTS events (< $MIN_EVENTS); use -f -d longer" >&2

REPORT=$TMP/report.txt
trace-cmd report "$TRACE" >"$REPORT" 2>/dev/null || die "$TRACE: trace-cmd report failed"
LINES=$(wc -l <"$REPORT")

# --- measuring ----------------------------------------------------------------------------------

# run_one NAME CMD...: one timed run; appends "seconds rss_kib" to $TMP/NAME.
# Wall time from the monotonic ns clock (time's own is 10 ms coarse), RSS from time(1).
run_one() {
	local name=$1 t0 t1
	shift
	t0=$(date +%s%N)
	if ! /usr/bin/time -f %M -o "$TMP/rss" "$@" >/dev/null 2>"$TMP/$name.err"; then
		return 1
	fi
	t1=$(date +%s%N)
	echo "$(((t1 - t0) / 1000)) $(tail -n1 "$TMP/rss")" >>"$TMP/$name"
}

# ingest_one NAME ARGS...: run ioaware ingest into a fresh database, keep the db for checks.
ingest_one() {
	local name=$1
	shift
	rm -f "$TMP/$name.db" "$TMP/$name.db-wal" "$TMP/$name.db-shm"
	run_one "$name" "$IOAWARE" ingest --db "$TMP/$name.db" "$@"
}

# measure NAME CMD...: REPS runs; on failure records why, in $TMP/NAME.fail.
measure() {
	local name=$1 i
	shift
	for ((i = 0; i < REPS; i++)); do
		if ! "$@"; then
			head -c 200 "$TMP/$name.err" | tr '\n' ' ' >"$TMP/$name.fail"
			rm -f "$TMP/$name"
			return 0
		fi
	done
}

# median_us NAME, peak_kib NAME
median_us() {
	sort -n -k1,1 "$TMP/$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
peak_kib() {
	sort -n -k2,2 "$TMP/$1" | tail -n1 | awk '{ print $2 }'
}

echo "bench.sh: $REPS runs per path on $TRACE ($EVENTS events)..." >&2
measure report run_one report trace-cmd report "$TRACE"
measure iterate run_one iterate "$OUTDIR/iterate" "$TRACE"
if [ -x "$IOAWARE" ]; then
	measure ingest ingest_one ingest "$TRACE"
	measure raw ingest_one raw --raw "$TRACE"
	measure text ingest_one text "$REPORT"
else
	for n in ingest raw text; do
		echo "$IOAWARE: not built" >"$TMP/$n.fail"
	done
fi

# Events the database says it read, when sqlite3 is there: a fast ingest that drops events
# is not fast.
db_events() {
	if ! command -v sqlite3 >/dev/null || [ ! -f "$TMP/$1.db" ]; then
		echo -
		return
	fi
	sqlite3 "$TMP/$1.db" 'SELECT COALESCE(SUM(events), 0) FROM trace' 2>/dev/null || echo '?'
}

# --- table --------------------------------------------------------------------------------------

declare -A SECS
row() {
	local name=$1 label=$2 units=$3 count=$4 seen=$5 us
	if [ -f "$TMP/$name.fail" ] || [ ! -s "$TMP/$name" ]; then
		printf '%-34s %10s %16s %10s  failed: %s\n' "$label" - - - \
			"$(cat "$TMP/$name.fail" 2>/dev/null)"
		return
	fi
	us=$(median_us "$name")
	SECS[$name]=$us
	printf '%-34s %10.3f %16s %10.1f  %s\n' "$label" "$(awk -v u="$us" 'BEGIN { print u / 1e6 }')" \
		"$(awk -v c="$count" -v u="$us" -v n="$units" 'BEGIN { printf "%d %s", c / (u / 1e6), n }')" \
		"$(awk -v k="$(peak_kib "$name")" 'BEGIN { print k / 1024 }')" "$seen"
}

# ratio A B TEXT: how many times faster A is than B (B's time / A's time)
ratio() {
	if [ -n "${SECS[$1]:-}" ] && [ -n "${SECS[$2]:-}" ]; then
		printf '  %-44s %6.2fx\n' "$3" "$(awk -v a="${SECS[$1]}" -v b="${SECS[$2]}" \
			'BEGIN { print b / a }')"
	else
		printf '  %-44s %7s\n' "$3" n/a
	fi
}

printf '\ntrace   %s\n' "$TRACE"
printf 'size    %s bytes, %s events, %s report lines; %s runs each, median wall time\n' \
	"$(stat -c %s "$TRACE")" "$EVENTS" "$LINES" "$REPS"
printf 'host    %s, %s CPUs, %s\n\n' "$(uname -r)" "$(nproc)" "$(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-34s %10s %16s %10s  %s\n' path 'median s' rate 'peak MiB' 'events in db'
row report 'trace-cmd report > /dev/null' ev/s "$EVENTS" ''
row iterate 'bench/iterate (libtracecmd floor)' ev/s "$EVENTS" ''
row ingest 'ioaware ingest' ev/s "$EVENTS" "$(db_events ingest)"
row raw 'ioaware ingest --raw' ev/s "$EVENTS" "$(db_events raw)"
row text 'ioaware ingest report.txt' lines/s "$LINES" "$(db_events text)"
printf '\nspeed ratios (time of the second / time of the first; >1 = first is faster)\n'
ratio ingest report 'ingest vs trace-cmd report'
ratio ingest iterate 'ingest vs bare iteration'
ratio raw report 'ingest --raw vs trace-cmd report'
ratio text report 'text ingest vs trace-cmd report'
ratio iterate report 'bare iteration vs trace-cmd report'
