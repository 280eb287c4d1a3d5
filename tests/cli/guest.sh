# Host + guest recordings without time sync: `ingest HOST --guest GUEST` (marker pairs or
# --guest-offset), the guest task profiles of classify (`show tasks`, table guest_task) and the
# host vCPU segments labelled by the guest tasks that ran in them, on a hand-checked excerpt
# (tests/data/guest-excerpt.*.txt): guest tasks dd (disk) and nc (network) alternate on guest
# CPU 0, whose host thread "CPU 0/TCG" runs four segments, 1-2, 3-5, 6-8 and 9-11 ms: dd runs
# in the first and third, nc in the second and fourth (each switch 50 µs before a segment's
# end: a guest's events happen only while its vCPU runs). dd's requests complete (and its IRQ
# handler runs) while nc runs, and a packet arrives while dd runs, so the guest's own events
# alone point the wrong way in segment 3.
. "$(dirname "$0")/lib.bash"

HOST="$SRC/tests/data/guest-excerpt.host.txt"
GUEST="$SRC/tests/data/guest-excerpt.guest.txt"

sql() {
	sqlite3 "$1" "$2"
}

expect_exit 0 "$IOA" show tasks --help && expect_grep "guest" out.txt
expect_exit 2 "$IOA" ingest --guest "$GUEST" "$HOST" "$HOST"
expect_exit 2 "$IOA" ingest --guest "$GUEST" --guest-offset 1.5 "$HOST"
expect_exit 2 "$IOA" ingest --guest "$GUEST" --guest-vm 0 "$HOST"
expect_exit 2 "$IOA" show tasks extra
expect_exit 2 "$IOA" show tasks --trace x
expect_exit 2 "$IOA" classify --rq-weight x

# marker pairs: 1.000080 - 0.000050 and 1.010200 - 0.010100 s: offset 1 s + 30 µs, spread
# 70 µs; every guest event is inside a host run of CPU 0/TCG for shifts of -30 .. +20 µs (the
# first event, 0.000000, and dd's switch-out at 0.001950 bound it): the middle, -5 µs
expect_exit 0 "$IOA" ingest --db ex.db "$HOST" --guest "$GUEST" &&
	expect_grep "offset 1000025000 ns from 2 marker pairs (spread 70000 ns)" err.txt &&
	expect_grep "refined by -5000 ns: 100.0 %" err.txt
expect_eq "guest_clock" "2|1|1000025000|markers|2|70000|-5000|100.0|100.0" \
	"$(sql ex.db 'SELECT * FROM guest_clock')"
expect_eq "guest_vcpu" "2|0|1|500" \
	"$(sql ex.db 'SELECT guest_trace_id, guest_cpu, host_trace_id, host_tid FROM guest_vcpu')"
expect_eq "guest on the host clock" "1|1000025000|1010965000" \
	"$(sql ex.db 'SELECT host_trace_id, first_ns, last_ns FROM trace WHERE trace_id = 2')"
expect_exit 0 "$IOA" ingest --db ex.db "$HOST" --guest "$GUEST" && expect_grep "already" err.txt
expect_eq "ingested once" "2" "$(sql ex.db 'SELECT COUNT(*) FROM trace')"

# the guest's view: each segment takes the category of the task that ran
expect_exit 0 "$IOA" classify --db ex.db && expect_grep "guest tasks: 2 profiled" out.txt
expect_eq "labels" "STORAGE ETHERNET STORAGE ETHERNET" \
	"$(sql ex.db 'SELECT category FROM vcpu_segments ORDER BY start_ns' | tr '\n' ' ' |
		sed 's/ $//')"
expect_eq "evidence names the task" '"dd/50":0.987|"nc/60":0.988' \
	"$(sql ex.db "SELECT DISTINCT substr(evidence, instr(evidence, '\"tasks\":{') + 9, 13)
		FROM vcpu_segments WHERE vcpu = 0 AND start_ns < 1006000000 ORDER BY start_ns" |
		tr '\n' '|' | sed 's/|$//')"
expect_eq "profiles" "50|dd|4990000|7700000|STORAGE|1.0 60|nc|5950000|360000|ETHERNET|1.0" \
	"$(sql ex.db 'SELECT tid, comm, run_ns, io_ns, category, share FROM guest_task
		ORDER BY tid' | tr '\n' ' ' | sed 's/ $//')"
expect_eq "per component" "50|STORAGE|7700000|4|131072 60|ETHERNET|360000|7|9084" \
	"$(sql ex.db 'SELECT tid, category, io_ns, events, bytes FROM guest_task_io
		ORDER BY tid' | tr '\n' ' ' | sed 's/ $//')"
expect_exit 0 "$IOA" show tasks --db ex.db && expect_grep "dd .* STORAGE" out.txt &&
	expect_grep "nc .* ETHERNET" out.txt
expect_exit 0 "$IOA" show --db ex.db tasks --csv &&
	expect_eq "csv rows" "3" "$(wc -l <out.txt | tr -d ' ')"
expect_exit 0 "$IOA" show tasks --db ex.db --json && expect_grep '"comm": "nc"' out.txt
expect_exit 0 "$IOA" show tasks --db ex.db --trace 1 &&
	expect_eq "no tasks in the host trace" "1" "$(wc -l <out.txt | tr -d ' ')"

# the host's evidence alone sees no I/O at all; the guest's events alone point the wrong way
# where nc's packet arrives under dd (segment 3)
expect_exit 0 "$IOA" classify --db ex.db --no-guest-tasks --guest-ns 0
expect_eq "host alone" "COMPUTE COMPUTE COMPUTE COMPUTE" \
	"$(sql ex.db 'SELECT category FROM vcpu_segments ORDER BY start_ns' | tr '\n' ' ' |
		sed 's/ $//')"
expect_exit 0 "$IOA" classify --db ex.db --no-guest-tasks --context own
expect_eq "guest events, no tasks" "STORAGE ETHERNET ETHERNET ETHERNET" \
	"$(sql ex.db 'SELECT category FROM vcpu_segments ORDER BY start_ns' | tr '\n' ' ' |
		sed 's/ $//')"
expect_eq "classify_run params" "1|0" \
	"$(sql ex.db "SELECT json_extract(params, '$.guest_tasks') FROM classify_run
		WHERE trace_id = 1 ORDER BY run_id" | sed -n '1p;$p' | tr '\n' '|' | sed 's/|$//')"

# --guest-offset instead of markers; a guest without markers needs it
grep -v ioaware-sync "$GUEST" >nomarks.txt
expect_exit 1 "$IOA" ingest --db off.db "$HOST" --guest nomarks.txt &&
	expect_grep "give --guest-offset" err.txt
expect_eq "nothing of the guest stored" "1" "$(sql off.db 'SELECT COUNT(*) FROM trace')"
expect_exit 0 "$IOA" ingest --db off.db "$HOST" --guest nomarks.txt --guest-offset 1000000000
expect_eq "offset option" "1000000000|option|0|" \
	"$(sql off.db 'SELECT offset_ns, method, pairs, spread_ns FROM guest_clock')"
expect_exit 1 "$IOA" ingest --db vm.db "$HOST" --guest "$GUEST" --guest-vm 7 &&
	expect_grep "no such VM" err.txt

done_tests
