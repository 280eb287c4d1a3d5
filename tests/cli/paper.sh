# The paper's experiment as a test: `synth --preset paper`, schedules (optimize has no
# --scenario mode yet, so `simulate --compute` builds baseline/online/optimized through the
# optimizer API), then `simulate`: the baseline must exceed 100 % on some component, the
# optimized schedule must stay <= 100 % everywhere and lower the peaks of >= 2 components.
# Also: synth/simulate/sweep usage errors, byte-for-byte synth, the as-traced replay.
. "$(dirname "$0")/lib.bash"

command -v jq >/dev/null || { echo "FAIL: jq not installed (tools/install-deps.sh installs it)"; exit 1; }

expect_exit 0 "$IOA" synth --help && expect_grep "preset paper" out.txt
expect_exit 0 "$IOA" simulate --help && expect_grep "Examples" out.txt
expect_exit 0 "$IOA" sweep --help && expect_grep "random" out.txt
expect_exit 2 "$IOA" synth --preset nosuch
expect_exit 2 "$IOA" synth --util-dist gauss:1:2 && expect_grep "util-dist" err.txt
expect_exit 2 "$IOA" simulate --model nosuch
expect_exit 2 "$IOA" sweep --pcpus 4-2
expect_exit 1 "$IOA" simulate --db missing.db && expect_grep "no such database" err.txt
[ -e missing.db ] && fail "simulate created missing.db"
"$IOA" ingest -q --db noscenario.db "$SRC/traces/kvm-tiny.dat" || fail "ingest"
expect_exit 1 "$IOA" simulate --db noscenario.db && expect_grep "no scenario" err.txt

expect_exit 0 "$IOA" synth --db p.db --preset paper && expect_grep "24 tasks, 4 pCPUs" out.txt
expect_exit 0 "$IOA" simulate --db p.db --compute --time-limit 10
expect_exit 0 "$IOA" simulate --db p.db --json
cp out.txt sim.json
peak() { jq -r ".schedules[] | select(.kind == \"$1\") | .components.$2.max_util_pct" sim.json; }
over=$(jq '[.schedules[] | select(.kind == "baseline") | .components[] | select(.max_util_pct > 100)] | length' sim.json)
[ "$over" -ge 1 ] || fail "baseline exceeds 100 % nowhere"
expect_eq "baseline GPU peak" 113 "$(peak baseline GPU)"
expect_eq "baseline ETHERNET peak" 70 "$(peak baseline ETHERNET)"
expect_eq "baseline CACHE peak" 34 "$(peak baseline CACHE)"
expect_eq "baseline ETHERNET avg" 12.3529 \
	"$(jq -r '.schedules[] | select(.kind == "baseline") | .components.ETHERNET.avg_util_pct' sim.json)"
high=$(jq '[.schedules[] | select(.kind == "optimized") | .components[] | select(.max_util_pct > 100)] | length' sim.json)
expect_eq "optimized components above 100 %" 0 "$high"
lower=0
for c in RAM ETHERNET BUS GPU STORAGE CACHE; do
	b=$(peak baseline $c)
	o=$(peak optimized $c)
	[ -n "$o" ] || fail "no optimized schedule"
	awk -v b="$b" -v o="$o" 'BEGIN { exit !(o < b) }' && lower=$((lower + 1))
done
[ "$lower" -ge 2 ] || fail "optimized lowers only $lower component peaks"
expect_eq "optimized STORAGE peak" 30 "$(peak optimized STORAGE)"
# stored: metrics and series of every schedule
n=$(sqlite3 p.db "SELECT COUNT(DISTINCT schedule_id) FROM metric WHERE name = 'max_util_pct'")
expect_eq "schedules with metrics" 3 "$n"
n=$(sqlite3 p.db "SELECT util_pct FROM util_series s JOIN schedule x USING (schedule_id)
	WHERE kind = 'baseline' AND component = 'GPU' ORDER BY t_ns LIMIT 1")
expect_eq "baseline GPU series, first step (t0)" 113.0 "$n"

# the same seed gives the same tasks, byte for byte
expect_exit 0 "$IOA" synth --db a.db --tasks 300 --arrival poisson --seed 9
expect_exit 0 "$IOA" synth --db b.db --tasks 300 --arrival poisson --seed 9
q="SELECT group_concat(task_id||','||release_ns||','||dur_ns||','||category||','||util_pct||','||chain, ';') FROM task"
expect_eq "same seed, same tasks" "$(sqlite3 a.db "$q")" "$(sqlite3 b.db "$q")"

# sweep over P on the preset: stored points
expect_exit 0 "$IOA" sweep --db p.db --pcpus 3-4 --modes strict --time-limit 2 --csv
expect_grep "^4,strict,100,baseline" out.txt
n=$(sqlite3 p.db "SELECT COUNT(*) FROM sweep_point")
expect_eq "sweep points" 6 "$n"

# the as-traced schedule of a real trace replays its measured timeline exactly
expect_exit 0 "$IOA" ingest --db t.db "$SRC/traces/kvm-tiny.dat"
expect_exit 0 "$IOA" simulate --db t.db --trace 1
expect_grep "no stretch max error 0 ns" out.txt
done_tests
