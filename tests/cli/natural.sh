# Commands without --trace or --scenario work on the newest input and say which on stderr:
# synth followed by optimize optimizes the synthetic scenario (no new scenario); a trace
# ingested after it is used by the next optimize, a synth made after that trace again wins;
# simulate, sweep, report, plan and export take the newest scenario (plan the newest trace when
# there is no scenario yet); a trace-only option (--window)
# means the newest trace; -q silences the note; an empty database is a clear error.
. "$(dirname "$0")/lib.bash"

q() {
	sqlite3 -batch -noheader "$1" "$2"
}

DB=n.db
TL="--time-limit 0.5"

# synth then optimize: the synthetic scenario, optimized in place
expect_exit 0 "$IOA" synth --db "$DB" --preset paper
expect_exit 0 "$IOA" optimize --db "$DB" $TL && expect_grep "^using scenario 1 (paper preset, newest)$" err.txt
expect_eq "scenarios after synth + optimize" 1 "$(q "$DB" "SELECT COUNT(*) FROM scenario")"
expect_eq "optimized schedule of scenario 1" 1 \
	"$(q "$DB" "SELECT COUNT(*) FROM schedule WHERE scenario_id = 1 AND kind = 'optimized'")"

# the stages after optimize take the newest scenario and say so
expect_exit 0 "$IOA" simulate --db "$DB" && expect_grep "^using scenario 1 (paper preset, newest)$" err.txt
expect_exit 0 "$IOA" sweep --db "$DB" --pcpus 2 --modes strict $TL &&
	expect_grep "^using scenario 1 (paper preset, newest)$" err.txt
expect_exit 0 "$IOA" report --db "$DB" -o r.svg &&
	expect_grep "^using scenario 1 (paper preset, newest with an optimized schedule)$" err.txt
expect_exit 0 "$IOA" plan --db "$DB" --pcpus 2-3 --time-limit 0.2 &&
	expect_grep "^using scenario 1 (paper preset, newest)$" err.txt
expect_exit 0 "$IOA" simulate -q --db "$DB"
[ -s err.txt ] && fail "-q still says which scenario: $(cat err.txt)"

# a trace ingested after the synth is the newest input: optimize builds scenario 2 from it
expect_exit 0 "$IOA" ingest -q --db "$DB" "$SRC/traces/kvm-tiny.dat"
expect_exit 0 "$IOA" classify -q --db "$DB"
expect_exit 0 "$IOA" optimize --db "$DB" $TL &&
	expect_grep "^using trace 1 (.*kvm-tiny.dat, newest)$" err.txt
expect_eq "scenario 2 from trace 1" "1" "$(q "$DB" "SELECT trace_id FROM scenario WHERE scenario_id = 2")"
expect_exit 0 "$IOA" simulate --db "$DB" && expect_grep "^using scenario 2 (" err.txt

# a synth made after that trace is the newest input again
expect_exit 0 "$IOA" synth -q --db "$DB" --vms 2 --tasks 20 --pcpus 2 --seed 5
expect_exit 0 "$IOA" optimize --db "$DB" $TL && expect_grep "^using scenario 3 (synth seed 5, newest)$" err.txt
expect_eq "scenarios" 3 "$(q "$DB" "SELECT COUNT(*) FROM scenario")"

# an option that only a trace has: the newest trace, whatever the newest scenario
expect_exit 0 "$IOA" optimize --db "$DB" $TL --window 0:10 &&
	expect_grep "^using trace 1 (" err.txt
expect_eq "scenario 4 from trace 1" "1" "$(q "$DB" "SELECT trace_id FROM scenario WHERE scenario_id = 4")"

# plan on a database with a trace and no scenario yet: a new scenario of the newest trace
expect_exit 0 "$IOA" ingest -q --db p.db "$SRC/traces/kvm-tiny.dat"
expect_exit 0 "$IOA" classify -q --db p.db
expect_exit 0 "$IOA" plan --db p.db --pcpus 1-2 --time-limit 0.2 &&
	expect_grep "^using trace 1 (.*kvm-tiny.dat, newest)$" err.txt
expect_eq "plan's scenario of trace 1" "1|1" "$(q p.db "SELECT scenario_id, trace_id FROM scenario")"
expect_exit 0 "$IOA" plan --db p.db --pcpus 1-2 --time-limit 0.2 &&
	expect_grep "^using scenario 1 (trace 1, newest)$" err.txt

# explicit selectors are not announced
expect_exit 0 "$IOA" simulate --db "$DB" --scenario 3
grep -q "^using" err.txt && fail "--scenario 3 announced: $(cat err.txt)"

# a database with neither: a clear error, exit 1
expect_exit 0 "$IOA" ingest -q --db empty.db "$SRC/traces/kvm-tiny.dat"
q empty.db "PRAGMA foreign_keys = ON; DELETE FROM trace" || fail "cannot empty the database"
expect_exit 1 "$IOA" optimize --db empty.db $TL &&
	expect_grep "no trace and no scenario in the database (run ingest or synth)" err.txt
expect_exit 1 "$IOA" simulate --db empty.db && expect_grep "no scenario (run synth or optimize)" err.txt

done_tests
