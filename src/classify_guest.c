// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * classify, the guest's view (see classify_guest.h): the database side of guest task
 * profiles and the relabelling of host vCPU segments by the guest tasks that ran in them.
 */
#include "classify_guest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_classify.h"
#include "db_guest.h"
#include "rows.h"
#include "util.h"

/* a host vCPU thread with the guest CPU it runs */
struct vmap {
	int host_tid;
	int guest_cpu;
	size_t guest; /* index into v->gt */
};

struct ioa_gview {
	struct ioa_gt **gt; /* one per guest trace */
	size_t ngt, agt;
	struct vmap *map;
	size_t nmap, amap;
	size_t tasks;
	int last_tid; /* the previous result's vCPU thread and end: run-queue window */
	uint64_t last_end;
};

static int on_thread(void *priv, const struct ioa_gt_thread *t)
{
	ioa_gt_add_thread(priv, t);
	return 0;
}

static int on_seg(void *priv, const struct ioa_cls_seg *s)
{
	ioa_gt_add_segment(priv, s);
	return 0;
}

static int on_io(void *priv, const struct ioa_cls_io *io)
{
	ioa_gt_add_io(priv, io);
	return 0;
}

struct vctx {
	struct ioa_gview *v;
	size_t guest;
};

static int on_vcpu(void *priv, int guest_cpu, int host_tid)
{
	struct vctx *x = priv;
	struct ioa_gview *v = x->v;

	IOA_GROW(v->map, v->nmap, v->amap);
	v->map[v->nmap++] = (struct vmap){ host_tid, guest_cpu, x->guest };
	return 0;
}

/* one guest trace: read, profile, store; its vCPU map */
static int load_guest(struct ioa_gview *v, struct ioa_db *db, int64_t id,
		      const struct ioa_gt_params *p, const struct ioa_devmap *map,
		      struct ioa_err *err)
{
	struct ioa_gt *g = ioa_gt_new(p, map);
	struct vctx x = { v, v->ngt };
	struct ioa_gt_task_row row;
	size_t i;
	int ret;

	IOA_GROW(v->gt, v->ngt, v->agt);
	v->gt[v->ngt++] = g;
	ret = ioa_db_gt_threads_foreach(db, id, on_thread, g, err);
	if (!ret)
		ret = ioa_db_cls_segments_foreach(db, id, on_seg, g, err);
	if (!ret)
		ret = ioa_db_cls_io_foreach(db, id, on_io, g, err);
	if (ret)
		return ret;
	ioa_gt_finish(g);
	ret = ioa_db_gt_clear(db, id, err);
	for (i = 0; i < ioa_gt_count(g) && !ret; i++) {
		ioa_gt_row(&row, ioa_gt_profile(g, i), id);
		ret = ioa_db_gt_insert(db, &row, err);
	}
	v->tasks += ioa_gt_count(g);
	return ret ? ret : ioa_db_gt_vcpus_foreach(db, id, on_vcpu, &x, err);
}

struct ids {
	int64_t *v;
	size_t n, a;
};

static int on_guest(void *priv, int64_t id)
{
	struct ids *ids = priv;

	IOA_GROW(ids->v, ids->n, ids->a);
	ids->v[ids->n++] = id;
	return 0;
}

int ioa_gview_load(struct ioa_gview **out, struct ioa_db *db, int64_t trace_id, int is_guest,
		   const struct ioa_gt_params *p, const struct ioa_devmap *map, struct ioa_err *err)
{
	struct ioa_gview *v = ioa_xcalloc(1, sizeof(*v));
	struct ids ids = { NULL, 0, 0 };
	size_t i;
	int ret;

	*out = NULL;
	if (is_guest)
		on_guest(&ids, trace_id);
	ret = ioa_db_gt_guests_foreach(db, trace_id, on_guest, &ids, err);
	for (i = 0; i < ids.n && !ret; i++) /* the statement is done: no read stays open */
		ret = load_guest(v, db, ids.v[i], p, map, err);
	free(ids.v);
	if (ret || !v->nmap) {
		ioa_gview_free(v);
		return ret;
	}
	v->last_tid = -1;
	*out = v;
	return 0;
}

void ioa_gview_free(struct ioa_gview *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->ngt; i++)
		ioa_gt_free(v->gt[i]);
	free(v->gt);
	free(v->map);
	free(v);
}

size_t ioa_gview_tasks(const struct ioa_gview *v)
{
	return v ? v->tasks : 0;
}

/* {"share":..} -> {"share":..,"guest":{..}}; left as it was when it would not fit */
static void add_json(char *ev, size_t size, const struct ioa_gt_mix *m)
{
	size_t len = strlen(ev);
	char buf[512];
	int n = ioa_gt_mix_json(buf, sizeof(buf), m), skip;

	if (len < 2 || ev[len - 1] != '}' || n <= 0 || (size_t)n >= sizeof(buf))
		return;
	skip = ev[len - 2] == '{'; /* an empty object takes no comma */
	if (len + (size_t)n - (size_t)skip + 1 > size)
		return;
	memcpy(ev + len - 1, buf + skip, (size_t)n - (size_t)skip);
	memcpy(ev + len - 1 + (size_t)n - (size_t)skip, "}", 2);
}

void ioa_gview_label(struct ioa_gview *v, struct ioa_cls_result *r, char *ev, size_t size)
{
	uint64_t prev = r->tid == v->last_tid ? v->last_end : IOA_TS_NONE;
	struct ioa_gt_mix m;
	double score;
	size_t i;
	int cat;

	v->last_tid = r->tid;
	v->last_end = r->end;
	for (i = 0; i < v->nmap && v->map[i].host_tid != r->tid; i++)
		;
	if (i == v->nmap)
		return;
	ioa_gt_mix(&m, v->gt[v->map[i].guest], v->map[i].guest_cpu, r->start, r->end, prev);
	if (!m.ntasks)
		return;
	cat = ioa_gt_combine(&m, r->cat, &score);
	if (cat != r->cat)
		r->util_pct = cat < IOA_CAT_IO_NR ? m.util_pct : 0;
	r->cat = cat;
	r->confidence = score;
	add_json(ev, size, &m);
}
