#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# capture-qemu.sh: boot a real Linux guest under QEMU TCG, run known phases in it, and record
# the host with tracefs + `trace-cmd extract` (never `trace-cmd record`, which fails here).
#
# Guest: Debian's linux-image-amd64 kernel, an initramfs of busybox-static + virtio modules
# built by traces/guest/mkinitramfs.sh, /init = traces/guest/init. 2 vCPUs (threads
# "CPU 0/TCG", "CPU 1/TCG"), 512 MiB, a 64 MiB raw virtio-blk disk on the host disk served by
# iothread "IO io1" (cache=none, aio=threads: the pread/pwrite run in qemu's "worker" threads),
# virtio-net with user-mode networking (slirp in qemu's main loop thread; the host sees
# loopback TCP to a python3 server, no tap device).
#
# Phases (-p, default idle-1:2,disk:2,network:2,memory:2,idle-2:2; NAME:SECONDS, the kind is
# NAME up to the first '-'): idle = sleep; disk = O_DIRECT 64 KiB dd writes + reads on
# /dev/vda; seqread / randread = sequential / random 4 KiB O_DIRECT reads; fsync = 8 KiB
# writes each followed by fsync; network = 1 MiB uploads and downloads with busybox nc to the
# host server at 10.0.2.2; rr = one TCP connection per 256-byte answer; udp = 64 KiB TFTP
# uploads to the host's UDP sink, 50 ms apart; memory = cp of a 32 MiB tmpfs file + 16 MiB-block
# dd /dev/zero → /dev/null; compute = shell arithmetic; mixed = disk pinned to vCPU 0 and
# network pinned to vCPU 1 at the same time (traces/guest/init has the details).
# The guest prints "IOAWARE-PHASE begin|end NAME" on its serial console; this script reads it
# and writes "ioaware-phase begin|end NAME" to trace_marker, so every boundary is a print event
# of the trace on the trace clock. Tracing runs from the guest's READY line (boot done, ~1 s
# before the first phase) to its DONE line.
#
# Tracing goes into a tracefs instance of its own (-I, default ioaware-qemu), so a concurrent
# tracer of the top-level buffer (trace-cmd, `ioaware record`) neither disturbs nor is disturbed;
# the events are then in buffer instance NAME of OUT.dat (`trace-cmd report` prefixes its lines
# with "NAME:"), the top-level buffer is empty. -I '' traces the top level instead.
#
# Output: OUT.dat, OUT.phases.tsv (phase, begin_ns, end_ns: trace clock, from the markers),
# OUT.tasks.tsv (role, tid, tgid, comm, cmdline of every qemu and server thread seen in /proc
# while the guest ran, polled every 0.2 s).
#
# Usage: sudo traces/capture-qemu.sh [-o OUT.dat] [-p PHASES] [-b KB] [-k KVER] [-t SECONDS]
#                                    [-I INSTANCE]
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=traces/lib-tracefs.sh
. "$HERE/lib-tracefs.sh"
OUT=$HERE/qemu-tcg-a.dat
PHASES_SPEC=idle-1:2,disk:2,network:2,memory:2,idle-2:2
BUFFER_KB=16384
KVER=
TIMEOUT=90
INSTANCE=ioaware-qemu
EVENTS=("${TFS_EVENTS_DEFAULT[@]}")	# trace_marker writes (ftrace print) are always recorded
QEMU=qemu-system-x86_64

usage() {
	cat <<EOF
Usage: sudo $0 [OPTIONS]
Boot a Linux guest under QEMU TCG running known phases, record the host through tracefs.

  -o FILE     output trace.dat (default traces/qemu-tcg-a.dat); FILE minus .dat gets
              .phases.tsv and .tasks.tsv beside it
  -p PHASES   NAME:SECONDS,... run in this order (default $PHASES_SPEC);
              kinds (NAME up to the first '-'): idle, disk, seqread, randread, fsync,
              network, rr, udp, memory, compute, mixed
  -b KB       per-CPU ring buffer size in KiB (default $BUFFER_KB)
  -k KVER     guest kernel /boot/vmlinuz-KVER + /lib/modules/KVER (default: newest installed)
  -t SECONDS  give up when the guest has not said DONE after this long (default $TIMEOUT)
  -I NAME     trace into tracefs instance NAME (default $INSTANCE); '' = top-level buffer
  -h          this text

Examples:
  sudo traces/capture-qemu.sh -o traces/qemu-tcg-a.dat
  sudo traces/capture-qemu.sh -o traces/qemu-tcg-b.dat \\
      -p idle-1:1.5,network:2.5,disk:1.5,memory:2.5,idle-2:1.5
EOF
}

die() {
	echo "capture-qemu.sh: $*" >&2
	exit 1
}

while getopts "o:p:b:k:t:I:h" opt; do
	case $opt in
	o) OUT=$OPTARG ;;
	p) PHASES_SPEC=$OPTARG ;;
	b) BUFFER_KB=$OPTARG ;;
	k) KVER=$OPTARG ;;
	t) TIMEOUT=$OPTARG ;;
	I) INSTANCE=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || { usage >&2; exit 2; }
