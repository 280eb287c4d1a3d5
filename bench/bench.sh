#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench.sh: how fast is `ioaware ingest` against the tools and the library floor it sits on?
#
# On large real trace.dat files (>= 3 M events each; captured here with traces/capture.sh, made
# with -T from the captures in traces/, or given), each path runs REPS times, the paths taking
# turns (one run of each per round, so a busy machine weighs on all of them alike); the table
# shows the median wall time, the median CPU time (user + system), events (or lines) per
# second and the peak RSS (/usr/bin/time "Maximum resident set size", max over the runs):
#
#   trace-cmd report FILE > /dev/null        the usual way to read a trace.dat
#   bench/iterate FILE                       bare libtracecmd iteration, counting only
#   ioaware ingest --db TMP FILE             segments, exits, I/O (fresh db every run)
#   ioaware ingest --read-threads 1 ...      the same, decoded by the reading thread alone
#   $IOAWARE_BASE ingest ...                 another build's ingest, when IOAWARE_BASE is set
#   ioaware ingest --db TMP --raw FILE       the same plus every event in table `event`
#   ioaware ingest --db TMP REPORT.txt       the `trace-cmd report` text of the same file
#
# -T makes and measures the exit-heavy input without KVM (bench/tile_dat.py: a capture's
# ring-buffer pages repeated in time, events untouched, converted back to v7 zstd):
#   bench/out/exits.dat  traces/kvm-tiny.dat x 26: 3.67 M events, KVM exit-heavy (userspace
#                        exits, PIO and MMIO to two devices, 2 VMs / 3 vCPUs, host disk and
#                        loopback network)
#   bench/out/sched.dat  traces/qemu-tcg-a.dat x 20: 3.4 M events, scheduler-heavy (a QEMU TCG
#                        guest's vCPU and helper threads, host disk and network, no exits),
#                        in place of the flat-out KVM capture this machine cannot make
#                        without /dev/kvm; more files can be given after them
#
# Usage: bench/bench.sh [-r REPS] [-d SECONDS] [-b BUFFER_KB] [-f] [-T] [TRACE.dat...]
# Env:   IOAWARE=path/to/ioaware (default build/ioaware); IOAWARE_BASE=another ioaware to
#        measure beside it (say, the build before a change)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUTDIR=$ROOT/bench/out
IOAWARE=${IOAWARE:-$ROOT/build/ioaware}
IOAWARE_BASE=${IOAWARE_BASE:-}
REPS=3
DURATION=6
BUFFER_KB=262144
FORCE=0
TILED=0
MIN_EVENTS=3000000

usage() {
	cat <<EOF
Usage: $0 [OPTIONS] [TRACE.dat...]
Benchmark ioaware ingest against trace-cmd report and bare libtracecmd iteration.

  -r N        repetitions per path, the median is reported (default $REPS)
  -d SECONDS  duration of the captured workload when no TRACE.dat is given (default $DURATION)
  -b KB       per-CPU ring buffer for that capture (default $BUFFER_KB)
  -f          capture (or with -T tile) again even if the file exists
  -T          measure the two tiled inputs (exit-heavy from traces/kvm-tiny.dat,
              scheduler-heavy from traces/qemu-tcg-a.dat; no root)
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

while getopts "r:d:b:fTh" opt; do
	case $opt in
	r) REPS=$OPTARG ;;
	d) DURATION=$OPTARG ;;
	b) BUFFER_KB=$OPTARG ;;
	f) FORCE=1 ;;
	T) TILED=1 ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
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

# tiled NAME SOURCE COPIES: bench/out/NAME.dat, SOURCE repeated COPIES times in time
tiled() {
	local out=$OUTDIR/$1.dat
	if [ $FORCE -eq 1 ] || [ ! -s "$out" ]; then
		echo "bench.sh: making $out from $2 x $3..." >&2
		trace-cmd convert --file-version 6 --compression none -i "$2" -o "$TMP/src.v6.dat" \
			>/dev/null 2>&1 || die "$2: trace-cmd convert failed"
		python3 "$ROOT/bench/tile_dat.py" "$TMP/src.v6.dat" "$TMP/tiled.v6.dat" "$3" ||
			die "$2: tiling failed"
		trace-cmd convert --file-version 7 --compression zstd -i "$TMP/tiled.v6.dat" \
			-o "$out" >/dev/null 2>&1 || die "$out: trace-cmd convert failed"
		rm -f "$TMP/src.v6.dat" "$TMP/tiled.v6.dat"
	fi
	TRACES+=("$out")
}

