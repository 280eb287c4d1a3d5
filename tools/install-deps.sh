#!/bin/sh
# Installs the Debian 12 packages ioaware needs to build and test it (and fuzz it: clang).
#   tools/install-deps.sh            build + tests
#   tools/install-deps.sh --capture  also what traces/capture-qemu.sh boots (QEMU, a Debian
#                                    kernel, busybox): not needed to build or test
# Non-interactive; uses sudo when not run as root.
set -eu
pkgs="build-essential cmake pkg-config clang libclang-rt-14-dev
	libtracecmd-dev libtraceevent-dev libtracefs-dev trace-cmd
	libsqlite3-dev sqlite3 libssl-dev zlib1g-dev libzstd-dev
	libglpk-dev glpk-utils libcairo2-dev libcmocka-dev poppler-utils
	linux-perf time jq clang-format"
if [ "${1:-}" = "--capture" ]; then
	pkgs="$pkgs qemu-system-x86 linux-image-amd64 busybox-static cpio"
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing:$missing" >&2
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		$missing >/dev/null
fi
