# Bad input of every kind: exit 1, a message naming the file, no crash, and the database
# byte-identical to before. Also: a database in use, concurrent ingests, re-ingest.
. "$(dirname "$0")/lib.bash"
V6=$IOA_FIXTURES/kvm-tiny.v6.dat
ZSTD=$SRC/traces/kvm-tiny.dat
ZLIB=$IOA_FIXTURES/kvm-tiny.v7-zlib.dat
TXT=$SRC/tests/data/small.txt
BASE=$IOA_FIXTURES/small.report.txt	# in the database from the start
DB=lab.db

dbsum() {
	sha256sum "$DB" | cut -d' ' -f1
}

expect_exit 0 "$IOA" ingest -q --db "$DB" "$BASE"
before=$(dbsum)

# corrupt inputs made from real files
head -c 100000 "$V6" >truncated.dat
head -c 4096 "$V6" >header-only.dat
head -c 200000 "$ZSTD" >truncated-zstd.dat
head -c 300000 "$ZLIB" >truncated-zlib.dat
: >empty.dat
head -c 65536 /dev/urandom >random.bin
printf '\027\010Dtracing6\0\0\0\0' >magic-only.dat
head -c 300000 "$TXT" | tail -c 1000 >middle.txt
printf 'hello\nworld\n' >words.txt
# flipped bytes in the header of a v6 file (this crashes libtracecmd itself)
for off in 20 40 100 200 400 1000 3000; do
	cp "$V6" "flip$off.dat"
	printf '\377\377\377\377' | dd of="flip$off.dat" bs=1 seek=$off conv=notrunc 2>/dev/null
done
# a bit flipped text trace is still text: it must either ingest or fail cleanly
for f in truncated.dat header-only.dat truncated-zstd.dat truncated-zlib.dat empty.dat \
	random.bin magic-only.dat words.txt flip*.dat; do
	"$IOA" ingest -q --db "$DB" "$f" >out.txt 2>err.txt
	rc=$?
	case "$rc" in
	0) [ "$(dbsum)" = "$before" ] || before=$(dbsum) ;; # accepted: a valid prefix
	1) grep -q "$f" err.txt || fail "$f: message does not name the file: $(cat err.txt)"
	   [ "$(dbsum)" = "$before" ] || fail "$f: database changed after a failed ingest" ;;
	*) fail "$f: exit $rc: $(head -c 300 err.txt)" ;;
	esac
done
# these are never valid
for f in empty.dat random.bin magic-only.dat words.txt header-only.dat; do
	expect_exit 1 "$IOA" ingest -q --db "$DB" "$f"
done
[ "$(dbsum)" = "$before" ] || fail "database changed"

# found by fuzz_tracedat: 24 bytes on which libtracecmd 1.3.1 double-frees inside
# tracecmd_alloc_fd(); the isolated reader turns the abort into exit 1
cp "$SRC/tests/data/libtracecmd-double-free.dat" crash.dat
expect_exit 1 "$IOA" ingest -q --db "$DB" crash.dat && expect_grep "crash.dat" err.txt
[ "$(dbsum)" = "$before" ] || fail "database changed after a reader crash"

# --format that does not match the content
expect_exit 1 "$IOA" ingest -q --db "$DB" --format trace.dat "$TXT"
expect_exit 1 "$IOA" ingest -q --db "$DB" --format tracefs "$V6"
[ "$(dbsum)" = "$before" ] || fail "database changed after wrong --format"

# the same file twice: nothing changes, and it says so
expect_exit 0 "$IOA" ingest --db "$DB" "$BASE"
expect_grep "already ingested" err.txt
[ "$(dbsum)" = "$before" ] || fail "re-ingest changed the database"

# not a database
printf 'not a database, just text\n' >notdb.db
cp notdb.db notdb.orig
expect_exit 1 "$IOA" ingest -q --db notdb.db "$TXT"
cmp -s notdb.db notdb.orig || fail "a non-database file was modified"

# a database held by another writer: busy, exit 1, nothing written
(printf 'BEGIN EXCLUSIVE;\n'; sleep 3; printf 'COMMIT;\n') | sqlite3 "$DB" &
holder=$!
sleep 0.5
IOA_BUSY_TIMEOUT_MS=300 expect_exit 1 "$IOA" ingest -q --db "$DB" "$TXT" &&
	expect_grep "busy\|locked" err.txt &&
	expect_grep "another process holds it (waited 300 ms" err.txt
wait $holder
[ "$(dbsum)" = "$before" ] || fail "database changed while it was locked"

# concurrent ingests into one database both land
n0=$(sqlite3 "$DB" "SELECT COUNT(*) FROM trace")
"$IOA" ingest -q --db "$DB" "$TXT" 2>c1.err &
p1=$!
"$IOA" ingest -q --db "$DB" "$ZSTD" 2>c2.err &
p2=$!
wait $p1 || fail "concurrent ingest 1 failed: $(cat c1.err)"
wait $p2 || fail "concurrent ingest 2 failed: $(cat c2.err)"
expect_eq "traces after concurrent ingest" $((n0 + 2)) "$(sqlite3 "$DB" "SELECT COUNT(*) FROM trace")"

# a new database, a good and a bad file ingested at the same time: the failing ingest must
# not remove the database the other one is filling
for i in 1 2 3; do
	rm -f new.db new.db-wal new.db-shm
	"$IOA" ingest -q --db new.db "$ZSTD" 2>good.err &
	good=$!
	"$IOA" ingest -q --db new.db truncated.dat 2>/dev/null
	wait $good || fail "good ingest failed next to a bad one: $(cat good.err)"
	expect_eq "traces in a new database after good+bad" 1 \
		"$(sqlite3 new.db "SELECT COUNT(*) FROM trace" 2>&1)"
done

# a read-only database (only meaningful when not root: root ignores file modes)
if [ "$(id -u)" -ne 0 ]; then
	cp "$DB" ro.db
	chmod 444 ro.db
	expect_exit 1 "$IOA" ingest -q --db ro.db "$V6"
fi
done_tests