TRACES=()
if [ $TILED -eq 1 ]; then
	tiled exits "$ROOT/traces/kvm-tiny.dat" 26
	tiled sched "$ROOT/traces/qemu-tcg-a.dat" 20
fi
for t in "$@"; do
	[ -r "$t" ] || die "$t: cannot read"
	TRACES+=("$t")
done
if [ ${#TRACES[@]} -eq 0 ]; then
	TRACE=$OUTDIR/trace.dat
	if [ $FORCE -eq 1 ] || [ ! -s "$TRACE" ]; then
		echo "bench.sh: capturing $TRACE (${DURATION}s, ${BUFFER_KB} KiB per CPU)..." >&2
		"$ROOT/traces/capture.sh" -o "$TRACE" -d "$DURATION" -b "$BUFFER_KB" -s 0 >&2
	fi
	TRACES+=("$TRACE")
fi

# --- measuring ----------------------------------------------------------------------------------

# run_one NAME CMD...: one timed run; appends "wall_us rss_kib cpu_us" to $TMP/NAME.
# Wall time from the monotonic ns clock (time's own is 10 ms coarse), RSS and user + system
# CPU time (of the whole process tree) from time(1).
run_one() {
	local name=$1 t0 t1
	shift
	t0=$(date +%s%N)
	if ! /usr/bin/time -f "%M %U %S" -o "$TMP/rss" "$@" >/dev/null 2>"$TMP/$name.err"; then
		return 1
	fi
	t1=$(date +%s%N)
	echo "$(((t1 - t0) / 1000)) $(tail -n1 "$TMP/rss" |
		awk '{ printf "%d %d", $1, ($2 + $3) * 1e6 }')" >>"$TMP/$name"
}

# ingest_one NAME ARGS...: run ioaware ingest into a fresh database, keep the db for checks
# ($BIN instead of $IOAWARE when set).
ingest_one() {
	local name=$1
	shift
	rm -f "$TMP/$name.db" "$TMP/$name.db-wal" "$TMP/$name.db-shm"
	run_one "$name" "${BIN:-$IOAWARE}" ingest --db "$TMP/$name.db" "$@"
}

# step NAME CMD...: one run unless NAME already failed; a failure records why in NAME.fail
step() {
	local name=$1
	shift
	[ ! -f "$TMP/$name.fail" ] || return 0
	if ! "$@"; then
		head -c 200 "$TMP/$name.err" | tr '\n' ' ' >"$TMP/$name.fail"
		rm -f "$TMP/$name"
	fi
}

# median NAME COLUMN (1 wall us, 3 cpu us); peak_kib NAME
median() {
	sort -n -k"$2,$2" "$TMP/$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}
peak_kib() {
	sort -n -k2,2 "$TMP/$1" | tail -n1 | awk '{ print $2 }'
}

# Events the database says it read, when sqlite3 is there: a fast ingest that drops events
# is not fast.
db_events() {
	if ! command -v sqlite3 >/dev/null || [ ! -f "$TMP/$1.db" ]; then
		echo -
		return
	fi
	sqlite3 "$TMP/$1.db" 'SELECT COALESCE(SUM(events), 0) FROM trace' 2>/dev/null || echo '?'
}

declare -A SECS CPUS
row() {
	local name=$1 label=$2 units=$3 count=$4 seen=$5 us
	if [ -f "$TMP/$name.fail" ] || [ ! -s "$TMP/$name" ]; then
		printf '%-34s %9s %9s %16s %9s  failed: %s\n' "$label" - - - - \
			"$(cat "$TMP/$name.fail" 2>/dev/null)"
		return
	fi
	us=$(median "$name" 1)
	SECS[$name]=$us
	CPUS[$name]=$(median "$name" 3)
	printf '%-34s %9.3f %9.3f %16s %9.1f  %s\n' "$label" \
		"$(awk -v u="$us" 'BEGIN { print u / 1e6 }')" \
		"$(awk -v u="${CPUS[$name]}" 'BEGIN { print u / 1e6 }')" \
		"$(awk -v c="$count" -v u="$us" -v n="$units" 'BEGIN { printf "%d %s", c / (u / 1e6), n }')" \
		"$(awk -v k="$(peak_kib "$name")" 'BEGIN { print k / 1024 }')" "$seen"
}

# ratio A B TEXT: how many times faster A is than B (B's time / A's time), wall and CPU
ratio() {
	if [ -n "${SECS[$1]:-}" ] && [ -n "${SECS[$2]:-}" ]; then
		printf '  %-44s %6.2fx wall %6.2fx cpu\n' "$3" \
			"$(awk -v a="${SECS[$1]}" -v b="${SECS[$2]}" 'BEGIN { print b / a }')" \
			"$(awk -v a="${CPUS[$1]}" -v b="${CPUS[$2]}" 'BEGIN { print b / a }')"
	else
		printf '  %-44s %7s\n' "$3" n/a
	fi
}

bench_trace() {
	local TRACE=$1 EVENTS LINES REPORT i n
	rm -f "$TMP"/{report,iterate,ingest,ingest1,base,raw,text}{,.fail,.err}
	SECS=()
	CPUS=()
	EVENTS=$("$OUTDIR/iterate" "$TRACE") || die "$TRACE: bench/iterate failed"
	[ "$EVENTS" -ge $MIN_EVENTS ] ||
		echo "bench.sh: warning: $TRACE has $EVENTS events (< $MIN_EVENTS)" >&2
	REPORT=$TMP/report.txt
	trace-cmd report "$TRACE" >"$REPORT" 2>/dev/null || die "$TRACE: trace-cmd report failed"
	LINES=$(wc -l <"$REPORT")
	if [ ! -x "$IOAWARE" ]; then
		for n in ingest ingest1 raw text; do
			echo "$IOAWARE: not built" >"$TMP/$n.fail"
		done
	fi
	echo "bench.sh: $REPS rounds on $TRACE ($EVENTS events)..." >&2
	for ((i = 0; i < REPS; i++)); do
		step report run_one report trace-cmd report "$TRACE"
		step iterate run_one iterate "$OUTDIR/iterate" "$TRACE"
		step ingest ingest_one ingest "$TRACE"
		step ingest1 ingest_one ingest1 --read-threads 1 "$TRACE"
		if [ -n "$IOAWARE_BASE" ]; then
			BIN=$IOAWARE_BASE step base ingest_one base "$TRACE"
		fi
		step raw ingest_one raw --raw "$TRACE"
		step text ingest_one text "$REPORT"
	done

	printf '\ntrace   %s\n' "$TRACE"
	printf 'size    %s bytes, %s events, %s report lines; %s rounds, medians\n' \
		"$(stat -c %s "$TRACE")" "$EVENTS" "$LINES" "$REPS"
	printf 'host    %s, %s CPUs, load %s, %s\n\n' "$(uname -r)" "$(nproc)" \
		"$(cut -d' ' -f1-3 /proc/loadavg)" "$(date -u +%Y-%m-%dT%H:%MZ)"
	printf '%-34s %9s %9s %16s %9s  %s\n' path 'wall s' 'cpu s' rate 'peak MiB' 'events in db'
	row report 'trace-cmd report > /dev/null' ev/s "$EVENTS" ''
	row iterate 'bench/iterate (libtracecmd floor)' ev/s "$EVENTS" ''
	row ingest 'ioaware ingest' ev/s "$EVENTS" "$(db_events ingest)"
	row ingest1 'ioaware ingest --read-threads 1' ev/s "$EVENTS" "$(db_events ingest1)"
	[ -z "$IOAWARE_BASE" ] || row base 'IOAWARE_BASE ingest' ev/s "$EVENTS" "$(db_events base)"
	row raw 'ioaware ingest --raw' ev/s "$EVENTS" "$(db_events raw)"
	row text 'ioaware ingest report.txt' lines/s "$LINES" "$(db_events text)"
	printf '\nspeed ratios (time of the second / time of the first; >1 = first is faster)\n'
	ratio ingest report 'ingest vs trace-cmd report'
	ratio ingest iterate 'ingest vs bare iteration'
	ratio ingest ingest1 'ingest vs ingest --read-threads 1'
	[ -z "$IOAWARE_BASE" ] || ratio ingest base 'ingest vs IOAWARE_BASE ingest'
	[ -z "$IOAWARE_BASE" ] || ratio base report 'IOAWARE_BASE ingest vs trace-cmd report'
	ratio raw report 'ingest --raw vs trace-cmd report'
	ratio text report 'text ingest vs trace-cmd report'
	ratio iterate report 'bare iteration vs trace-cmd report'
	rm -f "$REPORT" "$TMP"/*.db*
}

for t in "${TRACES[@]}"; do
	bench_trace "$t"
done
