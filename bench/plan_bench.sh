#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# plan_bench.sh: how long does `ioaware plan` take over P = 1..16 on a 100,000-task scenario?
# Bar: under 30 s for the whole plan (3 policies x 16 pCPU counts, each scheduled and
# simulated; the optimum within --time-limit per P).
#
# Writes a synthetic scenario of N tasks (16 VMs x 4 vCPUs, seed 1), then runs
# `ioaware plan --pcpus 1-16 --time-limit T` REPS times and reports the median wall and CPU
# (user + sys) times and the load average at the end.
#
# Usage: bench/plan_bench.sh [-n TASKS] [-t SECONDS] [-r REPS]
# Env:   IOAWARE=path/to/ioaware (default build/ioaware)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
IOAWARE=${IOAWARE:-$ROOT/build/ioaware}
N=100000
TL=0.5
REPS=3
while getopts "n:t:r:h" o; do
	case $o in
	n) N=$OPTARG ;;
	t) TL=$OPTARG ;;
	r) REPS=$OPTARG ;;
	*) sed -n '3,13p' "$0"; exit 2 ;;
	esac
done
[ -x "$IOAWARE" ] || { echo "no $IOAWARE (set IOAWARE=)" >&2; exit 3; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
DB=$TMP/bench.db

"$IOAWARE" synth --db "$DB" --tasks "$N" --vms 16 --vcpus 4 --pcpus 16 --seed 1 >/dev/null

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: >"$TMP/wall"
: >"$TMP/cpu"
for _ in $(seq "$REPS"); do
	# wall and CPU (user + sys): on a shared machine the wall time is mostly the others' load
	/usr/bin/time -f "%e %U %S" -o "$TMP/time" \
		"$IOAWARE" plan --db "$DB" --pcpus 1-16 --time-limit "$TL" --json >"$TMP/plan.json"
	awk '{ print $1 }' "$TMP/time" >>"$TMP/wall"
	awk '{ printf "%.2f\n", $2 + $3 }' "$TMP/time" >>"$TMP/cpu"
done
printf "%8s %6s %10s %14s %14s  %s\n" tasks P time_limit median_wall_s median_cpu_s load
printf "%8d %6s %10s %14s %14s  %s\n" "$N" 1-16 "$TL" "$(median <"$TMP/wall")" \
	"$(median <"$TMP/cpu")" "$(cut -d' ' -f1-3 /proc/loadavg)"
sed -n 's/.*"sentence": \("[^"]*"\).*/\1/p' "$TMP/plan.json"
