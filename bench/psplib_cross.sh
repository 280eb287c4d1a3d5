#!/bin/bash
# The exact searches' claims checked against each other, on instances without known optima
# (bench/rcpsp_gen.py makes some).
#   bench/psplib_cross.sh [-t SECONDS] [-b BUILD/ioaware] DIR
# Runs `ioaware optimize --psplib` on every DIR/*.sm with --exact dfs, lcg and auto (the
# default: both searches side by side, then the ILP). A claim is wrong when a proven bound is
# above a makespan that another run found, or a run says "optimal" for a makespan another run
# beat. Prints per instance each run's makespan, bound and wall time, then per run the proven
# count and total wall time. Exit 1 when any claim is wrong.
set -u
limit=10
ioa=$(dirname "$0")/../build/ioaware
while getopts "t:b:" o; do
	case $o in
	t) limit=$OPTARG ;;
	b) ioa=$OPTARG ;;
	*) echo "usage: $0 [-t S] [-b IOAWARE] DIR" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
dir=${1:?usage: $0 [-t S] [-b IOAWARE] DIR}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for f in "$dir"/*.sm; do
	line=$(basename "$f")
	for e in dfs lcg auto; do
		j=$("$ioa" optimize --psplib "$f" --time-limit "$limit" --exact $e --json -q) ||
			{ echo "FAIL $e $f" >&2; exit 1; }
		line="$line|$e $j"
	done
	echo "$line" >>"$out"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '
function num(s, key,   m) { if (match(s, "\"" key "\": \"?[-0-9.a-z_]+")) { m = substr(s, RSTART, RLENGTH); sub(/.*: "?/, "", m); return m } return "" }
BEGIN { FS = "|" }
{
	lo = -1; hi = -1; row = sprintf("%-14s", $1)
	for (i = 2; i <= NF; i++) {
		split($i, w, " "); e = w[1]
		ms[i] = num($i, "makespan") + 0; bd[i] = num($i, "lower_bound") + 0; st[i] = num($i, "status")
		sec = num($i, "seconds") + 0; time[e] += sec
		if (lo < 0 || bd[i] > lo) lo = bd[i]
		if (hi < 0 || ms[i] < hi) hi = ms[i]
		if (st[i] == "optimal") proven[e]++
		row = row sprintf("  %s %4d..%-4d %6.2f s%s", e, bd[i], ms[i], sec, st[i] == "optimal" ? " *" : "  ")
	}
	bad = lo > hi
	for (i = 2; i <= NF; i++) if (st[i] == "optimal" && (ms[i] != hi || bd[i] != ms[i])) bad = 1
	if (bad) { wrong++; row = row "  WRONG CLAIM" }
	print row; n++
}
END {
	printf "\ninstances %d, wrong claims %d\n", n, wrong
	for (e in time) printf "%-5s proven %2d / %d, %.1f s wall in all\n", e, proven[e], n, time[e]
	exit wrong > 0
}' "$out"
