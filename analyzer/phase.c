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
	double sw = p->cost * p->sw;

	if (a == b) /* one phase, not two */
		return INF;
	if (!is_none(a)) /* I/O phase of a: pause after it, or another category */
		return b == NONE0 + 1 + a ? p->cost : is_none(b) ? INF : sw;
	if (is_none(b)) /* no state ever goes back to NONE0 or from one pause to another */
		return INF;
	return a == NONE0 || a == NONE0 + 1 + b ? p->cost : sw - p->cost;
}

/* the time segment @i's phase begins at when it is the phase's first segment */
static uint64_t t_start(const struct ioa_phase_seg *s, size_t i)
{
	return s[i].end - dt_of(s, i);
}

/*
 * Viterbi over phases, not segments: E[k] is the cheapest labelling of the segments before
 * j with a phase of k starting at j, V[j][k] = E[k] - S_k(j - 1) (S_k the prefix sum of
 * state k's segment costs); a phase of k from j to i costs S_k(i) - S_k(j - 1), and may end
 * at i when it lasted min_ns or it is the first phase. M[k] is the cheapest V[j][k] over the
 * starts j far enough before i (their times only grow with i, so a running minimum), G[k]
 * over every start (the last phase may be short). Only the rows V[j] of the starts not yet
 * far enough back are kept (from vbase on: a phase's minimum length, not the whole timeline).
 */
struct vit {
	double t[NS][NS], S[NS], F[NS], M[NS], G[NS];
	uint32_t Mj[NS], Gj[NS];
	double *V; /* vcap rows of NS: V[vbase ...] */
	size_t vbase, vcap;
	uint32_t *bj; /* n * NS: the start of the phase of k that ends at i */
	uint8_t *bk;  /* n * NS: the state before the phase of k that starts at j */
	size_t p;     /* starts 0 .. p are far enough before the current segment */
};

static double *v_row(const struct vit *v, size_t j)
{
	return v->V + (j - v->vbase) * NS;
}

/* room for row @i: drop the rows before p + 1 (already in M), else grow */
static double *v_add(struct vit *v, size_t i)
{
	if (i - v->vbase < v->vcap)
		return v_row(v, i);
	if (v->p + 1 > v->vbase) {
		memmove(v->V, v_row(v, v->p + 1), (i - v->p - 1) * NS * sizeof(*v->V));
		v->vbase = v->p + 1;
	}
	if (i - v->vbase == v->vcap) {
		v->vcap *= 2;
		v->V = ioa_xrealloc(v->V, v->vcap * NS * sizeof(*v->V));
	}
	return v_row(v, i);
}

/* a phase of each state may start at @i: its cost so far, minus the prefix before it */
static void phase_starts(struct vit *v, size_t i)
{
	double *V = v_add(v, i);
	int k, j;

	for (k = 0; k < NS; k++) {
		double e = k < NIO || k == NONE0 ? 0 : INF;

		v->bk[i * NS + (size_t)k] = (uint8_t)k;
		if (i)
			for (e = INF, j = 0; j < NS; j++)
				if (v->F[j] + v->t[j][k] < e) {
					e = v->F[j] + v->t[j][k];
					v->bk[i * NS + (size_t)k] = (uint8_t)j;
				}
		V[k] = e - v->S[k];
		if (V[k] < v->G[k]) {
			v->G[k] = V[k];
			v->Gj[k] = (uint32_t)i;
		}
	}
}

/* segment @i: the prefix sums, the starts now far enough back, the phases ending at @i */
static void phase_ends(struct vit *v, const struct ioa_phase_seg *s, size_t i,
		       const struct ioa_phase_params *p)
{
	double rate_ns = p->rate / 1e9;
	int k;

	for (k = 0; k < NS; k++)
		v->S[k] += state_cost(s, i, k, rate_ns);
	while (v->p < i && s[i].end >= t_start(s, v->p + 1) + p->min_ns) {
		const double *V = v_row(v, ++v->p);

		for (k = 0; k < NS; k++)
			if (V[k] < v->M[k]) {
				v->M[k] = V[k];
				v->Mj[k] = (uint32_t)v->p;
			}
	}
	for (k = 0; k < NS; k++) {
		v->F[k] = v->M[k] + v->S[k];
		v->bj[i * NS + (size_t)k] = v->Mj[k];
	}
}

/* forward pass; returns the cheapest last state, @*first the start of its phase */
static int forward(const struct ioa_phase_seg *s, size_t n, const struct ioa_phase_params *p,
		   struct vit *v, size_t *first)
{
	size_t i;
	int k, j, best = 0;

	for (j = 0; j < NS; j++) {
		for (k = 0; k < NS; k++)
			v->t[j][k] = trans(j, k, p);
		v->S[j] = 0;
		v->G[j] = INF;
	}
	for (i = 0; i < n; i++) {
		phase_starts(v, i);
		if (!i) /* the first phase may be short */
			for (k = 0; k < NS; k++) {
				v->M[k] = v->G[k];
				v->Mj[k] = 0;
			}
		phase_ends(v, s, i, p);
	}
	for (k = 1; k < NS; k++) {
		double a = v->G[k] + v->S[k], b = v->G[best] + v->S[best];

		if (a < b || (a == b && is_none(k) && !is_none(best)))
			best = k;
	}
	*first = v->Gj[best];
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

/* the states of the cheapest labelling, from the back pointers */
static void backtrack(const struct vit *v, size_t n, int k, size_t first, uint8_t *state)
{
	size_t i = n;

	for (;;) {
		while (i > first)
			state[--i] = (uint8_t)k;
		if (!first)
			return;
		k = v->bk[first * NS + (size_t)k];
		first = v->bj[(first - 1) * NS + (size_t)k];
	}
}

void ioa_phase_split(const struct ioa_phase_seg *s, size_t n, const struct ioa_phase_params *p,
		     struct ioa_phase **out, size_t *nout)
{
	struct vit v = { 0 };
	uint8_t *state;
	size_t i, first, alloc = 0;
	int k;

	*out = NULL;
	*nout = 0;
	if (!n)
		return;
	v.vcap = 64;
	v.V = ioa_xmalloc(v.vcap * NS * sizeof(*v.V));
	v.bj = ioa_xmalloc(n * NS * sizeof(*v.bj));
	v.bk = ioa_xmalloc(n * NS);
	state = ioa_xmalloc(n);
	k = forward(s, n, p, &v, &first);
	backtrack(&v, n, k, first, state);
	free(v.V);
	free(v.bj);
	free(v.bk);
	for (first = 0, i = 0; i < n; i++) {
		if (i + 1 < n &&
		    (state[i + 1] == state[i] || (is_none(state[i + 1]) && is_none(state[i]))))
			continue;
		IOA_GROW(*out, *nout, alloc);
		close_phase(&(*out)[(*nout)++], s, first, i, state[i]);
		first = i + 1;
	}
	free(state);
}

double ioa_phase_rate(const struct ioa_phase *ph, int cat)
{
	if (cat < 0 || cat >= IOA_CAT_IO_NR || ph->end <= ph->start)
		return 0;
	return ph->ev[cat] * 1e9 / (double)(ph->end - ph->start);
}
