// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * iterate: the floor for any trace.dat reader on this machine. Opens a trace.dat with
 * libtracecmd and walks every record of every CPU of every buffer (the top one and the
 * instances, as ingest does) in timestamp order, doing nothing but counting, so bench.sh can
 * tell how much of ingest's time is the library's own.
 * No plugins are loaded and no event is parsed: records are only read (and decompressed).
 *
 * Build: gcc -O2 -o iterate iterate.c $(pkg-config --cflags --libs libtracecmd)
 * Usage: iterate TRACE.dat   -> prints the number of events on stdout
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
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
	struct tracecmd_input *handle, **all;
	unsigned long long count = 0;
	int i, n, ret;

	if (argc != 2) {
		fprintf(stderr, "usage: iterate TRACE.dat\n");
		return 2;
	}
	handle = tracecmd_open(argv[1], TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!handle) {
		fprintf(stderr, "iterate: %s: cannot open as trace.dat\n", argv[1]);
		return 1;
	}
	n = tracecmd_buffer_instances(handle);
	n = n > 0 ? n : 0;
	all = calloc((size_t)n + 1, sizeof(*all));
	if (!all)
		return 1;
	all[0] = handle;
	for (i = 0; i < n; i++)
		all[i + 1] = tracecmd_buffer_instance_handle(handle, i);
	if (n)
		ret = tracecmd_iterate_events_multi(all, n + 1, count_record, &count);
	else
		ret = tracecmd_iterate_events(handle, NULL, 0, count_record, &count);
	for (i = 1; i <= n; i++)
		tracecmd_close(all[i]);
	free(all);
	if (ret < 0) {
		fprintf(stderr, "iterate: %s: iteration failed after %llu events\n", argv[1],
			count);
		tracecmd_close(handle);
		return 1;
	}
	tracecmd_close(handle);
	printf("%llu\n", count);
	return 0;
}
