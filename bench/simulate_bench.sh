#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# simulate_bench.sh: how long does `ioaware simulate` take on a 100,000-task schedule?
# Bar: simulating it (the discrete-event run itself) in under 2 s.
#
# Writes a synthetic scenario of N tasks (16 VMs x 4 vCPUs on 16 pCPUs, seed 1), builds its
# baseline schedule (shortest run queue) through the optimizer API, then runs
# `ioaware simulate -v` REPS times with each model and reports the median time of the
# simulation proper (logged by -v) and of the whole command (load, simulate, store the
# metrics and the utilisation series).
#
# Usage: bench/simulate_bench.sh [-n TASKS] [-r REPS]
# Env:   IOAWARE=path/to/ioaware (default build/ioaware)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
IOAWARE=${IOAWARE:-$ROOT/build/ioaware}
N=100000
REPS=5
while getopts "n:r:h" o; do
	case $o in
	n) N=$OPTARG ;;
	r) REPS=$OPTARG ;;
	*) sed -n '3,14p' "$0"; exit 2 ;;
	esac
done
[ -x "$IOAWARE" ] || { echo "no $IOAWARE (set IOAWARE=)" >&2; exit 3; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
DB=$TMP/bench.db

"$IOAWARE" synth --db "$DB" --tasks "$N" --vms 16 --vcpus 4 --pcpus 16 --seed 1 >/dev/null
"$IOAWARE" simulate --db "$DB" --compute --kinds baseline >/dev/null

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf "%-7s %8s %14s %14s\n" model tasks simulate_s command_s
for model in share block none; do
	: >"$TMP/sim" && : >"$TMP/cmd"
	for _ in $(seq "$REPS"); do
		t0=$(date +%s.%N)
		"$IOAWARE" simulate --db "$DB" --model $model -v 2>"$TMP/err" >/dev/null
		t1=$(date +%s.%N)
		sed -n 's/.*simulated in \([0-9.]*\) s/\1/p' "$TMP/err" >>"$TMP/sim"
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >>"$TMP/cmd"
	done
	printf "%-7s %8d %14s %14s\n" $model "$N" "$(median <"$TMP/sim")" "$(median <"$TMP/cmd")"
done
