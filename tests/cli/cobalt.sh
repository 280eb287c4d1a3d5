# A dual-kernel (Xenomai 3 Cobalt) guest: the real-time threads' segments come from the
# co-kernel's own switch events, and only what they do not explain is warned about. The
# same excerpt in trace-cmd report form, tracefs form, and (made here) Xenomai 3.0's printk
# form, which names threads without pids or states.
. "$(dirname "$0")/lib.bash"
DATA="$SRC/tests/data"
Q="SELECT tid, cpu, start_ns - 2000000000000, end_ns - 2000000000000, end_state,
	wake_ns - 2000000000000, waker_tid, partial, co_kernel FROM segment
	ORDER BY cpu, start_ns"

grep -v '^#' "$DATA/xenomai-guest.segments" >want.txt
for form in report tracefs; do
	expect_exit 0 "$IOA" ingest -q --db "$form.db" "$DATA/xenomai-guest.$form" || continue
	sqlite3 "$form.db" "$Q" >got.txt
	diff -u want.txt got.txt >diff.txt || fail "$form: segments differ: $(cat diff.txt)"
	"$IOA" info --db "$form.db" >info.txt
	expect_grep "10 cobalt_switch_context events gave 7 real-time thread segments" info.txt
	expect_grep "1 of them did not follow what the cpu was running" info.txt
	expect_grep "1 times the running thread of a cpu was not the one" info.txt
	expect_eq "$form: warnings" 2 "$(sqlite3 "$form.db" 'SELECT count(*) FROM warning')"
	expect_eq "$form: names" "ctl-loop ecat-rx hmi-sync" \
		"$(sqlite3 "$form.db" "SELECT group_concat(comm, ' ') FROM (SELECT comm FROM
			thread WHERE tid IN (812, 813, 815) ORDER BY tid)")"
done

# Xenomai 3.0: "prev=%p(name) next=%p(name)", cobalt_thread_resume without name or pid
sed -E -e 's/prev_name=([^ ]+) prev_pid=[-0-9]+ prev_prio=[-0-9]+ prev_state=0x[0-9a-f]+ ==> next_name=([^ ]+) next_pid=[-0-9]+ next_prio=[-0-9]+$/prev=0xffff9d2a40a1c000(\1) next=0xffff9d2a40a1c800(\2)/' \
	-e 's/cobalt_thread_resume: name=[^ ]+ pid=[0-9]+ /cobalt_thread_resume: thread=0xffff9d2a40a1c800 /' \
	"$DATA/xenomai-guest.report" >old.report
expect_eq "3.0 form lines" 10 "$(grep -c 'cobalt_switch_context: prev=0x' old.report)"
# the same runs; the co-kernel's end states and wake-ups are not in that format
awk -F'|' -v OFS='|' '$9 == 1 { if ($5 != "") $5 = "?"; $6 = ""; $7 = "" } { print }' \
	want.txt >want-old.txt
expect_exit 0 "$IOA" ingest -q --db old.db old.report
sqlite3 old.db "$Q" >got.txt
diff -u want-old.txt got.txt >diff.txt || fail "3.0 form: segments differ: $(cat diff.txt)"

# before the co-kernel was known, the same report gave 11 such warnings: the events without
# cobalt_switch_context still say why the co-kernel's switches cannot be followed
grep -v cobalt_switch_context "$DATA/xenomai-guest.report" >noswitch.report
expect_exit 0 "$IOA" ingest -q --db noswitch.db noswitch.report
"$IOA" info --db noswitch.db >info.txt
expect_grep "events without cobalt_switch_context" info.txt
done_tests
