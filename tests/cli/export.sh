# ioaware export --chrome-json: valid JSON in the Chrome trace-event format; one slice per
# placement, on its schedule's process and its pCPU's thread, at its time; no two slices of a
# thread overlap; the counters equal util_series at their times; selectors and errors.
. "$(dirname "$0")/lib.bash"

q() {
	sqlite3 -batch -noheader "$1" "$2"
}

DB=e.db
expect_exit 0 "$IOA" run -q --db "$DB" --time-limit 2 -o e.pdf "$SRC/traces/kvm-tiny.dat"
expect_exit 0 "$IOA" export --db "$DB" --chrome-json e.json && expect_grep "^using scenario 1 (.*, newest with schedules)$" err.txt
jq -e '.traceEvents | length > 0' e.json >/dev/null || fail "not JSON, or no events"
sc=$(q "$DB" "SELECT MAX(scenario_id) FROM scenario")
t0=$(q "$DB" "SELECT MIN(p.start_ns) FROM placement p JOIN schedule s USING (schedule_id)
	WHERE s.scenario_id = $sc")

# the processes are the schedules: pid -> kind
jq -r '.traceEvents[] | select(.ph == "M" and .name == "process_name") | "\(.pid) \(.args.name)"' \
	e.json >pids.txt
expect_eq "processes" "$(q "$DB" "SELECT COUNT(*) FROM schedule WHERE scenario_id = $sc")" \
	"$(wc -l <pids.txt)"

# every placement once, on its pCPU, at its time (µs with ns digits)
KIND='(.traceEvents | map(select(.ph == "M" and .name == "process_name"))
	| map({key: (.pid | tostring), value: .args.name}) | from_entries) as $k'
jq -r "$KIND"' | .traceEvents[] | select(.ph == "X")
	| "\($k[.pid | tostring]) \(.tid) \(.ts) \(.dur) \(.args.task_id)"' e.json |
	awk '{ printf "%s %s %.3f %.3f %s\n", $1, $2, $3, $4, $5 }' | sort >slices.txt
q "$DB" "SELECT s.kind, p.pcpu, printf('%.3f', (p.start_ns - $t0) / 1000.0),
	printf('%.3f', (p.end_ns - p.start_ns) / 1000.0), p.task_id
	FROM placement p JOIN schedule s USING (schedule_id) WHERE s.scenario_id = $sc" |
	tr '|' ' ' | sort >placements.txt
[ -s placements.txt ] || fail "no placements in the database"
cmp -s placements.txt slices.txt ||
	fail "slices differ from placements: $(diff placements.txt slices.txt | head -4)"

# no overlapping slices on a thread
overlaps=$(jq -r '[.traceEvents[] | select(.ph == "X")] | group_by([.pid, .tid])
	| map(sort_by(.ts) | [range(1; length) as $i | select(.[$i].ts < .[$i - 1].ts + .[$i - 1].dur - 0.0015)] | length)
	| add' e.json)
expect_eq "overlapping slices" 0 "$overlaps"

# the names and args: "VM/vCPU N CATEGORY", util %, wait, segment
jq -e '[.traceEvents[] | select(.ph == "X")][0] | (.name | test("^.+/vCPU [0-9]+ [A-Z]+$"))
	and (.args.util_pct >= 0) and (.args.wait_us >= 0) and (.args.segment_id > 0)' e.json \
	>/dev/null || fail "slice names or args: $(jq -c '[.traceEvents[] | select(.ph == "X")][0]' e.json)"

# counters = util_series at their times
jq -r "$KIND"' | .traceEvents[] | select(.ph == "C")
	| "\($k[.pid | tostring]) \(.name) \(.ts) \(.args.util_pct)"' e.json |
	awk '{ printf "%s %s %.3f %.3f\n", $1, $2, $3, $4 }' | sort >counters.txt
q "$DB" "SELECT s.kind, u.component, printf('%.3f', (u.t_ns - $t0) / 1000.0),
	printf('%.3f', u.util_pct) FROM util_series u JOIN schedule s USING (schedule_id)
	WHERE s.scenario_id = $sc" | tr '|' ' ' | sort >series.txt
[ -s series.txt ] || fail "no util_series in the database"
cmp -s series.txt counters.txt ||
	fail "counters differ from util_series: $(diff series.txt counters.txt | head -4)"

# selectors
expect_exit 0 "$IOA" export --db "$DB" --scenario "$sc" --chrome-json s.json
cmp -s e.json s.json || fail "--scenario $sc differs from the default"
expect_exit 0 "$IOA" export --db "$DB" --trace 1 --chrome-json t.json &&
	expect_grep "^using scenario 1 (.*, newest of trace 1)$" err.txt
cmp -s e.json t.json || fail "--trace 1 differs from the default"
expect_exit 1 "$IOA" export --db "$DB" --scenario 99 --chrome-json x.json &&
	expect_grep "no scenario 99" err.txt
[ -e x.json ] && fail "x.json written after an error"
expect_exit 2 "$IOA" export --db "$DB"
expect_exit 2 "$IOA" export --db "$DB" --scenario 1 --trace 1 --chrome-json x.json
expect_exit 2 "$IOA" export --db "$DB" --scenario abc --chrome-json x.json
expect_exit 1 "$IOA" export --db "$DB" --chrome-json /nonexistent/x.json &&
	expect_grep "/nonexistent/x.json" err.txt
expect_exit 0 "$IOA" export --help && expect_grep "Perfetto" out.txt
done_tests
