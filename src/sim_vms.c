// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The VMs of a scenario for `simulate` and `plan`: tasks grouped by VM — the pair (vm_id, copy),
 * so that each time-shifted copy of --repeat is a VM of its own — with the VM's name, and
 * the per-VM latency of a simulated schedule as metric rows and as JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_simulate.h"
#include "db_plan.h"

/* a VM of a scenario: (vm_id, copy); tasks without a VM are (-1, copy) */
struct vm_key {
	int64_t id;
	int copy;
};

static int key_cmp(const void *a, const void *b)
{
	const struct vm_key *x = a, *y = b;

	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->copy > y->copy) - (x->copy < y->copy);
}

static struct vm_key key_of(const struct ioa_task_rec *t)
{
	return (struct vm_key){ t->vm_id >= 0 ? t->vm_id : -1, IOA_MAX(t->copy, 0) };
}

/* the distinct keys of the tasks, ascending; returns their count */
static int distinct_keys(struct vm_key *k, const struct ioa_task_rec *t, int n)
{
	int i, m = 0;

	for (i = 0; i < n; i++)
		k[i] = key_of(&t[i]);
	qsort(k, (size_t)n, sizeof(*k), key_cmp);
	for (i = 0; i < n; i++)
		if (!m || key_cmp(&k[m - 1], &k[i]))
			k[m++] = k[i];
	return m;
}

/* another VM (not a copy of this one) of the scenario has the same name */
static int name_shared(const struct ioa_vm_groups *g, int i)
{
	int j;

	for (j = 0; j < g->n; j++)
		if (g->id[j] != g->id[i] && !strcmp(g->base[j], g->base[i]))
			return 1;
	return 0;
}

/* "NAME", "NAME#k" for copy k; "vm ID NAME#k" where two VMs share a name */
static int name_groups(struct ioa_vm_groups *g, struct ioa_db *db, struct ioa_err *err)
{
	char label[64];
	int i, ret = 0;

	for (i = 0; i < g->n && !ret; i++) {
		if (g->id[i] >= 0)
			ret = ioa_db_vm_name(db, g->id[i], g->base[i], sizeof(g->base[i]), err);
		if (!g->base[i][0] && g->id[i] >= 0)
			snprintf(g->base[i], sizeof(g->base[i]), "vm %lld", (long long)g->id[i]);
		else if (!g->base[i][0])
			ioa_strlcpy(g->base[i], "no VM", sizeof(g->base[i]));
	}
	for (i = 0; i < g->n && !ret; i++) {
		if (g->id[i] >= 0 && name_shared(g, i) && strncmp(g->base[i], "vm ", 3))
			snprintf(label, sizeof(label), "vm %lld %.40s", (long long)g->id[i],
				 g->base[i]);
		else
			ioa_strlcpy(label, g->base[i], sizeof(label));
		ioa_vm_copy_name(g->name[i], sizeof(g->name[i]), label, g->copy[i]);
	}
	return ret;
}

int ioa_vm_groups_load(struct ioa_vm_groups *g, struct ioa_db *db, const struct ioa_task_rec *t,
		       int n, struct ioa_err *err)
{
	struct vm_key *k = ioa_xmalloc((size_t)(n ? n : 1) * sizeof(*k));
	int i, m, ret;

	memset(g, 0, sizeof(*g));
	m = distinct_keys(k, t, n);
	g->n = m;
	g->id = ioa_xmalloc((size_t)(m ? m : 1) * sizeof(int64_t));
	g->copy = ioa_xmalloc((size_t)(m ? m : 1) * sizeof(int));
	g->name = ioa_xcalloc((size_t)(m ? m : 1), sizeof(*g->name));
	g->base = ioa_xcalloc((size_t)(m ? m : 1), sizeof(*g->base));
	g->of_task = ioa_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	for (i = 0; i < m; i++) {
		g->id[i] = k[i].id;
		g->copy[i] = k[i].copy;
	}
	for (i = 0; i < n; i++) {
		struct vm_key x = key_of(&t[i]);
		const struct vm_key *p = bsearch(&x, k, (size_t)m, sizeof(*k), key_cmp);

		g->of_task[i] = (int)(p - k);
	}
	free(k);
	ret = name_groups(g, db, err);
	if (ret)
		ioa_vm_groups_release(g);
	return ret;
}

void ioa_vm_key(char *buf, size_t size, const struct ioa_vm_groups *g, int i)
{
	if (g->copy[i] > 0)
		snprintf(buf, size, "%lld#%d", (long long)g->id[i], g->copy[i]);
	else
		snprintf(buf, size, "%lld", (long long)g->id[i]);
}

void ioa_vm_groups_release(struct ioa_vm_groups *g)
{
	free(g->id);
	free(g->copy);
	free(g->name);
	free(g->base);
	free(g->of_task);
	memset(g, 0, sizeof(*g));
}

void ioa_vm_metrics(const struct ioa_vm_groups *g, const struct ioa_sim_group *x,
		    struct ioa_metric_rec **mp, int *nm)
{
	static const char *const names[] = { "tasks", "p50_wait_s", "p99_wait_s", "max_wait_s",
					     "deadline_misses" };
	int i, k, n = *nm, alloc = *nm;

	for (i = 0; i < g->n; i++) {
		double v[] = { x[i].ntasks, x[i].p50_wait_s, x[i].p99_wait_s, x[i].max_wait_s,
			       x[i].misses };

		for (k = 0; k < (int)IOA_ARRAY_SIZE(names); k++) {
			struct ioa_metric_rec *m;

			IOA_GROW(*mp, n, alloc);
			m = &(*mp)[n++];
			m->scope = "vm";
			ioa_vm_key(m->key, sizeof(m->key), g, i);
			m->name = names[k];
			m->value = v[k];
		}
	}
	*nm = n;
}

void ioa_vm_json(FILE *out, const struct ioa_vm_groups *g, const struct ioa_sim_group *x)
{
	int i;

	fputs("\"vms\": [", out);
	for (i = 0; i < g->n; i++) {
		fprintf(out, "%s{\"vm\": ", i ? ", " : "");
		if (g->id[i] >= 0)
			fprintf(out, "%lld", (long long)g->id[i]);
		else
			fputs("null", out);
		fprintf(out, ", \"copy\": %d, \"name\": ", g->copy[i]);
		ioa_json_str(out, g->name[i]);
		fprintf(out,
			", \"tasks\": %d, \"p50_wait_ms\": %.6f, \"p99_wait_ms\": %.6f, "
			"\"max_wait_ms\": %.6f, \"deadline_misses\": %d}",
			x[i].ntasks, x[i].p50_wait_s * 1e3, x[i].p99_wait_s * 1e3,
			x[i].max_wait_s * 1e3, x[i].misses);
	}
	fputc(']', out);
}
