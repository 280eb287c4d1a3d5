// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The db module, plan part (see db_plan.h): VM names, plan, plan_policy and plan_point. A plan
 * is written once and never replaced: the report shows the latest.
 */
#include "db_plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "db_priv.h"
#include "db_schedule.h"

static const char sql_vm_name[] = "SELECT name FROM vm WHERE vm_id = :id";

static const char sql_plan_ins[] =
	"INSERT INTO plan (scenario_id, budget_ms, budgets, mode, cap_pct, pcpus_lo, pcpus_hi,"
	" time_limit_s, sentence, seconds, created) VALUES (:sc, :budget, :budgets, :mode, :cap,"
	" :lo, :hi, :tl, :sentence, :secs, :created)";

static const char sql_policy_ins[] =
	"INSERT INTO plan_policy VALUES (:plan, :policy, :cores, :binding, :reason, :proven,"
	" :p99, :max, :over, :peaks)";

static const char sql_point_ins[] =
	"INSERT INTO plan_point VALUES (:plan, :pcpus, :policy, :holds, :fails, :p99, :max, :over,"
	" :makespan, :misses, :peaks, :status, :secs)";

static const char sql_has_plan[] =
	"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'plan_point'";

/* the latest plan of scenario :id, else (or for :id = 0) the latest plan */
static const char sql_plan_get[] =
	"SELECT plan_id, scenario_id, budget_ms, budgets, mode, cap_pct, pcpus_lo, pcpus_hi,"
	" time_limit_s, sentence, seconds, created FROM plan ORDER BY scenario_id = :id DESC,"
	" plan_id DESC LIMIT 1";

static const char sql_policy_get[] =
	"SELECT policy, IFNULL(cores, 0), binding, reason, proven, p99_wait_ms, max_wait_ms,"
	" overload_ms, peaks FROM plan_policy WHERE plan_id = :id ORDER BY CASE policy"
	" WHEN 'baseline' THEN 0 WHEN 'online' THEN 1 ELSE 2 END";

static const char sql_point_get[] =
	"SELECT pcpus, policy, holds, fails, p99_wait_ms, max_wait_ms, overload_ms, makespan_ms,"
	" deadline_misses, peaks, status, solve_seconds FROM plan_point WHERE plan_id = :id"
	" ORDER BY pcpus, CASE policy WHEN 'baseline' THEN 0 WHEN 'online' THEN 1 ELSE 2 END";

#define STMT(s, sql)                                                                               \
	do {                                                                                       \
		(s) = ioa_dbi_stmt(db, (sql), err);                                                \
		if (!(s))                                                                          \
			return err && err->code ? err->code : IOA_EDB;                             \
	} while (0)

struct text_out {
	char *buf;
	size_t size;
};

static int text_row(sqlite3_stmt *s, void *ctx)
{
	struct text_out *t = ctx;

	ioa_dbi_col_text(t->buf, t->size, s, 0);
	return 1;
}

int ioa_db_vm_name(struct ioa_db *db, int64_t vm_id, char *buf, size_t size, struct ioa_err *err)
{
	struct text_out t = { buf, size };

	buf[0] = 0;
	return ioa_dbi_query(db, sql_vm_name, vm_id, text_row, &t, err);
}

static int plan_insert(struct ioa_db *db, struct ioa_plan_rec *p, struct ioa_err *err)
{
	struct dbstmt *s;
	int ret;

	STMT(s, sql_plan_ins);
	ioa_dbi_bind_i64(s, ":sc", p->scenario_id);
	ioa_dbi_bind_double(s, ":budget", p->budget_ms);
	ioa_dbi_bind_text(s, ":budgets", p->budgets[0] ? p->budgets : "{}");
	ioa_dbi_bind_text(s, ":mode", p->mode);
	ioa_dbi_bind_double(s, ":cap", p->cap_pct);
	ioa_dbi_bind_i64(s, ":lo", p->pcpus_lo);
	ioa_dbi_bind_i64(s, ":hi", p->pcpus_hi);
	ioa_dbi_bind_double(s, ":tl", p->time_limit_s);
	ioa_dbi_bind_text(s, ":sentence", p->sentence);
	ioa_dbi_bind_double(s, ":secs", p->seconds);
	ioa_dbi_bind_text(s, ":created", p->created);
	ret = ioa_dbi_step_done(db, s, err, "cannot insert plan");
	if (!ret)
		p->plan_id = sqlite3_last_insert_rowid(db->h);
	return ret;
}

