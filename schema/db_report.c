// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The db module, report part: reads traces, warnings, vCPU category times, the schedules of one
 * scenario with their placements, metrics and utilisation series, and the latest sweep. Later
 * stages' tables land by migration at different times, so every query first checks that its
 * table and columns exist (sqlite_master, pragma_table_info) and is skipped when not.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_priv.h"
#include "db_report.h"

static const char sql_has_table[] =
	"SELECT COUNT(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = :t";

static const char sql_has_column[] = "SELECT COUNT(*) FROM pragma_table_info(:t) WHERE name = :c";

static const char sql_warnings[] = "SELECT trace_id, message FROM warning ORDER BY trace_id, seq";

/* unsorted: put in start order in C (spans_sort), several times faster than SQLite's sorter */
static const char sql_traced[] =
	"SELECT cpu, start_ns, end_ns, category FROM vcpu_segments WHERE trace_id = :id";

static const char sql_traced_nocat[] =
	"SELECT cpu, start_ns, end_ns, NULL FROM vcpu_segments WHERE trace_id = :id";

/*
 * One row per vCPU run, summed per vCPU in C (on_vcpu): SQLite's GROUP BY would sort a
 * million rows through a temporary b-tree first.
 */
static const char sql_vcpus[] = "SELECT s.vm_id, s.vcpu, m.name, s.category, s.dur_ns, s.confidence"
				" FROM vcpu_segments s JOIN vm m ON m.vm_id = s.vm_id";

static const char sql_vcpus_nocat[] = "SELECT s.vm_id, s.vcpu, m.name, NULL, s.dur_ns, NULL"
				      " FROM vcpu_segments s JOIN vm m ON m.vm_id = s.vm_id";

static const char sql_classified[] = "SELECT EXISTS (SELECT 1 FROM classification)";

static const char sql_pairs[] =
	"SELECT s.kind, i.vm_a, i.copy_a, IFNULL(va.name, '?'), i.vm_b, i.copy_b,"
	" IFNULL(vb.name, '?'), i.component, i.overlap_ns FROM interference i"
	" JOIN schedule s USING (schedule_id) LEFT JOIN vm va ON va.vm_id = i.vm_a"
	" LEFT JOIN vm vb ON vb.vm_id = i.vm_b WHERE s.scenario_id = :sid"
	" ORDER BY i.overlap_ns DESC, s.kind, i.vm_a, i.copy_a, i.vm_b, i.copy_b LIMIT 12";

/* the user tasks of the guests traced with their hosts, per VM and name; idle ones left out */
static const char sql_gtasks[] =
	"SELECT m.vm_id, m.name, t.comm, COUNT(*), t.category, SUM(t.run_ns), SUM(t.io_ns),"
	" CASE WHEN t.category = 'COMPUTE' THEN 1.0 - 1.0 * SUM(t.io_ns) / MAX(SUM(t.run_ns), 1)"
	"  ELSE (SELECT 1.0 * SUM(i.io_ns) FROM guest_task_io i JOIN guest_task u"
	"   ON u.trace_id = i.trace_id AND u.tid = i.tid WHERE u.trace_id = t.trace_id"
	"   AND u.comm = t.comm AND u.category = t.category AND i.category = t.category)"
	"   / MAX(SUM(t.io_ns), 1) END"
	" FROM guest_task t"
	" JOIN (SELECT DISTINCT g.guest_trace_id AS gid, c.vm_id FROM guest_vcpu g"
	"  JOIN vcpu c ON c.trace_id = g.host_trace_id AND c.tid = g.host_tid) x"
	"  ON x.gid = t.trace_id"
	" JOIN vm m ON m.vm_id = x.vm_id"
	" WHERE t.is_kthread = 0 AND (t.run_ns >= 10000000 OR t.io_ns >= 10000000)"
	" GROUP BY m.vm_id, t.trace_id, t.comm, t.category"
	" ORDER BY m.vm_id, SUM(t.run_ns) + SUM(t.io_ns) DESC LIMIT 24";

