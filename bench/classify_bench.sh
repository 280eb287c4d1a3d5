#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# classify_bench.sh: time `ioaware classify` on a database of >= N vCPU segments (default 1 M).
#
# The database is a real capture tiled in time: SOURCE (default traces/qemu-tcg-a.dat, a QEMU
# TCG guest with 2 vCPUs, ~16 k vCPU segments, ~54 k segments, ~33 k I/O rows) is ingested once,
# then its segment, kvm_exit and io rows are copied K times, each copy shifted by the trace's
# span, until the vCPU segments reach N. Every copy keeps the capture's wake-up graph, helper
# threads and I/O pattern, so classify does the same work per segment as on the real trace.
# The database is built once in bench/out/ (git-ignored) and reused; -f rebuilds it.
#
# Usage: bench/classify_bench.sh [-n SEGMENTS] [-r RUNS] [-f] [SOURCE.dat]
#        IOAWARE=build/ioaware (default) selects the binary.
# Prints: vCPU segments, exits and I/O rows in the database, then per run the wall time of
# classify, segments/s and peak RSS; the median last.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
IOAWARE=${IOAWARE:-$ROOT/build/ioaware}
N=1000000
RUNS=3
FORCE=0
while getopts "n:r:fh" o; do
	case $o in
	n) N=$OPTARG ;;
	r) RUNS=$OPTARG ;;
	f) FORCE=1 ;;
	*) sed -n '3,17p' "$0"; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
SOURCE=${1:-$ROOT/traces/qemu-tcg-a.dat}
DB=$HERE/out/classify-$(basename "$SOURCE" .dat)-$N.db

command -v sqlite3 >/dev/null || { echo "classify_bench.sh: needs the sqlite3 CLI" >&2; exit 3; }
[ -x "$IOAWARE" ] || { echo "classify_bench.sh: no binary $IOAWARE (set IOAWARE)" >&2; exit 3; }
mkdir -p "$HERE/out"

build_db() {
	rm -f "$DB" "$DB-wal" "$DB-shm"
	"$IOAWARE" ingest -q --db "$DB" "$SOURCE"
	local per span k
	per=$(sqlite3 "$DB" "SELECT COUNT(*) FROM vcpu_segments")
	span=$(sqlite3 "$DB" "SELECT last_ns - first_ns + 1000000 FROM trace WHERE trace_id = 1")
	k=$(((N + per - 1) / per))
	echo "tiling $SOURCE: $per vCPU segments per copy, $k copies, span $span ns" >&2
	sqlite3 "$DB" <<EOF
PRAGMA journal_mode = WAL;
BEGIN;
CREATE TEMP TABLE k AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r
	WHERE i < $k - 1) SELECT i FROM r;
INSERT INTO segment (trace_id, tid, cpu, start_ns, end_ns, end_state, wake_ns, waker_tid,
	waker_cpu, guest_ns, exit_ns, n_exits, partial)
	SELECT trace_id, tid, cpu, start_ns + i * $span, end_ns + i * $span, end_state,
	wake_ns + i * $span, waker_tid, waker_cpu, guest_ns, exit_ns, n_exits, partial
	FROM segment, k WHERE trace_id = 1 ORDER BY i, segment_id;
INSERT INTO kvm_exit SELECT trace_id, tid, cpu, vcpu, ts_ns + i * $span, dur_ns, source, isa,
	reason, reason_name, port, gpa, rw, size, category
	FROM kvm_exit, k WHERE trace_id = 1 ORDER BY i, kvm_exit.rowid;
INSERT INTO io SELECT trace_id, kind, tid, cpu, ts_ns + i * $span, end_ns + i * $span, dev,
	num, sector, bytes, rwbs, complete_tid FROM io, k WHERE trace_id = 1 ORDER BY i, io.rowid;
UPDATE trace SET last_ns = last_ns + ($k - 1) * $span WHERE trace_id = 1;
-- the copies belong to trace 1: widen its row ranges (readers scan only those)
UPDATE trace_rows SET hi = (SELECT MAX(segment_id) FROM segment) WHERE trace_id = 1
	AND tbl = 'segment';
UPDATE trace_rows SET hi = (SELECT MAX(rowid) FROM kvm_exit) WHERE trace_id = 1
	AND tbl = 'kvm_exit' AND hi >= lo;
UPDATE trace_rows SET hi = (SELECT MAX(rowid) FROM io) WHERE trace_id = 1 AND tbl = 'io'
	AND hi >= lo;
COMMIT;
EOF
}

[ "$FORCE" = 1 ] || [ ! -f "$DB" ] && build_db
echo "database: $DB"
sqlite3 "$DB" "SELECT (SELECT COUNT(*) FROM vcpu_segments) || ' vCPU segments, ' ||
	(SELECT COUNT(*) FROM segment) || ' segments, ' || (SELECT COUNT(*) FROM kvm_exit) ||
	' exits, ' || (SELECT COUNT(*) FROM io) || ' I/O rows'"
segs=$(sqlite3 "$DB" "SELECT COUNT(*) FROM vcpu_segments")
times=()
for ((r = 1; r <= RUNS; r++)); do
	t0=$(date +%s.%N)
	if [ -x /usr/bin/time ]; then
		rss=$(/usr/bin/time -f %M "$IOAWARE" classify -q --db "$DB" 2>&1 >/dev/null | tail -1)
	else
		"$IOAWARE" classify -q --db "$DB" >/dev/null
		rss=-
	fi
	t1=$(date +%s.%N)
	t=$(echo "$t1 - $t0" | bc -l)
	times+=("$t")
	printf 'run %d: %.2f s, %.0f segments/s, peak RSS %s KiB\n' "$r" "$t" \
		"$(echo "$segs / $t" | bc -l)" "$rss"
done
med=$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(((RUNS + 1) / 2))p")
printf 'median: %.2f s for %d vCPU segments (%.0f segments/s)\n' "$med" "$segs" \
	"$(echo "$segs / $med" | bc -l)"
