// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The db module, scheduling part (see db_schedule.h): scenario, task, schedule, placement,
 * metric, util_series, sweep_point and sweep_stat. Each public writer is one transaction.
 */
#include "db_schedule.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "db_priv.h"

static const char sql_scenario_ins[] =
	"INSERT INTO scenario (trace_id, name, source, window_start_ns, window_end_ns, pcpus,"
	" mode, cap_pct, objective, params, seed, created) VALUES (:trace, :name, :source,"
	" :ws, :we, :pcpus, :mode, :cap, :objective, :params, :seed, :created)";

static const struct ioa_dbi_bulk bulk_task = {
	"INSERT INTO task (scenario_id, task_id, segment_id, vm_id, vcpu, chain, release_ns, dur_ns,"
	" category, util_pct, deadline_ns, pinned_pcpu, copy) VALUES ",
	13, "cannot insert task"
};

static const char sql_part_ins[] =
	"INSERT INTO scenario_part (scenario_id, trace_id, copy, position, offset_ns, pcpu_base)"
	" VALUES (:sc, :trace, :copy, :pos, :offset, :base)";

static const char sql_scenario_get[] =
	"SELECT scenario_id, IFNULL(trace_id, 0), name, source, IFNULL(window_start_ns, -1),"
	" IFNULL(window_end_ns, -1), pcpus, mode, cap_pct, objective, params, IFNULL(seed, -1),"
	" created, (SELECT COUNT(*) FROM task t WHERE t.scenario_id = s.scenario_id)"
	" FROM scenario s WHERE scenario_id = :id OR (:id = 0 AND scenario_id ="
	" (SELECT MAX(scenario_id) FROM scenario))";

static const char sql_tasks[] =
	"SELECT task_id, IFNULL(segment_id, 0), IFNULL(vm_id, -1), IFNULL(vcpu, -1), chain,"
	" release_ns, dur_ns, category, util_pct, IFNULL(deadline_ns, -1),"
	" IFNULL(pinned_pcpu, -1), copy FROM task WHERE scenario_id = :id ORDER BY task_id";

static const char sql_schedule_del[] =
	"DELETE FROM schedule WHERE scenario_id = :sc AND kind = :kind";

static const char sql_schedule_ins[] =
	"INSERT INTO schedule (scenario_id, kind, status, objective, bound, gap, makespan_ns,"
	" solve_seconds, params, created) VALUES (:sc, :kind, :status, :objective, :bound, :gap,"
	" :makespan, :secs, :params, :created)";

static const struct ioa_dbi_bulk bulk_placement = {
	"INSERT INTO placement (schedule_id, task_id, pcpu, start_ns, end_ns) VALUES ", 5,
	"cannot insert placement"
};

static const char sql_schedules[] =
	"SELECT schedule_id, scenario_id, kind, status, objective, bound, gap,"
	" IFNULL(makespan_ns, -1), solve_seconds, params, created FROM schedule"
	" WHERE scenario_id = :id ORDER BY schedule_id";

static const char sql_placements[] =
	"SELECT task_id, pcpu, start_ns, end_ns FROM placement WHERE schedule_id = :id"
	" ORDER BY task_id";

static const char sql_metric_del[] = "DELETE FROM metric WHERE schedule_id = :id";
static const char sql_series_del[] = "DELETE FROM util_series WHERE schedule_id = :id";

static const char sql_metric_ins[] =
	"INSERT INTO metric VALUES (:sched, :scope, :key, :name, :value)";

static const struct ioa_dbi_bulk bulk_series = {
	"INSERT INTO util_series (schedule_id, component, t_ns, util_pct) VALUES ", 4,
	"cannot insert util_series"
};

static const char sql_sweep_ins[] =
	"INSERT OR REPLACE INTO sweep_point (scenario_id, pcpus, mode, cap_pct, kind,"
	" makespan_ns, overload_s, wait_mean_ns, peaks, wait_p90_ns, overlap_s, status,"
	" solve_seconds) VALUES (:sc, :pcpus, :mode, :cap, :kind, :makespan, :overload, :wait,"
	" :peaks, :p90, :overlap, :status, :secs)";

