#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# capture.sh: capture a small, real KVM-host trace of this machine with a known workload.
#
# `trace-cmd record` cannot run here (it fails writing /proc/sys/kernel/ftrace_enabled), so the
# events are enabled through tracefs directly and the ring buffer is saved with
# `trace-cmd extract`. The tracing state we touch (enabled events, buffer size, tracing_on) is
# saved first and restored on every exit path, Ctrl-C included.
#
# Workload, all at once for --duration seconds:
#   vm-bus      tinyvm, 2 vCPU threads "CPU 0/KVM", "CPU 1/KVM": out 0x3f8 + mmio write + hlt
#   vm-storage  tinyvm, single-threaded: out 0x1f0 + mmio write + hlt
#   disk        a loop of O_DIRECT dd writes and reads on a temp file of the host disk
#   net         a rate-limited loopback TCP transfer (python3 server + client)
# Each workload's begin and end is written to trace_marker ("ioaware-phase begin NAME"), so the
# phase windows are in the trace itself, in trace clock time; they are also listed in
# OUT.phases.tsv. OUT.tasks.tsv maps each workload thread (tid, tgid, comm, cmdline) as read
# from /proc while it ran.
#
# Usage: sudo traces/capture.sh [-o OUT.dat] [-d SECONDS] [-b BUFFER_KB] [-s BUS_SLEEP_US] [-z]
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=traces/lib-tracefs.sh
. "$HERE/lib-tracefs.sh"
OUT=$HERE/kvm-tiny.dat
DURATION=1.5
BUFFER_KB=8192
BUS_SLEEP_US=500
STORAGE_SLEEP_US=2000
NET_CHUNKS_PER_S=500
ZLIB=0

EVENTS=("${TFS_EVENTS_DEFAULT[@]}")

