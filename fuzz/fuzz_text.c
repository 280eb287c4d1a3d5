// SPDX-License-Identifier: GPL-3.0-or-later
/* libFuzzer: every text reader (format picked by detection, then forced) + the model. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum ioa_format text_formats[] = {
	IOA_FMT_UNKNOWN, IOA_FMT_TRACEFS, IOA_FMT_REPORT, IOA_FMT_PERF_SCRIPT, IOA_FMT_ANDROID,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ioa_trace_meta meta;
	struct ioa_event_sink sink;
	struct ioa_err err;
	struct ioa_model *m;
	size_t i;

	for (i = 0; i < sizeof(text_formats) / sizeof(text_formats[0]); i++) {
		memset(&meta, 0, sizeof(meta));
		memset(&err, 0, sizeof(err));
		m = fz_model(&sink);
		ioa_read_text_mem((const char *)data, size, "fuzz", text_formats[i], &sink, &meta,
				  &err);
		ioa_model_finish(m);
		ioa_model_free(m);
	}
	return 0;
}
