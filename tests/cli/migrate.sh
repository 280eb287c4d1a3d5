# Schema migration from each older user_version: tests/data/schema-vN.db were written by the
# ioaware of that version (tests/data/make-schema-dbs.sh). Opened by today's ioaware they are
# migrated to the latest version in place, every row they held is still there, and the whole
# pipeline (classify, optimize, simulate, report, info, and another ingest) runs on them.
. "$(dirname "$0")/lib.bash"

q() {
	sqlite3 -batch -noheader "$1" "$2"
}

# the latest version: what a new database gets
expect_exit 0 "$IOA" ingest -q --db new.db "$SRC/tests/data/small.txt"
latest=$(q new.db "PRAGMA user_version")
[ "$latest" -ge 6 ] || fail "latest schema version $latest"

tables="trace thread segment vcpu vm kvm_exit io event_count"
n=0
for old in "$SRC"/tests/data/schema-v*.db; do
	n=$((n + 1))
	v=$(basename "$old" .db)
	v=${v#schema-v}
	db=v$v.db
	cp "$old" "$db"
	expect_eq "$db: version as shipped" "$v" "$(q "$db" "PRAGMA user_version")"
	before=""
	for t in $tables; do
		before="$before $t=$(q "$db" "SELECT COUNT(*) FROM $t")"
	done
	expect_exit 0 "$IOA" classify -q --db "$db" || continue
	expect_eq "$db: migrated" "$latest" "$(q "$db" "PRAGMA user_version")"
	after=""
	for t in $tables; do
		after="$after $t=$(q "$db" "SELECT COUNT(*) FROM $t")"
	done
	expect_eq "$db: rows kept" "$before" "$after"
	expect_eq "$db: integrity" ok "$(q "$db" "PRAGMA integrity_check")"
	expect_eq "$db: foreign keys" "" "$(q "$db" "PRAGMA foreign_key_check")"
	expect_eq "$db: tables not STRICT" 0 "$(q "$db" "SELECT COUNT(*) FROM sqlite_master
		WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%STRICT'")"
	expect_exit 0 "$IOA" optimize -q --db "$db" --time-limit 2
	expect_exit 0 "$IOA" simulate -q --db "$db"
	expect_exit 0 "$IOA" report -q --db "$db" -o "v$v.pdf" && [ -s "v$v.pdf" ] ||
		fail "$db: no report"
	expect_exit 0 "$IOA" info --db "$db" && expect_grep "kvm_pio" out.txt
	expect_exit 0 "$IOA" ingest -q --db "$db" "$SRC/tests/data/small.txt"
	expect_eq "$db: traces after another ingest" 2 "$(q "$db" "SELECT COUNT(*) FROM trace")"
done
[ "$n" -ge 4 ] || fail "only $n old databases in tests/data"
done_tests
