# ioaware optimize on a real classified trace (traces/kvm-tiny.dat): strict, overlap and edf
# modes, JSON statuses, stored schedules, zero same-category overlap of the optimized schedule
# in strict mode (SQL self-join on placement + task), --window, --scenario on a synth
# scenario, usage errors and exit 3 when deadlines cannot be met.
. "$(dirname "$0")/lib.bash"

command -v jq >/dev/null || { echo "FAIL: jq not installed (tools/install-deps.sh installs it)"; exit 1; }
command -v sqlite3 >/dev/null || { echo "FAIL: sqlite3 not installed (tools/install-deps.sh installs it)"; exit 1; }

expect_exit 0 "$IOA" optimize --help && expect_grep "objective makespan|lateness" out.txt
expect_exit 2 "$IOA" optimize --mode nosuch
expect_exit 2 "$IOA" optimize --window 4:2
expect_exit 2 "$IOA" optimize --objective fastest
expect_exit 2 "$IOA" optimize --scenario 1 --trace 1
expect_exit 1 "$IOA" optimize --db missing.db && expect_grep "no such database" err.txt
[ -e missing.db ] && fail "optimize created missing.db"
"$IOA" synth -q --db notrace.db >/dev/null || fail "synth"
# no trace: a trace-only option is a clear error; without one the synthetic scenario is used
expect_exit 1 "$IOA" optimize --db notrace.db --window 0:1 && expect_grep "no trace in the database" err.txt
expect_exit 0 "$IOA" optimize --db notrace.db --time-limit 0.5 &&
	expect_grep "using scenario 1 (synth seed 1, newest)" err.txt

expect_exit 0 "$IOA" ingest --db t.db "$SRC/traces/kvm-tiny.dat"
expect_exit 0 "$IOA" classify --db t.db
for mode in strict overlap edf; do
	expect_exit 0 "$IOA" optimize --db t.db --mode "$mode" --time-limit 3 --json || continue
	cp out.txt "$mode.json"
	expect_eq "$mode: tasks" 5460 "$(jq .tasks "$mode.json")"
	for kind in as-traced baseline online heuristic optimized; do
		st=$(jq -r ".schedules[] | select(.kind == \"$kind\") | .status" "$mode.json")
		case "$st" in
		optimal | feasible | time_limit) ;;
		*) fail "$mode: $kind status '$st'" ;;
		esac
	done
	sc=$(jq .scenario "$mode.json")
	n=$(sqlite3 t.db "SELECT COUNT(*) FROM schedule WHERE scenario_id = $sc")
	expect_eq "$mode: stored schedules" 5 "$n"
	n=$(sqlite3 t.db "SELECT COUNT(*) FROM placement JOIN schedule USING (schedule_id)
		WHERE scenario_id = $sc AND kind = 'optimized'")
	expect_eq "$mode: optimized placements" 5460 "$n"
	# the optimized makespan is never below its bound
	jq -e '.schedules[] | select(.kind == "optimized") | .makespan_ns >= .bound' \
		"$mode.json" >/dev/null || fail "$mode: makespan below the bound"
done
# strict: no two tasks of one I/O category overlap in time in the optimized schedule
sc=$(jq .scenario strict.json)
n=$(sqlite3 t.db "SELECT COUNT(*) FROM placement a JOIN schedule s USING (schedule_id)
	JOIN task ta ON ta.scenario_id = s.scenario_id AND ta.task_id = a.task_id
	JOIN placement b ON b.schedule_id = a.schedule_id AND b.task_id > a.task_id
	JOIN task tb ON tb.scenario_id = s.scenario_id AND tb.task_id = b.task_id
	WHERE s.scenario_id = $sc AND s.kind = 'optimized' AND ta.category = tb.category
	AND ta.category <> 'COMPUTE' AND a.start_ns < b.end_ns AND b.start_ns < a.end_ns")
expect_eq "strict: same-category overlapping pairs" 0 "$n"
expect_eq "strict: optimized overlap_ns" 0 \
	"$(jq '.schedules[] | select(.kind == "optimized") | .overlap_ns' strict.json)"
# the baseline ignores the category rule: it is checked without it and overlaps
jq -e '.schedules[] | select(.kind == "baseline") | .overlap_ns > 0 and
	(.category_rule_checked | not)' strict.json >/dev/null || fail "baseline overlap"
# the as-traced placement is the trace's own timeline
n=$(sqlite3 t.db "SELECT COUNT(*) FROM placement p JOIN schedule s USING (schedule_id)
	JOIN task t ON t.scenario_id = s.scenario_id AND t.task_id = p.task_id
	JOIN segment g ON g.segment_id = t.segment_id
	WHERE s.scenario_id = $sc AND s.kind = 'as-traced'
	AND (g.start_ns <> p.start_ns OR g.cpu <> p.pcpu)")
expect_eq "as-traced placements off the trace" 0 "$n"

# a window, one pCPU, lateness; the table
expect_exit 0 "$IOA" optimize --db t.db --window 0.2:0.4 --pcpus 1 --objective lateness \
	--time-limit 2
expect_grep "window 0.2-0.4 s" out.txt
expect_grep "^optimized" out.txt
expect_exit 1 "$IOA" optimize --db t.db --window 50:60 && expect_grep "no vCPU segment" err.txt

# a synth scenario: the paper preset, proven optimal
expect_exit 0 "$IOA" synth --db p.db --preset paper
expect_exit 0 "$IOA" optimize --db p.db --scenario 1 --json --time-limit 5
expect_eq "paper: optimized status" optimal \
	"$(jq -r '.schedules[] | select(.kind == "optimized") | .status' out.txt)"
expect_eq "paper: optimized makespan" 38000000 \
	"$(jq '.schedules[] | select(.kind == "optimized") | .makespan_ns' out.txt)"
# deadlines that cannot all be met in EDF mode: exit 3, nothing infeasible stored
sqlite3 p.db "UPDATE task SET deadline_ns = release_ns + dur_ns WHERE scenario_id = 1"
expect_exit 3 "$IOA" optimize --db p.db --scenario 1 --mode edf --json
expect_eq "edf: optimized infeasible" infeasible \
	"$(jq -r '.schedules[] | select(.kind == "optimized") | .status' out.txt)"
done_tests
