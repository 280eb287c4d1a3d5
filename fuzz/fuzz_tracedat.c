// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer: the trace.dat path (libtracecmd + our adapter + the model) on mutated files.
 * Crashes inside libtracecmd itself are expected on corrupt headers; ioaware isolates them
 * in a forked child (analyzer/ingest.c). Crashes in our frames are bugs.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/ioa-fuzz-XXXXXX";
	struct ioa_trace_meta meta;
	struct ioa_event_sink sink;
	struct ioa_err err;
	struct ioa_model *m;
	int fd = mkstemp(path);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	memset(&meta, 0, sizeof(meta));
	memset(&err, 0, sizeof(err));
	m = fz_model(&sink);
	ioa_read_tracedat(path, &sink, &meta, &err);
	ioa_model_finish(m);
	ioa_model_free(m);
	unlink(path);
	return 0;
}
