#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# phase-tune.sh: choose the phase labelling's parameters on some captures (tools/phase-eval.sh
# bars), so that they can be reported on others.
#
# For every --phase-rate in RATES, --kick-weight in KICKS, --phase-switch in SWITCHES,
# --phase-min-ms in MINS and --phase-cost in COSTS it runs phase-eval.sh over the captures
# and keeps the number of bars missed and the worst margin over all their bars (percentage points above a >= 90 % bar, below a < 10 % one; negative = a bar
# missed). A default cost C is scored at C / 2, C and 2 C together (the bars must hold at half
# and twice the main parameter): fewest bars missed, then the best worst margin, then the
# first in grid order; the best combination with its C is printed last, as classify options.
#
# Usage: tools/phase-tune.sh [-b IOAWARE] [-w DIR] [-r 'RATES'] [-k 'KICKS'] [-s 'SWITCHES']
#                            [-m 'MINS'] [-c 'COSTS'] CAPTURE.dat...
#   defaults: RATES '25 50', KICKS '4', SWITCHES '2 4', MINS '0 50 100 200',
#   COSTS '1.5 3 6 12 24'
# Output: one line per combination: bars missed, the worst margin and the row that gave it;
# then "best: --phase-rate R --kick-weight K --phase-switch S --phase-min-ms M --phase-cost C
# (at C/2, C, 2C: N bars missed, worst margin W)".
# Exit: 0, 2 usage, 3 a capture could not be evaluated.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
IOA=$HERE/../build/ioaware
WORK=
RATES="25 50"
KICKS="4"
SWITCHES="2 4"
MINS="0 50 100 200"
COSTS="1.5 3 6 12 24"

usage() {
	sed -n '3,21p' "$0" | sed 's/^# \{0,1\}//'
}

while getopts "b:w:r:k:s:m:c:h" opt; do
	case $opt in
	b) IOA=$OPTARG ;;
	w) WORK=$OPTARG ;;
	r) RATES=$OPTARG ;;
	k) KICKS=$OPTARG ;;
	s) SWITCHES=$OPTARG ;;
	m) MINS=$OPTARG ;;
	c) COSTS=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { usage >&2; exit 2; }
if [ -z "$WORK" ]; then
	WORK=$(mktemp -d /tmp/phase-tune.XXXXXX)
	trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"

# worst OPTS CAPTURE...: "MISSED MARGIN ROW": bars missed, the lowest margin and its row
worst() {
	local opts=$1 rc=0
	shift
	"$HERE/phase-eval.sh" -b "$IOA" -w "$WORK" -k -o "$opts" "$@" >"$WORK/eval.tsv" || rc=$?
	[ $rc -le 1 ] || exit 3
	awk -F '\t' 'NR > 1 && $10 != "-" {
		if ($10 == "STORAGE>=90") m = $6 - 90
		else if ($10 == "ETHERNET>=90") m = $7 - 90
		else m = 10 - ($6 > $7 ? $6 : $7)
		if (m < 0) f++
		if (w == "" || m < w) { w = m; row = $1 "/" $2 "/vcpu " $4 " " $10 " " $6 "/" $7 }
	} END { printf "%d %.1f %s\n", f, w, row }' "$WORK/eval.tsv"
}

# every combination of the parameters other than the cost, as classify options
COMBOS=()
for rate in $RATES; do
	for kick in $KICKS; do
		for sw in $SWITCHES; do
			for min in $MINS; do
				COMBOS+=("--phase-rate $rate --kick-weight $kick --phase-switch $sw --phase-min-ms $min")
			done
		done
	done
done

declare -A W
for combo in "${COMBOS[@]}"; do
	for cost in $COSTS; do
		opts="$combo --phase-cost $cost"
		r=$(worst "$opts" "$@")
		W[$combo/$cost]=$(echo "$r" | cut -d' ' -f1,2)
		echo "$opts: $(echo "$r" | cut -d' ' -f1) missed, worst margin ${r#* }"
	done
done

best=
for combo in "${COMBOS[@]}"; do
	for cost in $COSTS; do
		lo=$(awk -v c="$cost" 'BEGIN { print c / 2 }')
		hi=$(awk -v c="$cost" 'BEGIN { print c * 2 }')
		[ -n "${W[$combo/$lo]:-}" ] && [ -n "${W[$combo/$hi]:-}" ] || continue
		# "MISSED MARGIN" over the three: missed summed, margin the lowest
		m=$(printf '%s\n' "${W[$combo/$lo]}" "${W[$combo/$cost]}" "${W[$combo/$hi]}" |
			awk '{ f += $1; if (NR == 1 || $2 < w) w = $2 } END { print f, w }')
		if [ -z "$best" ] || awk -v a="$m" -v b="$best" 'BEGIN { split(a, x, " ")
			split(b, y, " "); exit !(x[1] < y[1] || (x[1] == y[1] && x[2] > y[2])) }'
		then
			best="$m $combo --phase-cost $cost"
		fi
	done
done
[ -n "$best" ] || { echo "phase-tune.sh: no cost C with C/2 and 2C in '$COSTS'" >&2; exit 2; }
set -- $best
echo "best: ${*:3} (at C/2, C, 2C: $1 bars missed, worst margin $2)"