static const char sql_pick_scenario[] =
	"SELECT scenario_id FROM schedule GROUP BY scenario_id"
	" ORDER BY MAX(kind = 'optimized') DESC, scenario_id DESC LIMIT 1";

static const char sql_scenario[] =
	"SELECT scenario_id, trace_id, name, source, mode, pcpus, cap_pct FROM scenario"
	" WHERE scenario_id = :sid";

static const char sql_schedules[] =
	"SELECT schedule_id, kind, status, objective, bound, gap, makespan_ns, solve_seconds"
	" FROM schedule WHERE scenario_id = :sid ORDER BY CASE kind WHEN 'as-traced' THEN 0"
	" WHEN 'baseline' THEN 1 WHEN 'online' THEN 2 WHEN 'heuristic' THEN 3"
	" WHEN 'optimized' THEN 4 ELSE 5 END, schedule_id";

static const char sql_placements[] =
	"SELECT p.pcpu, p.start_ns, p.end_ns, t.category FROM placement p"
	" JOIN task t ON t.scenario_id = :sid AND t.task_id = p.task_id"
	" WHERE p.schedule_id = :id";

static const char sql_metrics[] =
	"SELECT m.schedule_id, m.scope, m.key, m.name, m.value FROM metric m"
	" JOIN schedule s ON s.schedule_id = m.schedule_id WHERE s.scenario_id = :sid"
	" ORDER BY CASE m.scope WHEN 'schedule' THEN 0 WHEN 'component' THEN 1"
	" WHEN 'pcpu' THEN 2 ELSE 3 END, CAST(m.key AS INTEGER), m.key, m.name";

/* IN, not a join: the rows then come in primary-key order, and nothing is sorted */
static const char sql_series[] =
	"SELECT u.schedule_id, u.component, u.t_ns, u.util_pct FROM util_series u"
	" WHERE u.schedule_id IN (SELECT schedule_id FROM schedule WHERE scenario_id = :sid)"
	" ORDER BY u.schedule_id, u.component, u.t_ns";

static const char sql_sweep[] =
	"SELECT pcpus, mode, cap_pct, kind, makespan_ns, overload_s, wait_mean_ns, peaks,"
	" scenario_id FROM sweep_point WHERE scenario_id = (SELECT scenario_id FROM sweep_point"
	" ORDER BY scenario_id = :sid DESC, scenario_id DESC LIMIT 1)"
	" ORDER BY mode, cap_pct, pcpus, kind";

static const char *const cat_names[IOA_REP_NCAT] = {
	"RAM",	 "ETHERNET", "BUS",	 "GPU",	 "STORAGE",
	"CACHE", "COMPUTE",  "OVERHEAD", "IDLE", "unclassified",
};

const char *ioa_rep_cat_name(int cat)
{
	if (cat < 0 || cat >= IOA_REP_NCAT)
		return cat_names[IOA_REP_UNCLASSIFIED];
	return cat_names[cat];
}

int ioa_rep_cat_parse(const char *name)
{
	int i;

	for (i = 0; name && i < IOA_REP_UNCLASSIFIED; i++)
		if (!strcasecmp(name, cat_names[i]))
			return i;
	return IOA_REP_UNCLASSIFIED;
}

struct rctx {
	struct ioa_db *db;
	struct ioa_report_data *r;
	struct ioa_err *err;
	int64_t sid;
	void *cur; /* the object a row callback fills */
};

/* run @sql binding :sid and :id when it has them; @row returns non-zero to stop */
static int query(struct rctx *c, const char *sql, int64_t id,
		 int (*row)(sqlite3_stmt *s, struct rctx *c))
{
	struct dbstmt *s = ioa_dbi_stmt(c->db, sql, c->err);
	int rc, stop = 0;

	if (!s)
		return c->err ? c->err->code : IOA_EDB;
	if (ioa_dbi_idx(s, ":sid"))
		ioa_dbi_bind_i64(s, ":sid", c->sid);
	if (ioa_dbi_idx(s, ":id"))
		ioa_dbi_bind_i64(s, ":id", id);
	rc = ioa_dbi_check(c->db, s, c->err);
	if (rc)
		return rc;
	while (!stop && (rc = sqlite3_step(s->s)) == SQLITE_ROW)
		stop = row(s->s, c);
	ioa_dbi_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return ioa_dbi_fail(c->db, c->err, "cannot read report data");
	return 0;
}

