# Consolidation and growth on the real traces of traces/: `run A B C` and `optimize --trace
# 1,2,3` keep every classified vCPU segment of every trace (none silently left out), --repeat K
# multiplies them by K with offsets that are the same for the same seed, and a trace that is
# not there is an error.
. "$(dirname "$0")/lib.bash"
A="$SRC/traces/kvm-tiny.dat"
B="$SRC/traces/qemu-tcg-a.dat"
C="$SRC/traces/qemu-tcg-b.dat"

expect_exit 0 "$IOA" run -q --json --time-limit 2 -o three.pdf "$A" "$B" "$C" || done_tests
segs=$(sqlite3 three.db "SELECT COUNT(*) FROM vcpu_segments")
expect_eq "traces ingested" 3 "$(sqlite3 three.db "SELECT COUNT(*) FROM trace")"
expect_eq "every segment of every trace is a task" "$segs" \
	"$(sqlite3 three.db "SELECT COUNT(*) FROM task WHERE scenario_id = 1")"
expect_eq "every trace is a part" "1 2 3" \
	"$(sqlite3 three.db "SELECT group_concat(trace_id, ' ') FROM (SELECT trace_id FROM
		scenario_part WHERE scenario_id = 1 ORDER BY position)")"
for t in 1 2 3; do
	expect_eq "segments of trace $t" \
		"$(sqlite3 three.db "SELECT COUNT(*) FROM vcpu_segments WHERE trace_id = $t")" \
		"$(sqlite3 three.db "SELECT COUNT(*) FROM task JOIN segment USING (segment_id)
			WHERE scenario_id = 1 AND trace_id = $t")"
done
if command -v python3 >/dev/null; then
	python3 -c 'import json; d = json.load(open("out.txt"))
assert d["trace_ids"] == [1, 2, 3] and d["scenario_id"] == 1, d
assert d["tasks"] > 0 and len(d["schedules"]) == 5, d' || fail "run --json: $(head -c 300 out.txt)"
fi
# align start: every trace's first segment starts near the first trace's start
expect_eq "aligned at the start" 1 "$(sqlite3 three.db "
	SELECT MAX(o) - MIN(o) < 1000000000 FROM (SELECT p.trace_id, MIN(t.release_ns) - 0 AS o
	FROM task t JOIN segment s USING (segment_id) JOIN scenario_part p
	ON p.scenario_id = t.scenario_id AND p.trace_id = s.trace_id AND p.copy = t.copy
	WHERE t.scenario_id = 1 GROUP BY p.trace_id)")"

# interference: pairs of the as-traced and baseline schedules only, VMs of the scenario, and
# never more time at once than either VM spent on that component
expect_eq "interference kinds" "as-traced baseline" "$(sqlite3 three.db "SELECT group_concat(kind,
	' ') FROM (SELECT DISTINCT s.kind FROM interference JOIN schedule s USING (schedule_id)
	ORDER BY s.kind)")"
expect_eq "interference within each VM's time" 0 "$(sqlite3 three.db "
	WITH busy AS (SELECT vm_id, copy, category, SUM(dur_ns) AS ns FROM task
		WHERE scenario_id = 1 GROUP BY 1, 2, 3)
	SELECT COUNT(*) FROM interference i JOIN schedule s USING (schedule_id)
	LEFT JOIN busy a ON a.vm_id = i.vm_a AND a.copy = i.copy_a AND a.category = i.component
	LEFT JOIN busy b ON b.vm_id = i.vm_b AND b.copy = i.copy_b AND b.category = i.component
	WHERE s.scenario_id = 1 AND (a.ns IS NULL OR b.ns IS NULL OR i.overlap_ns > a.ns
		OR i.overlap_ns > b.ns)")"
command -v pdftotext >/dev/null && { pdftotext three.pdf - | grep -q "should not share a host" ||
	fail "the report does not list the interference pairs"; }

# --repeat 3: three times every task; the same seed twice gives the same scenario
for i in 1 2; do
	expect_exit 0 "$IOA" optimize --db three.db --trace 1,2,3 --repeat 3 --repeat-seed 7 \
		--no-ilp --time-limit 1
done
expect_exit 0 "$IOA" optimize --db three.db --trace 1,2,3 --repeat 3 --repeat-seed 8 \
	--no-ilp --time-limit 1
expect_eq "--repeat 3 tasks" $((3 * segs)) \
	"$(sqlite3 three.db "SELECT COUNT(*) FROM task WHERE scenario_id = 2")"
expect_eq "copies" "0 1 2" "$(sqlite3 three.db "SELECT group_concat(copy, ' ') FROM
	(SELECT DISTINCT copy FROM task WHERE scenario_id = 2 ORDER BY copy)")"
