# ioaware classify / show segments: usage, idempotence, the device map, the KVM program's
# capture (serial port = BUS, ATA port = STORAGE) and the phase bars on the QEMU TCG captures
# (disk >= 80 % STORAGE, network >= 80 % ETHERNET, memory < 50 % of either), which are skipped
# one by one when a capture is absent.
. "$(dirname "$0")/lib.bash"

TRACES="$SRC/traces"

expect_exit 0 "$IOA" classify --help && expect_grep "Examples" out.txt
expect_exit 0 "$IOA" show --help && expect_grep "segments" out.txt
expect_exit 2 "$IOA" classify --phase-rate abc
expect_exit 2 "$IOA" classify --phase-rate 0
expect_exit 2 "$IOA" classify --helper-depth 9
expect_exit 2 "$IOA" classify --context weight
expect_exit 2 "$IOA" classify extra
expect_exit 2 "$IOA" show
expect_exit 2 "$IOA" show tables
expect_exit 2 "$IOA" show segments --limit x
expect_exit 1 "$IOA" show segments --db missing.db && expect_grep "missing.db" err.txt

# sql DB QUERY: one value
sql() {
	sqlite3 "$1" "$2"
}

# share_of DB VMCOND CAT [WINDOW_START WINDOW_END]: % of the busy time of the VMs matching
# VMCOND (on table vm m) labelled CAT in context, within the window when given
share_of() {
	local b=${4:-0} e=${5:-9223372036854775807}
	sql "$1" "WITH s AS (SELECT v.category AS cat,
		MAX(0, MIN(v.end_ns, $e) - MAX(v.start_ns, $b)) AS ov
		FROM vcpu_segments v JOIN vm m ON m.vm_id = v.vm_id
		WHERE $2 AND v.end_ns > $b AND v.start_ns < $e)
		SELECT CAST(ROUND(100.0 * SUM(CASE WHEN cat = '$3' THEN ov ELSE 0 END) /
		SUM(ov)) AS INTEGER) FROM s"
}

# at_least NAME MIN VALUE / below NAME MAX VALUE
at_least() {
	[ -n "$3" ] && [ "$3" -ge "$2" ] || fail "$1: $3 %, expected >= $2 %"
}
below() {
	[ -n "$3" ] && [ "$3" -lt "$2" ] || fail "$1: $3 %, expected < $2 %"
}

# --- the KVM program: tinyvm vm-bus (2 vCPUs, out 0x3f8) and vm-storage (out 0x1f0)
DB=tiny.db
expect_exit 0 "$IOA" ingest -q --db $DB "$TRACES/kvm-tiny.dat"
expect_exit 0 "$IOA" classify --db $DB && expect_grep "BUS" out.txt
BUSVM="m.vm_id IN (SELECT vm_id FROM vcpu GROUP BY vm_id HAVING COUNT(*) = 2)"
STOVM="m.vm_id IN (SELECT vm_id FROM vcpu GROUP BY vm_id HAVING COUNT(*) = 1)"
at_least "kvm-tiny serial-port VM: BUS" 90 "$(share_of $DB "$BUSVM" BUS)"
at_least "kvm-tiny ATA-port VM: STORAGE" 90 "$(share_of $DB "$STOVM" STORAGE)"
n=$(sql $DB "SELECT COUNT(*) FROM classification")
expect_eq "one row per vCPU segment" "$(sql $DB "SELECT COUNT(*) FROM vcpu_segments")" "$n"
expect_eq "own labels stored" "$n" "$(sql $DB "SELECT COUNT(own_category) FROM classification")"
# idempotent: a second run replaces, and records a second run
expect_exit 0 "$IOA" classify --db $DB --trace 1 --json && expect_grep '"traces"' out.txt
expect_eq "no duplicates after re-run" "$n" "$(sql $DB "SELECT COUNT(*) FROM classification")"
expect_eq "runs recorded" 2 "$(sql $DB "SELECT COUNT(*) FROM classify_run")"
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' out.txt ||
		fail "classify --json is not JSON"
fi
expect_exit 1 "$IOA" classify --db $DB --trace 99 && expect_grep "no trace 99" err.txt

# show segments
expect_exit 0 "$IOA" show segments --db $DB --csv --limit 5
expect_eq "csv rows" 6 "$(wc -l <out.txt)"
expect_grep "^segment_id,trace_id,vm_id" out.txt
expect_exit 0 "$IOA" show segments --db $DB --category STORAGE --limit 50
expect_eq "category filter" 0 "$(tail -n +2 out.txt | grep -vc STORAGE)"
expect_exit 0 "$IOA" show segments --db $DB --json --vm 1 --limit 3
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["segments"]) == 3
assert all(s["vm_id"] == 1 and "evidence" in s for s in d["segments"])' out.txt ||
		fail "show segments --json: $(head -c 300 out.txt)"
fi

# the device map: a file rule overrides the built-in port table; a bad line names itself
printf '# the serial port is a disk here\nport 0x3f8-0x3ff STORAGE\n' >site.map
expect_exit 0 "$IOA" classify --db $DB --device-map site.map
at_least "device map override" 90 "$(share_of $DB "$BUSVM" STORAGE)"
expect_grep '"device_map": "site.map"' <(sql $DB "SELECT params FROM classify_run ORDER BY run_id DESC LIMIT 1")
printf 'irq virtio* DISK\n' >bad.map
expect_exit 1 "$IOA" classify --db $DB --device-map bad.map && expect_grep "bad.map:1:" err.txt
expect_exit 1 "$IOA" classify --db $DB --device-map none.map && expect_grep "none.map" err.txt

# --- the QEMU TCG guest captures: phase windows from NAME.phases.tsv (phase, begin, end ns)
tcg_bars() {
	local name=$1 dat="$TRACES/$1.dat" ph="$TRACES/$1.phases.tsv" db="$1.db" q
	if [ ! -f "$dat" ] || [ ! -f "$ph" ]; then
		echo "SKIP: $dat not present"
		return
	fi
	expect_exit 0 "$IOA" ingest -q --db "$db" "$dat" || return
	expect_exit 0 "$IOA" classify --db "$db" || return
	q="m.name LIKE 'qemu%'"
	while read -r phase b e; do
		case ${phase%%-*} in
		disk) at_least "$name $phase STORAGE" 80 "$(share_of "$db" "$q" STORAGE "$b" "$e")" ;;
		network) at_least "$name $phase ETHERNET" 80 \
			"$(share_of "$db" "$q" ETHERNET "$b" "$e")" ;;
		memory)
			below "$name $phase STORAGE" 50 "$(share_of "$db" "$q" STORAGE "$b" "$e")"
			below "$name $phase ETHERNET" 50 "$(share_of "$db" "$q" ETHERNET "$b" "$e")"
			;;
		esac
	done < <(tail -n +2 "$ph")
}
tcg_bars qemu-tcg-a
tcg_bars qemu-tcg-b
done_tests