static int count_of(struct ioa_db *db, const char *sql, const char *t, const char *col, int *out,
		    struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql, err);
	int rc;

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_text(s, ":t", t);
	if (col)
		ioa_dbi_bind_text(s, ":c", col);
	rc = ioa_dbi_check(db, s, err);
	if (rc)
		return rc;
	rc = sqlite3_step(s->s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(s->s, 0) : 0;
	ioa_dbi_reset(s);
	if (rc != SQLITE_ROW)
		return ioa_dbi_fail(db, err, "cannot read the schema");
	return 0;
}

/* 1 when table @t exists with every column of the space-separated @cols */
static int have(struct rctx *c, const char *t, const char *cols, int *out)
{
	char buf[256], *tok, *save = NULL;
	int n, ret;

	*out = 0;
	ret = count_of(c->db, sql_has_table, t, NULL, &n, c->err);
	if (ret || !n)
		goto missing;
	ioa_strlcpy(buf, cols, sizeof(buf));
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		ret = count_of(c->db, sql_has_column, t, tok, &n, c->err);
		if (ret || !n)
			goto missing;
	}
	*out = 1;
	return 0;
missing:
	if (!ret && strlen(c->r->missing) + strlen(t) + 2 < sizeof(c->r->missing)) {
		strcat(c->r->missing, c->r->missing[0] ? " " : "");
		strcat(c->r->missing, t);
	}
	return ret;
}

static double col_real(sqlite3_stmt *s, int col)
{
	if (sqlite3_column_type(s, col) == SQLITE_NULL)
		return NAN;
	return sqlite3_column_double(s, col);
}

static int64_t col_i64(sqlite3_stmt *s, int col, int64_t none)
{
	if (sqlite3_column_type(s, col) == SQLITE_NULL)
		return none;
	return sqlite3_column_int64(s, col);
}

static int cat_col(sqlite3_stmt *s, int col)
{
	return ioa_rep_cat_parse((const char *)sqlite3_column_text(s, col));
}

static int on_trace(void *priv, const struct ioa_trace_rec *t)
{
	struct ioa_report_data *r = priv;

	r->traces = ioa_xrealloc(r->traces, (r->ntraces + 1) * sizeof(*t));
	r->traces[r->ntraces++] = *t;
	return 0;
}

static int on_warning(sqlite3_stmt *s, struct rctx *c)
{
	struct ioa_report_data *r = c->r;
	struct ioa_rep_warning *w;

	r->warnings = ioa_xrealloc(r->warnings, (r->nwarnings + 1) * sizeof(*w));
	w = &r->warnings[r->nwarnings++];
	w->trace_id = sqlite3_column_int64(s, 0);
	ioa_dbi_col_text(w->msg, sizeof(w->msg), s, 1);
	return 0;
}

struct spans {
	struct ioa_rep_span *v;
	size_t n, alloc;
};

static int on_span(sqlite3_stmt *s, struct rctx *c)
{
	struct spans *sp = c->cur;
	struct ioa_rep_span *x;

	IOA_GROW(sp->v, sp->n, sp->alloc);
	x = &sp->v[sp->n++];
	x->lane = sqlite3_column_int(s, 0);
	x->start_ns = sqlite3_column_int64(s, 1);
	x->end_ns = sqlite3_column_int64(s, 2);
	x->cat = cat_col(s, 3);
	return 0;
}

static int span_cmp(const void *a, const void *b)
{
	const struct ioa_rep_span *x = a, *y = b;

	if (x->start_ns != y->start_ns)
		return x->start_ns < y->start_ns ? -1 : 1;
	if (x->end_ns != y->end_ns)
		return x->end_ns < y->end_ns ? -1 : 1;
	if (x->lane != y->lane)
		return x->lane < y->lane ? -1 : 1;
	return (x->cat > y->cat) - (x->cat < y->cat);
}

