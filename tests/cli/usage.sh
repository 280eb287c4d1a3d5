# Usage, help, version and exit codes of the command surface.
. "$(dirname "$0")/lib.bash"

expect_exit 0 "$IOA" --help && expect_grep "Exit codes" out.txt &&
	expect_grep "3 no feasible schedule" out.txt && expect_grep "4 environment or internal error" out.txt
expect_exit 0 "$IOA" --version && expect_grep "^ioaware [0-9]" out.txt
expect_exit 2 "$IOA"
expect_exit 2 "$IOA" frobnicate && expect_grep "unknown command" err.txt
expect_exit 0 "$IOA" ingest --help && expect_grep "Examples" out.txt
expect_exit 0 "$IOA" info --help && expect_grep "json" out.txt
expect_exit 2 "$IOA" ingest
expect_exit 2 "$IOA" ingest --bogus x
expect_exit 2 "$IOA" ingest --format nosuch x.dat
expect_exit 2 "$IOA" ingest --vm broken x.dat
expect_exit 2 "$IOA" info extra-arg
expect_exit 1 "$IOA" info --db missing.db && expect_grep "missing.db" err.txt
[ -e missing.db ] && fail "info created missing.db"
# ioaware-ingest is the same program
ln -sf "$IOA" ioaware-ingest
expect_exit 0 ./ioaware-ingest --help && expect_grep "ioaware-ingest" out.txt
expect_exit 1 "$IOA" ingest --db t.db no-such-file.dat && expect_grep "no-such-file.dat" err.txt
[ -e t.db ] && fail "a failed ingest left a new database behind"
done_tests