echo "$PHASES_SPEC" | grep -Eq '^([a-z0-9-]+:[0-9.]+)(,[a-z0-9-]+:[0-9.]+)*$' ||
	{ echo "capture-qemu.sh: -p $PHASES_SPEC: not NAME:SECONDS,..." >&2; exit 2; }

[ "$(id -u)" -eq 0 ] || die "needs root (tracefs)"
[ -w $TFS/set_event ] || die "$TFS: not mounted or not writable"
command -v trace-cmd >/dev/null || die "trace-cmd: not installed"
command -v $QEMU >/dev/null || die "$QEMU: not installed (qemu-system-x86)"
PYTHON=$(command -v /usr/bin/python3 python3 | head -n1) || die "python3: not installed"
[ -n "$KVER" ] || KVER=$(find /boot -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' |
	sed 's/^vmlinuz-//' | sort -V | tail -n1)
[ -n "$KVER" ] && [ -r "/boot/vmlinuz-$KVER" ] ||
	die "no guest kernel /boot/vmlinuz-${KVER:-*} (install linux-image-amd64)"

BASE=${OUT%.dat}
TASKS=$BASE.tasks.tsv
PHASES=$BASE.phases.tsv
mkdir -p "$(dirname "$OUT")"
WORK=$(mktemp -d /tmp/ioaware-qemu.XXXXXX)
# cache=none opens the image O_DIRECT: it must be on a real disk, never tmpfs.
DISKDIR=$(mktemp -d /var/tmp/ioaware-qemu-disk.XXXXXX)
QPID=
SPID=
PPID_POLL=

restore() {
	local rc=$? pid
	trap - EXIT INT TERM
	set +e	# restore as much as possible
	for pid in $PPID_POLL $QPID $SPID; do
		kill "$pid" 2>/dev/null
	done
	wait 2>/dev/null
	tfs_restore
	rm -rf "$WORK" "$DISKDIR"
	exit $rc
}
if [ -n "$INSTANCE" ]; then
	tfs_instance "$INSTANCE" || { rm -rf "$WORK" "$DISKDIR"; die "another capture running?"; }
fi
tfs_save "$WORK"
trap restore EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- host side of the workload ----------------------------------------------------------------

# TCP server on 127.0.0.1 (the guest's 10.0.2.2), one thread per connection. A connection
# starts with a line: "PUT" = read until EOF, "GET N" = send N bytes then close. Prints its port,
# then "udp N" (a TFTP write sink on UDP port N: acknowledges every WRQ and DATA packet, keeps
# nothing), then "tid N" for the thread of each connection (too short-lived for poll_tasks to
# see them all).
start_server() {
	"$PYTHON" -u - >"$WORK/server.port" 2>"$WORK/server.log" <<'EOF' &
import socket, socketserver, threading
class H(socketserver.StreamRequestHandler):
    def handle(self):
        print("tid", threading.get_native_id())
        cmd = self.rfile.readline().split()
        if cmd[:1] == [b"PUT"]:
            while self.rfile.read(65536):
                pass
        elif cmd[:1] == [b"GET"] and len(cmd) == 2:
            left, buf = int(cmd[1]), b"y" * 65536
            while left > 0:
                self.wfile.write(buf[:left])
                left -= len(buf)
class S(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
srv = S(("127.0.0.1", 0), H)
print(srv.server_address[1])
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", 0))
print("udp", udp.getsockname()[1])
def tftp_sink():
    while True:
        pkt, peer = udp.recvfrom(65536)
        if pkt[:2] == b"\0\2":
            udp.sendto(b"\0\4\0\0", peer)
        elif pkt[:2] == b"\0\3":
            udp.sendto(b"\0\4" + pkt[2:4], peer)
threading.Thread(target=tftp_sink, daemon=True).start()
srv.serve_forever()
EOF
	SPID=$!
	SERVER_PID=$SPID
	for _ in $(seq 50); do
		[ -s "$WORK/server.port" ] && break
		sleep 0.1
	done
	for _ in $(seq 50); do
		grep -q '^udp ' "$WORK/server.port" && break
		sleep 0.1
	done
	PORT=$(head -n1 "$WORK/server.port" | grep -E '^[0-9]+$')
	UPORT=$(sed -n 's/^udp \([0-9][0-9]*\)$/\1/p' "$WORK/server.port")
	[ -n "$PORT" ] && [ -n "$UPORT" ] ||
		{ cat "$WORK/server.log" >&2; die "python3 server did not start"; }
}

# poll_tasks ROLE=PID...: every 0.2 s, one line per thread (role, tid, tgid, comm, cmdline)
# into $WORK/tasks.raw; bash builtins only, so the poller adds no fork per thread.
poll_tasks() {
	local spec role pid task comm tid args
	while :; do
		for spec in "$@"; do
			role=${spec%%=*}
			pid=${spec#*=}
			mapfile -d '' args 2>/dev/null <"/proc/$pid/cmdline" || continue
			for task in /proc/"$pid"/task/*; do
				tid=${task##*/}
				read -r comm 2>/dev/null <"$task/comm" || continue
				printf '%s\t%s\t%s\t%s\t%s\n' "$role" "$tid" "$pid" "$comm" \
					"${args[*]}"
			done
		done
		sleep 0.2
	done >>"$WORK/tasks.raw"
}

start_qemu() {
	# written out, not sparse: O_DIRECT reads of a hole never reach the host disk, so the
	# read phases would leave no block I/O in the trace
	dd if=/dev/zero of="$DISKDIR/vda.img" bs=1M count=64 conv=fsync status=none
	mkfifo "$WORK/serial"
	local append="console=ttyS0 quiet panic=-1 ioaware_phases=$PHASES_SPEC"
	append+=" ioaware_port=$PORT ioaware_uport=$UPORT"

	$QEMU -name ioaware-tcg,debug-threads=on -accel tcg -smp 2 -m 512M \
		-nodefaults -nographic -serial stdio -monitor none -no-reboot \
		-kernel "/boot/vmlinuz-$KVER" -initrd "$WORK/initrd.cpio.gz" \
		-append "$append" \
		-drive "file=$DISKDIR/vda.img,if=none,id=d0,format=raw,cache=none,aio=threads" \
		-object iothread,id=io1 -device virtio-blk-pci,drive=d0,iothread=io1 \
		-netdev user,id=n0 -device virtio-net-pci,netdev=n0,romfile= \
		</dev/null >"$WORK/serial" 2>"$WORK/qemu.log" &
	QPID=$!
}

# Reads the guest console until DONE: READY turns tracing on, each phase line becomes a
# trace_marker write (before anything else is done with it), DONE turns tracing off. A read
# that times out keeps the part of a line it got (a loaded host may take over 1 s per line).
follow_console() {
	local line part= msg deadline=$((SECONDS + ${TIMEOUT%.*}))
	exec 3<"$WORK/serial"
	while :; do
		[ $SECONDS -lt $deadline ] || die "guest not DONE after ${TIMEOUT}s"
		if ! IFS= read -r -t 1 -u 3 line; then
			part+=$line
			kill -0 "$QPID" 2>/dev/null && continue
			cat "$WORK/qemu.log" >&2
			die "qemu exited before DONE"
		fi
		line=$part$line
		part=
		case $line in
		*IOAWARE-PHASE\ *)
			msg=${line##*IOAWARE-PHASE }
			tfs_marker "ioaware-phase ${msg%$'\r'}"
			echo "capture-qemu.sh: ${msg%$'\r'}" >&2 ;;
		*IOAWARE-READY*)
			echo 1 >$TFS/tracing_on
			echo "capture-qemu.sh: guest up after $((SECONDS - T0)) s, tracing" >&2 ;;
		*IOAWARE-DONE*)
			echo 0 >$TFS/tracing_on
			break ;;
		*IOAWARE-ERROR*)
			die "guest: ${line##*IOAWARE-ERROR }" ;;
		esac
	done
	exec 3<&-
}

