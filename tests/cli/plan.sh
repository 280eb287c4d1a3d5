# ioaware plan: the paper preset planned with a 10 ms budget (answers checked against the
# points: P holds, P - 1 fails), stored rows, usage errors, per-VM latency in simulate --json,
# and a plan of a real trace.
. "$(dirname "$0")/lib.bash"

command -v jq >/dev/null || { echo "FAIL: jq not installed (tools/install-deps.sh installs it)"; exit 1; }

expect_exit 0 "$IOA" plan --help && expect_grep "p99 wait" out.txt
expect_exit 2 "$IOA" plan --pcpus 4-2
expect_exit 2 "$IOA" plan --budget nosuch
expect_exit 2 "$IOA" plan --policies baseline,nosuch
expect_exit 2 "$IOA" plan --scenario 1 --trace 1
expect_exit 1 "$IOA" plan --db missing.db && expect_grep "no such database" err.txt

expect_exit 0 "$IOA" synth --db p.db --preset paper
expect_exit 1 "$IOA" plan --db p.db --budget nosuch=3 && expect_grep "no such VM" err.txt
expect_exit 0 "$IOA" plan --db p.db --budget-ms 10 --time-limit 1 --json
cp out.txt plan.json
j() { jq -r "$1" plan.json; }
expect_eq "budget" 10 "$(j .budget_ms)"
expect_eq "online cores" 3 "$(j .policies.online.cores)"
expect_eq "optimum cores" 3 "$(j .policies.optimized.cores)"
expect_eq "online binding" wait "$(j .policies.online.binding)"
expect_eq "baseline cores" null "$(j .policies.baseline.cores)"
expect_eq "baseline binding" overload "$(j .policies.baseline.binding)"
expect_eq "baseline peak GPU at the range end" 113 "$(j .policies.baseline.peak_pct.GPU)"
expect_eq "points" 24 "$(j '.points | length')"
for pol in online optimized; do
	expect_eq "$pol holds at 3" true "$(j ".points[] | select(.policy == \"$pol\" and .pcpus == 3) | .holds")"
	expect_eq "$pol fails at 2" false "$(j ".points[] | select(.policy == \"$pol\" and .pcpus == 2) | .holds")"
done
expect_eq "baseline holds nowhere" 0 "$(j '[.points[] | select(.policy == "baseline" and .holds)] | length')"
expect_grep "the I/O-aware online policy 3, the optimum 3" plan.json
expect_eq "stored policies" 3 "$(sqlite3 p.db 'SELECT COUNT(*) FROM plan_policy')"
expect_eq "stored points" 24 "$(sqlite3 p.db 'SELECT COUNT(*) FROM plan_point')"
expect_eq "stored cores" "|3|3" \
	"$(sqlite3 p.db "SELECT group_concat(IFNULL(cores, ''), '|') FROM plan_policy")"

# a per-VM budget overrides the default; the table and CSV forms
expect_exit 0 "$IOA" plan --db p.db --budget-ms 10 --budget 1=20 --budget 2=20 --budget 3=20 \
	--budget 'vm 4=20' --pcpus 2-4 --policies online --csv
expect_grep "^2,online,1," out.txt
expect_exit 0 "$IOA" plan --db p.db --budget-ms 10 --pcpus 1-4 --policies online
expect_grep "the I/O-aware online policy needs 3 cores" out.txt
expect_eq "budgets stored" '{"1": 20, "2": 20, "3": 20, "4": 20}' "$(sqlite3 p.db 'SELECT budgets FROM plan WHERE plan_id = 2')"

# simulate: per-VM latency in every schedule object
expect_exit 0 "$IOA" simulate --db p.db --compute --time-limit 2 --json
expect_eq "schedules with vms" 3 "$(jq '[.schedules[] | select(.vms | length == 4)] | length' out.txt)"
expect_eq "online vm 2 p99" 10 \
	"$(jq '.schedules[] | select(.kind == "online") | .vms[] | select(.vm == 2) | .p99_wait_ms' out.txt)"
expect_eq "vm metrics stored" 12 \
	"$(sqlite3 p.db "SELECT COUNT(*) FROM metric WHERE scope = 'vm' AND name = 'p99_wait_s'")"

