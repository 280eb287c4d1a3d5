#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# mkinitramfs.sh: build the initramfs of the ioaware TCG test guest (gzip'd newc cpio).
#
# Contents: busybox-static as /bin/busybox with its applet links, traces/guest/init as /init,
# and the virtio modules of kernel KVER (virtio_pci, virtio_blk, virtio_net and everything
# modules.dep says they need) in /modules, loaded by /init in the order of /modules.order
# (dependencies first).
#
# Usage: traces/guest/mkinitramfs.sh KVER OUT.cpio.gz
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
WANT=(kernel/drivers/virtio/virtio_pci.ko kernel/drivers/block/virtio_blk.ko
	kernel/drivers/net/virtio_net.ko)

die() {
	echo "mkinitramfs.sh: $*" >&2
	exit 1
}

[ $# -eq 2 ] || { echo "Usage: $0 KVER OUT.cpio.gz" >&2; exit 2; }
KVER=$1
OUT=$(realpath -m "$2")
MODDIR=/lib/modules/$KVER
BUSYBOX=/bin/busybox
[ -f "$MODDIR/modules.dep" ] || die "$MODDIR/modules.dep: missing (install linux-image-amd64)"
[ -x "$BUSYBOX" ] && ! ldd "$BUSYBOX" >/dev/null 2>&1 ||
	die "$BUSYBOX: missing or not static (install busybox-static)"
command -v cpio >/dev/null || die "cpio: not installed"

# deps MOD: MOD's dependencies (recursively, deepest first), then MOD; each printed once later.
deps() {
	local m=$1 d
	for d in $(awk -v m="$m:" '$1 == m { for (i = 2; i <= NF; i++) print $i }' \
		"$MODDIR/modules.dep"); do
		deps "$d"
	done
	echo "$m"
}

ROOT=$(mktemp -d /tmp/ioaware-initramfs.XXXXXX)
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT"/{bin,sbin,dev,proc,sys,tmp,modules}
cp "$BUSYBOX" "$ROOT/bin/busybox"
for applet in $("$BUSYBOX" --list); do
	[ "$applet" = busybox ] || ln -s busybox "$ROOT/bin/$applet"
done
install -m 0755 "$HERE/init" "$ROOT/init"
for m in "${WANT[@]}"; do
	grep -q "^$m:" "$MODDIR/modules.dep" || die "$m: not in $MODDIR/modules.dep"
	deps "$m"
done | awk '!seen[$0]++' | while read -r m; do
	ko=$(basename "${m%.ko*}").ko
	case $m in
	*.ko) cp "$MODDIR/$m" "$ROOT/modules/$ko" ;;
	*.ko.xz) xz -dc "$MODDIR/$m" >"$ROOT/modules/$ko" ;;
	*.ko.zst) zstd -qdc "$MODDIR/$m" >"$ROOT/modules/$ko" ;;
	*) die "$m: unknown module format" ;;
	esac
	echo "$ko"
done >"$ROOT/modules.order"
# the kernel opens /dev/console for /init before devtmpfs is mounted
mknod -m 0600 "$ROOT/dev/console" c 5 1
(cd "$ROOT" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --owner 0:0 --quiet) |
	gzip -1 >"$OUT"
echo "mkinitramfs.sh: $OUT ($(stat -c %s "$OUT") bytes), modules: $(tr '\n' ' ' <"$ROOT/modules.order")"
