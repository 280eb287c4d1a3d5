# Parallel decoding: `ingest --read-threads N` splits a trace.dat's per-CPU buffers between N
# decoding threads and merges their events back into libtracecmd's order, so every trace of
# traces/ gives the same database with 1, 2 and 3 threads: the same traces, segments, exits,
# I/O rows (with their rowids), threads, VMs, counts, warnings and row ranges, and classify
# gives the same labels.
. "$(dirname "$0")/lib.bash"

expect_exit 2 "$IOA" ingest --read-threads 0 x.dat
expect_exit 2 "$IOA" ingest --read-threads two x.dat

# the derived tables of a database, in a stable order (not the ingest time)
dump() {
	local q
	for q in "SELECT trace_id, file, sha256, size_bytes, format, version, compression,
			clock, clock_is_ns, cpus, long_size, host, first_ns, last_ns, events,
			lost_events, buffers, has_kvm_exit, trace_uuid, raw FROM trace" \
		"SELECT * FROM segment" "SELECT rowid, * FROM kvm_exit" "SELECT rowid, * FROM io" \
		"SELECT * FROM thread ORDER BY trace_id, tid" "SELECT * FROM cpu" "SELECT * FROM vm" \
		"SELECT * FROM vcpu ORDER BY trace_id, tid" \
		"SELECT * FROM event_count ORDER BY trace_id, name" "SELECT * FROM warning" \
		"SELECT * FROM trace_rows ORDER BY trace_id, tbl" \
		"SELECT segment_id, category, own_category FROM classification
			ORDER BY segment_id"; do
		echo "== $q"
		sqlite3 "$1" "$q" || fail "$1: cannot read"
	done
}

LABELS=0
for f in "$SRC"/traces/*.dat; do
	b=$(basename "$f" .dat)
	for t in 1 2 3; do
		# three threads on two of them, one and two on every one
		case "$t/$b" in 3/kvm-tiny | 3/qemu-tcg-a | 1/* | 2/*) ;; *) continue ;; esac
		expect_exit 0 "$IOA" ingest -v --read-threads "$t" --db "$b.$t.db" "$f"
		# no more threads than per-CPU buffers (CPUs times buffers)
		n=$(sqlite3 "$b.$t.db" "SELECT MIN($t, cpus * buffers) FROM trace")
		grep -q "decoded by $n thread" out.txt err.txt ||
			fail "$b: not decoded by $n threads"
		case $b in kvm-tiny | qemu-tcg-a | qemu-tcg-m1)
			expect_exit 0 "$IOA" classify -q --db "$b.$t.db"
			LABELS=$((LABELS + 1)) ;;
		esac
		dump "$b.$t.db" >"$b.$t.txt"
		[ "$t" = 1 ] || cmp -s "$b.1.txt" "$b.$t.txt" ||
			fail "$b: the database with $t read threads differs from the one with 1"
	done
	[ "$(sqlite3 "$b.1.db" 'SELECT COUNT(*) FROM segment')" -gt 0 ] || fail "$b: no segments"
done
[ "$LABELS" -eq 8 ] || fail "classified $LABELS databases, not 8"
[ "$(sqlite3 kvm-tiny.2.db 'SELECT COUNT(*) FROM classification')" -gt 0 ] ||
	fail "kvm-tiny: no labels"
done_tests
