// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * iterate: the floor for any trace.dat reader on this machine. Opens a trace.dat with
 * libtracecmd and walks every record of every CPU in timestamp order, doing nothing but
 * counting, so bench.sh can tell how much of ingest's time is the library's own.
 * No plugins are loaded and no event is parsed: records are only read (and decompressed).
 *
 * Build: gcc -O2 -o iterate iterate.c $(pkg-config --cflags --libs libtracecmd)
 * Usage: iterate TRACE.dat   -> prints the number of events on stdout
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <trace-cmd.h>

static int count_record(struct tracecmd_input *handle, struct tep_record *record, int cpu,
			void *data)
{
	unsigned long long *count = data;

	(void)handle;
	(void)record;
	(void)cpu;
	(*count)++;
	return 0;
}

int main(int argc, char **argv)
{
	struct tracecmd_input *handle;
	unsigned long long count = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: iterate TRACE.dat\n");
		return 2;
	}
	handle = tracecmd_open(argv[1], TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!handle) {
		fprintf(stderr, "iterate: %s: cannot open as trace.dat\n", argv[1]);
		return 1;
	}
	if (tracecmd_iterate_events(handle, NULL, 0, count_record, &count) < 0) {
		fprintf(stderr, "iterate: %s: iteration failed after %llu events\n", argv[1],
			count);
		tracecmd_close(handle);
		return 1;
	}
	tracecmd_close(handle);
	printf("%llu\n", count);
	return 0;
}
