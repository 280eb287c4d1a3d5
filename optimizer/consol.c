// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Consolidation and growth (consol.h): the traces' tasks are concatenated trace by trace and
 * copy by copy, shifted by their part's offset, their chains renumbered so that no two traces
 * or copies share one, then ordered by as-traced start. Nothing is dropped: the result holds
 * sum(n_i) * K tasks, which the caller can count.
 */
#include "consol.h"

#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "synth.h"
#include "util.h"

int64_t ioa_consol_copy_offset(uint64_t seed, int k, int64_t span)
{
	struct ioa_rng r;
	int64_t off = 0;
	int i;

	ioa_rng_seed(&r, seed);
	for (i = 1; i <= k; i++)
		off = (int64_t)ioa_rng_below(&r, (uint64_t)IOA_MAX(span, 1));
	return off;
}

void ioa_consol_release(struct ioa_consol *c)
{
	free(c->t);
	free(c->p);
	free(c->parts);
	memset(c, 0, sizeof(*c));
}

/* copy 0's span after alignment: last end - first release */
static int64_t span_of(const struct ioa_consol_in *in, int nin, const int64_t *shift)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	int i, j;

	for (i = 0; i < nin; i++) {
		for (j = 0; j < in[i].n; j++) {
			lo = IOA_MIN(lo, in[i].t[j].release_ns + shift[i]);
			hi = IOA_MAX(hi, in[i].p[j].end_ns + shift[i]);
			hi = IOA_MAX(hi, in[i].t[j].release_ns + in[i].t[j].dur_ns + shift[i]);
		}
	}
	return hi > lo ? hi - lo : 1;
}

static int max_chain(const struct ioa_consol_in *in)
{
	int j, m = -1;

	for (j = 0; j < in->n; j++)
		m = IOA_MAX(m, in->t[j].chain);
	return m;
}

static int trace_cpus(const struct ioa_consol_in *in)
{
	int j, c = IOA_MAX(in->cpus, 1);

	for (j = 0; j < in->n; j++)
		c = IOA_MAX(c, in->p[j].pcpu + 1);
	return c;
}

/* append one part: trace @in shifted by @off, chains from @chain0, CPUs from @base */
static void append(struct ioa_consol *c, const struct ioa_consol_in *in, int copy, int64_t off,
		   int chain0, int base)
{
	int j;

	for (j = 0; j < in->n; j++) {
		struct ioa_task_rec *t = &c->t[c->n];
		struct ioa_placement_rec *p = &c->p[c->n];

		*t = in->t[j];
		t->release_ns += off;
		if (t->deadline_ns >= 0)
			t->deadline_ns += off;
		t->chain = chain0 + in->t[j].chain;
		t->copy = copy;
		t->pinned_pcpu = -1;
		*p = in->p[j];
		p->pcpu = base + in->p[j].pcpu;
		p->start_ns += off;
		p->end_ns += off;
		c->n++;
	}
}

static int by_start(const void *a, const void *b, void *arg)
{
	const struct ioa_placement_rec *p = arg;
	int x = *(const int *)a, y = *(const int *)b;

	if (p[x].start_ns != p[y].start_ns)
		return p[x].start_ns < p[y].start_ns ? -1 : 1;
	return (x > y) - (x < y);
}

/* as-traced start order, task ids renumbered */
static void order(struct ioa_consol *c)
{
	int *idx = ioa_xmalloc((size_t)(c->n + 1) * sizeof(int));
	struct ioa_task_rec *t = ioa_xmalloc((size_t)(c->n + 1) * sizeof(*t));
	struct ioa_placement_rec *p = ioa_xmalloc((size_t)(c->n + 1) * sizeof(*p));
	int i;

	for (i = 0; i < c->n; i++)
		idx[i] = i;
	qsort_r(idx, (size_t)c->n, sizeof(int), by_start, c->p);
	for (i = 0; i < c->n; i++) {
		t[i] = c->t[idx[i]];
		p[i] = c->p[idx[i]];
		t[i].task_id = p[i].task_id = i;
	}
	free(c->t);
	free(c->p);
	free(idx);
	c->t = t;
	c->p = p;
}

static int check_input(const struct ioa_consol_in *in, int nin, const struct ioa_consol_opts *o,
		       struct ioa_err *err)
{
	int i;

	if (nin < 1)
		return ioa_error(err, IOA_EINPUT, "no trace to consolidate");
	if (o->repeat < 1 || o->repeat > 1000)
		return ioa_error(err, IOA_EINPUT, "--repeat %d: want 1..1000", o->repeat);
	for (i = 0; i < nin; i++)
		if (in[i].n < 1)
			return ioa_error(err, IOA_EINPUT, "trace %lld has no vCPU segment",
					 (long long)in[i].trace_id);
	return 0;
}

int ioa_consolidate(struct ioa_consol *out, const struct ioa_consol_in *in, int nin,
		    const struct ioa_consol_opts *o, struct ioa_err *err)
{
	int64_t *shift, span, total = 0;
	int i, k, chain0 = 0, base = 0, ret;

	memset(out, 0, sizeof(*out));
	ret = check_input(in, nin, o, err);
	if (ret)
		return ret;
	shift = ioa_xcalloc((size_t)nin, sizeof(*shift));
	for (i = 0; i < nin; i++) {
		total += in[i].n;
		if (o->align == IOA_ALIGN_START)
			shift[i] = in[0].first_ns - in[i].first_ns;
		out->host_cpus = IOA_MAX(out->host_cpus, trace_cpus(&in[i]));
	}
	span = span_of(in, nin, shift);
	out->t = ioa_xcalloc((size_t)(total * o->repeat + 1), sizeof(*out->t));
	out->p = ioa_xcalloc((size_t)(total * o->repeat + 1), sizeof(*out->p));
	out->parts = ioa_xcalloc((size_t)nin * (size_t)o->repeat, sizeof(*out->parts));
	for (k = 0; k < o->repeat; k++) {
		int64_t dk = k ? ioa_consol_copy_offset(o->seed, k, span) : 0;

		for (i = 0; i < nin; i++) {
			struct ioa_scenario_part *pt = &out->parts[out->nparts++];

			*pt = (struct ioa_scenario_part){ in[i].trace_id, k, i, shift[i] + dk,
							  base };
			append(out, &in[i], k, pt->offset_ns, chain0, base);
			chain0 += max_chain(&in[i]) + 1;
			base += trace_cpus(&in[i]);
		}
	}
	out->cpus = base;
	free(shift);
	order(out);
	return 0;
}