/* by start (spans equal in every field are interchangeable) */
static void spans_sort(struct spans *sp)
{
	if (sp->n > 1)
		qsort(sp->v, sp->n, sizeof(*sp->v), span_cmp);
}

static int load_traced(struct rctx *c)
{
	struct ioa_report_data *r = c->r;
	struct spans sp = { NULL, 0, 0 };
	int cat, ret;

	if (!r->ntraces)
		return 0;
	ret = have(c, "vcpu_segments", "category", &cat);
	if (ret)
		return ret;
	c->cur = &sp;
	ret = query(c, cat ? sql_traced : sql_traced_nocat, r->traces[0].trace_id, on_span);
	spans_sort(&sp);
	r->traced = sp.v;
	r->ntraced = sp.n;
	r->traced_lanes = r->traces[0].cpus;
	r->traced_t0 = r->traces[0].first_ns == IOA_TS_NONE ? 0 : (int64_t)r->traces[0].first_ns;
	return ret;
}

/* the slot of the row's (vm, vcpu): the last one used, else any, else a new one */
static struct ioa_rep_vcpu *vcpu_slot(struct ioa_report_data *r, sqlite3_stmt *s, size_t *last)
{
	int64_t vm = sqlite3_column_int64(s, 0);
	int vcpu = (int)col_i64(s, 1, -1);
	struct ioa_rep_vcpu *v;
	size_t i;

	if (*last < r->nvcpus && r->vcpus[*last].vm_id == vm && r->vcpus[*last].vcpu == vcpu)
		return &r->vcpus[*last];
	for (i = 0; i < r->nvcpus; i++)
		if (r->vcpus[i].vm_id == vm && r->vcpus[i].vcpu == vcpu)
			return &r->vcpus[*last = i];
	r->vcpus = ioa_xrealloc(r->vcpus, (r->nvcpus + 1) * sizeof(*v));
	*last = r->nvcpus;
	v = &r->vcpus[r->nvcpus++];
	memset(v, 0, sizeof(*v));
	v->vm_id = vm;
	v->vcpu = vcpu;
	v->conf = -1;
	ioa_dbi_col_text(v->vm_name, sizeof(v->vm_name), s, 2);
	return v;
}

/* one row per run; the confidence is the run-time-weighted mean, sum(conf*dur)/sum(dur) */
static int on_vcpu(sqlite3_stmt *s, struct rctx *c)
{
	struct ioa_rep_vcpu *v = vcpu_slot(c->r, s, c->cur);
	int64_t dur = sqlite3_column_int64(s, 4);
	double prev = v->conf < 0 ? 0 : v->conf * (double)v->conf_ns;

	v->ns[cat_col(s, 3)] += dur;
	v->segments++;
	if (sqlite3_column_type(s, 5) != SQLITE_NULL && dur > 0) {
		v->conf_ns += dur;
		v->conf = (prev + sqlite3_column_double(s, 5) * (double)dur) / (double)v->conf_ns;
	}
	return 0;
}

static int vcpu_cmp(const void *a, const void *b)
{
	const struct ioa_rep_vcpu *x = a, *y = b;

	if (x->vm_id != y->vm_id)
		return x->vm_id < y->vm_id ? -1 : 1;
	return (x->vcpu > y->vcpu) - (x->vcpu < y->vcpu);
}

/* per vCPU of every VM: time per category, runs and mean confidence, by VM and vCPU */
static int load_vcpus(struct rctx *c)
{
	size_t last = 0;
	int cat, ret;

	ret = have(c, "vcpu_segments", "category confidence", &cat);
	if (ret)
		return ret;
	c->cur = &last;
	ret = query(c, cat ? sql_vcpus : sql_vcpus_nocat, 0, on_vcpu);
	if (!ret && c->r->nvcpus > 1)
		qsort(c->r->vcpus, c->r->nvcpus, sizeof(*c->r->vcpus), vcpu_cmp);
	return ret;
}

