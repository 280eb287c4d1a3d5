#!/bin/sh
# Runs each libFuzzer harness for SECONDS, seeded from traces/ and the shared corpus;
# prints executions and crashes per harness.
set -u
build=${1:-build-fuzz}
secs=${2:-300}
top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/fuzz/out"
mkdir -p "$out"
seed() { # seed dir, pattern...
	dir=$1
	shift
	mkdir -p "$dir"
	for f in "$@"; do
		[ -f "$f" ] || continue
		# keep seeds small: the first 64 KiB
		head -c 65536 "$f" >"$dir/$(basename "$f")"
	done
}
corpus="$top/../shared/corpus"
seed "$out/seed_text" "$corpus"/own/*.txt "$corpus"/public/*/*.txt \
	"$corpus"/public/tracecompass-incubator/*
seed "$out/seed_dat" "$top"/traces/*.dat "$corpus"/own/*.dat "$corpus"/public/*/*.dat
mkdir -p "$out/seed_model"
head -c 65536 /dev/urandom >"$out/seed_model/random"
for h in fuzz_text:seed_text fuzz_tracedat:seed_dat fuzz_model:seed_model; do
	name=${h%%:*}
	seeds=$out/${h#*:}
	mkdir -p "$out/$name.corpus" "$out/$name.crashes"
	# libtracecmd leaks its half-built handle on corrupt headers (closing it crashes) and
	# mallocs whatever size a corrupt header says (NULL in production): neither is ours
	leaks=1
	asan=detect_leaks=1
	maxlen=16384
	extra=
	if [ "$name" = fuzz_tracedat ]; then
		leaks=0
		asan=detect_leaks=0:allocator_may_return_null=1
		maxlen=262144
		# libtracecmd 1.3.1 double-frees on some headers (tests/data/libtracecmd-double-free.dat):
		# keep fuzzing past its crashes, each is saved and counted
		extra="-fork=1 -ignore_crashes=1"
	fi
	ASAN_OPTIONS=$asan "$build/fuzz/$name" -max_total_time="$secs" -max_len=$maxlen \
		-rss_limit_mb=4096 \
		-print_final_stats=1 -detect_leaks=$leaks $extra \
		-artifact_prefix="$out/$name.crashes/" "$out/$name.corpus" "$seeds" \
		>"$out/$name.log" 2>&1
	execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$out/$name.log" | tail -1)
	[ -n "$execs" ] || execs=$(grep -o '#[0-9]*' "$out/$name.log" | tail -1)
	echo "$name: ${execs:-?} executions, $(ls "$out/$name.crashes" | wc -l) crash file(s)"
done
