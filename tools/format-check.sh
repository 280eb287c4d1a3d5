#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# format-check.sh: does every C file in the tree follow .clang-format?
#   tools/format-check.sh        list the files that differ (and the first lines of each diff),
#                                exit 1 if any does, 0 if none
#   tools/format-check.sh -i     reformat them in place
# The style was written against clang-format 14 (Debian 12); another major version may lay a
# few lines out differently, so the check refuses to judge with one (exit 2).
set -eu
cd "$(dirname "$0")/.."
CF=${CLANG_FORMAT:-clang-format}
command -v "$CF" >/dev/null || { echo "format-check: $CF not found (tools/install-deps.sh)" >&2; exit 2; }
major=$("$CF" --version | sed -n 's/.*version \([0-9]*\).*/\1/p')
if [ "$major" != 14 ]; then
	echo "format-check: clang-format $major, the style is checked with 14" >&2
	exit 2
fi
if [ "${1:-}" = "-i" ]; then
	git ls-files '*.c' '*.h' | xargs "$CF" -i
	exit 0
fi
bad=0
for f in $(git ls-files '*.c' '*.h'); do
	if ! "$CF" "$f" | cmp -s - "$f"; then
		echo "format-check: $f differs from .clang-format:"
		"$CF" "$f" | diff -u "$f" - | sed -n '3,12p'
		bad=$((bad + 1))
	fi
done
n=$(git ls-files '*.c' '*.h' | wc -l)
echo "format-check: $((n - bad)) of $n C files follow .clang-format"
[ "$bad" -eq 0 ]
