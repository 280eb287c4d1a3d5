# ioaware report: a PDF (and PNG/SVG pages) from a database right after ingest and with every
# later stage's tables filled by the test fixtures in tests/data (report_fixture.sql,
# report_100k.sql). PDF checks need poppler-utils, fixtures need the sqlite3 shell: each part
# is skipped with a message when its tool is missing.
. "$(dirname "$0")/lib.bash"

have() { command -v "$1" >/dev/null 2>&1; }

# under ASan: fontconfig keeps its font cache for the life of the process (cairo's font lookup
# fills it); LeakSanitizer reports that at exit, so it is suppressed here, nothing else
printf 'leak:libfontconfig.so\n' >lsan.supp
export LSAN_OPTIONS="suppressions=$PWD/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

# check_pdf FILE MIN_PAGES: a valid PDF with at least MIN_PAGES pages and every font embedded
check_pdf() {
	if ! have pdfinfo || ! have pdffonts; then
		echo "note: pdfinfo/pdffonts missing (poppler-utils): PDF checks skipped"
		head -c 5 "$1" | grep -q '%PDF-' || fail "$1 does not start with %PDF-"
		return
	fi
	pages=$(pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	[ -n "$pages" ] && [ "$pages" -ge "$2" ] || fail "$1: $pages pages, expected >= $2"
	pdffonts "$1" >fonts.txt 2>&1 || fail "pdffonts $1 failed"
	[ "$(tail -n +3 fonts.txt | wc -l)" -ge 1 ] || fail "$1: no fonts"
	tail -n +3 fonts.txt | awk '$(NF-4) != "yes" { bad = 1 } END { exit bad }' ||
		fail "$1: a font is not embedded: $(cat fonts.txt)"
}

# pdf_text FILE: its text, when pdftotext exists
pdf_text() {
	if have pdftotext; then
		pdftotext -layout "$1" - 2>/dev/null
	else
		echo "SKIP-TEXT"
	fi
}

expect_text() {
	t=$(pdf_text "$1")
	[ "$t" = "SKIP-TEXT" ] && return
	printf '%s\n' "$t" | grep -q -- "$2" || fail "'$2' not in the text of $1"
}

# usage and errors
expect_exit 0 "$IOA" report --help && expect_grep "Examples" out.txt
expect_exit 2 "$IOA" report -o r.txt && expect_grep "unknown output type" err.txt
expect_exit 2 "$IOA" report --scenario zero
expect_exit 2 "$IOA" report extra
expect_exit 1 "$IOA" report --db missing.db -o m.pdf && expect_grep "missing.db" err.txt
[ -e m.pdf ] && fail "a failed report left m.pdf behind"

# right after ingest: every page is there, the later stages' pages say what is missing
expect_exit 0 "$IOA" ingest -q --db t.db "$SRC/traces/kvm-tiny.dat"
expect_exit 0 "$IOA" report --db t.db -o r.pdf && expect_grep "r.pdf: 7 page" out.txt
check_pdf r.pdf 3
expect_text r.pdf "Timelines"
expect_text r.pdf "No schedules"
expect_text r.pdf "kvm-tiny.dat"
expect_exit 1 "$IOA" report --db t.db --scenario 7 -o s.pdf && expect_grep "scenario 7" err.txt
[ -e s.pdf ] || [ -e s.pdf.tmp ] && fail "a failed report left s.pdf behind"

# one PNG (150 dpi A4 landscape: 1755 x 1240) and one SVG per page
expect_exit 0 "$IOA" report --db t.db -o pages.png
for i in 1 2 3 4 5 6 7; do
	[ -s pages-$i.png ] || { fail "pages-$i.png missing"; continue; }
	magic=$(od -An -c -j1 -N3 pages-$i.png | tr -d ' ')
	expect_eq "pages-$i.png magic" "PNG" "$magic"
done
expect_eq "png size" " 0 0 6 219 0 0 4 216" "$(od -An -tu1 -j16 -N8 pages-1.png | tr -s ' ')"
[ -e pages-8.png ] && fail "8 PNG pages for a 7-page report"
expect_exit 0 "$IOA" report --db t.db -o pages.svg
[ -s pages-7.svg ] && expect_grep "<svg" pages-7.svg

if ! have sqlite3; then
	echo "note: sqlite3 shell missing: fixture pages skipped"
	done_tests
fi

# with the fixture: schedules, metrics, utilisation series, classification and a sweep
sqlite3 t.db <"$SRC/tests/data/report_fixture.sql" || fail "fixture did not apply"
expect_exit 0 "$IOA" report --db t.db -o f.pdf
check_pdf f.pdf 6
expect_text f.pdf "baseline"
expect_text f.pdf "optimized"
expect_text f.pdf "What-if sweep"
expect_text f.pdf "confidence"
expect_text f.pdf "capacity 100 %"

# 100,000 segments: a few seconds and a modest PDF
sqlite3 t.db <"$SRC/tests/data/report_100k.sql" || fail "100k fixture did not apply"
start=$(date +%s%N)
expect_exit 0 "$IOA" report --db t.db -o big.pdf
ms=$(( ($(date +%s%N) - start) / 1000000 ))
size=$(stat -c %s big.pdf 2>/dev/null || echo 0)
echo "100,000-segment report: $ms ms, $size bytes"
[ "$ms" -lt 15000 ] || fail "100k report took $ms ms"
[ "$size" -lt 5000000 ] || fail "100k report is $size bytes"
check_pdf big.pdf 6
expect_text big.pdf "100000 tasks"
done_tests
