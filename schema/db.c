// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The db module's core: open, migrate, transactions, the statement cache and the bind
 * helpers. The db module (schema/db*.c, through db_priv.h) is the only code that includes
 * <sqlite3.h>; each stage keeps its SQL in a db_<stage>.c file of its own.
 */
#include "db_priv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

extern const char *const ioa_schema_sql[];
extern const size_t ioa_schema_nr;

/* how long to wait for another writer; IOA_BUSY_TIMEOUT_MS overrides (tests, scripts) */
static int busy_timeout_ms(void)
{
	const char *env = getenv("IOA_BUSY_TIMEOUT_MS");
	long v = env ? strtol(env, NULL, 10) : 0;

	return v > 0 && v < 3600000 ? (int)v : 30000;
}

int ioa_dbi_fail(struct ioa_db *db, struct ioa_err *err, const char *what)
{
	int rc = sqlite3_extended_errcode(db->h);
	int prim = rc & 0xff;

	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		return ioa_error(
			err, IOA_EBUSY,
			"%s: %s: %s: another process holds it (waited %d ms; "
			"IOA_BUSY_TIMEOUT_MS sets how long); run this step again when it is free",
			db->path, what, sqlite3_errmsg(db->h), busy_timeout_ms());
	return ioa_error(err, prim == SQLITE_NOMEM ? IOA_ENOMEM : IOA_EDB, "%s: %s: %s", db->path,
			 what, sqlite3_errmsg(db->h));
}

int ioa_dbi_exec(struct ioa_db *db, const char *sql, struct ioa_err *err)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return ioa_dbi_fail(db, err, "cannot execute statement");
	return 0;
}

/* at prepare: every parameter is a :name (no positional ?), and they fit the bound mask */
static int params_check(struct ioa_db *db, struct dbstmt *st, struct ioa_err *err)
{
	int i, n = sqlite3_bind_parameter_count(st->s);
	const char *name;

	if (n > 64)
		return ioa_error(err, IOA_EINTERNAL, "%s: a statement with %d parameters (max 64)",
				 db->path, n);
	for (i = 1; i <= n; i++) {
		name = sqlite3_bind_parameter_name(st->s, i);
		if (!name || name[0] != ':')
			return ioa_error(err, IOA_EINTERNAL,
					 "%s: statement parameter %d is not a :name: %.60s",
					 db->path, i, sqlite3_sql(st->s));
	}
	st->need = n == 64 ? ~0ULL : (1ULL << n) - 1;
	return 0;
}

struct dbstmt *ioa_dbi_stmt(struct ioa_db *db, const char *sql, struct ioa_err *err)
{
	struct dbstmt *st;
	int i;

	for (i = 0; i < db->nst; i++)
		if (db->st[i].sql == sql)
			return &db->st[i];
	if (db->nst == IOA_DB_MAX_STMTS) {
		ioa_error(err, IOA_EINTERNAL, "%s: too many prepared statements", db->path);
		return NULL;
	}
	st = &db->st[db->nst];
	memset(st, 0, sizeof(*st));
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->s, NULL) !=
	    SQLITE_OK) {
		ioa_dbi_fail(db, err, "cannot prepare statement");
		return NULL;
	}
	if (params_check(db, st, err)) {
		sqlite3_finalize(st->s);
		return NULL;
	}
	st->sql = sql;
	db->nst++;
	return st;
}

int ioa_dbi_idx(struct dbstmt *st, const char *name)
{
	int i, k;

	for (k = 0, i = st->next; k < st->n; k++, i++) {
		if (i >= st->n)
			i = 0;
		if (st->names[i] == name) {
			st->next = i + 1;
			return st->idx[i];
		}
	}
	i = sqlite3_bind_parameter_index(st->s, name);
	if (st->n < IOA_DB_MAX_PARAMS) {
		st->names[st->n] = name;
		st->idx[st->n++] = i;
	}
	return i;
}

/* the index to bind @name at, recorded as bound; 0 (and the statement marked) if it has none */
static int bind_idx(struct dbstmt *s, const char *name)
{
	int i = ioa_dbi_idx(s, name);

	if (!i) {
		if (!s->bad)
			s->bad = name;
		return 0;
	}
	s->bound |= 1ULL << (i - 1);
	return i;
}

static void bind_rc(struct dbstmt *s, int rc)
{
	if (rc != SQLITE_OK && !s->bind_rc)
		s->bind_rc = rc;
}

void ioa_dbi_bind_null(struct dbstmt *s, const char *name)
{
	int i = bind_idx(s, name);

	if (i)
		bind_rc(s, sqlite3_bind_null(s->s, i));
}

