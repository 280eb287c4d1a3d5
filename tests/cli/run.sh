# ioaware run: the whole pipeline on a real trace of traces/, its summary, reuse on a second
# run, and a clean failure (nothing written) on a bad trace.
. "$(dirname "$0")/lib.bash"
TRACE="$SRC/traces/kvm-tiny.dat"

expect_exit 0 "$IOA" run -o rep.pdf "$TRACE" || done_tests
[ -s rep.pdf ] || fail "no rep.pdf"
[ -s rep.db ] || fail "the database was not kept beside the output"
[ -e rep.db-wal ] && fail "rep.db-wal left behind"
expect_grep "optimized" out.txt
expect_grep "ingest" err.txt
for kind in as-traced baseline online heuristic optimized; do
	expect_eq "$kind schedule" 1 "$(sqlite3 rep.db "SELECT COUNT(*) FROM schedule
		WHERE kind = '$kind' AND scenario_id = (SELECT MAX(scenario_id) FROM scenario)")"
done
expect_eq "classified" 0 "$(sqlite3 rep.db "SELECT COUNT(*) FROM vcpu_segments WHERE category IS NULL")"
# strict mode: the optimized schedule never runs two segments of one I/O category at once
expect_eq "same-category overlap" 0 "$(sqlite3 rep.db "
	WITH p AS (SELECT pl.pcpu, pl.start_ns, pl.end_ns, t.category FROM placement pl
		JOIN schedule s USING (schedule_id) JOIN task t ON t.scenario_id = s.scenario_id
		AND t.task_id = pl.task_id WHERE s.kind = 'optimized'
		AND s.scenario_id = (SELECT MAX(scenario_id) FROM scenario) AND t.category <> 'COMPUTE')
	SELECT COUNT(*) FROM p a JOIN p b ON a.category = b.category AND a.pcpu < b.pcpu
		AND a.start_ns < b.end_ns AND b.start_ns < a.end_ns")"
command -v pdfinfo >/dev/null && { pdfinfo rep.pdf | grep -q "^Pages: *[3-9]" ||
	fail "report has fewer than 3 pages"; }

# again: the trace is reused, not ingested twice
expect_exit 0 "$IOA" run -o rep.pdf "$TRACE"
expect_eq "traces after a second run" 1 "$(sqlite3 rep.db "SELECT COUNT(*) FROM trace")"

# --json: the same summary as one object
expect_exit 0 "$IOA" run -q --json -o rep.pdf "$TRACE"
if command -v python3 >/dev/null; then
	python3 -c 'import json, sys; d = json.load(open("out.txt"))
assert [s["kind"] for s in d["schedules"]] == ["as-traced", "baseline", "online", "heuristic", "optimized"], d
assert d["schedules"][-1]["status"] in ("optimal", "feasible"), d' || fail "run --json: $(head -c 300 out.txt)"
fi

# a bad trace: exit 1, no report, no database left behind
printf 'not a trace\n' >bad.txt
expect_exit 1 "$IOA" run -o bad.pdf bad.txt
[ -e bad.pdf ] && fail "bad.pdf written"
[ -e bad.db ] && fail "bad.db left behind"
expect_exit 2 "$IOA" run
done_tests
