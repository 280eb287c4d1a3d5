// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * pCPU ids after solving. With identical pCPUs the solvers only keep "at most P running"; this
 * file turns that into ids by interval partitioning: tasks in start order, each on a pCPU that
 * is free at its start (the schedule never runs more than P at once, so one always is).
 * Pinned tasks go to their pCPU; a free task prefers the pCPU whose next pinned task is
 * furthest away, so it does not sit where a pinned one must start.
 */
#include <stdlib.h>

#include "optimizer.h"

struct asg {
	const struct ioa_inst *inst;
	const int64_t *start;
	int64_t *free_at; /* [P] */
	int *pins;	  /* pinned tasks grouped by pCPU, each group in start order */
	int *poff, *pcur; /* [P + 1] group offsets, [P] next pinned task not yet started */
};

static int by_start(const void *a, const void *b, void *arg)
{
	const struct asg *s = arg;
	int x = *(const int *)a, y = *(const int *)b;

	if (s->start[x] != s->start[y])
		return s->start[x] < s->start[y] ? -1 : 1;
	return s->inst->task[x].dur != s->inst->task[y].dur
		       ? (s->inst->task[x].dur < s->inst->task[y].dur ? -1 : 1)
		       : x - y;
}

static void pins_build(struct asg *s, const int *order)
{
	const struct ioa_inst *inst = s->inst;
	int P = inst->pcpus, i, c;
	int *fill = ioa_xcalloc((size_t)P + 1, sizeof(int));

	for (i = 0; i < inst->n; i++)
		if (inst->task[i].pin != IOA_NONE)
			s->poff[inst->task[i].pin + 1]++;
	for (c = 0; c < P; c++)
		s->poff[c + 1] += s->poff[c];
	for (i = 0; i < inst->n; i++) {
		int j = order[i], p = inst->task[j].pin;

		if (p != IOA_NONE)
			s->pins[s->poff[p] + fill[p]++] = j;
	}
	for (c = 0; c < P; c++)
		s->pcur[c] = s->poff[c];
	free(fill);
}

/* start of the next pinned task on c that has not started before @t */
static int64_t next_pin(struct asg *s, int c, int64_t t)
{
	while (s->pcur[c] < s->poff[c + 1] && s->start[s->pins[s->pcur[c]]] < t)
		s->pcur[c]++;
	return s->pcur[c] < s->poff[c + 1] ? s->start[s->pins[s->pcur[c]]] : INT64_MAX;
}

static int pick_cpu(struct asg *s, int j)
{
	int64_t t = s->start[j], best_next = -1;
	int c, best = IOA_NONE;

	if (s->inst->task[j].pin != IOA_NONE)
		return s->free_at[s->inst->task[j].pin] <= t || !s->inst->task[j].dur
			       ? s->inst->task[j].pin
			       : IOA_NONE;
	for (c = 0; c < s->inst->pcpus; c++) {
		int64_t nx;

		if (s->free_at[c] > t)
			continue;
		nx = next_pin(s, c, t);
		if (nx > best_next) {
			best_next = nx;
			best = c;
		}
	}
	/* a zero-length task occupies nothing */
	return best == IOA_NONE && !s->inst->task[j].dur ? 0 : best;
}

int ioa_assign_cpus(const struct ioa_inst *inst, const int64_t *start, int *cpu,
		    struct ioa_err *err)
{
	struct asg s = { .inst = inst, .start = start };
	int *order = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int));
	int i, ret = 0;

	s.free_at = ioa_xcalloc((size_t)inst->pcpus + 1, sizeof(int64_t));
	s.pins = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int));
	s.poff = ioa_xcalloc((size_t)inst->pcpus + 2, sizeof(int));
	s.pcur = ioa_xcalloc((size_t)inst->pcpus + 1, sizeof(int));
	for (i = 0; i < inst->n; i++)
		order[i] = i;
	qsort_r(order, (size_t)inst->n, sizeof(int), by_start, &s);
	pins_build(&s, order);
	for (i = 0; i < inst->n && !ret; i++) {
		int j = order[i], c = pick_cpu(&s, j);

		if (c == IOA_NONE) {
			ret = ioa_error(err, IOA_EINFEASIBLE,
					"task %d at %lld: no free pCPU (pinned pCPU %d busy)",
					j + 1, (long long)start[j], inst->task[j].pin);
			break;
		}
		cpu[j] = c;
		if (inst->task[j].dur > 0)
			s.free_at[c] = start[j] + inst->task[j].dur;
	}
	free(order);
	free(s.free_at);
	free(s.pins);
	free(s.poff);
	free(s.pcur);
	return ret;
}