static const char sql_sweep_load[] =
	"SELECT pcpus, mode, cap_pct, kind, IFNULL(makespan_ns, -1), overload_s, wait_mean_ns,"
	" peaks, wait_p90_ns, overlap_s, status, solve_seconds FROM sweep_point"
	" WHERE scenario_id = :id ORDER BY pcpus, mode, cap_pct, kind";

static const char sql_stat_del[] = "DELETE FROM sweep_stat WHERE run = :run";

static const char sql_stat_ins[] =
	"INSERT INTO sweep_stat VALUES (:run, :policy, :figure, :n, :p10, :median, :p90,"
	" :mean, :created)";

/* unsorted: put in (start, segment) order in C, several times faster than SQLite's sorter */
static const char sql_trace_tasks[] =
	"SELECT segment_id, vm_id, IFNULL(vcpu, -1), tid, cpu, start_ns, end_ns,"
	" IFNULL(wake_ns, -1), IFNULL(category, 'COMPUTE'), IFNULL(util_pct, 0)"
	" FROM vcpu_segments WHERE trace_id = :id";

static const char sql_trace_cpus[] = "SELECT cpus FROM trace WHERE trace_id = :id";
static const char sql_trace_host[] =
	"SELECT trace_id, IFNULL(host_trace_id, 0) FROM trace WHERE trace_id = :id";
/* times are ISO 8601 UTC to the millisecond (ioa_now_iso), so text order is time order */
static const char sql_newest[] =
	"SELECT t.trace_id, t.file, (SELECT scenario_id FROM scenario WHERE trace_id IS NULL"
	" ORDER BY scenario_id DESC LIMIT 1), (SELECT created FROM scenario WHERE trace_id IS NULL"
	" ORDER BY scenario_id DESC LIMIT 1) >= IFNULL(t.ingest_time, '')"
	" FROM (SELECT 1) LEFT JOIN (SELECT * FROM trace ORDER BY trace_id DESC LIMIT 1) t";
static const char sql_trace_first[] =
	"SELECT IFNULL(first_ns, (SELECT MIN(start_ns) FROM segment WHERE trace_id = :id))"
	" FROM trace WHERE trace_id = :id";

/* run a writer inside one transaction */
static int in_tx(struct ioa_db *db, int (*fn)(struct ioa_db *, void *, struct ioa_err *), void *ctx,
		 struct ioa_err *err)
{
	int ret = ioa_db_begin(db, err);

	if (ret)
		return ret;
	ret = fn(db, ctx, err);
	if (!ret)
		ret = ioa_db_commit(db, err);
	if (ret)
		ioa_db_rollback(db);
	return ret;
}

#define STMT(s, sql)                                                                               \
	do {                                                                                       \
		(s) = ioa_dbi_stmt(db, (sql), err);                                                \
		if (!(s))                                                                          \
			return err && err->code ? err->code : IOA_EDB;                             \
	} while (0)

static void bind_task(struct ioa_dbi_row *b, const void *ctx, const void *row)
{
	const struct ioa_task_rec *t = row;

	ioa_dbi_row_i64(b, *(const int64_t *)ctx);
	ioa_dbi_row_i64(b, t->task_id);
	ioa_dbi_row_i64n(b, t->segment_id, 0);
	ioa_dbi_row_i64n(b, t->vm_id, -1);
	ioa_dbi_row_i64n(b, t->vcpu, -1);
	ioa_dbi_row_i64(b, t->chain);
	ioa_dbi_row_i64(b, t->release_ns);
	ioa_dbi_row_i64(b, t->dur_ns);
	ioa_dbi_row_str(b, t->category);
	ioa_dbi_row_double(b, t->util_pct);
	ioa_dbi_row_i64n(b, t->deadline_ns, -1);
	ioa_dbi_row_i64n(b, t->pinned_pcpu, -1);
	ioa_dbi_row_i64(b, t->copy);
}

static int part_insert(struct ioa_db *db, int64_t sc, const struct ioa_scenario_part *p,
		       struct ioa_err *err)
{
	struct dbstmt *s;

