# The phase labels on the shipped capture matrix (traces/qemu-tcg-m*.dat, phases known from
# their .phases.tsv), measured by tools/phase-eval.sh with the defaults and with the phase
# change cost at 0.5x and 2x: disk phases >= 90 % STORAGE, network phases >= 90 % ETHERNET,
# memory/compute/idle < 10 % of either, the mixed phase STORAGE on vCPU 0 and ETHERNET on
# vCPU 1. Not every bar is met (README.md lists the misses and why): this fails when more bars
# are missed than measured there, or when a bar that held everywhere (seqread, network of
# m1/m3/m7/m8, every memory and compute phase at the default cost) is missed.
. "$(dirname "$0")/lib.bash"

CAPS=("$SRC"/traces/qemu-tcg-m[0-9].dat)
expect_eq "shipped matrix captures" 8 "${#CAPS[@]}"
for dat in "${CAPS[@]}"; do
	[ -f "${dat%.dat}.phases.tsv" ] || fail "${dat%.dat}.phases.tsv missing"
	[ "$(stat -c %s "$dat")" -le 3145728 ] || fail "$dat: over 3 MB"
done

# evaluate OPTS MAX_MISSED: every phase kind measured, at most MAX_MISSED bars missed
evaluate() {
	local rc=0 missed
	"$SRC/tools/phase-eval.sh" -b "$IOA" -w db -k -o "$1" "${CAPS[@]}" >eval.tsv 2>err.txt ||
		rc=$?
	[ $rc -le 1 ] || fail "phase-eval.sh -o '$1' exited $rc: $(head -c 300 err.txt)"
	for kind in disk seqread randread fsync network rr udp memory compute idle mixed; do
		grep -qP "^[^\t]+\t[^\t]+\t$kind\t" eval.tsv || fail "-o '$1': no $kind phase"
	done
	missed=$(grep -cP '\tFAIL$' eval.tsv)
	[ "$missed" -le "$2" ] || fail "-o '$1': $missed bars missed, README.md says $2: $(
		grep -P '\tFAIL$' eval.tsv | cut -f1,2,4,6,7 | tr '\n\t' '; ')"
}
evaluate "" 17
cp eval.tsv default.tsv
evaluate "--phase-cost 3" 17
evaluate "--phase-cost 12" 20

# bars that hold on both halves at the default cost
while IFS=$'\t' read -r cap phase kind _ _ _ _ _ _ bar verdict; do
	case $kind/$cap in
	seqread/* | memory/* | compute/* | network/*-m1 | network/*-m3 | network/*-m7 | \
		network/*-m8)
		[ "$verdict" = ok ] || fail "$cap $phase: $bar missed at the default cost" ;;
	esac
done < <(tail -n +2 default.tsv)

# the evidence explains the phase label
db=db/qemu-tcg-m1.db
"$IOA" classify --db $db >/dev/null || fail "classify $db"
n=$(sqlite3 $db "SELECT COUNT(*) FROM vcpu_segments WHERE category = 'STORAGE' AND
	json_extract(evidence, '$.phase') = 'STORAGE' AND
	json_extract(evidence, '$.rate.STORAGE') >= json_extract(evidence, '$.min_rate')")
[ "$n" -gt 0 ] || fail "no STORAGE segment whose evidence names its phase"
expect_eq "labels that disagree with their phase" 0 "$(sqlite3 $db "SELECT COUNT(*)
	FROM vcpu_segments WHERE json_extract(evidence, '$.phase') NOT IN ('none', category)")"
done_tests
