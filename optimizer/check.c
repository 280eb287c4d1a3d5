// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The independent checker every schedule passes before it is reported or stored. It shares no
 * code with the solvers: resource usage is re-derived by a sweep over start/end events, and on
 * vCPU instances the category rule and the pCPU count are checked from the tasks' categories
 * and pCPU ids, not from the resource matrix the solvers use. The first violation is returned
 * as a precise message.
 */
#include <stdlib.h>

#include "optimizer.h"

/* a task's start or end; ends sort first at equal times */
struct ev {
	int64_t t;
	int start; /* 1 start, 0 end */
	int task;
};

static int ev_cmp(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->start - y->start;
}

/*
 * The starts and ends of every task that lasts, in time order: sorted once per check and
 * swept once per resource, category and pCPU with that sweep's demands (sorting per sweep
 * cost most of the checker on large instances). Within one time, the order of the ends (or
 * of the starts) cannot change whether a usage exceeds a capacity.
 */
static int events(const struct ioa_inst *inst, const int64_t *start, struct ev *ev)
{
	int j, m = 0;

	for (j = 0; j < inst->n; j++) {
		if (inst->task[j].dur <= 0)
			continue;
		ev[m++] = (struct ev){ start[j], 1, j };
		ev[m++] = (struct ev){ start[j] + inst->task[j].dur, 0, j };
	}
	qsort(ev, (size_t)m, sizeof(*ev), ev_cmp);
	return m;
}

static int check_tasks(const struct ioa_inst *inst, const int64_t *start, struct ioa_err *err)
{
	int j, e;

	for (j = 0; j < inst->n; j++) {
		const struct ioa_task *t = &inst->task[j];

		if (start[j] == IOA_UNSET)
			return ioa_error(err, IOA_EINTERNAL, "task %d is not placed", j + 1);
		if (start[j] < t->release)
			return ioa_error(err, IOA_EINTERNAL,
					 "task %d starts at %lld before its release %lld", j + 1,
					 (long long)start[j], (long long)t->release);
		if (t->deadline != IOA_NONE && start[j] + t->dur > t->deadline)
			return ioa_error(err, IOA_EINTERNAL,
					 "task %d finishes at %lld after its deadline %lld", j + 1,
					 (long long)(start[j] + t->dur), (long long)t->deadline);
		for (e = inst->succ_off[j]; e < inst->succ_off[j + 1]; e++) {
			int s = inst->succ[e];

			if (start[s] < start[j] + t->dur)
				return ioa_error(err, IOA_EINTERNAL,
						 "task %d starts at %lld before its predecessor %d "
						 "finishes at %lld",
						 s + 1, (long long)start[s], j + 1,
						 (long long)(start[j] + t->dur));
		}
	}
	return 0;
}

/* sweep: usage of the tasks with a demand never above @cap */
static int sweep(const struct ev *ev, int m, const int *demand, int cap, const char *what,
		 struct ioa_err *err)
{
	int i, d, use = 0;

	for (i = 0; i < m; i++) {
		d = demand[ev[i].task];
		if (d <= 0)
			continue;
		use += ev[i].start ? d : -d;
		if (use > cap)
			return ioa_error(err, IOA_EINTERNAL,
					 "%s: usage %d above capacity %d at time %lld (task %d)",
					 what, use, cap, (long long)ev[i].t, ev[i].task + 1);
	}
	return 0;
}

static int check_resources(const struct ioa_inst *inst, const struct ev *ev, int m, int *demand,
			   struct ioa_err *err)
{
	char what[64];
	int j, k, ret = 0;

	for (k = 0; !ret && k < inst->nres; k++) {
		for (j = 0; j < inst->n; j++)
			demand[j] = ioa_dem(inst, j, k);
		snprintf(what, sizeof(what), "resource %d", k + 1);
		ret = sweep(ev, m, demand, inst->cap[k], what, err);
	}
	return ret;
}

/* vCPU rules from the tasks themselves: P, the category rule of the mode, pinning, pCPU ids */
static int check_vcpu(const struct ioa_inst *inst, const int *cpu, const struct ev *ev, int m,
		      int *demand, struct ioa_err *err)
{
	char what[64];
	int j, c, ret;

	for (j = 0; j < inst->n; j++)
		demand[j] = 1;
	ret = sweep(ev, m, demand, inst->pcpus, "pCPUs", err);
	for (c = 0; !ret && c < IOA_NCAT; c++) {
		if (c == IOA_CAT_COMPUTE)
			continue;
		for (j = 0; j < inst->n; j++)
			demand[j] = inst->task[j].cat != c ? 0
				    : inst->mode == IOA_MODE_OVERLAP
					    ? IOA_MIN(inst->task[j].util, inst->cat_cap)
					    : 1;
		snprintf(what, sizeof(what), "category %s", ioa_cat_name(c));
		ret = sweep(ev, m, demand, inst->cat_cap, what, err);
	}
	for (j = 0; !ret && cpu && j < inst->n; j++) {
		if (cpu[j] < 0 || cpu[j] >= inst->pcpus)
			ret = ioa_error(err, IOA_EINTERNAL, "task %d on pCPU %d of %d", j + 1,
					cpu[j], inst->pcpus);
		else if (inst->task[j].pin != IOA_NONE && cpu[j] != inst->task[j].pin)
			ret = ioa_error(err, IOA_EINTERNAL, "task %d pinned to pCPU %d runs on %d",
					j + 1, inst->task[j].pin, cpu[j]);
	}
	for (c = 0; !ret && cpu && c < inst->pcpus; c++) {
		for (j = 0; j < inst->n; j++)
			demand[j] = cpu[j] == c;
		snprintf(what, sizeof(what), "pCPU %d", c);
		ret = sweep(ev, m, demand, 1, what, err);
	}
	return ret;
}

int ioa_check(const struct ioa_inst *inst, const int64_t *start, const int *cpu,
	      struct ioa_err *err)
{
	struct ev *ev;
	int *demand;
	int m, ret = check_tasks(inst, start, err);

	if (ret)
		return ret;
	ev = ioa_xmalloc((size_t)(2 * inst->n + 1) * sizeof(*ev));
	demand = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int));
	m = events(inst, start, ev);
	ret = check_resources(inst, ev, m, demand, err);
	if (!ret && inst->pcpus > 0)
		ret = check_vcpu(inst, cpu, ev, m, demand, err);
	free(ev);
	free(demand);
	return ret;
}
