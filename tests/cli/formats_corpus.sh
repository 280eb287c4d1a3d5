# The same capture in five formats (trace.dat v6, v7 zstd, v7 zlib, raw tracefs text,
# trace-cmd report text) must give identical per-event-type counts and identical derived
# tables (times compared at the µs resolution of the text formats).
. "$(dirname "$0")/lib.bash"
need_corpus
OWN="$CORPUS/own"
EXPECTED="$SRC/tests/data/kvm-small.counts.txt"

q() {
	sqlite3 -batch -noheader "$1" "$2"
}

for f in kvm-small.v6.dat kvm-small.v7-zstd.dat kvm-small.v7-zlib.dat kvm-small.txt \
	kvm-small.report.txt; do
	db="$f.db"
	expect_exit 0 "$IOA" ingest -q --db "$db" "$OWN/$f" || continue
	q "$db" "SELECT name || ' ' || count FROM event_count ORDER BY name" >"$f.counts"
	cmp -s "$EXPECTED" "$f.counts" || fail "$f: event counts differ: $(diff "$EXPECTED" "$f.counts" | head -5)"
	expect_eq "$f events" 54971 "$(q "$db" "SELECT events FROM trace")"
	expect_eq "$f cpus" 2 "$(q "$db" "SELECT cpus FROM trace")"
	# derived tables, µs resolution, sleep states reduced to R/S/D/other
	q "$db" "SELECT tid, cpu, (start_ns + 500) / 1000, (end_ns + 500) / 1000,
		CASE WHEN end_state LIKE 'R%' THEN 'R' WHEN end_state IN ('S','D') THEN end_state
		     WHEN end_state IS NULL THEN '-' ELSE 'O' END, (wake_ns + 500) / 1000, waker_tid, partial
		FROM segment ORDER BY (start_ns + 500) / 1000, cpu, tid" >"$f.segments"
	q "$db" "SELECT tid, comm, is_vcpu FROM thread ORDER BY tid" >"$f.threads"
	q "$db" "SELECT v.tid, v.vcpu, m.name, m.source FROM vcpu v JOIN vm m USING (vm_id)
		ORDER BY v.tid" >"$f.vcpus"
	q "$db" "SELECT tid, cpu, (ts_ns + 500) / 1000, source, reason_name, port, gpa, category
		FROM kvm_exit ORDER BY (ts_ns + 500) / 1000, tid, source" >"$f.exits"
	q "$db" "SELECT kind, tid, cpu, (ts_ns + 500) / 1000, (end_ns + 500) / 1000, dev, num, sector, bytes
		FROM io ORDER BY (ts_ns + 500) / 1000, kind, cpu, tid, sector" >"$f.io"
done

for t in segments threads vcpus exits io; do
	for f in kvm-small.v7-zstd.dat kvm-small.v7-zlib.dat kvm-small.txt kvm-small.report.txt; do
		[ -f "$f.$t" ] || continue
		cmp -s "kvm-small.v6.dat.$t" "$f.$t" ||
			fail "$t of $f differ from v6: $(diff "kvm-small.v6.dat.$t" "$f.$t" | head -4)"
	done
done

# the figures themselves: two tinyvm vCPUs, exits from kvm_userspace_exit, 341 block requests
db=kvm-small.v6.dat.db
expect_eq "vcpus" 2 "$(q "$db" "SELECT COUNT(*) FROM vcpu")"
expect_eq "vms" 2 "$(q "$db" "SELECT COUNT(*) FROM vm")"
expect_eq "userspace exits" 5640 "$(q "$db" "SELECT COUNT(*) FROM kvm_exit WHERE source = 'userspace'")"
expect_eq "port 0x3f8 exits" 1880 "$(q "$db" "SELECT COUNT(*) FROM kvm_exit WHERE port = 1016 AND source = 'userspace' AND category = 'BUS'")"
expect_eq "mmio exits" 1880 "$(q "$db" "SELECT COUNT(*) FROM kvm_exit WHERE gpa = 32768 AND source = 'userspace'")"
expect_eq "exits" 5640 "$(q "$db" "SELECT COUNT(*) FROM kvm_exit")"
expect_eq "block requests" 341 "$(q "$db" "SELECT COUNT(*) FROM io WHERE kind = 'block'")"
expect_eq "block completed" 341 "$(q "$db" "SELECT COUNT(*) FROM io WHERE kind = 'block' AND end_ns IS NOT NULL")"
expect_eq "has_kvm_exit" 0 "$(q "$db" "SELECT has_kvm_exit FROM trace")"
expect_eq "vcpu_segments" "$(q "$db" "SELECT COUNT(*) FROM segment WHERE tid IN (SELECT tid FROM vcpu)")" \
	"$(q "$db" "SELECT COUNT(*) FROM vcpu_segments")"
expect_eq "zlib compression" zlib "$(q kvm-small.v7-zlib.dat.db "SELECT compression FROM trace")"
expect_eq "zstd compression" zstd "$(q kvm-small.v7-zstd.dat.db "SELECT compression FROM trace")"
expect_eq "v6 version" 6 "$(q "$db" "SELECT version FROM trace")"
# timestamps are ns on the trace clock: the first event prints as 2559.747281
expect_eq "first_ns" 2559747281 "$(q kvm-small.txt.db "SELECT (first_ns + 500) / 1000 FROM trace")"
# info --json carries events_by_type
expect_exit 0 "$IOA" info --json --db "$db" && expect_grep '"sched_switch": 7915' out.txt
# perf: perf.data (through perf script, when perf is installed) and its two text renderings
for f in perf-small.script.txt perf-small.script-ns.txt perf-small.data; do
	[ "$f" = perf-small.data ] && ! command -v perf >/dev/null && continue
	expect_exit 0 "$IOA" ingest -q --db "perf-$f.db" "$OWN/$f" || continue
	q "perf-$f.db" "SELECT name || ' ' || count FROM event_count ORDER BY name" >"perf-$f.counts"
	# perf script truncates to the µs where trace-cmd rounds
	q "perf-$f.db" "SELECT tid, cpu, start_ns / 1000, end_ns / 1000 FROM segment
		ORDER BY start_ns / 1000, cpu, tid" >"perf-$f.segments"
done
expect_eq "perf events" 16671 "$(q perf-perf-small.script.txt.db "SELECT events FROM trace")"
for f in perf-small.script-ns.txt perf-small.data; do
	[ -f "perf-$f.counts" ] || continue
	cmp -s perf-perf-small.script.txt.counts "perf-$f.counts" || fail "perf counts of $f differ"
done
cmp -s perf-perf-small.script-ns.txt.segments perf-perf-small.script.txt.segments ||
	fail "perf segments differ between µs and ns text"
[ -f perf-perf-small.data.segments ] &&
	{ cmp -s perf-perf-small.data.segments perf-perf-small.script.txt.segments ||
		fail "perf segments differ between perf.data and its text"; }

done_tests
