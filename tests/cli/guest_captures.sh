# The host+guest captures traces/guest-tasks-{a,b} (traces/capture-guest.sh): guest tasks dd
# (disk), nc (network) and awk (compute) share guest vCPU 0. Bars: the guest clock lands on the
# host's (>= 90 % of the guest's events inside its vCPUs' host runs); each task's profile puts
# >= 95 % of its I/O time in its known category (awk: COMPUTE, I/O < 5 % of its run time); the
# host vCPU segments whose guest time was mostly one of the three are labelled with its
# category in >= 90 % of them with the guest's tasks, in < 60 % by the host's evidence alone.
. "$(dirname "$0")/lib.bash"

TRACES="$SRC/traces"

sql() {
	sqlite3 "$1" "$2"
}

# agreement DB: % of the host vCPU segments whose guest running time was mostly dd, nc or awk
# that carry that task's known category (the tasks' running time inside each host segment)
agreement() {
	sqlite3 "$1" "CREATE INDEX IF NOT EXISTS seg_cpu_start ON segment(trace_id, cpu, start_ns);
	WITH g AS (SELECT guest_trace_id AS id, MAX(s.end_ns - s.start_ns) AS maxlen
		FROM guest_vcpu JOIN segment s ON s.trace_id = guest_trace_id
		GROUP BY guest_trace_id),
	ov AS (SELECT h.segment_id, h.category, t.comm,
		SUM(MIN(h.end_ns, gs.end_ns) - MAX(h.start_ns, gs.start_ns)) AS ns
		FROM vcpu_segments h
		JOIN guest_vcpu gv ON gv.host_trace_id = h.trace_id AND gv.host_tid = h.tid
		JOIN g ON g.id = gv.guest_trace_id
		JOIN segment gs ON gs.trace_id = gv.guest_trace_id AND gs.cpu = gv.guest_cpu
			AND gs.start_ns BETWEEN h.start_ns - g.maxlen AND h.end_ns
			AND gs.end_ns > h.start_ns AND gs.tid > 0
		JOIN guest_task t ON t.trace_id = gs.trace_id AND t.tid = gs.tid
		GROUP BY h.segment_id, gs.tid),
	top AS (SELECT segment_id, category, comm, MAX(ns) AS ns FROM ov GROUP BY segment_id),
	k AS (SELECT *, CASE comm WHEN 'dd' THEN 'STORAGE' WHEN 'nc' THEN 'ETHERNET'
		WHEN 'awk' THEN 'COMPUTE' END AS known FROM top)
	SELECT CAST(100.0 * SUM(category = known) / COUNT(*) AS INTEGER) FROM k
	WHERE known IS NOT NULL"
}

# share DB COMM CAT: % of the I/O time of the tasks named COMM in CAT
share() {
	sql "$1" "SELECT CAST(100.0 * SUM(CASE WHEN i.category = '$3' THEN i.io_ns END) /
		SUM(i.io_ns) AS INTEGER) FROM guest_task t JOIN guest_task_io i
		ON i.trace_id = t.trace_id AND i.tid = t.tid WHERE t.comm = '$2'"
}

for c in a b; do
	db=$c.db
	expect_exit 0 "$IOA" ingest --db $db "$TRACES/guest-tasks-$c.dat" \
		--guest "$TRACES/guest-tasks-$c.guest.txt"
	inside=$(sql $db "SELECT CAST(inside_pct AS INTEGER) FROM guest_clock")
	[ "${inside:-0}" -ge 90 ] || fail "$c: $inside % of guest events inside vCPU runs"
	expect_exit 0 "$IOA" classify --db $db
	for tc in dd:STORAGE nc:ETHERNET; do
		s=$(share $db "${tc%:*}" "${tc#*:}")
		[ "${s:-0}" -ge 95 ] || fail "$c: ${tc%:*}: $s % of its I/O time in ${tc#*:}"
		expect_eq "$c: ${tc%:*} category" "${tc#*:}" \
			"$(sql $db "SELECT DISTINCT category FROM guest_task WHERE comm = '${tc%:*}'")"
	done
	expect_eq "$c: awk" "COMPUTE|0" \
		"$(sql $db "SELECT category, CAST(20 * SUM(io_ns) / SUM(run_ns) AS INTEGER)
			FROM guest_task WHERE comm = 'awk'")"
	with=$(agreement $db)
	[ "${with:-0}" -ge 90 ] || fail "$c: $with % of segments agree with the task that ran"
	expect_exit 0 "$IOA" classify --db $db --no-guest-tasks --guest-ns 0
	alone=$(agreement $db)
	[ "${alone:-100}" -lt 60 ] || fail "$c: host evidence alone agrees in $alone %"
	echo "$c: agreement $with % with the guest's tasks, $alone % by host evidence alone"
done

done_tests