	STMT(s, sql_part_ins);
	ioa_dbi_bind_i64(s, ":sc", sc);
	ioa_dbi_bind_i64(s, ":trace", p->trace_id);
	ioa_dbi_bind_i64(s, ":copy", p->copy);
	ioa_dbi_bind_i64(s, ":pos", p->position);
	ioa_dbi_bind_i64(s, ":offset", p->offset_ns);
	ioa_dbi_bind_i64(s, ":base", p->pcpu_base);
	return ioa_dbi_step_done(db, s, err, "cannot insert scenario_part");
}

struct scen_ctx {
	struct ioa_scenario_rec *sc;
	const struct ioa_task_rec *t;
	int n;
};

static int scenario_write(struct ioa_db *db, void *ctx, struct ioa_err *err)
{
	struct scen_ctx *c = ctx;
	struct ioa_scenario_rec *sc = c->sc;
	struct dbstmt *s;
	int i, ret;

	STMT(s, sql_scenario_ins);
	ioa_dbi_bind_i64_or_null(s, ":trace", sc->trace_id, 0);
	ioa_dbi_bind_text(s, ":name", sc->name);
	ioa_dbi_bind_text(s, ":source", sc->source);
	ioa_dbi_bind_i64_or_null(s, ":ws", sc->window_start_ns, -1);
	ioa_dbi_bind_i64_or_null(s, ":we", sc->window_end_ns, -1);
	ioa_dbi_bind_i64(s, ":pcpus", sc->pcpus);
	ioa_dbi_bind_text(s, ":mode", sc->mode);
	ioa_dbi_bind_double(s, ":cap", sc->cap_pct);
	ioa_dbi_bind_text(s, ":objective", sc->objective[0] ? sc->objective : "makespan");
	ioa_dbi_bind_text_or_null(s, ":params", sc->params);
	ioa_dbi_bind_i64_or_null(s, ":seed", sc->seed, -1);
	ioa_dbi_bind_text(s, ":created", sc->created);
	ret = ioa_dbi_step_done(db, s, err, "cannot insert scenario");
	if (ret)
		return ret;
	sc->scenario_id = sqlite3_last_insert_rowid(db->h);
	for (i = 0; i < sc->nparts && !ret; i++)
		ret = part_insert(db, sc->scenario_id, &sc->parts[i], err);
	if (!ret)
		ret = ioa_dbi_bulk_insert(db, &bulk_task, bind_task, &sc->scenario_id, c->t,
					  sizeof(*c->t), (size_t)c->n, err);
	return ret;
}

int ioa_db_scenario_create(struct ioa_db *db, struct ioa_scenario_rec *sc,
			   const struct ioa_task_rec *t, int n, struct ioa_err *err)
{
	struct scen_ctx c = { sc, t, n };

	if (!sc->created[0])
		ioa_now_iso(sc->created, sizeof(sc->created));
	return in_tx(db, scenario_write, &c, err);
}

static int scenario_row(sqlite3_stmt *s, void *ctx)
{
	struct ioa_scenario_rec *r = ctx;

	r->scenario_id = sqlite3_column_int64(s, 0);
	r->trace_id = sqlite3_column_int64(s, 1);
	ioa_dbi_col_text(r->name, sizeof(r->name), s, 2);
	ioa_dbi_col_text(r->source, sizeof(r->source), s, 3);
	r->window_start_ns = sqlite3_column_int64(s, 4);
	r->window_end_ns = sqlite3_column_int64(s, 5);
	r->pcpus = sqlite3_column_int(s, 6);
	ioa_dbi_col_text(r->mode, sizeof(r->mode), s, 7);
	r->cap_pct = sqlite3_column_double(s, 8);
	ioa_dbi_col_text(r->objective, sizeof(r->objective), s, 9);
	ioa_dbi_col_text(r->params, sizeof(r->params), s, 10);
	r->seed = sqlite3_column_int64(s, 11);
	ioa_dbi_col_text(r->created, sizeof(r->created), s, 12);
	r->ntasks = sqlite3_column_int(s, 13);
	return 1;
}

int ioa_db_scenario_get(struct ioa_db *db, int64_t id, struct ioa_scenario_rec *out,
			struct ioa_err *err)
{
	int ret;

