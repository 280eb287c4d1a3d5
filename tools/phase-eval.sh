#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# phase-eval.sh: how the labels in context hold on captures with known phases.
#
# For each CAPTURE.dat (with CAPTURE.phases.tsv beside it: phase, begin_ns, end_ns) it ingests
# the trace into a fresh database, classifies it (with the classify options given by -o) and
# prints, per phase, the share of the QEMU VM's vCPU time labelled STORAGE and ETHERNET in
# context (and, for comparison, by the segments' own labels), together with the bar the phase
# kind must meet:
#
#   disk, seqread, randread, fsync      STORAGE >= 90 %
#   network, rr, udp                    ETHERNET >= 90 %
#   memory, compute, idle               STORAGE < 10 % and ETHERNET < 10 %
#   mixed                               vCPU 0 STORAGE >= 90 %, vCPU 1 ETHERNET >= 90 %
#                                       (the guest pins disk work to vCPU 0, TCP to vCPU 1)
#
# A phase's time is the overlap of the vCPU segments with [begin + G, end - G], G = 100 ms (-g
# MS): the phase lines reach the trace through the serial console and the capture script, tens
# of ms late, and each phase starts by forking its first process, which under TCG takes ~50 ms
# without any I/O. Other kinds get no bar.
#
# Output: one TSV row per phase (per vCPU for mixed phases): capture, phase, kind, vcpu,
# busy_ms, storage_pct, ethernet_pct, own_storage_pct, own_ethernet_pct, bar, verdict (ok,
# FAIL, -). -m prints Markdown table rows instead.
#
# -w DIR keeps the databases in DIR (default: a temporary directory, removed at the end); -k
# reuses the ones already there (re-classified, not re-ingested), for parameter sweeps.
#
# Usage: tools/phase-eval.sh [-b IOAWARE] [-o 'CLASSIFY OPTIONS'] [-g MS] [-w DIR [-k]] [-m]
#                            CAPTURE.dat...
# Exit: 0 every bar met, 1 a bar missed, 2 usage, 3 a capture could not be read or classified.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
IOA=$HERE/../build/ioaware
OPTS=
WORK=
MD=0
KEEP=0
GUARD_MS=100

usage() {
	sed -n '3,31p' "$0" | sed 's/^# \{0,1\}//'
}

while getopts "b:o:g:w:kmh" opt; do
	case $opt in
	b) IOA=$OPTARG ;;
	o) OPTS=$OPTARG ;;
	w) WORK=$OPTARG ;;
	m) MD=1 ;;
	k) KEEP=1 ;;
	g) GUARD_MS=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { usage >&2; exit 2; }
[[ $GUARD_MS =~ ^[0-9]+$ ]] || { echo "phase-eval.sh: -g $GUARD_MS: not a number" >&2; exit 2; }
[ -x "$IOA" ] || { echo "phase-eval.sh: $IOA: not executable (-b)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "phase-eval.sh: sqlite3: not installed" >&2; exit 2; }
if [ -z "$WORK" ]; then
	WORK=$(mktemp -d /tmp/phase-eval.XXXXXX)
	trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"

# shares DB VCPUCOND BEGIN END: busy_ms storage% ethernet% own_storage% own_ethernet%
shares() {
	sqlite3 -separator ' ' "$1" "WITH s AS (SELECT v.category AS cat, v.own_category AS own,
		MAX(0, MIN(v.end_ns, $4) - MAX(v.start_ns, $3)) AS ov
		FROM vcpu_segments v JOIN vm m ON m.vm_id = v.vm_id
		WHERE m.name LIKE 'qemu%' AND $2 AND v.end_ns > $3 AND v.start_ns < $4),
		t AS (SELECT SUM(ov) AS n,
			SUM(CASE WHEN cat = 'STORAGE' THEN ov ELSE 0 END) AS cs,
			SUM(CASE WHEN cat = 'ETHERNET' THEN ov ELSE 0 END) AS ce,
			SUM(CASE WHEN own = 'STORAGE' THEN ov ELSE 0 END) AS os,
			SUM(CASE WHEN own = 'ETHERNET' THEN ov ELSE 0 END) AS oe FROM s)
		SELECT printf('%.1f %.1f %.1f %.1f %.1f', n / 1e6, 100.0 * cs / n, 100.0 * ce / n,
			100.0 * os / n, 100.0 * oe / n) FROM t WHERE n > 0"
}