usage() {
	cat <<EOF
Usage: sudo $0 [OPTIONS]
Capture a real trace.dat of a known KVM-host workload through tracefs + trace-cmd extract.

  -o FILE        output trace.dat (default traces/kvm-tiny.dat); FILE minus .dat gets
                 .tasks.tsv and .phases.tsv beside it
  -d SECONDS     workload duration (default $DURATION)
  -b KB          per-CPU ring buffer size in KiB (default $BUFFER_KB)
  -s US          host sleep per hlt of the vm-bus guest (default $BUS_SLEEP_US; 0 = flat out)
  -z             also write FILE.zlib.dat with \`trace-cmd convert --compression zlib\`
  -h             this text
EOF
}

die() {
	echo "capture.sh: $*" >&2
	exit 1
}

while getopts "o:d:b:s:zh" opt; do
	case $opt in
	o) OUT=$OPTARG ;;
	d) DURATION=$OPTARG ;;
	b) BUFFER_KB=$OPTARG ;;
	s) BUS_SLEEP_US=$OPTARG ;;
	z) ZLIB=1 ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || { usage >&2; exit 2; }

[ "$(id -u)" -eq 0 ] || die "needs root (tracefs and /dev/kvm)"
[ -w $TFS/set_event ] || die "$TFS: not mounted or not writable"
[ -e /dev/kvm ] || die "/dev/kvm: missing"
command -v trace-cmd >/dev/null || die "trace-cmd: not installed"
PYTHON=$(command -v /usr/bin/python3 python3 | head -n1) || die "python3: not installed"
DURATION_MS=$(awk -v d="$DURATION" 'BEGIN { printf "%d", d * 1000 }')
[ "$DURATION_MS" -gt 0 ] || die "-d $DURATION: not a positive duration"

BASE=${OUT%.dat}
TASKS=$BASE.tasks.tsv
PHASES=$BASE.phases.tsv
WORK=$(mktemp -d /tmp/ioaware-capture.XXXXXX)
# O_DIRECT needs a real block device under the file, never tmpfs.
DISKDIR=$(mktemp -d /var/tmp/ioaware-dd.XXXXXX)
PIDS=()

# --- tracing state: save, restore -------------------------------------------------------------

tfs_save "$WORK"

restore() {
	local rc=$? pid
	trap - EXIT INT TERM
	set +e	# restore as much as possible
	for pid in "${PIDS[@]}"; do	# each phase shell and its children (tinyvm, dd, python3)
		pkill -P "$pid" 2>/dev/null
		kill "$pid" 2>/dev/null
	done
	wait 2>/dev/null || true
	tfs_restore
	rm -rf "$WORK" "$DISKDIR"
	exit $rc
}
trap restore EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- workload ---------------------------------------------------------------------------------

marker() {
	tfs_marker "ioaware-phase $1 $2"
}

build_tinyvm() {
	gcc -O2 -Wall -pthread -o "$WORK/tinyvm" "$HERE/tinyvm.c" || die "tinyvm.c: build failed"
}

# phase NAME CMD...: run CMD in the background between two markers.
phase() {
	local name=$1
	shift
	(
		marker begin "$name"
		"$@"
		marker end "$name"
	) &
	PIDS+=($!)
	echo "$name $!" >>"$WORK/phase-pids"
}

disk_loop() {
	local end=$(($(date +%s%N) + DURATION_MS * 1000000))
	dd if=/dev/zero of="$DISKDIR/blk" bs=4k count=256 oflag=direct status=none
	while [ "$(date +%s%N)" -lt $end ]; do
		dd if=/dev/zero of="$DISKDIR/blk" bs=4k count=16 oflag=direct conv=notrunc status=none
		dd if="$DISKDIR/blk" of=/dev/null bs=4k count=16 iflag=direct status=none
		sleep 0.02
	done
}

# A server thread and a client in one python3 process: the client sends 16 KiB every
# 1/NET_CHUNKS_PER_S s over 127.0.0.1 for the duration.
net_transfer() {
	"$PYTHON" - "$DURATION" "$NET_CHUNKS_PER_S" <<'EOF'
import socket, sys, threading, time
duration, rate = float(sys.argv[1]), int(sys.argv[2])
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
def sink():
    conn, _ = srv.accept()
    while conn.recv(65536):
        pass
t = threading.Thread(target=sink, name="net-sink")
t.start()
cli = socket.create_connection(srv.getsockname())
buf, end = b"x" * 16384, time.monotonic() + duration
while time.monotonic() < end:
    cli.sendall(buf)
    time.sleep(1.0 / rate)
cli.close()
t.join()
EOF
}

# tid, tgid, comm, cmdline of every thread of each phase's shell and its children (tinyvm,
# python3; the dd processes are too short-lived and are left out), read while they run.
record_tasks() {
	local name pid tgid task tid comm cmd
	printf 'phase\ttid\ttgid\tcomm\tcmdline\n' >"$TASKS"
	while read -r name pid; do
		for tgid in "$pid" $(pgrep -P "$pid" -x 'tinyvm|python3'); do
			[ -d "/proc/$tgid" ] || continue
			cmd=$(tr '\0' ' ' <"/proc/$tgid/cmdline" 2>/dev/null | sed 's/ $//') || continue
			for task in "/proc/$tgid"/task/*; do
				tid=${task##*/}
				comm=$(cat "$task/comm" 2>/dev/null) || continue
				printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$tid" "$tgid" "$comm" "$cmd"
			done
		done
	done <"$WORK/phase-pids" >>"$TASKS"
}

build_tinyvm
tfs_setup "$BUFFER_KB" "${EVENTS[@]}"
: >"$WORK/phase-pids"

echo 1 >$TFS/tracing_on
phase vm-bus "$WORK/tinyvm" --threads 2 --port 0x3f8 --mmio 0xfebf0000 \
	--sleep-us "$BUS_SLEEP_US" --iterations 0 --duration-ms "$DURATION_MS"
phase vm-storage "$WORK/tinyvm" --threads 1 --port 0x1f0 --mmio 0xfebf0000 \
	--sleep-us "$STORAGE_SLEEP_US" --iterations 0 --duration-ms "$DURATION_MS"
phase disk disk_loop
phase net net_transfer
sleep 0.3
record_tasks
for pid in "${PIDS[@]}"; do
	wait "$pid" || die "a workload failed (pid $pid)"
done
PIDS=()
echo 0 >$TFS/tracing_on

# --- save ---------------------------------------------------------------------------------------

dropped=$(tfs_lost)
[ "$dropped" -eq 0 ] || echo "capture.sh: warning: $dropped events lost; raise -b" >&2
tfs_extract "$OUT" || die "trace-cmd extract failed"
# Phase windows from the markers, in trace clock seconds.
tfs_phases "$OUT" s >"$PHASES"

if [ "$ZLIB" -eq 1 ]; then
	if trace-cmd convert --file-version 7 --compression zlib -i "$OUT" -o "$BASE.zlib.dat" \
		>"$WORK/convert.log" 2>&1; then
		echo "capture.sh: wrote $BASE.zlib.dat"
	else
		rm -f "$BASE.zlib.dat"
		echo "capture.sh: zlib copy skipped: $(tail -n1 "$WORK/convert.log")" >&2
	fi
fi
echo "capture.sh: wrote $OUT ($(stat -c %s "$OUT") bytes), $TASKS, $PHASES"
