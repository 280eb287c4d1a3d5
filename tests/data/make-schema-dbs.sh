#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# make-schema-dbs.sh: makes tests/data/schema-vN.db, a database of each older schema version
# as the ioaware of that time wrote it, for the migration test (tests/cli/migrate.sh). For
# each version it builds the last commit of the repository's history at that version, runs
# its own ingest (then classify, optimize, simulate where they exist) on the first 3,000
# events of traces/kvm-tiny.dat as `trace-cmd report` text, and compacts the file.
# Version 2 never existed as a state of the repository (002 and 003 arrived together). At
# version 4 (5e7abdc..98977b1) the 4th migration was the guest tables, later renumbered 005:
# such a database cannot be migrated and must be refused with a clear message.
# Usage: make-schema-dbs.sh [VERSION...] (default: all). Needs git, cmake, cc, trace-cmd.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
WORK=$(mktemp -d /tmp/ioaware-schema-dbs.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# version commit: a commit whose schema/ held exactly the migrations 001..version as they are
# named today (at 13 the one before 6d0d7d6, whose classify left a bind unset)
VERSIONS="1 fc1020d
3 ae2ab06
4 98977b1
5 be2accd
6 c6c828a
7 29b1b2a
8 fd82266
9 bfe72a9
10 00062bf
11 743145e
12 612313e
13 d2408b6
14 aacfc9b
15 8164ad3
16 8cc4096"
if [ $# -gt 0 ]; then
	VERSIONS=$(for v in "$@"; do echo "$VERSIONS" | grep "^$v "; done)
fi

trace-cmd report "$TOP/traces/kvm-tiny.dat" 2>/dev/null | head -n 3001 >"$WORK/tiny-3000.txt"
while read -r v commit; do
	src=$WORK/src-$v
	mkdir -p "$src"
	git -C "$TOP" archive "$commit" | tar -x -C "$src"
	# early trees passed the schema file list to embed.cmake through the shell, where its
	# ';' separators split the command: pass it joined by '|', verbatim, as today's build does
	if ! grep -q IOA_SCHEMA_SQL_ARG "$src/CMakeLists.txt"; then
		sed -i 's|"-DSQL=${IOA_SCHEMA_SQL}"|"-DSQL=${IOA_SCHEMA_SQL_ARG}"|;
			s|^add_custom_command(OUTPUT ${IOA_SCHEMA_C}|string(REPLACE ";" "\|" IOA_SCHEMA_SQL_ARG "${IOA_SCHEMA_SQL}")\n&|' \
			"$src/CMakeLists.txt"
		sed -i 's|COMMENT "Embedding schema")|COMMENT "Embedding schema" VERBATIM)|' \
			"$src/CMakeLists.txt"
		sed -i '1a string(REPLACE "|" ";" SQL "${SQL}")' "$src/schema/embed.cmake"
	fi
	cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build "$src/build" -j2 --target ioaware >/dev/null
	ioa=$src/build/ioaware
	db=$WORK/schema-v$v.db
	"$ioa" ingest -q --db "$db" "$WORK/tiny-3000.txt"
	for cmd in classify optimize simulate; do
		if "$ioa" $cmd --help >/dev/null 2>&1; then
			"$ioa" $cmd -q --db "$db" >/dev/null
		fi
	done
	got=$(sqlite3 "$db" "PRAGMA user_version")
	[ "$got" = "$v" ] || { echo "$commit wrote user_version $got, not $v" >&2; exit 1; }
	sqlite3 "$db" "PRAGMA journal_mode = DELETE; PRAGMA page_size = 1024; VACUUM;" >/dev/null
	cp "$db" "$HERE/schema-v$v.db"
	echo "schema-v$v.db: $(stat -c %s "$db") bytes, commit $commit" >&2
done <<<"$VERSIONS"
