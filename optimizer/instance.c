// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Instances: allocation, precedence graph (CSR + topological order) and the translation of
 * vCPU segments into RCPSP resources (see instance.h for the resource layout).
 */
#include "instance.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const cat_names[IOA_NCAT] = {
	"RAM", "ETHERNET", "BUS", "GPU", "STORAGE", "CACHE", "COMPUTE",
};

int ioa_cat_index(const char *name)
{
	int i;

	for (i = 0; i < IOA_NCAT; i++)
		if (!strcmp(cat_names[i], name))
			return i;
	/* virtualisation mechanics are no component: scheduled like COMPUTE */
	if (!strcmp(name, "OVERHEAD"))
		return IOA_CAT_COMPUTE;
	return IOA_NONE;
}

void ioa_inst_init(struct ioa_inst *inst, int n, int nres)
{
	int j;

	memset(inst, 0, sizeof(*inst));
	inst->n = n;
	inst->nres = nres;
	inst->task = ioa_xcalloc((size_t)n, sizeof(*inst->task));
	inst->cap = ioa_xcalloc((size_t)nres, sizeof(int));
	inst->dem = ioa_xcalloc((size_t)n * (size_t)(nres ? nres : 1), sizeof(int));
	for (j = 0; j < n; j++) {
		inst->task[j].deadline = IOA_NONE;
		inst->task[j].cat = IOA_NONE;
		inst->task[j].chain = IOA_NONE;
		inst->task[j].pin = IOA_NONE;
	}
	inst->res_pcpu = IOA_NONE;
	inst->res_cat = IOA_NONE;
	inst->res_pin = IOA_NONE;
}

void ioa_inst_release(struct ioa_inst *inst)
{
	free(inst->task);
	free(inst->cap);
	free(inst->dem);
	free(inst->succ_off);
	free(inst->succ);
	free(inst->pred_off);
	free(inst->pred);
	free(inst->topo);
	free(inst->rank);
	free(inst->pin_res);
	free(inst->ea);
	free(inst->eb);
	memset(inst, 0, sizeof(*inst));
}

void ioa_inst_add_prec(struct ioa_inst *inst, int a, int b)
{
	int alloc = inst->ealloc;

	IOA_GROW(inst->ea, inst->ne, alloc);
	if (alloc != inst->ealloc) {
		inst->eb = ioa_xrealloc(inst->eb, (size_t)alloc * sizeof(int));
		inst->ealloc = alloc;
	}
	inst->ea[inst->ne] = a;
	inst->eb[inst->ne] = b;
	inst->ne++;
}

/* CSR of edges from[] -> to[] */
static void csr(int n, int ne, const int *from, const int *to, int **off, int **adj)
{
	int *o = ioa_xcalloc((size_t)n + 1, sizeof(int));
	int *a = ioa_xmalloc((size_t)(ne ? ne : 1) * sizeof(int));
	int *fill = ioa_xcalloc((size_t)n + 1, sizeof(int));
	int e, j;

	for (e = 0; e < ne; e++)
		o[from[e] + 1]++;
	for (j = 0; j < n; j++)
		o[j + 1] += o[j];
	for (e = 0; e < ne; e++)
		a[o[from[e]] + fill[from[e]]++] = to[e];
	free(fill);
	*off = o;
	*adj = a;
}

/* Kahn's algorithm; returns the number of tasks ordered (< n: a cycle) */
static int toposort(struct ioa_inst *inst)
{
	int n = inst->n, head = 0, tail = 0, j, e;
	int *indeg = ioa_xcalloc((size_t)n + 1, sizeof(int));

	inst->topo = ioa_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	inst->rank = ioa_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	for (j = 0; j < n; j++)
		indeg[j] = inst->pred_off[j + 1] - inst->pred_off[j];
	for (j = 0; j < n; j++)
		if (!indeg[j])
			inst->topo[tail++] = j;
	while (head < tail) {
		j = inst->topo[head++];
		for (e = inst->succ_off[j]; e < inst->succ_off[j + 1]; e++)
			if (!--indeg[inst->succ[e]])
				inst->topo[tail++] = inst->succ[e];
	}
	for (j = 0; j < tail; j++)
		inst->rank[inst->topo[j]] = j;
	free(indeg);
	return tail;
}

static int check_tasks(const struct ioa_inst *inst, struct ioa_err *err)
{
	int j, k;

	for (k = 0; k < inst->nres; k++)
		if (inst->cap[k] < 0)
			return ioa_error(err, IOA_EINPUT, "resource %d: negative capacity", k + 1);
	for (j = 0; j < inst->n; j++) {
		const struct ioa_task *t = &inst->task[j];

		if (t->dur < 0 || t->release < 0)
			return ioa_error(err, IOA_EINPUT, "task %d: negative duration or release",
					 j + 1);
		for (k = 0; k < inst->nres; k++)
			if (ioa_dem(inst, j, k) < 0 || ioa_dem(inst, j, k) > inst->cap[k])
				return ioa_error(err, IOA_EINPUT,
						 "task %d: demand %d on resource %d exceeds its "
						 "capacity %d",
						 j + 1, ioa_dem(inst, j, k), k + 1, inst->cap[k]);
	}
	return 0;
}

