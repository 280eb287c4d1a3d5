// SPDX-License-Identifier: GPL-3.0-or-later
/* The db module, interference part (db_interference.h). */
#include "db_interference.h"

#include "db_priv.h"

static const char sql_itf_del[] = "DELETE FROM interference WHERE schedule_id = :sched";

static const char sql_itf_ins[] =
	"INSERT INTO interference (schedule_id, vm_a, copy_a, vm_b, copy_b, component,"
	" overlap_ns) VALUES (:sched, :vma, :ca, :vmb, :cb, :comp, :ns)";

static int itf_write(struct ioa_db *db, int64_t id, const struct ioa_itf_rec *r, int n,
		     struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_itf_del, err);
	int i, ret;

	if (!s)
		return err && err->code ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":sched", id);
	ret = ioa_dbi_step_done(db, s, err, "cannot replace interference");
	s = ret ? NULL : ioa_dbi_stmt(db, sql_itf_ins, err);
	if (!ret && !s)
		return err && err->code ? err->code : IOA_EDB;
	for (i = 0; i < n && !ret; i++) {
		ioa_dbi_bind_i64(s, ":sched", id);
		ioa_dbi_bind_i64(s, ":vma", r[i].vm_a);
		ioa_dbi_bind_i64(s, ":ca", r[i].copy_a);
		ioa_dbi_bind_i64(s, ":vmb", r[i].vm_b);
		ioa_dbi_bind_i64(s, ":cb", r[i].copy_b);
		ioa_dbi_bind_text(s, ":comp", r[i].component);
		ioa_dbi_bind_i64(s, ":ns", r[i].overlap_ns);
		ret = ioa_dbi_step_done(db, s, err, "cannot insert interference");
	}
	return ret;
}

int ioa_db_interference_store(struct ioa_db *db, int64_t schedule_id, const struct ioa_itf_rec *r,
			      int n, struct ioa_err *err)
{
	int ret = ioa_db_begin(db, err);

	if (ret)
		return ret;
	ret = itf_write(db, schedule_id, r, n, err);
	if (!ret)
		ret = ioa_db_commit(db, err);
	if (ret)
		ioa_db_rollback(db);
	return ret;
}
