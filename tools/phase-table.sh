#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# phase-table.sh: the held-out table of the phase labels (README.md), from tools/phase-eval.sh.
#
# The captures come in two halves, A and B (separated by --). OPTS_A are the classify options
# tuned on half A, OPTS_B those tuned on half B (tools/phase-tune.sh); each must name its
# --phase-cost C (or the option -p names, e.g. -p phase-min-ms: the parameter to scale).
# Every capture is evaluated with both at C/2, C and 2C, and one Markdown row per phase (per
# vCPU for the mixed phase) gives the share its bar is about, at the three values, for both
# tunings (✗ = bar missed). Then one line per tuning: bars missed on each half
# at C/2, C, 2C (the half it was tuned on, and the held-out one).
#
# Usage: tools/phase-table.sh [-b IOAWARE] [-w DIR] [-p PARAM] -a 'OPTS_A' -o 'OPTS_B'
#                             A.dat... -- B.dat...
# Exit: 0, 2 usage, 3 a capture could not be evaluated.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
IOA=$HERE/../build/ioaware
WORK=
OA=
OB=
PARAM=phase-cost

usage() {
	sed -n '3,16p' "$0" | sed 's/^# \{0,1\}//'
}

while getopts "b:w:a:o:p:h" opt; do
	case $opt in
	b) IOA=$OPTARG ;;
	w) WORK=$OPTARG ;;
	a) OA=$OPTARG ;;
	o) OB=$OPTARG ;;
	p) PARAM=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
HA=()
HB=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	HA+=("$1")
	shift
done
[ $# -gt 0 ] && shift
HB=("$@")
[ ${#HA[@]} -ge 1 ] && [ ${#HB[@]} -ge 1 ] && [ -n "$OA" ] && [ -n "$OB" ] ||
	{ usage >&2; exit 2; }
if [ -z "$WORK" ]; then
	WORK=$(mktemp -d /tmp/phase-table.XXXXXX)
	trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"

# param_of OPTS: the value of its --PARAM
param_of() {
	local c
	c=$(echo "$1" | sed -n "s/.*--$PARAM \([0-9.][0-9.]*\).*/\1/p")
	[ -n "$c" ] || { echo "phase-table.sh: '$1': no --$PARAM" >&2; exit 2; }
	echo "$c"
}

# run TAG OPTS: eval TSVs TAG.1 TAG.2 TAG.3 at C/2, C, 2C over both halves
run() {
	local c i=0 f rc
	c=$(param_of "$2")
	for f in 0.5 1 2; do
		i=$((i + 1))
		rc=0
		"$HERE/phase-eval.sh" -b "$IOA" -w "$WORK" -k \
			-o "$(echo "$2" | sed "s/--$PARAM [0-9.]*/--$PARAM $(awk -v c="$c" \
				-v f=$f 'BEGIN { print c * f }')/")" "${HA[@]}" "${HB[@]}" \
			>"$WORK/$1.$i" || rc=$?
		[ $rc -le 1 ] || exit 3
	done
}
run A "$OA"
run B "$OB"

half() {
	local n
	for n in "${HA[@]}"; do
		[ "$(basename "$n" .dat)" != "$1" ] || { echo A; return; }
	done
	echo B
}

# cell TAG: "s · s · s" for every row, in phase-eval's order
cells() {
	paste "$WORK/$1.1" "$WORK/$1.2" "$WORK/$1.3" | awk -F '\t' 'NR > 1 {
		out = ""
		for (k = 0; k < 3; k++) {
			s = $(6 + 11 * k); e = $(7 + 11 * k); bar = $(10 + 11 * k)
			v = bar == "STORAGE>=90" ? s : bar == "ETHERNET>=90" ? e : s "/" e
			out = out (k ? " · " : "") v ($(11 + 11 * k) == "FAIL" ? " ✗" : "")
		}
		print out
	}'
}

echo "| capture | half | phase | vCPU | bar | tuned on A: ${OA} at --$PARAM ×½ · ×1 · ×2 | tuned on B: ${OB} at ×½ · ×1 · ×2 |"
echo '|---|---|---|---|---|---|---|'
paste <(tail -n +2 "$WORK/A.2" | cut -f1,2,4,10) <(cells A) <(cells B) |
	while IFS=$'\t' read -r cap phase vcpu bar ca cb; do
		[ "$vcpu" != all ] || vcpu=both
		echo "| $cap | $(half "$cap") | $phase | $vcpu | $bar | $ca | $cb |"
	done
echo
# misses TSV HALF: bars missed on HALF; bars TSV HALF: bars there
misses() {
	local n=0 cap v
	while IFS=$'\t' read -r cap _ _ _ _ _ _ _ _ _ v; do
		if [ "$v" = FAIL ] && [ "$(half "$cap")" = "$2" ]; then
			n=$((n + 1))
		fi
	done < <(tail -n +2 "$1")
	echo $n
}
bars() {
	local n=0 cap bar
	while IFS=$'\t' read -r cap _ _ _ _ _ _ _ _ bar _; do
		if [ "$bar" != - ] && [ "$(half "$cap")" = "$2" ]; then
			n=$((n + 1))
		fi
	done < <(tail -n +2 "$1")
	echo $n
}
for t in A B; do
	line="tuned on $t, bars missed at --$PARAM ×½ / ×1 / ×2:"
	for h in A B; do
		how="held out"
		[ $h != $t ] || how="tuned on"
		line="$line half $h ($how) $(misses "$WORK/$t.1" $h) / $(misses "$WORK/$t.2" $h) /"
		line="$line $(misses "$WORK/$t.3" $h) of $(bars "$WORK/$t.2" $h);"
	done
	echo "${line%;}"
done
