# ingest --raw keeps every event with its fields in table event, without changing the derived
# tables; without it the event table stays empty. trace.dat and text readers both.
. "$(dirname "$0")/lib.bash"

q() {
	sqlite3 -batch -noheader "$1" "$2"
}

for f in "$SRC/tests/data/small.txt" "$SRC/tests/data/small.dat"; do
	b=$(basename "$f")
	expect_exit 0 "$IOA" ingest -q --db "plain-$b.db" "$f"
	expect_exit 0 "$IOA" ingest -q --raw --db "raw-$b.db" "$f"
	expect_eq "$b: no raw events by default" 0 "$(q "plain-$b.db" "SELECT COUNT(*) FROM event")"
	expect_eq "$b: raw events" 4669 "$(q "raw-$b.db" "SELECT COUNT(*) FROM event")"
	expect_eq "$b: trace.raw" 1 "$(q "raw-$b.db" "SELECT raw FROM trace")"
	expect_eq "$b: raw events agree with the counts" \
		"$(q "raw-$b.db" "SELECT name || ' ' || count FROM event_count ORDER BY name")" \
		"$(q "raw-$b.db" "SELECT name || ' ' || COUNT(*) FROM event GROUP BY name ORDER BY name")"
	for t in segment thread io; do
		expect_eq "$b: $t rows with and without --raw" \
			"$(q "plain-$b.db" "SELECT COUNT(*) FROM $t")" \
			"$(q "raw-$b.db" "SELECT COUNT(*) FROM $t")"
	done
	# fields as the trace prints them: a block request names its device and sector
	n=$(q "raw-$b.db" "SELECT COUNT(*) FROM event WHERE name = 'block_rq_issue'
		AND fields LIKE '%254%' AND fields LIKE '%4096%'")
	[ "$n" -gt 0 ] || fail "$b: block_rq_issue fields: $(q "raw-$b.db" "SELECT fields FROM event
		WHERE name = 'block_rq_issue' LIMIT 1")"
done
# the same events at the same times from both readers (µs: text resolution)
expect_eq "text and trace.dat raw events" \
	"$(q raw-small.txt.db "SELECT (ts_ns + 500) / 1000, cpu, tid, name FROM event ORDER BY 1, 2, 3, 4" | md5sum)" \
	"$(q raw-small.dat.db "SELECT (ts_ns + 500) / 1000, cpu, tid, name FROM event ORDER BY 1, 2, 3, 4" | md5sum)"
done_tests