static int on_int64(sqlite3_stmt *s, struct rctx *c)
{
	*(int64_t *)c->cur = sqlite3_column_int64(s, 0);
	return 1;
}

static int on_int64_int(sqlite3_stmt *s, struct rctx *c)
{
	*(int *)c->cur = sqlite3_column_int(s, 0);
	return 1;
}

static int on_scenario(sqlite3_stmt *s, struct rctx *c)
{
	struct ioa_rep_scenario *sc = &c->r->scenario;

	c->r->has_scenario = 1;
	sc->scenario_id = sqlite3_column_int64(s, 0);
	sc->trace_id = col_i64(s, 1, 0);
	ioa_dbi_col_text(sc->name, sizeof(sc->name), s, 2);
	ioa_dbi_col_text(sc->source, sizeof(sc->source), s, 3);
	ioa_dbi_col_text(sc->mode, sizeof(sc->mode), s, 4);
	sc->pcpus = sqlite3_column_int(s, 5);
	sc->cap_pct = sqlite3_column_double(s, 6);
	return 1;
}

static int on_schedule(sqlite3_stmt *s, struct rctx *c)
{
	struct ioa_report_data *r = c->r;
	struct ioa_rep_schedule *x;

	r->scheds = ioa_xrealloc(r->scheds, (r->nscheds + 1) * sizeof(*x));
	x = &r->scheds[r->nscheds++];
	memset(x, 0, sizeof(*x));
	x->schedule_id = sqlite3_column_int64(s, 0);
	ioa_dbi_col_text(x->kind, sizeof(x->kind), s, 1);
	ioa_dbi_col_text(x->status, sizeof(x->status), s, 2);
	x->objective = col_real(s, 3);
	x->bound = col_real(s, 4);
	x->gap = col_real(s, 5);
	x->makespan_ns = col_i64(s, 6, -1);
	x->solve_seconds = col_real(s, 7);
	return 0;
}

static int load_placements(struct rctx *c)
{
	struct spans sp;
	size_t i, j;
	int ok, ret;

	ret = have(c, "placement", "schedule_id task_id pcpu start_ns end_ns", &ok);
	if (!ret && ok)
		ret = have(c, "task", "scenario_id task_id category", &ok);
	for (i = 0; !ret && ok && i < c->r->nscheds; i++) {
		struct ioa_rep_schedule *x = &c->r->scheds[i];

		memset(&sp, 0, sizeof(sp));
		c->cur = &sp;
		ret = query(c, sql_placements, x->schedule_id, on_span);
		spans_sort(&sp);
		x->spans = sp.v;
		x->nspans = sp.n;
		x->t0_ns = sp.n ? sp.v[0].start_ns : 0;
		for (j = 0; j < sp.n; j++)
			x->t0_ns = IOA_MIN(x->t0_ns, sp.v[j].start_ns);
	}
	return ret;
}

static int on_metric(sqlite3_stmt *s, struct rctx *c)
{
	struct ioa_report_data *r = c->r;
	struct ioa_rep_metric *m;

	r->metrics = ioa_xrealloc(r->metrics, (r->nmetrics + 1) * sizeof(*m));
	m = &r->metrics[r->nmetrics++];
	m->schedule_id = sqlite3_column_int64(s, 0);
	ioa_dbi_col_text(m->scope, sizeof(m->scope), s, 1);
	ioa_dbi_col_text(m->key, sizeof(m->key), s, 2);
	ioa_dbi_col_text(m->name, sizeof(m->name), s, 3);
	m->value = sqlite3_column_double(s, 4);
	return 0;
}

