// SPDX-License-Identifier: GPL-3.0-or-later
/* The db module, run part: the summary `ioaware run` prints. */
#include <math.h>
#include <string.h>

#include "db_priv.h"
#include "db_run.h"

static const char sql_run_summary[] =
	"WITH sc AS (SELECT MAX(scenario_id) AS id FROM scenario"
	"            WHERE :sc = 0 OR scenario_id = :sc)"
	" SELECT s.kind, s.status, s.gap,"
	"  (SELECT value FROM metric m WHERE m.schedule_id = s.schedule_id"
	"    AND scope = 'schedule' AND name = 'makespan_s'),"
	"  (SELECT value FROM metric m WHERE m.schedule_id = s.schedule_id"
	"    AND scope = 'schedule' AND name = 'wait_mean_s'),"
	"  (SELECT value FROM metric m WHERE m.schedule_id = s.schedule_id"
	"    AND scope = 'schedule' AND name = 'overload_s'),"
	"  (SELECT value FROM metric m WHERE m.schedule_id = s.schedule_id"
	"    AND scope = 'component' AND name = 'max_util_pct' ORDER BY value DESC LIMIT 1),"
	"  (SELECT key FROM metric m WHERE m.schedule_id = s.schedule_id"
	"    AND scope = 'component' AND name = 'max_util_pct' ORDER BY value DESC LIMIT 1)"
	" FROM schedule s, sc WHERE s.scenario_id = sc.id"
	" ORDER BY CASE s.kind WHEN 'as-traced' THEN 0 WHEN 'baseline' THEN 1"
	"  WHEN 'online' THEN 2 WHEN 'heuristic' THEN 3 ELSE 4 END";

int ioa_db_run_summary(struct ioa_db *db, int64_t scenario_id,
		       int (*cb)(void *priv, const struct ioa_run_row *r), void *priv,
		       struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_run_summary, err);
	struct ioa_run_row r;
	int rc, stop = 0;

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":sc", scenario_id);
	rc = ioa_dbi_check(db, s, err);
	if (rc)
		return rc;
	while (!stop && (rc = sqlite3_step(s->s)) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		ioa_dbi_col_text(r.kind, sizeof(r.kind), s->s, 0);
		ioa_dbi_col_text(r.status, sizeof(r.status), s->s, 1);
		r.gap = ioa_dbi_col_double_or_nan(s->s, 2);
		r.makespan_s = ioa_dbi_col_double_or_nan(s->s, 3);
		r.wait_mean_s = ioa_dbi_col_double_or_nan(s->s, 4);
		r.overload_s = ioa_dbi_col_double_or_nan(s->s, 5);
		r.peak_pct = ioa_dbi_col_double_or_nan(s->s, 6);
		ioa_dbi_col_text(r.peak_component, sizeof(r.peak_component), s->s, 7);
		stop = cb(priv, &r);
	}
	ioa_dbi_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return ioa_dbi_fail(db, err, "cannot read the summary");
	return 0;
}
