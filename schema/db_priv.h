/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Inside the db module only (schema/db*.c): the connection, the prepared-statement cache and
 * the bind helpers. Each statement is a `static const char sql_x[]` of its file; it is
 * prepared once per connection on first use and bound by :name (the name → index lookup is
 * cached by the address of the name literal, so binding by name is free on hot paths).
 */
#ifndef IOA_DB_PRIV_H
#define IOA_DB_PRIV_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "util.h"

#define IOA_DB_MAX_PARAMS 32
#define IOA_DB_MAX_STMTS 96
/* tables written by multi-row INSERTs (db_bulk.c), each with a one-row and a many-row statement */
#define IOA_DB_BULK_TABLES 8

/*
 * Binding is checked: a name the statement does not have, a failing sqlite3_bind_*() or a
 * parameter left unbound makes the next ioa_dbi_check() fail (IOA_EINTERNAL, naming the
 * parameter) instead of storing a NULL.
 */
struct dbstmt {
	const char *sql; /* identity: the address of the sql_x[] array */
	sqlite3_stmt *s;
	const char *names[IOA_DB_MAX_PARAMS];
	int idx[IOA_DB_MAX_PARAMS];
	int n;
	int next;	 /* where the next name lookup starts: binds come in one order */
	uint64_t need;	 /* bit i-1: parameter i exists */
	uint64_t bound;	 /* bit i-1: parameter i bound since the last reset */
	const char *bad; /* a name bound that the statement does not have */
	int bind_rc;	 /* the first failing sqlite3_bind_*() result */
};

/*
 * A table written in bulk: @n rows to a call, IOA_DB_BULK_ROWS to a multi-row INSERT bound by
 * position (one statement run instead of 64: far less per row than one INSERT each). @head is
 * "INSERT INTO t (c1, ..., cN) VALUES ", @cols is N; @what names a failure.
 */
struct ioa_dbi_bulk {
	const char *head;
	int cols;
	const char *what;
};

/* the positional binds of one statement run; the first failure is kept */
struct ioa_dbi_row {
	sqlite3_stmt *s;
	int i;
	int rc;
	const char *bad; /* a row that cannot be stored, why */
};

static inline void ioa_dbi_row_rc(struct ioa_dbi_row *b, int rc)
{
	if (rc != SQLITE_OK && b->rc == SQLITE_OK)
		b->rc = rc;
}

static inline void ioa_dbi_row_null(struct ioa_dbi_row *b)
{
	ioa_dbi_row_rc(b, sqlite3_bind_null(b->s, ++b->i));
}

static inline void ioa_dbi_row_i64(struct ioa_dbi_row *b, int64_t v)
{
	ioa_dbi_row_rc(b, sqlite3_bind_int64(b->s, ++b->i, v));
}

/* NULL when v == none ("the trace does not say") */
static inline void ioa_dbi_row_i64n(struct ioa_dbi_row *b, int64_t v, int64_t none)
{
	if (v == none)
		ioa_dbi_row_null(b);
	else
		ioa_dbi_row_i64(b, v);
}

static inline void ioa_dbi_row_double(struct ioa_dbi_row *b, double v)
{
	ioa_dbi_row_rc(b, sqlite3_bind_double(b->s, ++b->i, v));
}

/* not copied: the rows outlive the statement run */
static inline void ioa_dbi_row_str(struct ioa_dbi_row *b, const char *v)
{
	ioa_dbi_row_rc(b, sqlite3_bind_text(b->s, ++b->i, v, -1, SQLITE_STATIC));
}

/* NULL for NULL or "" */
static inline void ioa_dbi_row_text(struct ioa_dbi_row *b, const char *v)
{
	if (!v || !*v)
		ioa_dbi_row_null(b);
	else
		ioa_dbi_row_str(b, v);
}

/* bind the columns of one row (@ctx: what every row shares, such as its trace) */
typedef void (*ioa_dbi_row_fn)(struct ioa_dbi_row *b, const void *ctx, const void *row);

/* insert @n rows of @size bytes each into @t; the caller holds the transaction */
int ioa_dbi_bulk_insert(struct ioa_db *db, const struct ioa_dbi_bulk *t, ioa_dbi_row_fn bind,
			const void *ctx, const void *rows, size_t size, size_t n,
			struct ioa_err *err);

struct ioa_db {
	sqlite3 *h;
	char *path;
	struct dbstmt st[IOA_DB_MAX_STMTS];
	int nst;
	struct {
		const struct ioa_dbi_bulk *t; /* identity: the address of the table's description */
		sqlite3_stmt *s[2];	      /* one row, IOA_DB_BULK_ROWS rows; on first use */
	} bulk[IOA_DB_BULK_TABLES];
	int nbulk;
	char **deferred; /* CREATE INDEX statements of indexes dropped until the bulk load ends */
	int ndeferred;
	int64_t cache_kept; /* cache_size to set back when the deferred indexes are made */
};

/* record the SQLite error of the last call on @db as IOA_EDB / IOA_EBUSY / IOA_ENOMEM */
int ioa_dbi_fail(struct ioa_db *db, struct ioa_err *err, const char *what);
int ioa_dbi_exec(struct ioa_db *db, const char *sql, struct ioa_err *err);
/* the prepared statement for @sql (a static array: its address is the cache key) */
struct dbstmt *ioa_dbi_stmt(struct ioa_db *db, const char *sql, struct ioa_err *err);
/* the index of parameter @name, 0 when the statement has none of that name (a probe) */
int ioa_dbi_idx(struct dbstmt *st, const char *name);
/* 0 when every parameter is bound, each by a name it has, without error; else IOA_EINTERNAL
 * (the statement is reset) */
int ioa_dbi_check(struct ioa_db *db, struct dbstmt *st, struct ioa_err *err);
/* reset after stepping: bindings cleared, checks rearmed */
void ioa_dbi_reset(struct dbstmt *st);
void ioa_dbi_bind_null(struct dbstmt *s, const char *name);

void ioa_dbi_bind_i64(struct dbstmt *s, const char *name, int64_t v);
/* NULL when v == none ("the trace does not say") */
void ioa_dbi_bind_i64_or_null(struct dbstmt *s, const char *name, int64_t v, int64_t none);
/* NULL for IOA_TS_NONE */
void ioa_dbi_bind_ts(struct dbstmt *s, const char *name, uint64_t ts);
void ioa_dbi_bind_double(struct dbstmt *s, const char *name, double v);
/* NULL for NaN ("not measured") */
void ioa_dbi_bind_double_or_null(struct dbstmt *s, const char *name, double v);
/* not copied: valid until the statement is stepped and reset */
void ioa_dbi_bind_text(struct dbstmt *s, const char *name, const char *v);
/* NULL for NULL or "" */
void ioa_dbi_bind_text_or_null(struct dbstmt *s, const char *name, const char *v);
/* step a statement that returns no row, then reset it */
int ioa_dbi_step_done(struct ioa_db *db, struct dbstmt *st, struct ioa_err *err, const char *what);

void ioa_dbi_col_text(char *dst, size_t size, sqlite3_stmt *s, int col);
uint64_t ioa_dbi_col_ts(sqlite3_stmt *s, int col);
/* NaN for NULL */
double ioa_dbi_col_double_or_nan(sqlite3_stmt *s, int col);
/* run @sql (binding :id to @trace_id when it has it); @row returns non-zero to stop */
int ioa_dbi_query(struct ioa_db *db, const char *sql, int64_t trace_id,
		  int (*row)(sqlite3_stmt *s, void *ctx), void *ctx, struct ioa_err *err);

#endif