static int policy_insert(struct ioa_db *db, int64_t id, const struct ioa_plan_policy_rec *r,
			 struct ioa_err *err)
{
	struct dbstmt *s;

	STMT(s, sql_policy_ins);
	ioa_dbi_bind_i64(s, ":plan", id);
	ioa_dbi_bind_text(s, ":policy", r->policy);
	ioa_dbi_bind_i64_or_null(s, ":cores", r->cores, 0);
	ioa_dbi_bind_text(s, ":binding", r->binding);
	ioa_dbi_bind_text(s, ":reason", r->reason);
	ioa_dbi_bind_i64(s, ":proven", r->proven);
	ioa_dbi_bind_double_or_null(s, ":p99", r->p99_wait_ms);
	ioa_dbi_bind_double_or_null(s, ":max", r->max_wait_ms);
	ioa_dbi_bind_double(s, ":over", r->overload_ms);
	ioa_dbi_bind_text(s, ":peaks", r->peaks);
	return ioa_dbi_step_done(db, s, err, "cannot insert plan_policy");
}

static int point_insert(struct ioa_db *db, int64_t id, const struct ioa_plan_point_rec *r,
			struct ioa_err *err)
{
	struct dbstmt *s;

	STMT(s, sql_point_ins);
	ioa_dbi_bind_i64(s, ":plan", id);
	ioa_dbi_bind_i64(s, ":pcpus", r->pcpus);
	ioa_dbi_bind_text(s, ":policy", r->policy);
	ioa_dbi_bind_i64(s, ":holds", r->holds);
	ioa_dbi_bind_text(s, ":fails", r->fails);
	ioa_dbi_bind_double_or_null(s, ":p99", r->p99_wait_ms);
	ioa_dbi_bind_double_or_null(s, ":max", r->max_wait_ms);
	ioa_dbi_bind_double(s, ":over", r->overload_ms);
	ioa_dbi_bind_double(s, ":makespan", r->makespan_ms);
	ioa_dbi_bind_i64(s, ":misses", r->deadline_misses);
	ioa_dbi_bind_text(s, ":peaks", r->peaks);
	ioa_dbi_bind_text(s, ":status", r->status);
	ioa_dbi_bind_double(s, ":secs", r->solve_seconds);
	return ioa_dbi_step_done(db, s, err, "cannot insert plan_point");
}

int ioa_db_plan_store(struct ioa_db *db, struct ioa_plan_rec *p,
		      const struct ioa_plan_policy_rec *pol, int npol,
		      const struct ioa_plan_point_rec *pt, int npt, struct ioa_err *err)
{
	int i, ret;

	if (!p->created[0])
		ioa_now_iso(p->created, sizeof(p->created));
	ret = ioa_db_begin(db, err);
	if (!ret)
		ret = plan_insert(db, p, err);
	for (i = 0; i < npol && !ret; i++)
		ret = policy_insert(db, p->plan_id, &pol[i], err);
	for (i = 0; i < npt && !ret; i++)
		ret = point_insert(db, p->plan_id, &pt[i], err);
	if (!ret)
		ret = ioa_db_commit(db, err);
	if (ret)
		ioa_db_rollback(db);
	return ret;
}

