# ioaware record, live: needs root, tracefs at /sys/kernel/tracing, /dev/kvm and gcc (skips
# otherwise). Records traces/tinyvm.c (2 vCPU threads "CPU n/KVM"), checks the trace.dat with
# `trace-cmd report` and ingest, and that the tracing state is the same after a normal run,
# Ctrl-C (SIGINT) and errors.
. "$(dirname "$0")/lib.bash"

T=/sys/kernel/tracing
if [ "$(id -u)" -ne 0 ] || [ ! -w "$T/instances" ]; then
	echo "SKIP: needs root and tracefs at $T"
	exit 77
fi
if [ ! -e /dev/kvm ] || ! command -v gcc >/dev/null; then
	echo "SKIP: needs /dev/kvm and gcc"
	exit 77
fi
gcc -O2 -pthread -o tinyvm "$SRC/traces/tinyvm.c" || { echo "FAIL: tinyvm.c"; exit 1; }

state() {
	cat $T/set_event $T/buffer_size_kb $T/tracing_on $T/current_tracer \
		$T/per_cpu/cpu*/buffer_size_kb
	ls $T/instances | grep -E '^ioaware-[0-9]+$'
}
state >before.txt

# a normal run, stopped by the command's exit, then ingested
expect_exit 0 "$IOA" record -o r.dat --ingest --db r.db --duration 10 -- \
	./tinyvm --threads 2 --iterations 1000 --sleep-us 500
cp err.txt record-err.txt
state >after.txt
diff before.txt after.txt >/dev/null || fail "tracing state changed: $(diff before.txt after.txt)"
[ -s r.dat ] || fail "no r.dat"
# the tinyvm process: its tgid and its vCPU threads (other VMMs on the host may be listed too)
tgid=$(awk -F'\t' '$3 == "tinyvm" && $1 == $2 { print $2 }' r.dat.tasks.tsv)
expect_eq "vCPU threads of tinyvm in the tasks file" 2 \
	"$(awk -F'\t' -v g="$tgid" '$2 == g && $3 ~ /^CPU [01]\/KVM$/' r.dat.tasks.tsv | wc -l)"
expect_grep "tasks.tsv: [0-9]* threads" record-err.txt
# tinyvm: 1000 port writes per vCPU
if command -v trace-cmd >/dev/null; then
	trace-cmd report r.dat >report.txt 2>/dev/null || fail "trace-cmd report r.dat failed"
	tids=$(awk -F'\t' -v g="$tgid" '$2 == g { printf "%s|", $1 }' r.dat.tasks.tsv)
	expect_eq "kvm_pio events of tinyvm" 2000 \
		"$(grep -E -- "-(${tids%|}) +\[[0-9]+\] +[0-9.]+: kvm_pio: " report.txt | wc -l)"
fi
"$IOA" info --db r.db >info.txt
expect_grep "tinyvm  *pid $tgid  *2 vCPUs (grouped by tgid)" info.txt
expect_grep "events_by_type" info.txt

# Ctrl-C: the trace is kept, the command stopped, the state restored
"$IOA" record -o int.dat -- ./tinyvm --threads 2 --iterations 0 --sleep-us 500 \
	>int-out.txt 2>int-err.txt &
pid=$!
sleep 1
kill -INT $pid
wait $pid
expect_eq "exit after SIGINT" 0 $?
expect_grep "stopped by signal" int-err.txt
[ -s int.dat ] || fail "no int.dat after SIGINT"
pgrep -x tinyvm >/dev/null && fail "tinyvm still running after SIGINT"
state >after.txt
diff before.txt after.txt >/dev/null || fail "state changed after SIGINT: $(diff before.txt after.txt)"

# errors: nothing touched, nothing left behind
expect_exit 1 "$IOA" record -o /nonexistent/x.dat --duration 1 && expect_grep "/nonexistent" err.txt
expect_exit 2 "$IOA" record -o e.dat --duration 1 --events nosuch:event
expect_grep "nosuch:event" err.txt
[ -e e.dat ] && fail "e.dat left behind after an error"
ls ./*.tmp-* >/dev/null 2>&1 && fail "temp files left behind: $(ls ./*.tmp-*)"
expect_exit 2 "$IOA" record --buffer-kb 0
expect_exit 0 "$IOA" record --help && expect_grep "Examples" out.txt
if command -v setpriv >/dev/null; then
	expect_exit 3 setpriv --reuid=65534 --regid=65534 --clear-groups "$IOA" record \
		-o /tmp/x.dat --duration 1
	expect_grep "run as root" err.txt
fi
state >after.txt
diff before.txt after.txt >/dev/null || fail "state changed after errors: $(diff before.txt after.txt)"
done_tests
