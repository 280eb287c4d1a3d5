#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# capture-guest.sh: a host trace and the guest's own trace of one QEMU TCG guest, taken at the
# same time, with time-sync marker pairs to align them.
#
# The guest (Debian's kernel, the busybox initramfs of traces/guest/mkinitramfs.sh, run with
# rdinit=/init-tasks = traces/guest/init-tasks) records its own tracefs while three named tasks
# share its vCPU 0: dd (O_DIRECT writes to /dev/vda), nc (a TCP connection to this script's
# server, sending) and awk (arithmetic with short sleeps). The guest has no
# trace-cmd: it saves raw tracefs text (`cat trace`) to a second virtio disk, which this script
# reads back. Every 0.2 s the guest writes "ioaware-sync N" into its trace_marker and then
# prints it on the serial console; this script writes each one it reads into the host trace's
# marker, so each N is a pair of print events, one per clock (the host's comes later by the
# console's latency).
#
# Output: OUT.dat (host, trace.dat of tracefs instance -I), OUT.guest.txt (guest, tracefs
# text), OUT.guest-tasks.tsv (kind, guest pid of each task as the guest printed it).
#
# Usage: traces/capture-guest.sh [-o OUT.dat] [-s SECONDS] [-b KB] [-g KB] [-k KVER]
#                                [-a N] [-t SECONDS] [-I INSTANCE]   (root)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=traces/lib-tracefs.sh
. "$HERE/lib-tracefs.sh"
OUT=$HERE/guest-tasks-a.dat
SECS=4
AWK_LOOP=20000
BUFFER_KB=16384
GUEST_KB=16384
KVER=
TIMEOUT=120
INSTANCE=ioaware-guest
QEMU=qemu-system-x86_64

usage() {
	cat <<EOF
Usage: $0 [OPTIONS]   (root)
Boot a Linux guest under QEMU TCG whose named tasks do disk, network and compute work on one
vCPU; record the host through tracefs and the guest through its own tracefs.

  -o FILE     host trace.dat (default traces/guest-tasks-a.dat); FILE minus .dat gets
              .guest.txt and .guest-tasks.tsv beside it
  -s SECONDS  work time in the guest (default $SECS)
  -a N        iterations of the compute task's loop between its 20 ms sleeps (default
              $AWK_LOOP)
  -b KB       host ring buffer per CPU in KiB (default $BUFFER_KB)
  -g KB       guest ring buffer per CPU in KiB (default $GUEST_KB)
  -k KVER     guest kernel /boot/vmlinuz-KVER + /lib/modules/KVER (default: newest installed)
  -t SECONDS  give up when the guest has not said DONE after this long (default $TIMEOUT)
  -I NAME     host tracefs instance (default $INSTANCE); '' = top-level buffer
  -h          this text

Example:
  traces/capture-guest.sh -o traces/guest-tasks-a.dat
EOF
}

die() {
	echo "capture-guest.sh: $*" >&2
	exit 1
}

while getopts "o:s:a:b:g:k:t:I:h" opt; do
	case $opt in
	o) OUT=$OPTARG ;;
	s) SECS=$OPTARG ;;
	a) AWK_LOOP=$OPTARG ;;
	b) BUFFER_KB=$OPTARG ;;
	g) GUEST_KB=$OPTARG ;;
	k) KVER=$OPTARG ;;
	t) TIMEOUT=$OPTARG ;;
	I) INSTANCE=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || { usage >&2; exit 2; }

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
mkdir -p "$(dirname "$OUT")"
WORK=$(mktemp -d /tmp/ioaware-guest.XXXXXX)
DISKDIR=$(mktemp -d /var/tmp/ioaware-guest-disk.XXXXXX)	# O_DIRECT: never tmpfs
QPID=
SPID=

