// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The VMs of a scenario for `simulate` and `plan`: tasks grouped by VM with the VM's name, and
 * the per-VM latency of a simulated schedule as metric rows and as JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_simulate.h"
#include "db_plan.h"

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int group_of(const struct ioa_vm_groups *g, int64_t id)
{
	const int64_t *p = bsearch(&id, g->id, (size_t)g->n, sizeof(int64_t), id_cmp);

	return p ? (int)(p - g->id) : -1;
}

int ioa_vm_groups_load(struct ioa_vm_groups *g, struct ioa_db *db, const struct ioa_task_rec *t,
		       int n, struct ioa_err *err)
{
	int i, m = 0, ret = 0;

	memset(g, 0, sizeof(*g));
	g->id = ioa_xmalloc((size_t)(n ? n : 1) * sizeof(int64_t));
	g->of_task = ioa_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	for (i = 0; i < n; i++)
		g->id[i] = t[i].vm_id >= 0 ? t[i].vm_id : -1;
	qsort(g->id, (size_t)n, sizeof(int64_t), id_cmp);
	for (i = 0; i < n; i++)
		if (!m || g->id[m - 1] != g->id[i])
			g->id[m++] = g->id[i];
	g->n = m;
	g->name = ioa_xcalloc((size_t)(m ? m : 1), sizeof(*g->name));
	for (i = 0; i < n; i++)
		g->of_task[i] = group_of(g, t[i].vm_id >= 0 ? t[i].vm_id : -1);
	for (i = 0; i < m && !ret; i++) {
		if (g->id[i] >= 0)
			ret = ioa_db_vm_name(db, g->id[i], g->name[i], sizeof(g->name[i]), err);
		if (!g->name[i][0] && g->id[i] >= 0)
			snprintf(g->name[i], sizeof(g->name[i]), "vm %lld", (long long)g->id[i]);
		else if (!g->name[i][0])
			ioa_strlcpy(g->name[i], "no VM", sizeof(g->name[i]));
	}
	if (ret)
		ioa_vm_groups_release(g);
	return ret;
}

void ioa_vm_groups_release(struct ioa_vm_groups *g)
{
	free(g->id);
	free(g->name);
	free(g->of_task);
	memset(g, 0, sizeof(*g));
}

void ioa_vm_metrics(const struct ioa_vm_groups *g, const struct ioa_sim_group *x,
		    struct ioa_metric_rec **mp, int *nm)
{
	static const char *const names[] = {"tasks", "p50_wait_s", "p99_wait_s", "max_wait_s",
					    "deadline_misses"};
	int i, k, n = *nm, alloc = *nm;

	for (i = 0; i < g->n; i++) {
		double v[] = {x[i].ntasks, x[i].p50_wait_s, x[i].p99_wait_s, x[i].max_wait_s,
			      x[i].misses};

		for (k = 0; k < (int)IOA_ARRAY_SIZE(names); k++) {
			struct ioa_metric_rec *m;

			IOA_GROW(*mp, n, alloc);
			m = &(*mp)[n++];
			m->scope = "vm";
			snprintf(m->key, sizeof(m->key), "%lld", (long long)g->id[i]);
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
		fputs(", \"name\": ", out);
		ioa_json_str(out, g->name[i]);
		fprintf(out,
			", \"tasks\": %d, \"p50_wait_ms\": %.6f, \"p99_wait_ms\": %.6f, "
			"\"max_wait_ms\": %.6f, \"deadline_misses\": %d}",
			x[i].ntasks, x[i].p50_wait_s * 1e3, x[i].p99_wait_s * 1e3,
			x[i].max_wait_s * 1e3, x[i].misses);
	}
	fputc(']', out);
}