	memset(out, 0, sizeof(*out));
	ret = ioa_dbi_query(db, sql_scenario_get, id, scenario_row, out, err);
	if (ret)
		return ret;
	if (!out->scenario_id) {
		if (id)
			return ioa_error(err, IOA_ENODATA, "%s: no scenario %lld", db->path,
					 (long long)id);
		return ioa_error(err, IOA_ENODATA, "%s: no scenario (run synth or optimize)",
				 db->path);
	}
	return 0;
}

/* a growable array filled by a row callback */
struct arr {
	void *v;
	int n, alloc;
	size_t size;
};

static void *arr_next(struct arr *a)
{
	if (a->n >= a->alloc) {
		a->alloc = a->alloc ? a->alloc * 2 : 64;
		a->v = ioa_xrealloc(a->v, (size_t)a->alloc * a->size);
	}
	memset((char *)a->v + (size_t)a->n * a->size, 0, a->size);
	return (char *)a->v + (size_t)a->n++ * a->size;
}

static int task_row(sqlite3_stmt *s, void *ctx)
{
	struct ioa_task_rec *t = arr_next(ctx);

	t->task_id = sqlite3_column_int(s, 0);
	t->segment_id = sqlite3_column_int64(s, 1);
	t->vm_id = sqlite3_column_int64(s, 2);
	t->vcpu = sqlite3_column_int(s, 3);
	t->chain = sqlite3_column_int(s, 4);
	t->release_ns = sqlite3_column_int64(s, 5);
	t->dur_ns = sqlite3_column_int64(s, 6);
	ioa_dbi_col_text(t->category, sizeof(t->category), s, 7);
	t->util_pct = sqlite3_column_double(s, 8);
	t->deadline_ns = sqlite3_column_int64(s, 9);
	t->pinned_pcpu = sqlite3_column_int(s, 10);
	t->copy = sqlite3_column_int(s, 11);
	return 0;
}

static int load(struct ioa_db *db, const char *sql, int64_t id, int (*row)(sqlite3_stmt *, void *),
		size_t size, void **out, int *n, struct ioa_err *err)
{
	struct arr a = { NULL, 0, 0, size };
	int ret = ioa_dbi_query(db, sql, id, row, &a, err);

	if (ret) {
		free(a.v);
		a.v = NULL;
		a.n = 0;
	}
	*out = a.v;
	*n = a.n;
	return ret;
}

int ioa_db_scenario_tasks(struct ioa_db *db, int64_t id, struct ioa_task_rec **out, int *n,
			  struct ioa_err *err)
{
	return load(db, sql_tasks, id, task_row, sizeof(**out), (void **)out, n, err);
}

struct sched_ctx {
	struct ioa_schedule_rec *s;
	const struct ioa_placement_rec *p;
	int n;
};

static void bind_placement(struct ioa_dbi_row *b, const void *ctx, const void *row)
{
	const struct ioa_placement_rec *p = row;

	ioa_dbi_row_i64(b, *(const int64_t *)ctx);
	ioa_dbi_row_i64(b, p->task_id);
	ioa_dbi_row_i64(b, p->pcpu);
	ioa_dbi_row_i64(b, p->start_ns);
	ioa_dbi_row_i64(b, p->end_ns);
}

static int schedule_write(struct ioa_db *db, void *ctx, struct ioa_err *err)
{
	struct sched_ctx *c = ctx;
	struct ioa_schedule_rec *x = c->s;
	struct dbstmt *s;
	int ret;

	STMT(s, sql_schedule_del);
	ioa_dbi_bind_i64(s, ":sc", x->scenario_id);
	ioa_dbi_bind_text(s, ":kind", x->kind);
	ret = ioa_dbi_step_done(db, s, err, "cannot replace schedule");
	if (ret)
		return ret;
	STMT(s, sql_schedule_ins);
	ioa_dbi_bind_i64(s, ":sc", x->scenario_id);
	ioa_dbi_bind_text(s, ":kind", x->kind);
	ioa_dbi_bind_text(s, ":status", x->status);
	ioa_dbi_bind_double_or_null(s, ":objective", x->objective);
	ioa_dbi_bind_double_or_null(s, ":bound", x->bound);
	ioa_dbi_bind_double_or_null(s, ":gap", x->gap);
	ioa_dbi_bind_i64_or_null(s, ":makespan", x->makespan_ns, -1);
	ioa_dbi_bind_double_or_null(s, ":secs", x->solve_seconds);
	ioa_dbi_bind_text_or_null(s, ":params", x->params);
	ioa_dbi_bind_text(s, ":created", x->created);
	ret = ioa_dbi_step_done(db, s, err, "cannot insert schedule");
	if (ret)
		return ret;
	x->schedule_id = sqlite3_last_insert_rowid(db->h);
	return ioa_dbi_bulk_insert(db, &bulk_placement, bind_placement, &x->schedule_id, c->p,
				   sizeof(*c->p), (size_t)c->n, err);
}