void ioa_dbi_bind_i64(struct dbstmt *s, const char *name, int64_t v)
{
	int i = bind_idx(s, name);

	if (i)
		bind_rc(s, sqlite3_bind_int64(s->s, i, v));
}

/* NULL when the value means "unknown" */
void ioa_dbi_bind_i64_or_null(struct dbstmt *s, const char *name, int64_t v, int64_t none)
{
	if (v == none)
		ioa_dbi_bind_null(s, name);
	else
		ioa_dbi_bind_i64(s, name, v);
}

/* NaN is "not measured" */
void ioa_dbi_bind_double_or_null(struct dbstmt *s, const char *name, double v)
{
	if (isnan(v))
		ioa_dbi_bind_null(s, name);
	else
		ioa_dbi_bind_double(s, name, v);
}

void ioa_dbi_bind_ts(struct dbstmt *s, const char *name, uint64_t ts)
{
	if (ts == IOA_TS_NONE)
		ioa_dbi_bind_null(s, name);
	else
		ioa_dbi_bind_i64(s, name, (int64_t)ts);
}

/* strings stay valid until the statement is stepped and reset: no copy needed */
void ioa_dbi_bind_text(struct dbstmt *s, const char *name, const char *v)
{
	int i = bind_idx(s, name);

	if (i)
		bind_rc(s, sqlite3_bind_text(s->s, i, v, -1, SQLITE_STATIC));
}

/* empty strings are stored as NULL: "the trace does not say" */
void ioa_dbi_bind_text_or_null(struct dbstmt *s, const char *name, const char *v)
{
	if (!v || !*v)
		ioa_dbi_bind_null(s, name);
	else
		ioa_dbi_bind_text(s, name, v);
}

void ioa_dbi_reset(struct dbstmt *st)
{
	sqlite3_reset(st->s);
	sqlite3_clear_bindings(st->s);
	st->bound = 0;
	st->bad = NULL;
	st->bind_rc = SQLITE_OK;
}

int ioa_dbi_check(struct ioa_db *db, struct dbstmt *st, struct ioa_err *err)
{
	const char *sql = sqlite3_sql(st->s);
	int ret = 0, i;

	if (st->bad)
		ret = ioa_error(err, IOA_EINTERNAL,
				"%s: binds %s, which the statement lacks: %.60s", db->path, st->bad,
				sql);
	else if (st->bind_rc != SQLITE_OK)
		ret = ioa_error(err, st->bind_rc == SQLITE_NOMEM ? IOA_ENOMEM : IOA_EINTERNAL,
				"%s: cannot bind: %s: %.60s", db->path, sqlite3_errstr(st->bind_rc),
				sql);
	else if ((st->bound & st->need) != st->need) {
		for (i = 0; st->bound & (1ULL << i); i++)
			;
		ret = ioa_error(err, IOA_EINTERNAL, "%s: %s left unbound: %.60s", db->path,
				sqlite3_bind_parameter_name(st->s, i + 1), sql);
	}
	if (ret)
		ioa_dbi_reset(st);
	return ret;
}

int ioa_dbi_step_done(struct ioa_db *db, struct dbstmt *st, struct ioa_err *err, const char *what)
{
	int rc = ioa_dbi_check(db, st, err);

	if (rc)
		return rc;
	rc = sqlite3_step(st->s);
	ioa_dbi_reset(st);
	if (rc != SQLITE_DONE)
		return ioa_dbi_fail(db, err, what);
	return 0;
}

int ioa_db_schema_version(void)
{
	return (int)ioa_schema_nr;
}

static int user_version(struct ioa_db *db, int *out, struct ioa_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return ioa_dbi_fail(db, err, "not a database");
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return ioa_dbi_fail(db, err, "not a database");
	return 0;
}