tasks() {
	sqlite3 three.db "SELECT group_concat(release_ns || ':' || dur_ns || ':' || chain || ':' ||
		copy, ',') FROM (SELECT * FROM task WHERE scenario_id = $1 ORDER BY task_id)" | sha256sum
}
expect_eq "--repeat is reproducible" "$(tasks 2)" "$(tasks 3)"
[ "$(tasks 2)" = "$(tasks 4)" ] && fail "another --repeat-seed gave the same offsets"
# each --repeat copy is a VM of its own (vm_id, copy), named NAME#k: 4 VMs x 3 copies, each
# copy with its VM's tasks; a VM's budget holds for its copies, ID#k sets copy k's own
expect_exit 0 "$IOA" simulate --db three.db --scenario 2 --json
expect_eq "VMs of --repeat 3" 12 "$(jq '.schedules[0].vms | length' out.txt)"
expect_eq "copies of vm 3" "0 1 2" \
	"$(jq -r '[.schedules[0].vms[] | select(.vm == 3) | .copy] | join(" ")' out.txt)"
expect_eq "tasks of each copy" "$(sqlite3 three.db "SELECT COUNT(*) FROM task
	WHERE scenario_id = 1 AND vm_id = 3")" \
	"$(jq '[.schedules[0].vms[] | select(.vm == 3) | .tasks] | unique | .[]' out.txt)"
expect_eq "copy names" "#1 #2" "$(jq -r '.schedules[0].vms[] | select(.vm == 3 and .copy > 0) |
	.name' out.txt | sed 's/.*#/#/' | paste -sd ' ')"
expect_eq "per-VM metrics per schedule" 12 "$(sqlite3 three.db "SELECT COUNT(*) FROM metric
	WHERE scope = 'vm' AND name = 'tasks' AND schedule_id = (SELECT MIN(schedule_id)
	FROM schedule WHERE scenario_id = 2)")"
expect_exit 0 "$IOA" plan --db three.db --scenario 2 --pcpus 6 --policies baseline \
	--budget 3=50 --budget '3#2=7' --json
expect_eq "budgets of the copies" '{"3": 50, "3#1": 50, "3#2": 7}' \
	"$(sqlite3 three.db 'SELECT budgets FROM plan ORDER BY plan_id DESC LIMIT 1')"
expect_exit 1 "$IOA" plan --db three.db --scenario 2 --pcpus 6 --budget '3#5=7'
expect_grep "no such VM" err.txt
expect_eq "offsets of seed 7" "$(sqlite3 three.db "SELECT group_concat(offset_ns) FROM
	scenario_part WHERE scenario_id = 2")" "$(sqlite3 three.db "SELECT group_concat(offset_ns)
	FROM scenario_part WHERE scenario_id = 3")"

# a trace given twice counts once; a trace that does not exist is an error, nothing stored
expect_exit 0 "$IOA" optimize --db three.db --trace 2,2 --no-ilp --time-limit 1
expect_eq "a trace given twice" \
	"$(sqlite3 three.db "SELECT COUNT(*) FROM vcpu_segments WHERE trace_id = 2")" \
	"$(sqlite3 three.db "SELECT COUNT(*) FROM task WHERE scenario_id = 5")"
n=$(sqlite3 three.db "SELECT COUNT(*) FROM scenario")
expect_exit 1 "$IOA" optimize --db three.db --trace 1,9
expect_grep "no trace 9" err.txt
expect_eq "nothing stored" "$n" "$(sqlite3 three.db "SELECT COUNT(*) FROM scenario")"
# run passes every file to its stages: 24 arguments and then one more trace (the 25th was
# dropped when run rebuilt argv)
set --
for i in $(seq 24); do set -- "$@" "$A"; done
expect_exit 0 "$IOA" run -q --db three.db --time-limit 1 -o many.pdf "$@" "$C"
expect_eq "the 25th file is in the scenario" "1 3" "$(sqlite3 three.db "SELECT group_concat(trace_id,
	' ') FROM (SELECT trace_id FROM scenario_part WHERE scenario_id = (SELECT MAX(scenario_id)
	FROM scenario) ORDER BY position)")"

# a host+guest pair counts as one host: the guest trace stands for its host trace's VMs
HG="$SRC/tests/data/guest-excerpt"
expect_exit 0 "$IOA" ingest --db hg.db "$HG.host.txt" --guest "$HG.guest.txt" &&
	expect_exit 0 "$IOA" ingest --db hg.db "$A" &&
	expect_exit 0 "$IOA" classify --db hg.db
expect_exit 0 "$IOA" optimize --db hg.db -v --trace 2,1,3 --no-ilp --time-limit 1
expect_grep "trace 2 is a guest of trace 1" err.txt
expect_eq "host+guest parts" "1 3" "$(sqlite3 hg.db "SELECT group_concat(trace_id, ' ') FROM
	(SELECT trace_id FROM scenario_part WHERE scenario_id = 1 ORDER BY position)")"
expect_eq "host+guest tasks" "$(sqlite3 hg.db "SELECT COUNT(*) FROM vcpu_segments
	WHERE trace_id IN (1, 3)")" "$(sqlite3 hg.db "SELECT COUNT(*) FROM task WHERE scenario_id = 1")"
expect_exit 0 "$IOA" optimize --db hg.db --trace 2 --no-ilp --time-limit 1
expect_eq "a guest alone brings its host" "1" "$(sqlite3 hg.db "SELECT group_concat(trace_id)
	FROM scenario_part WHERE scenario_id = 2")"

expect_exit 2 "$IOA" optimize --db three.db --trace 1,x
expect_exit 2 "$IOA" optimize --db three.db --repeat 0
expect_exit 2 "$IOA" run --align sideways "$A"
done_tests