int ioa_db_schedule_store(struct ioa_db *db, struct ioa_schedule_rec *s,
			  const struct ioa_placement_rec *p, int n, struct ioa_err *err)
{
	struct sched_ctx c = { s, p, n };

	if (!s->created[0])
		ioa_now_iso(s->created, sizeof(s->created));
	return in_tx(db, schedule_write, &c, err);
}

static int schedule_row(sqlite3_stmt *s, void *ctx)
{
	struct ioa_schedule_rec *x = arr_next(ctx);

	x->schedule_id = sqlite3_column_int64(s, 0);
	x->scenario_id = sqlite3_column_int64(s, 1);
	ioa_dbi_col_text(x->kind, sizeof(x->kind), s, 2);
	ioa_dbi_col_text(x->status, sizeof(x->status), s, 3);
	x->objective = ioa_dbi_col_double_or_nan(s, 4);
	x->bound = ioa_dbi_col_double_or_nan(s, 5);
	x->gap = ioa_dbi_col_double_or_nan(s, 6);
	x->makespan_ns = sqlite3_column_int64(s, 7);
	x->solve_seconds = ioa_dbi_col_double_or_nan(s, 8);
	ioa_dbi_col_text(x->params, sizeof(x->params), s, 9);
	ioa_dbi_col_text(x->created, sizeof(x->created), s, 10);
	return 0;
}

int ioa_db_schedules(struct ioa_db *db, int64_t scenario_id, struct ioa_schedule_rec **out, int *n,
		     struct ioa_err *err)
{
	return load(db, sql_schedules, scenario_id, schedule_row, sizeof(**out), (void **)out, n,
		    err);
}

static int placement_row(sqlite3_stmt *s, void *ctx)
{
	struct ioa_placement_rec *p = arr_next(ctx);

	p->task_id = sqlite3_column_int(s, 0);
	p->pcpu = sqlite3_column_int(s, 1);
	p->start_ns = sqlite3_column_int64(s, 2);
	p->end_ns = sqlite3_column_int64(s, 3);
	return 0;
}

int ioa_db_placements(struct ioa_db *db, int64_t schedule_id, struct ioa_placement_rec **out,
		      int *n, struct ioa_err *err)
{
	return load(db, sql_placements, schedule_id, placement_row, sizeof(**out), (void **)out, n,
		    err);
}

struct sim_ctx {
	int64_t id;
	const struct ioa_metric_rec *m;
	int nm;
	const struct ioa_series_rec *s;
	int ns;
};

static int delete_by_id(struct ioa_db *db, const char *sql, int64_t id, struct ioa_err *err)
{
	struct dbstmt *s;

	STMT(s, sql);
	ioa_dbi_bind_i64(s, ":id", id);
	return ioa_dbi_step_done(db, s, err, "cannot delete");
}

static void bind_series(struct ioa_dbi_row *b, const void *ctx, const void *row)
{
	const struct ioa_series_rec *r = row;

	ioa_dbi_row_i64(b, *(const int64_t *)ctx);
	ioa_dbi_row_str(b, r->component);
	ioa_dbi_row_i64(b, r->t_ns);
	ioa_dbi_row_double(b, r->util_pct);
}

