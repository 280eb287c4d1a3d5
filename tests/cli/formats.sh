# One capture in several formats gives identical per-event-type counts and identical derived
# tables (times compared at the µs resolution of the text formats):
#   traces/kvm-tiny.dat (v7 zstd), its v6 and v7-zlib conversions and its trace-cmd report;
#   tests/data/small.dat (v7 zstd), the raw tracefs text of the same ring buffers
#   (tests/data/small.txt) and its trace-cmd report;
#   tests/data/perf.data (through perf script) and its perf script renderings (µs and ns).
# The renderings are made by tests/fixtures.sh.
. "$(dirname "$0")/lib.bash"
FIX=$IOA_FIXTURES
DATA=$SRC/tests/data

q() {
	sqlite3 -batch -noheader "$1" "$2"
}

# tables NAME FILE: ingest FILE into NAME.db, dump counts and derived tables as NAME.*
tables() {
	db="$1.db"
	expect_exit 0 "$IOA" ingest -q --db "$db" "$2" || return 1
	q "$db" "SELECT name || ' ' || count FROM event_count ORDER BY name" >"$1.counts"
	# derived tables, µs resolution, sleep states reduced to R/S/D/other
	q "$db" "SELECT tid, cpu, (start_ns + 500) / 1000, (end_ns + 500) / 1000,
		CASE WHEN end_state LIKE 'R%' THEN 'R' WHEN end_state IN ('S','D') THEN end_state
		     WHEN end_state IS NULL THEN '-' ELSE 'O' END, (wake_ns + 500) / 1000, waker_tid, partial
		FROM segment ORDER BY (start_ns + 500) / 1000, cpu, tid" >"$1.segments"
	q "$db" "SELECT tid, comm, is_vcpu FROM thread ORDER BY tid" >"$1.threads"
	q "$db" "SELECT v.tid, v.vcpu, m.name, m.source FROM vcpu v JOIN vm m USING (vm_id)
		ORDER BY v.tid" >"$1.vcpus"
	q "$db" "SELECT tid, cpu, (ts_ns + 500) / 1000, source, reason_name, port, gpa, category
		FROM kvm_exit ORDER BY (ts_ns + 500) / 1000, tid, source" >"$1.exits"
	q "$db" "SELECT kind, tid, cpu, (ts_ns + 500) / 1000, (end_ns + 500) / 1000, dev, num, sector, bytes
		FROM io ORDER BY (ts_ns + 500) / 1000, kind, cpu, tid, sector" >"$1.io"
}

# same REF OTHER...: the derived tables of each OTHER equal those of REF
same() {
	ref=$1
	shift
	for f in "$@"; do
		for t in counts segments threads vcpus exits io; do
			[ -f "$f.$t" ] || { fail "$f.$t missing"; continue; }
			cmp -s "$ref.$t" "$f.$t" ||
				fail "$t of $f differ from $ref: $(diff "$ref.$t" "$f.$t" | head -4)"
		done
	done
}

# --- kvm-tiny: four formats -------------------------------------------------------------------
tables tiny-zstd "$SRC/traces/kvm-tiny.dat"
tables tiny-v6 "$FIX/kvm-tiny.v6.dat"
tables tiny-zlib "$FIX/kvm-tiny.v7-zlib.dat"
tables tiny-report "$FIX/kvm-tiny.report.txt"
cmp -s "$DATA/kvm-tiny.counts.txt" tiny-zstd.counts ||
	fail "kvm-tiny event counts differ from traces/README.md: $(diff "$DATA/kvm-tiny.counts.txt" tiny-zstd.counts | head -5)"
same tiny-v6 tiny-zstd tiny-zlib tiny-report