/* rows arrive ordered by schedule and component: a new series starts when either changes */
static int on_series(sqlite3_stmt *s, struct rctx *c)
{
	struct ioa_report_data *r = c->r;
	struct ioa_rep_series *x = r->nseries ? &r->series[r->nseries - 1] : NULL;
	int64_t sched = sqlite3_column_int64(s, 0);
	int cat = cat_col(s, 1);
	size_t *alloc = c->cur;

	if (!x || x->schedule_id != sched || x->cat != cat) {
		r->series = ioa_xrealloc(r->series, (r->nseries + 1) * sizeof(*x));
		x = &r->series[r->nseries++];
		memset(x, 0, sizeof(*x));
		x->schedule_id = sched;
		x->cat = cat;
		*alloc = 0;
	}
	if (x->n >= *alloc) {
		*alloc = *alloc ? 2 * *alloc : 64;
		x->t_ns = ioa_xrealloc(x->t_ns, *alloc * sizeof(*x->t_ns));
		x->pct = ioa_xrealloc(x->pct, *alloc * sizeof(*x->pct));
	}
	x->t_ns[x->n] = sqlite3_column_int64(s, 2);
	x->pct[x->n++] = sqlite3_column_double(s, 3);
	return 0;
}

static int on_sweep(sqlite3_stmt *s, struct rctx *c)
{
	struct ioa_report_data *r = c->r;
	struct ioa_rep_sweep *x;

	r->sweep = ioa_xrealloc(r->sweep, (r->nsweep + 1) * sizeof(*x));
	x = &r->sweep[r->nsweep++];
	x->pcpus = sqlite3_column_int(s, 0);
	ioa_dbi_col_text(x->mode, sizeof(x->mode), s, 1);
	x->cap_pct = sqlite3_column_double(s, 2);
	ioa_dbi_col_text(x->kind, sizeof(x->kind), s, 3);
	x->makespan_ns = col_i64(s, 4, -1);
	x->overload_s = col_real(s, 5);
	x->wait_mean_ns = col_real(s, 6);
	ioa_dbi_col_text(x->peaks, sizeof(x->peaks), s, 7);
	r->sweep_scenario_id = sqlite3_column_int64(s, 8);
	return 0;
}

static int load_measures(struct rctx *c)
{
	size_t alloc = 0;
	int ok, ret;

	ret = have(c, "metric", "schedule_id scope key name value", &ok);
	if (!ret && ok)
		ret = query(c, sql_metrics, 0, on_metric);
	if (!ret)
		ret = have(c, "util_series", "schedule_id component t_ns util_pct", &ok);
	c->cur = &alloc;
	if (!ret && ok)
		ret = query(c, sql_series, 0, on_series);
	if (!ret)
		ret = have(c, "sweep_point",
			   "scenario_id pcpus mode cap_pct kind makespan_ns overload_s"
			   " wait_mean_ns peaks",
			   &ok);
	if (!ret && ok)
		ret = query(c, sql_sweep, 0, on_sweep);
	return ret;
}

static int on_pair(sqlite3_stmt *s, struct rctx *c)
{
	struct ioa_report_data *r = c->r;
	struct ioa_rep_pair *x;

	r->pairs = ioa_xrealloc(r->pairs, (r->npairs + 1) * sizeof(*x));
	x = &r->pairs[r->npairs++];
	ioa_dbi_col_text(x->kind, sizeof(x->kind), s, 0);
	x->vm_a = sqlite3_column_int64(s, 1);
	x->copy_a = sqlite3_column_int(s, 2);
	ioa_dbi_col_text(x->name_a, sizeof(x->name_a), s, 3);
	x->vm_b = sqlite3_column_int64(s, 4);
	x->copy_b = sqlite3_column_int(s, 5);
	ioa_dbi_col_text(x->name_b, sizeof(x->name_b), s, 6);
	x->cat = cat_col(s, 7);
	x->overlap_ns = sqlite3_column_int64(s, 8);
	return r->npairs >= IOA_REP_MAX_PAIRS;
}

static int load_pairs(struct rctx *c)
{
	int ok, ret = have(c, "interference", "schedule_id vm_a copy_a vm_b copy_b overlap_ns",
			   &ok);

	if (!ret && ok && c->r->has_scenario)
		ret = query(c, sql_pairs, 0, on_pair);
	return ret;
}

