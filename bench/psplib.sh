#!/bin/bash
# PSPLIB benchmark of the optimizer core.
#   bench/psplib.sh [-t SECONDS] [-b BUILD/ioaware] [-l] [-e auto|bnb|ilp] DIR
# Runs `ioaware optimize --psplib` on every DIR/*.sm with a per-instance time limit, then again
# with --no-ilp (heuristic and bounds alone), and compares with DIR/optima.csv
# (instance,optimum) or DIR/bounds.csv (instance,upper_bound,lower_bound,proven_optimal).
# Prints per instance the claim, wall and CPU time (user + system) and search nodes, then the
# load average before and after, proven optimal count, mean deviation from the optimum (or the
# best known upper bound), wrong claims (makespan below the optimum or the known lower bound, a
# bound above the optimum or the known upper bound, "optimal" when not equal), heuristic-alone
# deviation and time, median solve time. Exit 1 when any claim is wrong. -l: force the
# large-neighbourhood search instead of the monolithic ILP (optimize --lns); -e: the exact
# stage (optimize --exact).
set -u
limit=5
ioa=$(dirname "$0")/../build/ioaware
lns=
exact=auto
while getopts "t:b:le:" o; do
	case $o in
	t) limit=$OPTARG ;;
	b) ioa=$OPTARG ;;
	l) lns=--lns ;;
	e) exact=$OPTARG ;;
	*) echo "usage: $0 [-t S] [-b IOAWARE] [-l] [-e E] DIR" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
dir=${1:?usage: $0 [-t S] [-b IOAWARE] DIR}
ref=$dir/optima.csv
[ -f "$ref" ] || ref=$dir/bounds.csv
out=$(mktemp)
one=$(mktemp)
trap 'rm -f "$out" "$one"' EXIT
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
TIMEFORMAT='%3U %3S'
for f in "$dir"/*.sm; do
	cpu=$( { time "$ioa" optimize --psplib "$f" --time-limit "$limit" $lns --exact "$exact" --json -q >"$one"; } 2>&1) ||
		{ echo "FAIL $f" >&2; exit 1; }
	full=$(cat "$one")
	heur=$("$ioa" optimize --psplib "$f" --no-ilp --json -q) || { echo "FAIL $f" >&2; exit 1; }
	echo "$full|$heur|$(echo "$cpu" | tail -1 | awk '{ print $1 + $2 }')" >>"$out"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

awk -v ref="$ref" '
function num(s, key,   m) { if (match(s, "\"" key "\": \"?[-0-9.a-z_]+")) { m = substr(s, RSTART, RLENGTH); sub(/.*: "?/, "", m); return m } return "" }
BEGIN { FS = ","; while ((getline line < ref) > 0) { split(line, a, ","); if (a[1] == "instance") continue;
	ub[a[1]] = a[2]; lb[a[1]] = (a[3] == "" ? a[2] : a[3]); } FS = "|" }
{
	name = num($1, "instance"); ms = num($1, "makespan") + 0; bd = num($1, "lower_bound") + 0; st = num($1, "status")
	sec = num($1, "seconds") + 0; hms = num($2, "makespan") + 0; hsec = num($2, "heuristic_seconds") + 0
	n++; u = ub[name] + 0; l = lb[name] + 0
	if (!(name in ub)) { print "no reference for " name; next }
	dev += (ms - u) / u; hdev += (hms - u) / u; htime += hsec; if (hsec > hmax) hmax = hsec
	if (st == "optimal") proven++
	wrong = (ms < l) || (bd > u) || (st == "optimal" && (ms != bd || ms > u))
	if (wrong) { bad++; print "WRONG CLAIM: " name " makespan " ms " bound " bd " status " st " reference " l ".." u }
	if (ms == u) hit++
	if (bd == l) bhit++
	times[n] = sec
	nodes = num($1, "bnb_nodes") + 0; cpu = $3 + 0; tcpu += cpu
	printf "%-12s ref %4s..%-4s  makespan %4d bound %4d %-10s %6.2f s (CPU %5.2f s, %8d nodes)  heuristic %4d %.4f s\n", name, l, u, ms, bd, st, sec, cpu, nodes, hms, hsec
}
END {
	for (i = 2; i <= n; i++) { v = times[i]; for (k = i - 1; k >= 1 && times[k] > v; k--) times[k + 1] = times[k]; times[k + 1] = v }
	med = n % 2 ? times[(n + 1) / 2] : (times[n / 2] + times[n / 2 + 1]) / 2
	printf "\ninstances %d, proven optimal %d (%.1f %%), makespan = reference %d, bound = reference lower bound %d\n", n, proven, 100 * proven / n, hit, bhit
	printf "mean deviation from reference %.3f %%, wrong claims %d, median solve %.3f s, CPU %.2f s in all\n", 100 * dev / n, bad, med, tcpu
	printf "heuristic alone: mean deviation %.3f %%, mean %.4f s, max %.4f s per instance\n", 100 * hdev / n, htime / n, hmax
	exit bad > 0
}' "$out"