static int sim_write(struct ioa_db *db, void *ctx, struct ioa_err *err)
{
	struct sim_ctx *c = ctx;
	struct dbstmt *s;
	int i, ret = delete_by_id(db, sql_metric_del, c->id, err);

	if (!ret)
		ret = delete_by_id(db, sql_series_del, c->id, err);
	STMT(s, sql_metric_ins);
	for (i = 0; i < c->nm && !ret; i++) {
		ioa_dbi_bind_i64(s, ":sched", c->id);
		ioa_dbi_bind_text(s, ":scope", c->m[i].scope);
		ioa_dbi_bind_text(s, ":key", c->m[i].key);
		ioa_dbi_bind_text(s, ":name", c->m[i].name);
		ioa_dbi_bind_double(s, ":value", c->m[i].value);
		ret = ioa_dbi_step_done(db, s, err, "cannot insert metric");
	}
	if (!ret)
		ret = ioa_dbi_bulk_insert(db, &bulk_series, bind_series, &c->id, c->s,
					  sizeof(*c->s), (size_t)c->ns, err);
	return ret;
}

int ioa_db_sim_store(struct ioa_db *db, int64_t schedule_id, const struct ioa_metric_rec *m, int nm,
		     const struct ioa_series_rec *s, int ns, struct ioa_err *err)
{
	struct sim_ctx c = { schedule_id, m, nm, s, ns };

	return in_tx(db, sim_write, &c, err);
}

struct sweep_ctx {
	int64_t id;
	const struct ioa_sweep_rec *r;
	int n;
};

static int sweep_write(struct ioa_db *db, void *ctx, struct ioa_err *err)
{
	struct sweep_ctx *c = ctx;
	struct dbstmt *s;
	int i, ret = 0;

	STMT(s, sql_sweep_ins);
	for (i = 0; i < c->n && !ret; i++) {
		const struct ioa_sweep_rec *r = &c->r[i];

		ioa_dbi_bind_i64(s, ":sc", c->id);
		ioa_dbi_bind_i64(s, ":pcpus", r->pcpus);
		ioa_dbi_bind_text(s, ":mode", r->mode);
		ioa_dbi_bind_double(s, ":cap", r->cap_pct);
		ioa_dbi_bind_text(s, ":kind", r->kind);
		ioa_dbi_bind_i64_or_null(s, ":makespan", r->makespan_ns, -1);
		ioa_dbi_bind_double_or_null(s, ":overload", r->overload_s);
		ioa_dbi_bind_double_or_null(s, ":wait", r->wait_mean_ns);
		ioa_dbi_bind_text_or_null(s, ":peaks", r->peaks);
		ioa_dbi_bind_double_or_null(s, ":p90", r->wait_p90_ns);
		ioa_dbi_bind_double_or_null(s, ":overlap", r->overlap_s);
		ioa_dbi_bind_text_or_null(s, ":status", r->status);
		ioa_dbi_bind_double_or_null(s, ":secs", r->solve_seconds);
		ret = ioa_dbi_step_done(db, s, err, "cannot insert sweep_point");
	}
	return ret;
}

int ioa_db_sweep_store(struct ioa_db *db, int64_t scenario_id, const struct ioa_sweep_rec *r, int n,
		       struct ioa_err *err)
{
	struct sweep_ctx c = { scenario_id, r, n };

	return in_tx(db, sweep_write, &c, err);
}

static int sweep_row(sqlite3_stmt *s, void *ctx)
{
	struct ioa_sweep_rec *r = arr_next(ctx);

	r->pcpus = sqlite3_column_int(s, 0);
	ioa_dbi_col_text(r->mode, sizeof(r->mode), s, 1);
	r->cap_pct = sqlite3_column_double(s, 2);
	ioa_dbi_col_text(r->kind, sizeof(r->kind), s, 3);
	r->makespan_ns = sqlite3_column_int64(s, 4);
	r->overload_s = ioa_dbi_col_double_or_nan(s, 5);
	r->wait_mean_ns = ioa_dbi_col_double_or_nan(s, 6);
	ioa_dbi_col_text(r->peaks, sizeof(r->peaks), s, 7);
	r->wait_p90_ns = ioa_dbi_col_double_or_nan(s, 8);
	r->overlap_s = ioa_dbi_col_double_or_nan(s, 9);
	ioa_dbi_col_text(r->status, sizeof(r->status), s, 10);
	r->solve_seconds = ioa_dbi_col_double_or_nan(s, 11);
	return 0;
}

