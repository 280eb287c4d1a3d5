#!/bin/sh
# End-to-end speed of `ioaware run` on a trace with >= 100,000 vCPU segments.
#   bench/run_bench.sh [-r ROUNDS] [COPIES]   (default 1 round, 7 copies of traces/qemu-tcg-a.dat,
#                                             ~115 k segments; 62 copies give 1 M segments)
# The trace is real: `trace-cmd report -t` of traces/qemu-tcg-a.dat repeated COPIES times, each
# copy shifted in time after the previous one (so the tiled trace is one long recording of the
# same guest), written to bench/out/run-tiled.txt. Prints the time of each stage (from run's
# own output), the whole wall time, CPU time and peak RSS. On a loaded machine the CPU time is
# the steadier figure: a stage waits for the CPU (and the disk) as long as others hold them.
# With IOAWARE_BASE=another ioaware, each round runs both builds one after the other, and the
# medians over the rounds are printed per stage for both, with their ratio (base / this): the
# side-by-side comparison a shared machine needs.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
ioa=${IOAWARE:-$top/build/ioaware}
base=${IOAWARE_BASE:-}
rounds=1
if [ "${1:-}" = -r ]; then
	rounds=$2
	shift 2
fi
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
echo "trace: $txt ($(wc -l <"$txt") lines, $copies copies of $src)"
log=$out/run-bench.log
: >"$log"
# one run of build $2 (label $1): its stage lines and the whole run's wall, CPU, RSS, tagged
one() {
	rm -f "$out/run-tiled.db" "$out/run-tiled.pdf"
	echo "== $1 $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)"
	/usr/bin/time -f "total %e %U %S %M" "$2" run --db "$out/run-tiled.db" \
		-o "$out/run-tiled.pdf" --time-limit 20 "$txt" 2>&1 |
		grep -E 'done in|^total' | sed "s/^/$1 /"
}
r=1
while [ "$r" -le "$rounds" ]; do
	one this "$ioa" | tee -a "$log"
	[ -z "$base" ] || one base "$base" | tee -a "$log"
	r=$((r + 1))
done
echo "vCPU segments: $(sqlite3 "$out/run-tiled.db" "SELECT COUNT(*) FROM vcpu_segments")"
# medians per build and stage: wall s, CPU s; the whole run also peak RSS MiB
awk '
	function med(k,   n, i, j, t, a) {
		n = cnt[k]
		for (i = 1; i <= n; i++) a[i] = v[k, i]
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	function add(k, x) { v[k, ++cnt[k]] = x }
	$2 == "total" { add($1 " run wall", $3); add($1 " run cpu", $4 + $5); add($1 " run rss", $6 / 1024); next }
	$3 == "done" { add($1 " " $2 " wall", $5); add($1 " " $2 " cpu", $8) }
	END {
		split("ingest classify optimize simulate plan report run", st, " ")
		printf "%-9s %12s %12s", "median", "wall s", "CPU s"
		if (cnt["base run wall"]) printf " %12s %12s %10s", "base wall", "base CPU", "base/this"
		printf "\n"
		for (i = 1; i <= 7; i++) {
			s = st[i]
			if (!cnt["this " s " wall"]) continue
			printf "%-9s %12.2f %12.2f", s, med("this " s " wall"), med("this " s " cpu")
			if (cnt["base " s " wall"])
				printf " %12.2f %12.2f %9.2fx", med("base " s " wall"), med("base " s " cpu"),
				       med("base " s " wall") / med("this " s " wall")
			printf "\n"
		}
		printf "peak RSS  %12.1f MiB", med("this run rss")
		if (cnt["base run rss"]) printf "   base %.1f MiB", med("base run rss")
		printf "   (%d rounds)\n", cnt["this run wall"]
	}' "$log"