db=tiny-v6.db
expect_eq "events" 141222 "$(q "$db" "SELECT events FROM trace")"
expect_eq "cpus" 2 "$(q "$db" "SELECT cpus FROM trace")"
# vm-bus: tinyvm with 2 vCPU threads; vm-storage: a single-threaded tinyvm
expect_eq "vcpus" 3 "$(q "$db" "SELECT COUNT(*) FROM vcpu")"
expect_eq "vms" 2 "$(q "$db" "SELECT COUNT(*) FROM vm")"
expect_eq "userspace exits" 16083 "$(q "$db" "SELECT COUNT(*) FROM kvm_exit WHERE source = 'userspace'")"
expect_eq "port 0x3f8 exits" 4666 "$(q "$db" "SELECT COUNT(*) FROM kvm_exit WHERE port = 1016 AND category = 'BUS'")"
expect_eq "port 0x1f0 exits" 695 "$(q "$db" "SELECT COUNT(*) FROM kvm_exit WHERE port = 496 AND category = 'STORAGE'")"
expect_eq "mmio exits" 5361 "$(q "$db" "SELECT COUNT(*) FROM kvm_exit WHERE gpa = 4273930240")"
expect_eq "block requests" 1999 "$(q "$db" "SELECT COUNT(*) FROM io WHERE kind = 'block'")"
expect_eq "block completed" 1999 "$(q "$db" "SELECT COUNT(*) FROM io WHERE kind = 'block' AND end_ns IS NOT NULL")"
expect_eq "has_kvm_exit" 0 "$(q "$db" "SELECT has_kvm_exit FROM trace")"
expect_eq "vcpu_segments" "$(q "$db" "SELECT COUNT(*) FROM segment WHERE tid IN (SELECT tid FROM vcpu)")" \
	"$(q "$db" "SELECT COUNT(*) FROM vcpu_segments")"
expect_eq "v6" "6 none" "$(q "$db" "SELECT version || ' ' || compression FROM trace")"
expect_eq "zlib" "7 zlib" "$(q tiny-zlib.db "SELECT version || ' ' || compression FROM trace")"
expect_eq "zstd" "7 zstd" "$(q tiny-zstd.db "SELECT version || ' ' || compression FROM trace")"
# timestamps are ns on the trace clock: the first event prints as 1269.599195
expect_eq "first_ns" 1269599195 "$(q tiny-report.db "SELECT (first_ns + 500) / 1000 FROM trace")"
expect_exit 0 "$IOA" info --json --db "$db" && expect_grep '"sched_switch": 15739' out.txt

# --- small: trace.dat, raw tracefs text, trace-cmd report ---------------------------------------
tables small-dat "$DATA/small.dat"
tables small-raw "$DATA/small.txt"
tables small-report "$FIX/small.report.txt"
same small-dat small-raw small-report
expect_eq "small events" 4669 "$(q small-raw.db "SELECT events FROM trace")"
expect_eq "small format" tracefs "$(q small-raw.db "SELECT format FROM trace")"

# --- perf: perf.data (through perf script) and its two text renderings --------------------------
for f in perf.script.txt perf.script-ns.txt; do
	tables "$f" "$FIX/$f"
done
tables perf.data "$DATA/perf.data"
expect_eq "perf events" 4773 "$(q perf.script.txt.db "SELECT events FROM trace")"
for f in perf.script-ns.txt perf.data; do
	cmp -s perf.script.txt.counts "$f.counts" || fail "perf counts of $f differ"
done
# perf script truncates to the µs where trace-cmd rounds: compare segments truncated
for f in perf.script.txt perf.script-ns.txt perf.data; do
	q "$f.db" "SELECT tid, cpu, start_ns / 1000, end_ns / 1000 FROM segment
		ORDER BY start_ns / 1000, cpu, tid" >"$f.seg-trunc"
done
cmp -s perf.script-ns.txt.seg-trunc perf.script.txt.seg-trunc ||
	fail "perf segments differ between µs and ns text"
cmp -s perf.data.seg-trunc perf.script.txt.seg-trunc ||
	fail "perf segments differ between perf.data and its text"
done_tests