restore() {
	local rc=$? pid
	trap - EXIT INT TERM
	set +e
	for pid in $QPID $SPID; do
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

# TCP server on 127.0.0.1 (the guest's 10.0.2.2): per connection, reads at most 16 KiB every
# 100 ms (about 160 KB/s, which keeps the guest trace small) until the guest closes. Prints
# its port.
start_server() {
	"$PYTHON" -u - >"$WORK/server.port" 2>"$WORK/server.log" <<'EOF' &
import socketserver, threading, time
class H(socketserver.BaseRequestHandler):
    def handle(self):
        while self.request.recv(16384):
            time.sleep(0.1)
class S(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
srv = S(("127.0.0.1", 0), H)
print(srv.server_address[1])
srv.serve_forever()
EOF
	SPID=$!
	for _ in $(seq 50); do
		[ -s "$WORK/server.port" ] && break
		sleep 0.1
	done
	PORT=$(head -n1 "$WORK/server.port" | grep -E '^[0-9]+$')
	[ -n "$PORT" ] || { cat "$WORK/server.log" >&2; die "python3 server did not start"; }
}

# the initramfs of the phase captures plus /init-tasks (a second cpio member: the kernel
# unpacks both)
make_initrd() {
	"$HERE/guest/mkinitramfs.sh" "$KVER" "$WORK/base.cpio.gz" >&2
	mkdir "$WORK/extra"
	install -m 0755 "$HERE/guest/init-tasks" "$WORK/extra/init-tasks"
	(cd "$WORK/extra" && echo init-tasks | cpio -o -H newc --owner 0:0 --quiet) |
		gzip -1 >"$WORK/extra.cpio.gz"
	cat "$WORK/base.cpio.gz" "$WORK/extra.cpio.gz" >"$WORK/initrd.cpio.gz"
}

start_qemu() {
	truncate -s 256M "$DISKDIR/vda.img"
	truncate -s 128M "$DISKDIR/vdb.img"
	mkfifo "$WORK/serial"
	local append="console=ttyS0 quiet panic=-1 rdinit=/init-tasks ioaware_port=$PORT"
	append+=" ioaware_secs=$SECS ioaware_kb=$GUEST_KB ioaware_awk=$AWK_LOOP"

	$QEMU -name ioaware-guest,debug-threads=on -accel tcg -smp 2 -m 768M \
		-nodefaults -nographic -serial stdio -monitor none -no-reboot \
		-kernel "/boot/vmlinuz-$KVER" -initrd "$WORK/initrd.cpio.gz" \
		-append "$append" \
		-drive "file=$DISKDIR/vda.img,if=none,id=d0,format=raw,cache=none,aio=threads" \
		-object iothread,id=io1 -device virtio-blk-pci,drive=d0,iothread=io1 \
		-drive "file=$DISKDIR/vdb.img,if=none,id=d1,format=raw" \
		-device virtio-blk-pci,drive=d1 \
		-netdev user,id=n0 -device virtio-net-pci,netdev=n0,romfile= \
		</dev/null >"$WORK/serial" 2>"$WORK/qemu.log" &
	QPID=$!
}

# Reads the guest console until DONE; a sync line becomes a host marker before anything else.
follow_console() {
	local line msg deadline=$((SECONDS + TIMEOUT))
	exec 3<"$WORK/serial"
	while :; do
		[ $SECONDS -lt $deadline ] || die "guest not DONE after ${TIMEOUT}s"
		if ! IFS= read -r -t 1 -u 3 line; then
			kill -0 "$QPID" 2>/dev/null && continue
			cat "$WORK/qemu.log" >&2
			die "qemu exited before DONE"
		fi
		line=${line%$'\r'}
		case $line in
		*IOAWARE-SYNC\ *)
			tfs_marker "ioaware-sync ${line##*IOAWARE-SYNC }" ;;
		*IOAWARE-TASK\ *)
			msg=${line##*IOAWARE-TASK }
			printf '%s\t%s\n' "${msg% *}" "${msg##* }" >>"$WORK/tasks" ;;
		*IOAWARE-READY*)
			echo 1 >$TFS/tracing_on
			echo "capture-guest.sh: guest up, tracing" >&2 ;;
		*IOAWARE-STOP*)
			echo 0 >$TFS/tracing_on ;;
		*IOAWARE-SAVED\ *)
			GUEST_BYTES=${line##*IOAWARE-SAVED } ;;
		*IOAWARE-DONE*)
			break ;;
		*IOAWARE-ERROR*)
			die "guest: ${line##*IOAWARE-ERROR }" ;;
		esac
	done
	exec 3<&-
}

make_initrd
start_server
tfs_setup "$BUFFER_KB" "${TFS_EVENTS_DEFAULT[@]}"
GUEST_BYTES=
start_qemu
follow_console
wait "$QPID" || die "qemu failed: $(tail -n3 "$WORK/qemu.log")"
QPID=
kill $SPID 2>/dev/null
wait $SPID 2>/dev/null || true
SPID=

lost=$(tfs_lost)
[ "$lost" -eq 0 ] || echo "capture-guest.sh: warning: $lost host events lost; raise -b" >&2
tfs_extract "$OUT" || die "trace-cmd extract failed"
[ -n "$GUEST_BYTES" ] || die "the guest did not say how long its trace is"
head -c "$GUEST_BYTES" "$DISKDIR/vdb.img" >"$BASE.guest.txt"
{
	printf 'kind\tguest_pid\n'
	cat "$WORK/tasks"
} >"$BASE.guest-tasks.tsv"
glost=$(grep -c 'LOST.*EVENTS' "$BASE.guest.txt" || true)
echo "capture-guest.sh: guest $KVER, host $(uname -r), $lost host events lost," \
	"$glost guest lost-event lines"
echo "capture-guest.sh: wrote $OUT ($(stat -c %s "$OUT") bytes)," \
	"$BASE.guest.txt ($GUEST_BYTES bytes), $BASE.guest-tasks.tsv"
