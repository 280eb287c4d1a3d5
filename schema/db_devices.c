// SPDX-License-Identifier: GPL-3.0-or-later
/* The db module, devices part (see db_devices.h). */
#include "db_devices.h"

#include "db_priv.h"

static const char sql_clear[] = "DELETE FROM device_access WHERE trace_id = :id";

static const char sql_insert[] =
	"INSERT INTO device_access (trace_id, vm_id, kind, lo, hi, name, category, exits, exit_ns,"
	" learnt_category, learnt_device, hits, base, confidence) VALUES (:trace, :vm, :kind,"
	" :lo, :hi, :name, :cat, :exits, :ns, :lcat, :ldev, :hits, :base, :conf)";

/* a bare column beside MAX() comes from the row holding the maximum (SQLite) */
static const char sql_show[] =
	"SELECT trace_id, kind, lo, MAX(hi), COALESCE(name, ''), COALESCE(category, ''),"
	" SUM(exits), SUM(exit_ns), group_concat(vm_id, ','), MAX(confidence),"
	" COALESCE(learnt_category, ''), COALESCE(learnt_device, ''), hits"
	" FROM device_access WHERE :id = 0 OR trace_id = :id"
	" GROUP BY trace_id, kind, lo ORDER BY trace_id, kind DESC, lo";

int ioa_db_dev_clear(struct ioa_db *db, int64_t trace_id, struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_clear, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":id", trace_id);
	return ioa_dbi_step_done(db, s, err, "cannot clear device_access");
}

int ioa_db_dev_insert(struct ioa_db *db, const struct ioa_dev_row *r, struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_insert, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":trace", r->trace_id);
	ioa_dbi_bind_i64(s, ":vm", r->vm_id);
	ioa_dbi_bind_text(s, ":kind", r->kind);
	ioa_dbi_bind_i64(s, ":lo", r->lo);
	ioa_dbi_bind_i64(s, ":hi", r->hi);
	ioa_dbi_bind_text_or_null(s, ":name", r->name);
	ioa_dbi_bind_text_or_null(s, ":cat", r->category);
	ioa_dbi_bind_i64(s, ":exits", r->exits);
	ioa_dbi_bind_i64(s, ":ns", r->exit_ns);
	ioa_dbi_bind_text_or_null(s, ":lcat", r->learnt_category);
	ioa_dbi_bind_text_or_null(s, ":ldev", r->learnt_device);
	ioa_dbi_bind_i64(s, ":hits", r->hits);
	if (r->base >= 0)
		ioa_dbi_bind_double(s, ":base", r->base);
	else
		ioa_dbi_bind_null(s, ":base");
	ioa_dbi_bind_double(s, ":conf", r->confidence);
	return ioa_dbi_step_done(db, s, err, "cannot store device_access");
}

struct walk {
	int (*cb)(void *priv, const struct ioa_dev_show *r);
	void *priv;
};

static int show_row(sqlite3_stmt *s, void *ctx)
{
	struct walk *w = ctx;
	struct ioa_dev_show r = {
		.trace_id = sqlite3_column_int64(s, 0),
		.lo = sqlite3_column_int64(s, 2),
		.hi = sqlite3_column_int64(s, 3),
		.exits = sqlite3_column_int64(s, 6),
		.exit_ns = sqlite3_column_int64(s, 7),
		.confidence = sqlite3_column_double(s, 9),
		.hits = sqlite3_column_int64(s, 12),
	};

	ioa_dbi_col_text(r.kind, sizeof(r.kind), s, 1);
	ioa_dbi_col_text(r.name, sizeof(r.name), s, 4);
	ioa_dbi_col_text(r.category, sizeof(r.category), s, 5);
	ioa_dbi_col_text(r.vms, sizeof(r.vms), s, 8);
	ioa_dbi_col_text(r.learnt_category, sizeof(r.learnt_category), s, 10);
	ioa_dbi_col_text(r.learnt_device, sizeof(r.learnt_device), s, 11);
	return w->cb(w->priv, &r);
}

int ioa_db_dev_show_foreach(struct ioa_db *db, int64_t trace_id,
			    int (*cb)(void *priv, const struct ioa_dev_show *r), void *priv,
			    struct ioa_err *err)
{
	struct walk w = { cb, priv };

	return ioa_dbi_query(db, sql_show, trace_id, show_row, &w, err);
}
