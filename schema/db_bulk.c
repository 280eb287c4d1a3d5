// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Rows written in bulk: multi-row INSERTs bound by position, prepared once per connection and
 * table (struct ioa_dbi_bulk, db_priv.h). Ingest's segments, exits and I/O, and the tasks,
 * placements and utilisation series of scenarios and schedules go through here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_priv.h"

/* "INSERT ... VALUES " and @rows groups of @cols '?' */
static char *bulk_sql(const struct ioa_dbi_bulk *t, int rows)
{
	size_t len = strlen(t->head) + (size_t)rows * (2 * (size_t)t->cols + 2);
	char *sql = ioa_xmalloc(len + 1), *p = sql;
	int r, c;

	p += sprintf(p, "%s", t->head);
	for (r = 0; r < rows; r++) {
		if (r)
			*p++ = ',';
		*p++ = '(';
		for (c = 0; c < t->cols; c++) {
			if (c)
				*p++ = ',';
			*p++ = '?';
		}
		*p++ = ')';
	}
	*p = '\0';
	return sql;
}

/* the statement inserting @rows rows (1 or IOA_DB_BULK_ROWS) into @t */
static sqlite3_stmt *bulk_stmt(struct ioa_db *db, const struct ioa_dbi_bulk *t, int rows,
			       struct ioa_err *err)
{
	sqlite3_stmt **slot;
	char *sql;
	int i;

	for (i = 0; i < db->nbulk && db->bulk[i].t != t; i++)
		;
	if (i == db->nbulk) {
		if (db->nbulk == IOA_DB_BULK_TABLES) {
			ioa_error(err, IOA_EINTERNAL, "more bulk tables than %d",
				  IOA_DB_BULK_TABLES);
			return NULL;
		}
		db->bulk[db->nbulk++].t = t;
	}
	slot = &db->bulk[i].s[rows > 1];
	if (*slot)
		return *slot;
	sql = bulk_sql(t, rows);
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) != SQLITE_OK)
		ioa_dbi_fail(db, err, "cannot prepare statement");
	free(sql);
	return *slot;
}

int ioa_dbi_bulk_insert(struct ioa_db *db, const struct ioa_dbi_bulk *t, ioa_dbi_row_fn bind,
			const void *ctx, const void *rows, size_t size, size_t n,
			struct ioa_err *err)
{
	const char *row = rows;
	struct ioa_dbi_row b;
	size_t k, i;
	int rc;

	for (; n > 0; n -= k) {
		k = n >= IOA_DB_BULK_ROWS ? IOA_DB_BULK_ROWS : 1;
		b = (struct ioa_dbi_row){ .s = bulk_stmt(db, t, (int)k, err), .rc = SQLITE_OK };
		if (!b.s)
			return err && err->code ? err->code : IOA_EDB;
		for (i = 0; i < k; i++, row += size)
			bind(&b, ctx, row);
		if (b.bad || b.rc != SQLITE_OK) {
			sqlite3_clear_bindings(b.s);
			return ioa_error(err, b.bad ? IOA_EINTERNAL : IOA_EDB, "%s: %s: %s",
					 db->path, t->what, b.bad ? b.bad : sqlite3_errstr(b.rc));
		}
		/* every parameter is bound again before the next run: no clearing needed */
		rc = sqlite3_step(b.s);
		sqlite3_reset(b.s);
		if (rc != SQLITE_DONE)
			return ioa_dbi_fail(db, err, t->what);
	}
	return 0;
}
