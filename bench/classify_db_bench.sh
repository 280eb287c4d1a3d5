#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# classify_db_bench.sh: does classifying one trace cost more when the database holds others?
#
# TARGET (default traces/kvm-tiny.dat tiled COPIES times in time by bench/tile_dat.py, an
# exit-heavy KVM capture) is classified (a) in a database holding it alone and (b) in one
# holding TEN other traces first (the same capture tiled and shifted, so distinct files of the
# same size and kind), then it. Both databases are built once per run in bench/out/. Each
# classify runs RUNS times, alternating (a) and (b); the medians of wall time and of CPU time
# (user + system, less sensitive to other load on a shared machine) and their ratios are
# printed (the bar: b / a <= 1.2).
#
# Usage: bench/classify_db_bench.sh [-c COPIES] [-o OTHERS] [-r RUNS]
#        IOAWARE=build/ioaware (default) selects the binary.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
IOAWARE=${IOAWARE:-$ROOT/build/ioaware}
COPIES=4
OTHERS=10
RUNS=5
while getopts "c:o:r:h" o; do
	case $o in
	c) COPIES=$OPTARG ;;
	o) OTHERS=$OPTARG ;;
	r) RUNS=$OPTARG ;;
	*) sed -n '3,15p' "$0"; exit 2 ;;
	esac
done
command -v trace-cmd >/dev/null || { echo "classify_db_bench.sh: needs trace-cmd" >&2; exit 3; }
[ -x "$IOAWARE" ] || { echo "classify_db_bench.sh: no binary $IOAWARE" >&2; exit 3; }
OUT=$HERE/out/classify-db-$(echo "$IOAWARE" | md5sum | cut -c1-8)-$COPIES-$OTHERS
if [ "${KEEP:-0}" = 1 ] && [ -f "$OUT/many.db" ]; then
	skip_build=1
else
	skip_build=0
	rm -rf "$OUT"
	mkdir -p "$OUT"
fi

[ $skip_build = 1 ] || {
trace-cmd convert --file-version 6 --compression none -i "$ROOT/traces/kvm-tiny.dat" \
	-o "$OUT/src.v6.dat" >/dev/null 2>&1
python3 "$HERE/tile_dat.py" "$OUT/src.v6.dat" "$OUT/target.dat" "$COPIES" 2>/dev/null
for ((k = 1; k <= OTHERS; k++)); do
	python3 "$HERE/tile_dat.py" "$OUT/src.v6.dat" "$OUT/other$k.dat" "$COPIES" \
		"$((k * 100000))000000000" 2>/dev/null
done
"$IOAWARE" ingest -q --db "$OUT/alone.db" "$OUT/target.dat"
for ((k = 1; k <= OTHERS; k++)); do
	"$IOAWARE" ingest -q --db "$OUT/many.db" "$OUT/other$k.dat"
done
"$IOAWARE" ingest -q --db "$OUT/many.db" "$OUT/target.dat"
}
id=$(sqlite3 "$OUT/many.db" "SELECT MAX(trace_id) FROM trace")
echo "target: $(sqlite3 "$OUT/alone.db" "SELECT SUM(events) FROM trace") events," \
	"$(sqlite3 "$OUT/alone.db" "SELECT COUNT(*) FROM segment") segments," \
	"$(sqlite3 "$OUT/alone.db" "SELECT COUNT(*) FROM kvm_exit") exits;" \
	"the other database: $(sqlite3 "$OUT/many.db" "SELECT COUNT(*) FROM trace") traces," \
	"$(sqlite3 "$OUT/many.db" "SELECT COUNT(*) FROM kvm_exit") exits"

# one timed classify; prints "wall cpu" in seconds
timed() {
	local t0 t1 cpu
	t0=$(date +%s%N)
	cpu=$(/usr/bin/time -f "%U %S" "$IOAWARE" classify -q --db "$1" --trace "$2" 2>&1 \
		>/dev/null | tail -1)
	t1=$(date +%s%N)
	echo "scale=3; ($t1 - $t0) / 1000000000" | bc | tr '\n' ' '
	echo "$cpu" | awk '{ printf "%.2f\n", $1 + $2 }'
}

median() {
	sort -g | sed -n "$(((RUNS + 1) / 2))p"
}

: >"$OUT/a.txt"
: >"$OUT/b.txt"
for ((r = 1; r <= RUNS; r++)); do
	timed "$OUT/alone.db" 1 >>"$OUT/a.txt"
	timed "$OUT/many.db" "$id" >>"$OUT/b.txt"
	echo "run $r: alone $(tail -1 "$OUT/a.txt") s, with $OTHERS others" \
		"$(tail -1 "$OUT/b.txt") s (wall cpu)"
done
for col in 1 2; do
	ma=$(cut -d' ' -f$col "$OUT/a.txt" | median)
	mb=$(cut -d' ' -f$col "$OUT/b.txt" | median)
	printf 'median %s: alone %.3f s, with %d others %.3f s, ratio %.2f\n' \
		"$([ $col = 1 ] && echo wall || echo cpu)" "$ma" "$OTHERS" "$mb" \
		"$(echo "$mb / $ma" | bc -l)"
done
