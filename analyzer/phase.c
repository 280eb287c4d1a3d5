// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Phases of one vCPU's timeline: Viterbi over the states "I/O phase of category c" and "no
 * I/O phase (after one of category c)" (the model is in phase.h).
 */
#include "phase.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/*
 * States: 0 .. NIO - 1 an I/O phase of that category; NONE0 no I/O phase yet; NONE0 + 1 + c
 * no I/O phase after one of category c (so that a pause does not make a change of category
 * cheap: an I/O phase of another category after it costs the switch cost, as without pause).
 */
#define NIO IOA_CAT_IO_NR
#define NONE0 NIO
#define NS (2 * NIO + 1)
#define INF 1e300

static int is_none(int k)
{
	return k >= NONE0;
}

static uint64_t dt_of(const struct ioa_phase_seg *s, size_t i)
{
	uint64_t from = i && s[i - 1].end <= s[i].end ? s[i - 1].end : s[i].start;

	return s[i].end > from ? s[i].end - from : 0;
}

static double state_cost(const struct ioa_phase_seg *s, size_t i, int k, double rate_ns)
{
	if (is_none(k))
		return 0;
	return rate_ns * (double)dt_of(s, i) - s[i].ev[k];
}

/* cost of going from state @a to state @b (INF: not allowed); from c to c' the switch costs
 * the same with or without a pause between them */
static double trans(int a, int b, const struct ioa_phase_params *p)
{
	double sw = p->cost * IOA_PHASE_SWITCH;

	if (a == b)
		return 0;
	if (!is_none(a)) /* I/O phase of a: pause after it, or another category */
		return b == NONE0 + 1 + a ? p->cost : is_none(b) ? INF : sw;
	if (is_none(b)) /* no state ever goes back to NONE0 or from one pause to another */
		return INF;
	return a == NONE0 || a == NONE0 + 1 + b ? p->cost : sw - p->cost;
}

/* forward pass: back[i * NS + k] = the state before i when i is in state k; returns the
 * cheapest last state */
static int forward(const struct ioa_phase_seg *s, size_t n, const struct ioa_phase_params *p,
		   uint8_t *back)
{
	double d[NS], nd[NS], t[NS][NS], rate_ns = p->rate / 1e9;
	size_t i;
	int k, j, best;

	for (j = 0; j < NS; j++)
		for (k = 0; k < NS; k++)
			t[j][k] = trans(j, k, p);
	for (k = 0; k < NS; k++)
		d[k] = k < NIO ? state_cost(s, 0, k, rate_ns) : k == NONE0 ? 0 : INF;
	for (i = 1; i < n; i++) {
		for (k = 0; k < NS; k++) {
			int from = k;
			double c = d[k];

			for (j = 0; j < NS; j++)
				if (d[j] + t[j][k] < c) {
					c = d[j] + t[j][k];
					from = j;
				}
			nd[k] = c + state_cost(s, i, k, rate_ns);
			back[i * NS + (size_t)k] = (uint8_t)from;
		}
		memcpy(d, nd, sizeof(d));
	}
	for (best = 0, k = 1; k < NS; k++)
		if (d[k] < d[best] || (d[k] == d[best] && is_none(k) && !is_none(best)))
			best = k;
	return best;
}

static void close_phase(struct ioa_phase *ph, const struct ioa_phase_seg *s, size_t first,
			size_t last, int state)
{
	size_t i;
	int k;

	memset(ph, 0, sizeof(*ph));
	ph->first = first;
	ph->n = last - first + 1;
	ph->cat = is_none(state) ? IOA_CAT_NONE : state;
	ph->start = s[first].end - dt_of(s, first);
	ph->end = s[last].end;
	for (i = first; i <= last; i++)
		for (k = 0; k < IOA_CAT_IO_NR; k++)
			ph->ev[k] += s[i].ev[k];
}

void ioa_phase_split(const struct ioa_phase_seg *s, size_t n, const struct ioa_phase_params *p,
		     struct ioa_phase **out, size_t *nout)
{
	uint8_t *back, *state;
	size_t i, first, alloc = 0;
	int k;

	*out = NULL;
	*nout = 0;
	if (!n)
		return;
	back = ioa_xmalloc(n * NS);
	state = ioa_xmalloc(n);
	k = forward(s, n, p, back);
	for (i = n; i-- > 0;) {
		state[i] = (uint8_t)k;
		if (i)
			k = back[i * NS + (size_t)k];
	}
	for (first = 0, i = 0; i < n; i++) {
		if (i + 1 < n &&
		    (state[i + 1] == state[i] || (is_none(state[i + 1]) && is_none(state[i]))))
			continue;
		IOA_GROW(*out, *nout, alloc);
		close_phase(&(*out)[(*nout)++], s, first, i, state[i]);
		first = i + 1;
	}
	free(back);
	free(state);
}

double ioa_phase_rate(const struct ioa_phase *ph, int cat)
{
	if (cat < 0 || cat >= IOA_CAT_IO_NR || ph->end <= ph->start)
		return 0;
	return ph->ev[cat] * 1e9 / (double)(ph->end - ph->start);
}
