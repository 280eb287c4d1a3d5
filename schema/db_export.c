// SPDX-License-Identifier: GPL-3.0-or-later
/* The db module, export part (db_export.h). */
#include <string.h>

#include "db_export.h"
#include "db_priv.h"

static const char sql_scenario[] =
	"SELECT scenario_id, name FROM scenario"
	" WHERE (:sc > 0 AND scenario_id = :sc)"
	"  OR (:sc = 0 AND :tr > 0 AND trace_id = :tr)"
	"  OR (:sc = 0 AND :tr = 0"
	"      AND EXISTS (SELECT 1 FROM schedule s WHERE s.scenario_id = scenario.scenario_id))"
	" ORDER BY scenario_id DESC LIMIT 1";

static const char sql_slices[] =
	"SELECT s.schedule_id, s.kind, p.pcpu, p.start_ns, p.end_ns, t.release_ns, t.task_id,"
	"  t.vm_id, t.vcpu, v.name, t.category, t.util_pct, t.segment_id"
	" FROM placement p JOIN schedule s ON s.schedule_id = p.schedule_id"
	" JOIN task t ON t.scenario_id = s.scenario_id AND t.task_id = p.task_id"
	" LEFT JOIN vm v ON v.vm_id = t.vm_id"
	" WHERE s.scenario_id = :sc ORDER BY s.schedule_id, p.pcpu, p.start_ns, p.task_id";

/* IN, not a join: the rows come in primary-key order, with nothing to sort */
static const char sql_util[] =
	"SELECT u.schedule_id, (SELECT kind FROM schedule WHERE schedule_id = u.schedule_id),"
	" u.component, u.t_ns, u.util_pct FROM util_series u"
	" WHERE u.schedule_id IN (SELECT schedule_id FROM schedule WHERE scenario_id = :sc)"
	" ORDER BY u.schedule_id, u.component, u.t_ns";

static int64_t col_i64(sqlite3_stmt *s, int col, int64_t none)
{
	return sqlite3_column_type(s, col) == SQLITE_NULL ? none : sqlite3_column_int64(s, col);
}

/* run @sql with :sc (and :tr) bound, @row per row until it returns non-zero */
static int run(struct ioa_db *db, const char *sql, int64_t sc, int64_t tr,
	       int (*row)(sqlite3_stmt *s, void *ctx), void *ctx, struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql, err);
	int rc, stop = 0;

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":sc", sc);
	if (ioa_dbi_idx(s, ":tr"))
		ioa_dbi_bind_i64(s, ":tr", tr);
	rc = ioa_dbi_check(db, s, err);
	if (rc)
		return rc;
	while (!stop && (rc = sqlite3_step(s->s)) == SQLITE_ROW)
		stop = row(s->s, ctx);
	ioa_dbi_reset(s);
	if (stop < 0)
		return stop;
	if (!stop && rc != SQLITE_DONE)
		return ioa_dbi_fail(db, err, "cannot read the schedules");
	return 0;
}

struct found {
	int64_t id;
	char *name;
	size_t size;
};

static int scenario_row(sqlite3_stmt *s, void *ctx)
{
	struct found *f = ctx;

	f->id = sqlite3_column_int64(s, 0);
	ioa_dbi_col_text(f->name, f->size, s, 1);
	return 1;
}

int ioa_db_export_scenario(struct ioa_db *db, int64_t scenario_id, int64_t trace_id, int64_t *out,
			   char *name, size_t name_size, struct ioa_err *err)
{
	struct found f = { 0, name, name_size };
	int ret = run(db, sql_scenario, scenario_id, trace_id, scenario_row, &f, err);

	*out = f.id;
	if (!ret && !f.id && scenario_id)
		return ioa_error(err, IOA_ENODATA, "%s: no scenario %lld", db->path,
				 (long long)scenario_id);
	if (!ret && !f.id && trace_id)
		return ioa_error(err, IOA_ENODATA, "%s: no scenario of trace %lld (run optimize)",
				 db->path, (long long)trace_id);
	if (!ret && !f.id)
		return ioa_error(err, IOA_ENODATA, "%s: no schedule in the database (run optimize)",
				 db->path);
	return ret;
}

struct slice_ctx {
	int (*cb)(void *priv, const struct ioa_export_slice *s);
	int (*ucb)(void *priv, const struct ioa_export_util *u);
	void *priv;
};

static int slice_row(sqlite3_stmt *s, void *ctx)
{
	struct slice_ctx *c = ctx;
	struct ioa_export_slice x;

	memset(&x, 0, sizeof(x));
	x.schedule_id = sqlite3_column_int64(s, 0);
	ioa_dbi_col_text(x.kind, sizeof(x.kind), s, 1);
	x.pcpu = sqlite3_column_int(s, 2);
	x.start_ns = sqlite3_column_int64(s, 3);
	x.end_ns = sqlite3_column_int64(s, 4);
	x.release_ns = sqlite3_column_int64(s, 5);
	x.task_id = sqlite3_column_int(s, 6);
	x.vm_id = col_i64(s, 7, -1);
	x.vcpu = (int)col_i64(s, 8, -1);
	ioa_dbi_col_text(x.vm_name, sizeof(x.vm_name), s, 9);
	ioa_dbi_col_text(x.category, sizeof(x.category), s, 10);
	x.util_pct = sqlite3_column_double(s, 11);
	x.segment_id = col_i64(s, 12, -1);
	return c->cb(c->priv, &x);
}

int ioa_db_export_slices(struct ioa_db *db, int64_t scenario_id,
			 int (*cb)(void *priv, const struct ioa_export_slice *s), void *priv,
			 struct ioa_err *err)
{
	struct slice_ctx c = { .cb = cb, .priv = priv };

	return run(db, sql_slices, scenario_id, 0, slice_row, &c, err);
}

static int util_row(sqlite3_stmt *s, void *ctx)
{
	struct slice_ctx *c = ctx;
	struct ioa_export_util u;

	memset(&u, 0, sizeof(u));
	u.schedule_id = sqlite3_column_int64(s, 0);
	ioa_dbi_col_text(u.kind, sizeof(u.kind), s, 1);
	ioa_dbi_col_text(u.component, sizeof(u.component), s, 2);
	u.t_ns = sqlite3_column_int64(s, 3);
	u.util_pct = sqlite3_column_double(s, 4);
	return c->ucb(c->priv, &u);
}

int ioa_db_export_util(struct ioa_db *db, int64_t scenario_id,
		       int (*cb)(void *priv, const struct ioa_export_util *u), void *priv,
		       struct ioa_err *err)
{
	struct slice_ctx c = { .ucb = cb, .priv = priv };

	return run(db, sql_util, scenario_id, 0, util_row, &c, err);
}