int ioa_db_sweep_load(struct ioa_db *db, int64_t scenario_id, struct ioa_sweep_rec **out, int *n,
		      struct ioa_err *err)
{
	return load(db, sql_sweep_load, scenario_id, sweep_row, sizeof(**out), (void **)out, n,
		    err);
}

struct stat_ctx {
	const char *run;
	const struct ioa_stat_rec *r;
	int n;
};

static int stats_write(struct ioa_db *db, void *ctx, struct ioa_err *err)
{
	struct stat_ctx *c = ctx;
	struct dbstmt *s;
	char now[32];
	int i, ret;

	ioa_now_iso(now, sizeof(now));
	STMT(s, sql_stat_del);
	ioa_dbi_bind_text(s, ":run", c->run);
	ret = ioa_dbi_step_done(db, s, err, "cannot replace sweep_stat");
	STMT(s, sql_stat_ins);
	for (i = 0; i < c->n && !ret; i++) {
		ioa_dbi_bind_text(s, ":run", c->run);
		ioa_dbi_bind_text(s, ":policy", c->r[i].policy);
		ioa_dbi_bind_text(s, ":figure", c->r[i].figure);
		ioa_dbi_bind_i64(s, ":n", c->r[i].n);
		ioa_dbi_bind_double_or_null(s, ":p10", c->r[i].p10);
		ioa_dbi_bind_double_or_null(s, ":median", c->r[i].median);
		ioa_dbi_bind_double_or_null(s, ":p90", c->r[i].p90);
		ioa_dbi_bind_double_or_null(s, ":mean", c->r[i].mean);
		ioa_dbi_bind_text(s, ":created", now);
		ret = ioa_dbi_step_done(db, s, err, "cannot insert sweep_stat");
	}
	return ret;
}

int ioa_db_sweep_stats_store(struct ioa_db *db, const char *run, const struct ioa_stat_rec *r,
			     int n, struct ioa_err *err)
{
	struct stat_ctx c = { run, r, n };

	return in_tx(db, stats_write, &c, err);
}

/* vcpu_segments rows -> tasks + as-traced placements; chains by thread */
struct trace_ctx {
	struct arr t, p;
	int *tids;
	int ntids, tid_alloc;
};

static int chain_of(struct trace_ctx *c, int tid)
{
	int i;

	for (i = 0; i < c->ntids; i++)
		if (c->tids[i] == tid)
			return i;
	IOA_GROW(c->tids, c->ntids, c->tid_alloc);
	c->tids[c->ntids] = tid;
	return c->ntids++;
}

/* a task as read, its thread in @chain until the tasks are in order */
static int trace_task_row(sqlite3_stmt *s, void *ctx)
{
	struct trace_ctx *c = ctx;
	struct ioa_task_rec *t = arr_next(&c->t);
	struct ioa_placement_rec *p = arr_next(&c->p);
	int64_t start = sqlite3_column_int64(s, 5), wake = sqlite3_column_int64(s, 7);

	t->segment_id = sqlite3_column_int64(s, 0);
	t->vm_id = sqlite3_column_int64(s, 1);
	t->vcpu = sqlite3_column_int(s, 2);
	t->chain = sqlite3_column_int(s, 3);
	t->release_ns = wake >= 0 && wake <= start ? wake : start;
	t->dur_ns = sqlite3_column_int64(s, 6) - start;
	ioa_dbi_col_text(t->category, sizeof(t->category), s, 8);
	t->util_pct = sqlite3_column_double(s, 9);
	t->deadline_ns = -1;
	t->pinned_pcpu = -1;
	p->pcpu = sqlite3_column_int(s, 4);
	p->start_ns = start;
	p->end_ns = start + t->dur_ns;
	return 0;
}

struct task_key {
	int64_t start_ns;
	int64_t segment_id;
	int i;
};

static int task_key_cmp(const void *a, const void *b)
{
	const struct task_key *x = a, *y = b;

	if (x->start_ns != y->start_ns)
		return x->start_ns < y->start_ns ? -1 : 1;
	return (x->segment_id > y->segment_id) - (x->segment_id < y->segment_id);
}