int ioa_inst_finalize(struct ioa_inst *inst, struct ioa_err *err)
{
	int e, ret = check_tasks(inst, err);

	if (ret)
		return ret;
	for (e = 0; e < inst->ne; e++)
		if (inst->ea[e] < 0 || inst->ea[e] >= inst->n || inst->eb[e] < 0 ||
		    inst->eb[e] >= inst->n || inst->ea[e] == inst->eb[e])
			return ioa_error(err, IOA_EINPUT, "precedence %d -> %d: bad task number",
					 inst->ea[e] + 1, inst->eb[e] + 1);
	csr(inst->n, inst->ne, inst->ea, inst->eb, &inst->succ_off, &inst->succ);
	csr(inst->n, inst->ne, inst->eb, inst->ea, &inst->pred_off, &inst->pred);
	if (toposort(inst) != inst->n)
		return ioa_error(err, IOA_EINPUT, "the precedences contain a cycle");
	return 0;
}

/* segments of one chain in release order: sort indices by (chain, release, index) */
static int by_chain(const void *a, const void *b, void *arg)
{
	const struct ioa_vtask *v = arg;
	const struct ioa_vtask *x = &v[*(const int *)a], *y = &v[*(const int *)b];

	if (x->chain != y->chain)
		return x->chain < y->chain ? -1 : 1;
	if (x->release != y->release)
		return x->release < y->release ? -1 : 1;
	return *(const int *)a - *(const int *)b;
}

static void vcpu_chains(struct ioa_inst *inst, const struct ioa_vtask *v, int n)
{
	int *idx = ioa_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	int i;

	for (i = 0; i < n; i++)
		idx[i] = i;
	qsort_r(idx, (size_t)n, sizeof(int), by_chain, (void *)v);
	for (i = 1; i < n; i++)
		if (v[idx[i]].chain != IOA_NONE && v[idx[i]].chain == v[idx[i - 1]].chain)
			ioa_inst_add_prec(inst, idx[i - 1], idx[i]);
	free(idx);
}

/* count the pCPUs that have pinned tasks and give each one a unary resource */
static int vcpu_pins(const struct ioa_vtask *v, int n, int pcpus, int *pin_res, int first,
		     struct ioa_err *err)
{
	int i, c, k = first;

	for (c = 0; c < pcpus; c++)
		pin_res[c] = IOA_NONE;
	for (i = 0; i < n; i++) {
		if (v[i].pin == IOA_NONE)
			continue;
		if (v[i].pin < 0 || v[i].pin >= pcpus)
			return ioa_error(err, IOA_EINPUT, "task %d: pinned to pCPU %d of %d", i + 1,
					 v[i].pin, pcpus);
		pin_res[v[i].pin] = 0;
	}
	for (c = 0; c < pcpus; c++)
		if (!pin_res[c])
			pin_res[c] = k++;
	return k - first;
}

static void vcpu_task(struct ioa_inst *inst, int j, const struct ioa_vtask *v, int cap)
{
	struct ioa_task *t = &inst->task[j];

	t->release = v->release;
	t->dur = v->dur;
	t->deadline = v->deadline;
	t->cat = v->cat;
	t->util = v->util;
	t->chain = v->chain;
	t->pin = v->pin;
	inst->dem[(int64_t)j * inst->nres + inst->res_pcpu] = 1;
	if (v->cat != IOA_CAT_COMPUTE)
		inst->dem[(int64_t)j * inst->nres + inst->res_cat + v->cat] =
			inst->mode == IOA_MODE_OVERLAP ? IOA_MIN(v->util, cap) : 1;
	if (v->pin != IOA_NONE)
		inst->dem[(int64_t)j * inst->nres + inst->pin_res[v->pin]] = 1;
}

int ioa_inst_vcpu(struct ioa_inst *inst, const struct ioa_vtask *v, int n, int pcpus, int mode,
		  int cap, struct ioa_err *err)
{
	int *pin_res, npin, i, k;

	if (pcpus < 1 || (mode == IOA_MODE_OVERLAP && cap < 1))
		return ioa_error(err, IOA_EINPUT, "need at least one pCPU and a capacity >= 1");
	for (i = 0; i < n; i++)
		if (v[i].cat < 0 || v[i].cat >= IOA_NCAT || v[i].util < 0)
			return ioa_error(err, IOA_EINPUT, "task %d: bad category or utilisation",
					 i + 1);
	pin_res = ioa_xmalloc((size_t)pcpus * sizeof(int));
	npin = vcpu_pins(v, n, pcpus, pin_res, 1 + IOA_NCAT - 1, err);
	if (npin < 0) {
		free(pin_res);
		return npin;
	}
	ioa_inst_init(inst, n, 1 + IOA_NCAT - 1 + npin);
	inst->mode = mode;
	inst->pcpus = pcpus;
	inst->res_pcpu = 0;
	inst->res_cat = 1;
	inst->cat_cap = mode == IOA_MODE_OVERLAP ? cap : 1;
	inst->res_pin = npin ? IOA_NCAT : IOA_NONE;
	inst->pin_res = pin_res;
	inst->cap[0] = pcpus;
	for (k = 0; k < IOA_NCAT - 1; k++)
		inst->cap[1 + k] = inst->cat_cap;
	for (k = IOA_NCAT; k < inst->nres; k++)
		inst->cap[k] = 1;
	for (i = 0; i < n; i++)
		vcpu_task(inst, i, &v[i], cap);
	vcpu_chains(inst, v, n);
	return ioa_inst_finalize(inst, err);
}
