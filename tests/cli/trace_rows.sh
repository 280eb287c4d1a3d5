# Per-trace reads: ingest records where each trace's bulk rows lie (table trace_rows), and
# classify of a trace reads only those, so it gives the same labels whatever else the
# database holds, and a database without trace_rows rows (older ingests) is still read whole.
. "$(dirname "$0")/lib.bash"
T="$SRC/traces"
Q="SELECT s.tid, s.start_ns, c.category, c.own_category FROM classification c
	JOIN segment s USING (segment_id) WHERE s.trace_id = :t ORDER BY s.tid, s.start_ns"

expect_exit 0 "$IOA" ingest -q --db alone.db "$T/kvm-tiny.dat"
expect_exit 0 "$IOA" ingest -q --db many.db "$T/qemu-tcg-b.dat" "$T/qemu-tcg-a.dat"
expect_exit 0 "$IOA" ingest -q --db many.db "$T/kvm-tiny.dat"
for t in 1 2 3; do
	for tbl in segment kvm_exit io; do
		got=$(sqlite3 many.db "SELECT lo || ' ' || hi FROM trace_rows
			WHERE trace_id = $t AND tbl = '$tbl'")
		want=$(sqlite3 many.db "SELECT COALESCE(MIN(rowid), 1) || ' ' ||
			COALESCE(MAX(rowid), 0) FROM $tbl WHERE trace_id = $t")
		expect_eq "trace $t $tbl range" "$want" "$got"
	done
done
expect_eq "event range without --raw" "1 0" \
	"$(sqlite3 many.db "SELECT lo || ' ' || hi FROM trace_rows WHERE trace_id = 3 AND
		tbl = 'event'")"
expect_exit 0 "$IOA" classify -q --db alone.db
expect_exit 0 "$IOA" classify -q --db many.db --trace 3
sqlite3 alone.db "$(echo "$Q" | sed 's/:t/1/')" >alone.txt
sqlite3 many.db "$(echo "$Q" | sed 's/:t/3/')" >many.txt
[ -s alone.txt ] || fail "no classification of kvm-tiny"
cmp -s alone.txt many.txt || fail "kvm-tiny labels differ with other traces in the database"

# ingest into empty bulk tables drops their indexes and makes them again at the end: every
# database ends with the same index set, and a failed ingest leaves the database as it was
IDX="SELECT name || ': ' || sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
	ORDER BY name"
idx=$(sqlite3 many.db "$IDX")
echo "$idx" | grep -q '^segment_trace_tid: ' || fail "many.db: no segment_trace_tid index"
echo "$idx" | grep -q '^io_trace_ts: ' || fail "many.db: no io_trace_ts index"
expect_eq "index set, fresh database" "$idx" "$(sqlite3 alone.db "$IDX")"
cp alone.db emptied.db
sqlite3 emptied.db "PRAGMA foreign_keys = ON; DELETE FROM trace"
expect_eq "emptied" "0" "$(sqlite3 emptied.db "SELECT COUNT(*) FROM segment")"
head -c 200000 "$T/kvm-tiny.dat" >truncated.dat
before=$(sha256sum emptied.db)
expect_exit 1 "$IOA" ingest -q --db emptied.db truncated.dat
expect_eq "failed ingest into empty tables" "$before" "$(sha256sum emptied.db)"
expect_eq "index set after a failed ingest" "$idx" "$(sqlite3 emptied.db "$IDX")"
expect_exit 0 "$IOA" ingest -q --db emptied.db "$T/kvm-tiny.dat"
expect_eq "index set, emptied database" "$idx" "$(sqlite3 emptied.db "$IDX")"
expect_eq "integrity" "ok" "$(sqlite3 emptied.db "PRAGMA integrity_check")"

# an older database has no ranges: the whole tables are read, with the same result
sqlite3 many.db "DELETE FROM trace_rows; DELETE FROM classification"
expect_exit 0 "$IOA" classify -q --db many.db --trace 3
sqlite3 many.db "$(echo "$Q" | sed 's/:t/3/')" >old.txt
cmp -s alone.txt old.txt || fail "labels differ when read without trace_rows"
done_tests