# verdict BAR STORAGE ETHERNET: ok, FAIL or -
verdict() {
	awk -v bar="$1" -v s="$2" -v e="$3" 'BEGIN {
		if (bar == "STORAGE>=90") ok = s >= 90
		else if (bar == "ETHERNET>=90") ok = e >= 90
		else if (bar == "both<10") ok = s < 10 && e < 10
		else { print "-"; exit }
		print ok ? "ok" : "FAIL"
	}'
}

FAILED=0

# row CAPTURE PHASE KIND VCPU BAR DB BEGIN END
row() {
	local cond=1 r v
	[ "$4" = all ] || cond="v.vcpu = $4"
	r=$(shares "$6" "$cond" "$7" "$8")
	[ -n "$r" ] || r="0.0 0.0 0.0 0.0 0.0"
	set -- "$1" "$2" "$3" "$4" "$5" $r
	v=$(verdict "$5" "$7" "$8")
	[ "$v" != FAIL ] || FAILED=1
	if [ $MD -eq 1 ]; then
		printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
			"$1" "$2" "$4" "$6" "$7" "$8" "$9" "${10}" "$5" "$v"
	else
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
			"$1" "$2" "$3" "$4" "$6" "$7" "$8" "$9" "${10}" "$5" "$v"
	fi
}

eval_capture() {
	local dat=$1 name ph db phase b e kind
	name=$(basename "$dat" .dat)
	ph=${dat%.dat}.phases.tsv
	db=$WORK/$name.db
	[ -f "$dat" ] && [ -f "$ph" ] ||
		{ echo "phase-eval.sh: $dat or $ph: missing" >&2; exit 3; }
	if [ $KEEP -eq 0 ] || [ ! -f "$db" ]; then
		rm -f "$db"
		"$IOA" ingest -q --db "$db" "$dat" >/dev/null ||
			{ echo "phase-eval.sh: ingest $dat failed" >&2; exit 3; }
	fi
	# shellcheck disable=SC2086 # OPTS is a list of options
	"$IOA" classify --db "$db" $OPTS >/dev/null ||
		{ echo "phase-eval.sh: classify $dat $OPTS failed" >&2; exit 3; }
	while read -r phase b e; do
		kind=${phase%%-*}
		b=$((b + GUARD_MS * 1000000))
		e=$((e - GUARD_MS * 1000000))
		case $kind in
		disk | seqread | randread | fsync) row "$name" "$phase" "$kind" all STORAGE\>=90 \
			"$db" "$b" "$e" ;;
		network | rr | udp) row "$name" "$phase" "$kind" all ETHERNET\>=90 "$db" "$b" "$e" ;;
		memory | compute | idle) row "$name" "$phase" "$kind" all both\<10 "$db" "$b" "$e" ;;
		mixed)
			row "$name" "$phase" "$kind" 0 STORAGE\>=90 "$db" "$b" "$e"
			row "$name" "$phase" "$kind" 1 ETHERNET\>=90 "$db" "$b" "$e"
			;;
		*) row "$name" "$phase" "$kind" all - "$db" "$b" "$e" ;;
		esac
	done < <(tail -n +2 "$ph")
}

if [ $MD -eq 1 ]; then
	echo '| capture | phase | vCPU | busy ms | STORAGE % | ETHERNET % | own STORAGE % | own ETHERNET % | bar | verdict |'
	echo '|---|---|---|---:|---:|---:|---:|---:|---|---|'
else
	printf 'capture\tphase\tkind\tvcpu\tbusy_ms\tstorage_pct\tethernet_pct\town_storage_pct\town_ethernet_pct\tbar\tverdict\n'
fi
for dat in "$@"; do
	eval_capture "$dat"
done
exit $FAILED
