#!/bin/sh
# End-to-end speed of `ioaware run` on a trace with >= 100,000 vCPU segments.
#   bench/run_bench.sh [COPIES]      (default 7 copies of traces/qemu-tcg-a.dat, ~115 k segments)
# The trace is real: `trace-cmd report -t` of traces/qemu-tcg-a.dat repeated COPIES times, each
# copy shifted in time after the previous one (so the tiled trace is one long recording of the
# same guest), written to bench/out/run-tiled.txt. Prints the time of each stage (from run's
# own output), the whole wall time, CPU time and peak RSS. On a loaded machine the CPU time is
# the steadier figure: a stage waits for the CPU (and the disk) as long as others hold them.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
ioa=${IOAWARE:-$top/build/ioaware}
copies=${1:-7}
out=$top/bench/out
mkdir -p "$out"
src=$top/traces/qemu-tcg-a.dat
txt=$out/run-tiled.txt
if [ ! -s "$txt" ] || [ "$(head -1 "$txt.copies" 2>/dev/null)" != "$copies" ]; then
	trace-cmd report -t "$src" 2>/dev/null >"$out/one.txt"
	# ns timestamps: "  1234.567890123:"; shift copy k by k * (span + 1 s)
	awk -v copies="$copies" '
		NR == FNR { lines[NR] = $0; n = NR; next }
		END {
			first = last = -1
			for (i = 1; i <= n; i++) if (match(lines[i], /[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:/)) {
				t = substr(lines[i], RSTART, RLENGTH - 1) + 0
				if (first < 0) first = t; last = t
			}
			span = last - first + 1
			print lines[1]
			for (k = 0; k < copies; k++)
				for (i = 2; i <= n; i++) {
					l = lines[i]
					if (match(l, /[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]:/)) {
						t = substr(l, RSTART, RLENGTH - 1) + k * span
						l = substr(l, 1, RSTART - 1) sprintf("%.9f:", t) \
						    substr(l, RSTART + RLENGTH)
					}
					print l
				}
		}' "$out/one.txt" /dev/null >"$txt"
	echo "$copies" >"$txt.copies"
fi
rm -f "$out/run-tiled.db" "$out/run-tiled.pdf"
echo "trace: $txt ($(wc -l <"$txt") lines, $copies copies of $src)"
/usr/bin/time -f "wall %e s, CPU %U s user + %S s system, peak RSS %M KiB" "$ioa" run --db "$out/run-tiled.db" \
	-o "$out/run-tiled.pdf" --time-limit 20 "$txt"
echo "vCPU segments: $(sqlite3 "$out/run-tiled.db" "SELECT COUNT(*) FROM vcpu_segments")"
