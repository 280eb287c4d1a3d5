#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# capture-small.sh: makes the small real captures the tests read beside traces/ (root, tracefs,
# trace-cmd, perf, python3). Run from anywhere; writes into this directory:
#   small.txt   raw tracefs text (`cat instances/NAME/trace`) of one short window
#   small.dat   the same ring buffers, `trace-cmd extract -B NAME` (trace.dat v7, zstd)
#   perf.data   a separate `perf record -a` of the same kinds of tracepoints
# Workload: an O_DIRECT dd loop on a temp file of the host disk and a loopback TCP transfer.
# Usage: sudo tests/data/capture-small.sh [-d SECONDS]
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../traces/lib-tracefs.sh
. "$HERE/../../traces/lib-tracefs.sh"
DURATION=0.3
while getopts d:h opt; do
	case $opt in
	d) DURATION=$OPTARG ;;
	h) sed -n '3,10p' "$0"; exit 0 ;;
	*) exit 2 ;;
	esac
done
die() {
	tfs_say "$*"
	exit 1
}
[ "$(id -u)" -eq 0 ] || die "needs root (tracefs, perf -a)"
command -v trace-cmd >/dev/null || die "trace-cmd: not installed"
command -v perf >/dev/null || die "perf: not installed"
PYTHON=$(command -v /usr/bin/python3 python3 | head -n1) || die "python3: not installed"
WORK=$(mktemp -d /tmp/ioaware-small.XXXXXX)
DISKDIR=$(mktemp -d /var/tmp/ioaware-dd.XXXXXX)
trap 'tfs_restore; rm -rf "$WORK" "$DISKDIR"' EXIT

workload() {
	local end
	end=$(($(date +%s%N) + $(awk -v d="$DURATION" 'BEGIN { printf "%d", d * 1e9 }')))
	dd if=/dev/zero of="$DISKDIR/blk" bs=4k count=64 oflag=direct status=none
	"$PYTHON" - "$DURATION" <<'EOF' &
import socket, sys, threading, time
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
end = time.monotonic() + float(sys.argv[1])
while time.monotonic() < end:
    cli.sendall(b"x" * 16384)
    time.sleep(0.005)
cli.close()
t.join()
EOF
	while [ "$(date +%s%N)" -lt $end ]; do
		dd if=/dev/zero of="$DISKDIR/blk" bs=4k count=8 oflag=direct conv=notrunc status=none
		dd if="$DISKDIR/blk" of=/dev/null bs=4k count=8 iflag=direct status=none
		sleep 0.02
	done
	wait
}

tfs_instance "ioaware-small-$$"
tfs_save "$WORK"
tfs_setup 4096 "${TFS_EVENTS_DEFAULT[@]}"
echo 1 >"$TFS/tracing_on"
workload
echo 0 >"$TFS/tracing_on"
[ "$(tfs_lost)" -eq 0 ] || die "events lost: capture again"
cat "$TFS/trace" >"$HERE/small.txt"
tfs_extract "$HERE/small.dat"

# perf: the same kinds of events (those this kernel has), system-wide
events=()
for ev in "${TFS_EVENTS_DEFAULT[@]}"; do
	[ "$ev" = 'kvm:*' ] && continue
	[ -e "$TFS_ROOT/events/${ev/:/\/}" ] && events+=(-e "$ev")
done
perf record -q -a "${events[@]}" -o "$HERE/perf.data" -- bash -c "$(declare -f workload)
	DURATION=$DURATION DISKDIR=$DISKDIR PYTHON=$PYTHON workload" >/dev/null 2>&1 ||
	die "perf record failed"
ls -l "$HERE/small.txt" "$HERE/small.dat" "$HERE/perf.data" >&2