# a real trace: its vCPU segments become a scenario, planned
expect_exit 0 "$IOA" ingest -q --db t.db "$SRC/traces/kvm-tiny.dat"
expect_exit 0 "$IOA" classify -q --db t.db
expect_exit 0 "$IOA" plan --db t.db --trace 1 --pcpus 1-2 --time-limit 0.5
expect_grep "^for p99 wait ≤ 1 ms and no component above 100 %: shortest run queue" out.txt
expect_eq "trace scenario" trace "$(sqlite3 t.db 'SELECT source FROM scenario s JOIN plan USING (scenario_id)')"
# several traces are one scenario (consolidated), every one of them planned
expect_exit 0 "$IOA" ingest -q --db t.db "$SRC/traces/qemu-tcg-a.dat"
expect_exit 0 "$IOA" classify -q --db t.db --trace 2
expect_exit 0 "$IOA" plan --db t.db --trace 1,2 --pcpus 1-2 --policies baseline,online --json
expect_eq "tasks of both traces" "$(sqlite3 t.db "SELECT COUNT(*) FROM vcpu_segments")" \
	"$(sqlite3 t.db 'SELECT COUNT(*) FROM task WHERE scenario_id = (SELECT MAX(scenario_id) FROM plan)')"

# --grow: one plan per K copies of kvm-tiny (each its own scenario with K times the tasks and
# VMs) until no policy holds; with a budget nothing meets it stops at K = 1
segs=$(sqlite3 t.db "SELECT COUNT(*) FROM vcpu_segments WHERE trace_id = 1")
expect_exit 0 "$IOA" plan --db t.db --trace 1 --grow 3 --pcpus 1-3 --policies baseline,online \
	--time-limit 0.2 --json
cp out.txt grow.json
expect_eq "growth rows" "1 2 3" "$(jq -r '[.growth[].repeat] | join(" ")' grow.json)"
expect_eq "growth tasks" "$segs $((2 * segs)) $((3 * segs))" \
	"$(jq -r '[.growth[].tasks] | join(" ")' grow.json)"
expect_eq "growth VMs: each copy its own" "2 4 6" "$(jq -r '[.growth[].vms] | join(" ")' grow.json)"
expect_eq "a scenario per K" 3 "$(jq '[.growth[].scenario] | unique | length' grow.json)"
last=$(jq '.growth[2].scenario' grow.json)
expect_eq "K = 3 stored" $((3 * segs)) \
	"$(sqlite3 t.db "SELECT COUNT(*) FROM task WHERE scenario_id = $last")"
expect_eq "its plan stored" 1 "$(sqlite3 t.db "SELECT COUNT(*) FROM plan WHERE scenario_id = $last")"
expect_eq "grow answer = plan answer" "$(jq '.growth[2].policies.online.cores' grow.json)" \
	"$(sqlite3 t.db "SELECT IFNULL(cores, 'null') FROM plan_policy JOIN plan USING (plan_id)
		WHERE scenario_id = $last AND policy = 'online'")"
expect_exit 0 "$IOA" plan --db t.db --trace 1 --grow 3 --pcpus 1-2 --policies online \
	--budget-ms 0.000001 --time-limit 0.2
expect_grep "^from K = 1 no P of 1-2 holds for any policy" out.txt
expect_exit 2 "$IOA" plan --db t.db --grow 3
expect_exit 2 "$IOA" plan --db t.db --trace 1 --grow 3 --repeat 2

# run plans by default and prints the answer; --no-plan skips it
expect_exit 0 "$IOA" run -q -o r.pdf --time-limit 1 --plan-time 0.5 "$SRC/traces/kvm-tiny.dat"
expect_grep "^plan: for p99 wait ≤ 1 ms and no component above 100 %: shortest run queue" out.txt
expect_eq "run stored a plan" 1 "$(sqlite3 r.db 'SELECT COUNT(*) FROM plan')"
expect_exit 0 "$IOA" run -q -o r2.pdf --no-plan --json "$SRC/traces/kvm-tiny.dat"
expect_eq "no plan with --no-plan" 0 "$(sqlite3 r2.db 'SELECT COUNT(*) FROM plan')"
expect_exit 0 "$IOA" run -q -o r.pdf --time-limit 1 --plan-time 0.5 --json "$SRC/traces/kvm-tiny.dat"
expect_eq "run --json plan" 3 "$(jq '.plan.cores | length' out.txt)"
done_tests