/* 1 when the query (one integer) gives a non-zero value */
static int query_true(struct ioa_db *db, const char *sql)
{
	sqlite3_stmt *s;
	int v = 0;

	if (sqlite3_prepare_v2(db->h, sql, -1, &s, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0) != 0;
	sqlite3_finalize(s);
	return v;
}

/* run migration files @files (1-based) in one transaction that ends at user_version @ver */
static int apply(struct ioa_db *db, const int *files, int n, int ver, struct ioa_err *err)
{
	char bump[64];
	int i, ret = ioa_dbi_exec(db, "BEGIN IMMEDIATE", err);

	for (i = 0; i < n && !ret; i++)
		ret = ioa_dbi_exec(db, ioa_schema_sql[files[i] - 1], err);
	snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", ver);
	if (!ret)
		ret = ioa_dbi_exec(db, bump, err);
	if (!ret && query_true(db, "SELECT COUNT(*) FROM pragma_foreign_key_check"))
		ret = ioa_error(err, IOA_EDB,
				"%s: migration to version %d would break a foreign key", db->path,
				ver);
	if (!ret)
		ret = ioa_dbi_exec(db, "COMMIT", err);
	if (ret)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

/*
 * Schema files user_version+1 .. N, each in one transaction with its version bump. Foreign
 * keys are off meanwhile (the caller turns them on afterwards): a migration that rebuilds a
 * table drops the old one, which would otherwise cascade into its children; they are checked
 * before each commit instead.
 */
static int migrate(struct ioa_db *db, int have, struct ioa_err *err)
{
	int v, file, ret = 0;

	for (v = have; v < (int)ioa_schema_nr && !ret; v++) {
		file = v + 1;
		ret = apply(db, &file, 1, v + 1, err);
	}
	return ret;
}

/*
 * Databases of early development builds whose migrations were later edited in place: at
 * versions 2-3 migration 002 was a placeholder (classification lacks own_* and classify_run),
 * and at version 4 the 4th migration was the guest tables, since renumbered 005. Bring them
 * to what the migrations of today would have made, so that the normal path continues.
 */
static int repair_early(struct ioa_db *db, int *have, struct ioa_err *err)
{
	static const int v3[] = { 2 }, v4[] = { 2, 4 };
	int guest;

	if (*have < 2 || *have > 4 ||
	    query_true(db, "SELECT COUNT(*) FROM pragma_table_info('classification') "
			   "WHERE name = 'own_category'"))
		return 0;
	guest = query_true(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'guest_vcpu'");
	if (*have == 4 && guest) {
		*have = 5;
		return apply(db, v4, 2, 5, err);
	}
	if (*have == 4)
		return ioa_error(err, IOA_EDB,
				 "%s: schema version 4 of an unknown layout: ingest "
				 "the traces into a new database",
				 db->path);
	return apply(db, v3, 1, *have, err);
}

static int setup(struct ioa_db *db, int mode, struct ioa_err *err)
{
	int have, ret;

	sqlite3_busy_timeout(db->h, busy_timeout_ms());
	sqlite3_extended_result_codes(db->h, 1);
	ret = user_version(db, &have, err);
	if (ret)
		return ret;
	if (have > (int)ioa_schema_nr)
		return ioa_error(err, IOA_EDB,
				 "%s: schema version %d is newer than this ioaware (%d)", db->path,
				 have, (int)ioa_schema_nr);
	if (mode == IOA_DB_READ) {
		if (have < (int)ioa_schema_nr)
			return ioa_error(err, IOA_EDB,
					 "%s: schema version %d, run ingest to migrate to %d",
					 db->path, have, (int)ioa_schema_nr);
		ret = ioa_dbi_exec(db, "PRAGMA foreign_keys = ON", err);
		return ret ? ret : ioa_dbi_exec(db, "PRAGMA query_only = ON", err);
	}
	/* before WAL, on a new file: larger pages mean fewer b-tree pages for bulk rows */
	if (!have)
		ret = ioa_dbi_exec(db, "PRAGMA page_size = 16384", err);
	ret = ioa_dbi_exec(db, "PRAGMA journal_mode = WAL", err);
	if (!ret)
		ret = ioa_dbi_exec(db, "PRAGMA synchronous = NORMAL", err);
	/* 16 MiB of page cache: bulk ingest then spills to the WAL far less often */
	if (!ret)
		ret = ioa_dbi_exec(db, "PRAGMA cache_size = -16384", err);
	if (!ret)
		ret = ioa_dbi_exec(db, "PRAGMA foreign_keys = OFF", err);
	if (!ret)
		ret = repair_early(db, &have, err);
	if (!ret && have < (int)ioa_schema_nr)
		ret = migrate(db, have, err);
	if (!ret)
		ret = ioa_dbi_exec(db, "PRAGMA foreign_keys = ON", err);
	return ret;
}

int ioa_db_open(struct ioa_db **out, const char *path, int mode, int *created, struct ioa_err *err)
{
	struct ioa_db *db;
	struct stat st;
	int exists = stat(path, &st) == 0;
	/*
	 * One connection per process, used by one thread: no SQLite mutexes. Readers open
	 * read-write when they may (and set query_only): a read-only connection cannot remove
	 * the -wal and -shm files when it closes, and would leave them beside the database.
	 */
	int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_READWRITE |
		    (mode == IOA_DB_READ ? 0 : SQLITE_OPEN_CREATE);
	int ret;

	*out = NULL;
	if (created)
		*created = !exists;
	/* no global allocation statistics: they take a mutex per malloc (fails harmlessly once
	 * SQLite is initialised) */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (!exists && mode != IOA_DB_WRITE)
		return ioa_error(err, IOA_EIO, "%s: no such database (ingest a trace first)", path);
	db = ioa_xcalloc(1, sizeof(*db));
	db->path = ioa_xstrdup(path);
	ret = sqlite3_open_v2(path, &db->h, flags, NULL);
	if (ret != SQLITE_OK && mode == IOA_DB_READ) {
		sqlite3_close(db->h);
		ret = sqlite3_open_v2(path, &db->h, SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_READONLY,
				      NULL);
	}
	if (ret != SQLITE_OK) {
		ret = ioa_dbi_fail(db, err, "cannot open database");
		goto fail;
	}
	ret = setup(db, mode, err);
	if (ret)
		goto fail;
	*out = db;
	return 0;
fail:
	ioa_db_close(db);
	return ret;
}

void ioa_db_close(struct ioa_db *db)
{
	int i;

	if (!db)
		return;
	for (i = 0; i < db->nst; i++)
		sqlite3_finalize(db->st[i].s);
	for (i = 0; i < db->nbulk; i++) {
		sqlite3_finalize(db->bulk[i].s[0]);
		sqlite3_finalize(db->bulk[i].s[1]);
	}
	for (i = 0; i < db->ndeferred; i++)
		free(db->deferred[i]);
	free(db->deferred);
	sqlite3_close(db->h);
	free(db->path);
	free(db);
}

int ioa_db_begin(struct ioa_db *db, struct ioa_err *err)
{
	return ioa_dbi_exec(db, "BEGIN IMMEDIATE", err);
}

int ioa_db_commit(struct ioa_db *db, struct ioa_err *err)
{
	return ioa_dbi_exec(db, "COMMIT", err);
}

/*
 * A database nobody else can see yet (built aside, linked into place when complete) needs
 * neither a write-ahead log nor syncs while it is filled: a failure discards the file.
 * Every page is then written once, into the database, instead of into the log and again at
 * each checkpoint. The rollback journal stays, in memory: pages the transaction appends
 * have no old content to keep, so it stays small, and ROLLBACK still works.
 * ioa_db_bulk_end() puts back the WAL mode every database has.
 */
int ioa_db_bulk_start(struct ioa_db *db, struct ioa_err *err)
{
	int ret = ioa_dbi_exec(db, "PRAGMA journal_mode = MEMORY", err);

	return ret ? ret : ioa_dbi_exec(db, "PRAGMA synchronous = OFF", err);
}

int ioa_db_bulk_end(struct ioa_db *db, struct ioa_err *err)
{
	int ret = ioa_dbi_exec(db, "PRAGMA synchronous = NORMAL", err);

	return ret ? ret : ioa_dbi_exec(db, "PRAGMA journal_mode = WAL", err);
}

int ioa_db_foreign_keys(struct ioa_db *db, int on, struct ioa_err *err)
{
	return ioa_dbi_exec(db, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF", err);
}

void ioa_db_rollback(struct ioa_db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

void ioa_dbi_bind_double(struct dbstmt *s, const char *name, double v)
{
	int i = bind_idx(s, name);

	if (i)
		bind_rc(s, sqlite3_bind_double(s->s, i, v));
}

void ioa_dbi_col_text(char *dst, size_t size, sqlite3_stmt *s, int col)
{
	const unsigned char *v = sqlite3_column_text(s, col);

	ioa_strlcpy(dst, v ? (const char *)v : "", size);
}

uint64_t ioa_dbi_col_ts(sqlite3_stmt *s, int col)
{
	if (sqlite3_column_type(s, col) == SQLITE_NULL)
		return IOA_TS_NONE;
	return (uint64_t)sqlite3_column_int64(s, col);
}

double ioa_dbi_col_double_or_nan(sqlite3_stmt *s, int col)
{
	return sqlite3_column_type(s, col) == SQLITE_NULL ? NAN : sqlite3_column_double(s, col);
}

int ioa_dbi_query(struct ioa_db *db, const char *sql, int64_t trace_id,
		  int (*row)(sqlite3_stmt *s, void *ctx), void *ctx, struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql, err);
	int rc, stop = 0;

	if (!s)
		return err ? err->code : IOA_EDB;
	if (ioa_dbi_idx(s, ":id"))
		ioa_dbi_bind_i64(s, ":id", trace_id);
	rc = ioa_dbi_check(db, s, err);
	if (rc)
		return rc;
	while (!stop && (rc = sqlite3_step(s->s)) == SQLITE_ROW)
		stop = row(s->s, ctx);
	ioa_dbi_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return ioa_dbi_fail(db, err, "cannot read");
	return 0;
}

void ioa_db_unlink(const char *path)
{
	char side[4096];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-journal", path);
	unlink(side);
}
