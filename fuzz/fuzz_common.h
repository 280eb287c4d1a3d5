/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A sink that feeds the real model, so fuzzing covers reader + model together. */
#ifndef IOA_FUZZ_COMMON_H
#define IOA_FUZZ_COMMON_H

#include "model.h"
#include "reader.h"

static int fz_segment(void *priv, const struct ioa_segment_row *r)
{
	(void)priv;
	if (r->end_ns < r->start_ns)
		__builtin_trap(); /* a negative duration is a model bug */
	return 0;
}

static int fz_exit(void *priv, const struct ioa_exit_row *r)
{
	(void)priv;
	(void)r;
	return 0;
}

static int fz_io(void *priv, const struct ioa_io_row *r)
{
	(void)priv;
	(void)r;
	return 0;
}

static int fz_event(void *priv, const struct ioa_event *ev)
{
	return ioa_model_feed(priv, ev);
}

static void fz_warning(void *priv, const char *msg)
{
	ioa_model_warn(priv, "%s", msg);
}

static void fz_lost(void *priv, int cpu, uint64_t ts, uint64_t count)
{
	ioa_model_lost(priv, cpu, ts, count);
}

static struct ioa_model *fz_model(struct ioa_event_sink *sink)
{
	struct ioa_row_sink rows = {
		.segment = fz_segment,
		.exit = fz_exit,
		.io = fz_io,
	};
	struct ioa_model *m = ioa_model_new(&rows, NULL);

	sink->priv = m;
	sink->on_event = fz_event;
	sink->on_warning = fz_warning;
	sink->on_lost = fz_lost;
	sink->on_fields = NULL;
	sink->want_fields = 0;
	return m;
}

#endif