/* tasks and placements in (start, segment) order, numbered; chains by thread in that order */
static void trace_tasks_order(struct trace_ctx *c)
{
	struct ioa_task_rec *t = c->t.v, *ts = ioa_xmalloc((size_t)c->t.n * sizeof(*ts) + 1);
	struct ioa_placement_rec *p = c->p.v, *ps = ioa_xmalloc((size_t)c->t.n * sizeof(*ps) + 1);
	struct task_key *k = ioa_xmalloc((size_t)c->t.n * sizeof(*k) + 1);
	int i;

	for (i = 0; i < c->t.n; i++)
		k[i] = (struct task_key){ p[i].start_ns, t[i].segment_id, i };
	qsort(k, (size_t)c->t.n, sizeof(*k), task_key_cmp);
	for (i = 0; i < c->t.n; i++) {
		ts[i] = t[k[i].i];
		ts[i].task_id = i;
		ts[i].chain = chain_of(c, ts[i].chain);
		ps[i] = p[k[i].i];
		ps[i].task_id = i;
	}
	free(k);
	free(t);
	free(p);
	c->t.v = ts;
	c->p.v = ps;
}

static int int_row(sqlite3_stmt *s, void *ctx)
{
	*(int64_t *)ctx = sqlite3_column_int64(s, 0);
	return 1;
}

int ioa_db_trace_tasks(struct ioa_db *db, int64_t trace_id, struct ioa_task_rec **tasks,
		       struct ioa_placement_rec **place, int *n, int *cpus, struct ioa_err *err)
{
	struct trace_ctx c;
	int64_t ncpu = 0;
	int ret;

	memset(&c, 0, sizeof(c));
	c.t.size = sizeof(**tasks);
	c.p.size = sizeof(**place);
	ret = ioa_dbi_query(db, sql_trace_cpus, trace_id, int_row, &ncpu, err);
	if (!ret)
		ret = ioa_dbi_query(db, sql_trace_tasks, trace_id, trace_task_row, &c, err);
	if (!ret && c.t.n)
		trace_tasks_order(&c);
	if (!ret && !c.t.n)
		ret = ioa_error(err, IOA_ENODATA, "%s: trace %lld has no vCPU segments", db->path,
				(long long)trace_id);
	free(c.tids);
	if (ret) {
		free(c.t.v);
		free(c.p.v);
		c.t.v = c.p.v = NULL;
		c.t.n = 0;
	}
	*tasks = c.t.v;
	*place = c.p.v;
	*n = c.t.n;
	*cpus = (int)ncpu;
	return ret;
}

static int newest_row(sqlite3_stmt *s, void *ctx)
{
	struct ioa_db_newest *n = ctx;

	n->trace_id = sqlite3_column_int64(s, 0);
	ioa_dbi_col_text(n->file, sizeof(n->file), s, 1);
	n->synth_id = sqlite3_column_int64(s, 2);
	n->synth_newer = sqlite3_column_int(s, 3);
	return 1;
}

int ioa_db_newest(struct ioa_db *db, struct ioa_db_newest *out, struct ioa_err *err)
{
	memset(out, 0, sizeof(*out));
	return ioa_dbi_query(db, sql_newest, 0, newest_row, out, err);
}

int ioa_db_trace_first(struct ioa_db *db, int64_t trace_id, int64_t *first_ns, struct ioa_err *err)
{
	*first_ns = 0;
	return ioa_dbi_query(db, sql_trace_first, trace_id, int_row, first_ns, err);
}

static int host_row(sqlite3_stmt *s, void *ctx)
{
	int64_t *v = ctx;

	v[0] = sqlite3_column_int64(s, 0);
	v[1] = sqlite3_column_int64(s, 1);
	return 1;
}

int ioa_db_trace_host(struct ioa_db *db, int64_t trace_id, int64_t *host_trace_id,
		      struct ioa_err *err)
{
	int64_t v[2] = { 0, 0 };
	int ret = ioa_dbi_query(db, sql_trace_host, trace_id, host_row, v, err);

	*host_trace_id = v[1];
	if (!ret && !v[0])
		ret = ioa_error(err, IOA_ENODATA, "%s: no trace %lld", db->path,
				(long long)trace_id);
	return ret;
}
