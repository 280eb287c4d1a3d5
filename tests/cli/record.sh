# ioaware record, live (root: skips with a message otherwise). Mounts tracefs when it is not
# mounted, as ioaware record itself does. With /dev/kvm and gcc it records traces/tinyvm.c (2
# vCPU threads "CPU n/KVM"); without, a shell loop of O_DIRECT dd writes. Checks the trace.dat
# with `trace-cmd report` and ingest, and that the top-level tracing state is the same after
# a normal run, Ctrl-C (SIGINT) and errors, and that no instance of ours is left behind
# (ioaware record traces in an instance of its own, so concurrent recordings do not collide).
. "$(dirname "$0")/lib.bash"

T=/sys/kernel/tracing
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: live recording needs root"
	exit 77
fi
if ! mountpoint -q $T; then
	mount -t tracefs nodev $T || { echo "FAIL: cannot mount tracefs at $T"; exit 1; }
fi
KVM=0
if [ -e /dev/kvm ] && command -v gcc >/dev/null; then
	KVM=1
	gcc -O2 -pthread -o tinyvm "$SRC/traces/tinyvm.c" || { echo "FAIL: tinyvm.c"; exit 1; }
else
	echo "note: no /dev/kvm: recording a dd loop instead of a KVM guest"
fi
cat >dd-loop.sh <<'EOS'
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	dd if=/dev/zero of=/var/tmp/ioaware-record-test.$$ bs=4k count=4 oflag=direct conv=notrunc status=none
	sleep 0.02
done
rm -f /var/tmp/ioaware-record-test.$$
EOS

# the top level only: instances of concurrent tracers come and go
state() {
	cat $T/set_event $T/buffer_size_kb $T/tracing_on $T/current_tracer \
		$T/per_cpu/cpu*/buffer_size_kb
}
state >before.txt

# record PID-FILE ARGS...: ioaware record in the background, its pid kept, waited for
record() {
	pidfile=$1
	shift
	"$IOA" record "$@" >out.txt 2>err.txt &
	echo $! >"$pidfile"
	wait $!
}

no_instance() {
	[ ! -d "$T/instances/ioaware-$(cat "$1")" ] || fail "instance ioaware-$(cat "$1") left behind"
}

# a normal run, stopped by the command's exit, then ingested
if [ $KVM = 1 ]; then
	record r.pid -o r.dat --ingest --db r.db --duration 10 -- \
		./tinyvm --threads 2 --iterations 1000 --sleep-us 500
else
	record r.pid -o r.dat --ingest --db r.db --duration 10 -- sh dd-loop.sh
fi
expect_eq "record exit" 0 $?
cp err.txt record-err.txt
no_instance r.pid
state >after.txt
diff before.txt after.txt >/dev/null || fail "tracing state changed: $(diff before.txt after.txt)"
[ -s r.dat ] || fail "no r.dat"
expect_grep "tasks.tsv: [0-9]* threads" record-err.txt
trace-cmd report r.dat >report.txt 2>/dev/null || fail "trace-cmd report r.dat failed"
"$IOA" info --db r.db >info.txt
expect_grep "events_by_type" info.txt
if [ $KVM = 1 ]; then
	# the tinyvm process: its tgid and its vCPU threads (other VMMs may be listed too)
	tgid=$(awk -F'\t' '$3 == "tinyvm" && $1 == $2 { print $2 }' r.dat.tasks.tsv)
	expect_eq "vCPU threads of tinyvm in the tasks file" 2 \
		"$(awk -F'\t' -v g="$tgid" '$2 == g && $3 ~ /^CPU [01]\/KVM$/' r.dat.tasks.tsv | wc -l)"
	# tinyvm: 1000 port writes per vCPU
	tids=$(awk -F'\t' -v g="$tgid" '$2 == g { printf "%s|", $1 }' r.dat.tasks.tsv)
	expect_eq "kvm_pio events of tinyvm" 2000 \
		"$(grep -E -- "-(${tids%|}) +\[[0-9]+\] +[0-9.]+: kvm_pio: " report.txt | wc -l)"
	expect_grep "tinyvm  *pid $tgid  *2 vCPUs (grouped by tgid)" info.txt
else
	# 20 dd processes, each 4 direct writes of 4 KiB (issued by dd, or by a kernel thread
	# when the queue was busy)
	expect_eq "dd processes" 20 "$(grep -c 'task_rename:.*newcomm=dd' report.txt)"
	n=$(grep -c 'block_rq_issue: .* WS\? 4096 () ' report.txt)
	[ "$n" -ge 80 ] || fail "$n direct 4 KiB writes, expected at least 80"
	n=$(sqlite3 r.db "SELECT COUNT(*) FROM thread WHERE comm = 'dd'")
	expect_eq "dd threads in the database" 20 "$n"
fi

# Ctrl-C: the trace is kept, the command stopped, the state restored
if [ $KVM = 1 ]; then
	"$IOA" record -o int.dat -- ./tinyvm --threads 2 --iterations 0 --sleep-us 500 \
		>int-out.txt 2>int-err.txt &
else
	"$IOA" record -o int.dat -- sleep 30 >int-out.txt 2>int-err.txt &
fi
pid=$!
echo $pid >int.pid
sleep 1
kill -INT $pid
wait $pid
expect_eq "exit after SIGINT" 0 $?
expect_grep "stopped by signal" int-err.txt
[ -s int.dat ] || fail "no int.dat after SIGINT"
pgrep -P $pid >/dev/null && fail "the command still runs after SIGINT"
no_instance int.pid
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
	expect_exit 4 setpriv --reuid=65534 --regid=65534 --clear-groups "$IOA" record \
		-o /tmp/x.dat --duration 1
	expect_grep "run as root" err.txt
fi
state >after.txt
diff before.txt after.txt >/dev/null || fail "state changed after errors: $(diff before.txt after.txt)"
done_tests