static int plan_row(sqlite3_stmt *s, void *ctx)
{
	struct ioa_plan_rec *p = ctx;

	p->plan_id = sqlite3_column_int64(s, 0);
	p->scenario_id = sqlite3_column_int64(s, 1);
	p->budget_ms = sqlite3_column_double(s, 2);
	ioa_dbi_col_text(p->budgets, sizeof(p->budgets), s, 3);
	ioa_dbi_col_text(p->mode, sizeof(p->mode), s, 4);
	p->cap_pct = sqlite3_column_double(s, 5);
	p->pcpus_lo = sqlite3_column_int(s, 6);
	p->pcpus_hi = sqlite3_column_int(s, 7);
	p->time_limit_s = sqlite3_column_double(s, 8);
	ioa_dbi_col_text(p->sentence, sizeof(p->sentence), s, 9);
	p->seconds = sqlite3_column_double(s, 10);
	ioa_dbi_col_text(p->created, sizeof(p->created), s, 11);
	return 1;
}

static int policy_row(sqlite3_stmt *s, void *ctx)
{
	struct ioa_plan_data *d = ctx;
	struct ioa_plan_policy_rec *r;

	d->pol = ioa_xrealloc(d->pol, (size_t)(d->npol + 1) * sizeof(*d->pol));
	r = &d->pol[d->npol++];
	ioa_dbi_col_text(r->policy, sizeof(r->policy), s, 0);
	r->cores = sqlite3_column_int(s, 1);
	ioa_dbi_col_text(r->binding, sizeof(r->binding), s, 2);
	ioa_dbi_col_text(r->reason, sizeof(r->reason), s, 3);
	r->proven = sqlite3_column_int(s, 4);
	r->p99_wait_ms = ioa_dbi_col_double_or_nan(s, 5);
	r->max_wait_ms = ioa_dbi_col_double_or_nan(s, 6);
	r->overload_ms = sqlite3_column_double(s, 7);
	ioa_dbi_col_text(r->peaks, sizeof(r->peaks), s, 8);
	return 0;
}

static int point_row(sqlite3_stmt *s, void *ctx)
{
	struct ioa_plan_data *d = ctx;
	struct ioa_plan_point_rec *r;

	d->pt = ioa_xrealloc(d->pt, (size_t)(d->npt + 1) * sizeof(*d->pt));
	r = &d->pt[d->npt++];
	r->pcpus = sqlite3_column_int(s, 0);
	ioa_dbi_col_text(r->policy, sizeof(r->policy), s, 1);
	r->holds = sqlite3_column_int(s, 2);
	ioa_dbi_col_text(r->fails, sizeof(r->fails), s, 3);
	r->p99_wait_ms = ioa_dbi_col_double_or_nan(s, 4);
	r->max_wait_ms = ioa_dbi_col_double_or_nan(s, 5);
	r->overload_ms = sqlite3_column_double(s, 6);
	r->makespan_ms = sqlite3_column_double(s, 7);
	r->deadline_misses = sqlite3_column_int(s, 8);
	ioa_dbi_col_text(r->peaks, sizeof(r->peaks), s, 9);
	ioa_dbi_col_text(r->status, sizeof(r->status), s, 10);
	r->solve_seconds = sqlite3_column_double(s, 11);
	return 0;
}

static int count_row(sqlite3_stmt *s, void *ctx)
{
	*(int *)ctx = sqlite3_column_int(s, 0);
	return 1;
}

int ioa_db_plan_load(struct ioa_db *db, int64_t scenario_id, struct ioa_plan_data *out,
		     struct ioa_err *err)
{
	int have = 0, ret;

	memset(out, 0, sizeof(*out));
	ret = ioa_dbi_query(db, sql_has_plan, 0, count_row, &have, err);
	if (!ret && have)
		ret = ioa_dbi_query(db, sql_plan_get, scenario_id, plan_row, &out->plan, err);
	if (!ret && out->plan.plan_id)
		ret = ioa_dbi_query(db, sql_policy_get, out->plan.plan_id, policy_row, out, err);
	if (!ret && out->plan.plan_id)
		ret = ioa_dbi_query(db, sql_point_get, out->plan.plan_id, point_row, out, err);
	if (ret)
		ioa_plan_data_release(out);
	return ret;
}

void ioa_plan_data_release(struct ioa_plan_data *d)
{
	free(d->pol);
	free(d->pt);
	memset(d, 0, sizeof(*d));
}
