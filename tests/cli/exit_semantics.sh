# Exit semantics through the real CLI (ingest -> classify -> optimize -> simulate) on two
# hand-checked `trace-cmd report` excerpts of real-host exit streams (tests/data/README.md):
# a timer-driven controller vCPU doing only APIC writes, MSR writes and HLT is OVERHEAD, not
# BUS, and the strict optimizer adds no wait to it; the same trace classified with the old
# semantics (APIC/MSR exits as BUS, through device-map exit rules) does get a wait, so the
# check can fail. The SVM excerpt adds host interrupts (with and without a device handler),
# ATA port reads and an MMIO doorbell of an unknown device.
. "$(dirname "$0")/lib.bash"

DATA="$SRC/tests/data"
sql() {
	sqlite3 "$1" "$2"
}
# cat_ns DB TID CAT: busy-time share (%) of the thread's segments labelled CAT in context
cat_share() {
	sql "$1" "SELECT CAST(ROUND(100.0 * SUM(CASE WHEN category = '$3' THEN dur_ns ELSE 0 END)
		/ SUM(dur_ns)) AS INTEGER) FROM vcpu_segments WHERE tid = $2"
}
# opt_wait DB VMKEY: mean wait (ns) of a vCPU in the latest scenario's optimized schedule
opt_wait() {
	sql "$1" "SELECT CAST(ROUND(m.value * 1e9) AS INTEGER) FROM metric m
		JOIN schedule s USING (schedule_id) WHERE s.kind = 'optimized'
		AND s.scenario_id = (SELECT MAX(scenario_id) FROM scenario)
		AND m.scope = 'vcpu' AND m.key = '$2' AND m.name = 'wait_mean_s'"
}
vmkey() {
	sql "$1" "SELECT vm_id || '/' || vcpu FROM vcpu WHERE tid = $2"
}

# --- VMX: controller (tid 3001) and a serial-port VM (tid 4001), 12 periods of 1 ms
DB=vmx.db
expect_exit 0 "$IOA" ingest -q --db $DB "$DATA/vmx-rt.report.txt"
expect_eq "vmx exits" "APIC_WRITE|OVERHEAD|24 HLT|IDLE|24 IO_INSTRUCTION|BUS|72 MSR_WRITE|OVERHEAD|12" \
	"$(sql $DB "SELECT reason_name, category, COUNT(*) FROM kvm_exit WHERE isa = 'VMX'
		GROUP BY 1, 2 ORDER BY 1" | tr '\n' ' ' | sed 's/ $//')"
expect_exit 0 "$IOA" classify --db $DB && expect_grep "in OVERHEAD exits 0.072 ms" out.txt
expect_eq "controller OVERHEAD" 100 "$(cat_share $DB 3001 OVERHEAD)"
expect_eq "controller not BUS" 0 "$(cat_share $DB 3001 BUS)"
expect_eq "controller own labels" "OVERHEAD|12" \
	"$(sql $DB "SELECT own_category, COUNT(*) FROM vcpu_segments WHERE tid = 3001 GROUP BY 1")"
# busy = 4..72 µs minus the 2 µs of HLT before the switch-out; 3 exits of 2 µs
expect_eq "controller evidence" '{"busy_ns":66000,"idle_ns":2000,"ns":{"OVERHEAD":6000},"n":{"OVERHEAD":3}}' \
	"$(sql $DB "SELECT own_evidence FROM vcpu_segments WHERE tid = 3001 LIMIT 1")"
expect_eq "serial VM BUS" 100 "$(cat_share $DB 4001 BUS)"
expect_exit 0 "$IOA" optimize --db $DB --pcpus 2 --mode strict
expect_exit 0 "$IOA" simulate --db $DB
CTL=$(vmkey $DB 3001)
SER=$(vmkey $DB 4001)
expect_eq "controller: no wait added" 0 "$(opt_wait $DB "$CTL")"
expect_eq "serial VM: no wait added" 0 "$(opt_wait $DB "$SER")"
expect_eq "OVERHEAD tasks stored as such" 12 \
	"$(sql $DB "SELECT COUNT(*) FROM task WHERE category = 'OVERHEAD'")"
# the old semantics (APIC and MSR exits as BUS) serialise the two VMs: some wait appears
printf 'exit APIC_WRITE BUS\nexit MSR_WRITE BUS\n' >old.map
expect_exit 0 "$IOA" classify --db $DB --device-map old.map
expect_eq "old semantics: controller BUS" 100 "$(cat_share $DB 3001 BUS)"
expect_exit 0 "$IOA" optimize --db $DB --pcpus 2 --mode strict
expect_exit 0 "$IOA" simulate --db $DB
w1=$(opt_wait $DB "$CTL")
w2=$(opt_wait $DB "$SER")
[ $((w1 + w2)) -gt 0 ] || fail "old semantics: expected a wait, got $w1 and $w2 ns"

# --- SVM: controller (tid 5001: interrupt without a device handler, msr, vintr, hlt) and a
# disk VM (tid 6001: ATA port 0x1f0 reads, npf + kvm_mmio to 0xfebf1000, nvme0q2 interrupt)
DB=svm.db
expect_exit 0 "$IOA" ingest -q --db $DB "$DATA/svm-rt.report.txt"
expect_exit 0 "$IOA" classify --db $DB --json
expect_grep '"overhead_exit_ns": 96000' out.txt
expect_eq "svm controller OVERHEAD" 100 "$(cat_share $DB 5001 OVERHEAD)"
expect_eq "svm disk VM STORAGE" 100 "$(cat_share $DB 6001 STORAGE)"
expect_eq "unknown MMIO device is no category" "NULL|12" \
	"$(sql $DB "SELECT COALESCE(category, 'NULL'), COUNT(*) FROM kvm_exit WHERE reason_name = 'npf'")"
# ATA reads 4 x 5 µs + the NVMe interrupt exit 6 µs; the doorbell counts for nothing
expect_eq "svm disk evidence" '{"busy_ns":55000,"idle_ns":2000,"ns":{"STORAGE":26000},"n":{"STORAGE":5}}' \
	"$(sql $DB "SELECT own_evidence FROM vcpu_segments WHERE tid = 6001 LIMIT 1")"
# a device map naming the interrupt's handler NONE leaves it overhead
printf 'irq nvme* NONE\n' >nvme.map
expect_exit 0 "$IOA" classify --db $DB --device-map nvme.map
expect_eq "svm disk evidence without the nvme handler" \
	'{"busy_ns":55000,"idle_ns":2000,"ns":{"STORAGE":20000,"OVERHEAD":6000},"n":{"STORAGE":4,"OVERHEAD":1}}' \
	"$(sql $DB "SELECT own_evidence FROM vcpu_segments WHERE tid = 6001 LIMIT 1")"
expect_exit 0 "$IOA" optimize --db $DB --pcpus 2 --mode strict
expect_exit 0 "$IOA" simulate --db $DB
expect_eq "svm controller: no wait added" 0 "$(opt_wait $DB "$(vmkey $DB 5001)")"
done_tests