# --- capture ------------------------------------------------------------------------------------

"$HERE/guest/mkinitramfs.sh" "$KVER" "$WORK/initrd.cpio.gz" >&2
start_server
tfs_setup "$BUFFER_KB" "${EVENTS[@]}"
T0=$SECONDS
start_qemu
poll_tasks "vmm=$QPID" "net-server=$SPID" &
PPID_POLL=$!
follow_console
wait "$QPID" || die "qemu failed: $(tail -n3 "$WORK/qemu.log")"
QPID=
SERVER_CMD=$(grep -m1 -P '^net-server\t\d+\t'"$SPID"'\t' "$WORK/tasks.raw" | cut -f5)
kill $PPID_POLL $SPID 2>/dev/null
wait $PPID_POLL $SPID 2>/dev/null || true
PPID_POLL=
SPID=

# --- save ---------------------------------------------------------------------------------------

lost=$(tfs_lost)
[ "$lost" -eq 0 ] || echo "capture-qemu.sh: warning: $lost events lost; raise -b" >&2
tfs_extract "$OUT" || die "trace-cmd extract failed"
tfs_phases "$OUT" ns >"$PHASES"
# last comm seen per tid (qemu names its threads right after creating them), then the server's
# connection threads that the poller missed (comm python3, like their process)
{
	printf 'role\ttid\ttgid\tcomm\tcmdline\n'
	awk -F '\t' '!($2 in row) { order[++n] = $2 } { row[$2] = $0 }
		END { for (i = 1; i <= n; i++) print row[order[i]] }' "$WORK/tasks.raw"
	awk -F '\t' -v tgid="$SERVER_PID" -v cmd="$SERVER_CMD" '
		FNR == NR { seen[$2] = 1; next }
		$1 == "tid" && !($2 in seen) {
			seen[$2] = 1
			print "net-server\t" $2 "\t" tgid "\tpython3\t" cmd
		}
		' "$WORK/tasks.raw" FS=' ' "$WORK/server.port"
} >"$TASKS"
echo "capture-qemu.sh: guest $KVER, host $(uname -r), $lost events lost"
echo "capture-qemu.sh: wrote $OUT ($(stat -c %s "$OUT") bytes), $PHASES, $TASKS"
