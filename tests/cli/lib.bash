# Shared helpers for the CLI tests: each test script is run by ctest as
#   bash tests/cli/NAME.sh IOAWARE_BINARY SOURCE_DIR WORK_DIR
# and exits 0 (pass), 1 (fail) or 77 (skipped: only a live test without root). Inputs made at
# test time are in $IOA_FIXTURES; the shared corpus, for *_corpus tests, in $IOA_CORPUS.
set -u
IOA=$1
SRC=$2
WORK=$3
CORPUS=${IOA_CORPUS:-$SRC/../shared/corpus}
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK" || exit 1
FAILS=0

fail() {
	echo "FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

need_corpus() {
	if [ ! -d "$CORPUS" ]; then
		echo "SKIP: $CORPUS not present"
		exit 77
	fi
}

# expect_exit CODE CMD...: run CMD, compare its exit code
expect_exit() {
	want=$1
	shift
	"$@" >out.txt 2>err.txt
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "'$*' exited $got, expected $want; stderr: $(head -c 400 err.txt)"
		return 1
	fi
	return 0
}

# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
	if [ "$2" != "$3" ]; then
		fail "$1: expected '$2', got '$3'"
	fi
}

# expect_grep PATTERN FILE
expect_grep() {
	grep -q -- "$1" "$2" || fail "'$1' not found in $2: $(head -c 400 "$2")"
}

done_tests() {
	if [ "$FAILS" -ne 0 ]; then
		echo "$FAILS check(s) failed" >&2
		exit 1
	fi
	echo "all checks passed"
	exit 0
}
