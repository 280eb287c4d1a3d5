# Host + guest time sync on the captures traces/guest-tasks-{a,b} (a guest's own tracefs text,
# no time sync in the recording): after `ingest HOST --guest GUEST` the guest's rows are on the
# host clock. Checked here from the stored rows alone, not from the figures ingest reports:
#  - every sync marker pair is causal: the guest writes "ioaware-sync N" before the host's copy
#    of N arrives over the console (host - guest > 0 for all of them, the smallest < 2 ms);
#  - a guest switches tasks only while its vCPU runs: >= 95 % of the guest's switch instants on
#    CPU c lie inside a host run of the thread of vCPU c, and that share is highest at the
#    stored clock: 1 point lower or more 20 µs either side, 5 points at 50 µs, 10 points at the
#    markers' offset alone. So the guest lands on the host clock within 20 µs.
# And --guest-offset: a given offset moves every guest row by exactly that, and 1 ms off
# shows in the same check (the check can fail).
. "$(dirname "$0")/lib.bash"

TRACES="$SRC/traces"

q() {
	sqlite3 -batch -noheader "$1" "$2"
}

# share DB SHIFT: % of the guest's switch instants (segment starts and ends on guest CPU c)
# inside a host run of the thread of vCPU c, the guest moved by SHIFT ns
share() {
	q "$1" "CREATE INDEX IF NOT EXISTS seg_tid_start ON segment(trace_id, tid, start_ns);
	WITH g AS (SELECT gv.host_trace_id AS ht, gv.host_tid AS htid, s.t + ($2) AS t
		FROM guest_vcpu gv JOIN (SELECT trace_id, cpu, start_ns AS t FROM segment
			WHERE tid > 0 UNION ALL SELECT trace_id, cpu, end_ns FROM segment
			WHERE tid > 0) s ON s.trace_id = gv.guest_trace_id AND s.cpu = gv.guest_cpu)
	SELECT CAST(1000.0 * SUM((SELECT h.end_ns FROM segment h WHERE h.trace_id = g.ht
		AND h.tid = g.htid AND h.start_ns <= g.t ORDER BY h.start_ns DESC LIMIT 1) >= g.t)
		/ COUNT(*) AS INTEGER) FROM g"
}

# pairs DB: count, smallest and largest host - guest time of the marker pairs, in µs
pairs() {
	q "$1" "WITH m AS (SELECT trace_id, ts_ns,
		CAST(substr(fields, instr(fields, 'ioaware-sync ') + 13) AS INTEGER) AS n
		FROM event WHERE fields LIKE '%ioaware-sync %')
	SELECT printf('%d %d %d', COUNT(*), MIN(h.ts_ns - g.ts_ns) / 1000,
		MAX(h.ts_ns - g.ts_ns) / 1000)
	FROM m g JOIN m h ON h.n = g.n AND h.trace_id = 1 AND g.trace_id = 2"
}

for c in a b; do
	db=$c.db
	expect_exit 0 "$IOA" ingest -q --raw --db $db "$TRACES/guest-tasks-$c.dat" \
		--guest "$TRACES/guest-tasks-$c.guest.txt" || continue
	expect_eq "$c: guest of trace 1" 1 "$(q $db 'SELECT host_trace_id FROM trace WHERE trace_id = 2')"
	read -r n lo hi <<EOF
$(pairs $db)
EOF
	expect_eq "$c: marker pairs" "$(q $db 'SELECT pairs FROM guest_clock')" "$n"
	[ "${lo:--1}" -gt 0 ] && [ "$lo" -lt 2000 ] ||
		fail "$c: a guest marker after the host's copy, or the console never faster than 2 ms: $lo µs"
	at0=$(share $db 0)
	[ "${at0:-0}" -ge 950 ] || fail "$c: $at0 ‰ of guest switches inside their vCPU's host runs"
	for d in 20000:10 50000:50; do
		for s in "${d%:*}" "-${d%:*}"; do
			v=$(share $db "$s")
			[ "${v:-1000}" -le $((at0 - ${d#*:})) ] ||
				fail "$c: at $s ns $v ‰, at the stored clock $at0 ‰"
		done
	done
	refine=$(q $db 'SELECT refine_ns FROM guest_clock')
	v=$(share $db "$((-refine))")
	[ "${v:-1000}" -le $((at0 - 100)) ] || fail "$c: markers alone $v ‰, refined $at0 ‰"
	echo "$c: $n pairs, host - guest $lo .. $hi µs; $at0 ‰ of guest switches inside" \
		"(markers alone $v ‰)"
done

# --guest-offset: the stored offset gives the same rows; 1 ms more moves them all by 1 ms
off=$(q a.db 'SELECT offset_ns FROM guest_clock')
sum() {
	q "$1" "SELECT printf('%d %d %d', COUNT(*), SUM(start_ns), SUM(end_ns)) FROM segment
		WHERE trace_id = 2"
}
expect_exit 0 "$IOA" ingest -q --db same.db "$TRACES/guest-tasks-a.dat" \
	--guest "$TRACES/guest-tasks-a.guest.txt" --guest-offset "$off"
expect_eq "offset given: the same guest rows" "$(sum a.db)" "$(sum same.db)"
expect_eq "offset given: method, pairs" "option|0|$off" \
	"$(q same.db 'SELECT method, pairs, offset_ns FROM guest_clock')"
expect_exit 0 "$IOA" ingest -q --db off.db "$TRACES/guest-tasks-a.dat" \
	--guest "$TRACES/guest-tasks-a.guest.txt" --guest-offset "$((off + 1000000))"
n=$(q a.db 'SELECT COUNT(*) FROM segment WHERE trace_id = 2')
expect_eq "1 ms more: every guest row 1 ms later" \
	"$(q a.db "SELECT printf('%d %d %d', COUNT(*), SUM(start_ns) + $n * 1000000,
		SUM(end_ns) + $n * 1000000) FROM segment WHERE trace_id = 2")" "$(sum off.db)"
expect_eq "1 ms more: the guest's first event" \
	"$(($(q a.db 'SELECT first_ns FROM trace WHERE trace_id = 2') + 1000000))" \
	"$(q off.db 'SELECT first_ns FROM trace WHERE trace_id = 2')"
at0=$(share a.db 0)
v=$(share off.db 0)
[ "${v:-1000}" -le $((at0 - 100)) ] || fail "1 ms off: $v ‰ of guest switches inside, $at0 ‰ synced"
expect_eq "1 ms off, moved back" "$at0" "$(share off.db -1000000)"

done_tests