static int on_gtask(sqlite3_stmt *s, struct rctx *c)
{
	struct ioa_report_data *r = c->r;
	struct ioa_rep_gtask *x;

	r->gtasks = ioa_xrealloc(r->gtasks, (r->ngtasks + 1) * sizeof(*x));
	x = &r->gtasks[r->ngtasks++];
	x->vm_id = sqlite3_column_int64(s, 0);
	ioa_dbi_col_text(x->vm_name, sizeof(x->vm_name), s, 1);
	ioa_dbi_col_text(x->comm, sizeof(x->comm), s, 2);
	x->threads = sqlite3_column_int(s, 3);
	x->cat = cat_col(s, 4);
	x->run_ns = sqlite3_column_int64(s, 5);
	x->io_ns = sqlite3_column_int64(s, 6);
	x->share = sqlite3_column_double(s, 7);
	return r->ngtasks >= IOA_REP_MAX_GTASKS;
}

static int load_gtasks(struct rctx *c)
{
	int ok, ret = have(c, "guest_task", "trace_id tid comm is_kthread run_ns io_ns category",
			   &ok);

	if (!ret && ok)
		ret = query(c, sql_gtasks, 0, on_gtask);
	return ret;
}

static int load_schedules(struct rctx *c, int64_t scenario_id)
{
	int ok, ret;

	ret = have(c, "schedule",
		   "schedule_id scenario_id kind status objective bound gap"
		   " makespan_ns solve_seconds",
		   &ok);
	if (!ret && ok)
		ret = have(c, "scenario", "scenario_id trace_id name source mode pcpus cap_pct",
			   &ok);
	if (ret || !ok)
		return ret;
	c->cur = &c->sid;
	c->sid = scenario_id;
	if (!scenario_id)
		ret = query(c, sql_pick_scenario, 0, on_int64);
	if (!ret && c->sid)
		ret = query(c, sql_scenario, 0, on_scenario);
	if (!ret && scenario_id && !c->r->has_scenario)
		return ioa_error(c->err, IOA_ENODATA, "%s: no scenario %lld", c->db->path,
				 (long long)scenario_id);
	if (!ret && c->r->has_scenario)
		ret = query(c, sql_schedules, 0, on_schedule);
	if (!ret)
		ret = load_placements(c);
	if (!ret)
		ret = load_pairs(c);
	return ret;
}

int ioa_db_report_load(struct ioa_db *db, struct ioa_report_data *out, int64_t scenario_id,
		       struct ioa_err *err)
{
	struct rctx c = { db, out, err, 0, NULL };
	int ok, ret;

	memset(out, 0, sizeof(*out));
	ret = ioa_db_traces_foreach(db, on_trace, out, err);
	if (!ret)
		ret = query(&c, sql_warnings, 0, on_warning);
	if (!ret)
		ret = load_traced(&c);
	if (!ret)
		ret = load_vcpus(&c);
	if (!ret)
		ret = have(&c, "classification", "segment_id", &ok);
	c.cur = &out->classified;
	if (!ret && ok)
		ret = query(&c, sql_classified, 0, on_int64_int);
	if (!ret)
		ret = load_gtasks(&c);
	if (!ret)
		ret = load_schedules(&c, scenario_id);
	if (!ret)
		ret = load_measures(&c);
	if (!ret)
		ret = ioa_db_plan_load(db, out->has_scenario ? out->scenario.scenario_id : 0,
				       &out->plan, err);
	return ret;
}

void ioa_report_data_release(struct ioa_report_data *r)
{
	size_t i;

	ioa_plan_data_release(&r->plan);
	for (i = 0; i < r->nscheds; i++)
		free(r->scheds[i].spans);
	for (i = 0; i < r->nseries; i++) {
		free(r->series[i].t_ns);
		free(r->series[i].pct);
	}
	free(r->traces);
	free(r->warnings);
	free(r->traced);
	free(r->vcpus);
	free(r->scheds);
	free(r->metrics);
	free(r->series);
	free(r->sweep);
	free(r->pairs);
	free(r->gtasks);
	memset(r, 0, sizeof(*r));
}
