// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The db module on its own: open modes (create, must exist, read-only refusals, a file that is
 * no database, a newer schema), migration to the latest version, transactions (commit and
 * rollback), every insert of ingest read back through its reader or SQL, the sha lookup, and
 * the checked binds (a misspelled :name, an unbound parameter, a positional '?').
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "db.h"
#include "db_priv.h"
#include "util.h"

static char path[64];

static int setup(void **state)
{
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/ioa-test-db-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ioa_db_unlink(path);
	return 0;
}

/* one integer from @sql */
static int64_t one_int(struct ioa_db *db, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(db->h, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static struct ioa_db *open_new(void)
{
	struct ioa_db *db;
	struct ioa_err err = { 0 };
	int created = 0;

	assert_int_equal(ioa_db_open(&db, path, IOA_DB_WRITE, &created, &err), 0);
	assert_int_equal(created, 1);
	return db;
}

static void test_open_modes(void **state)
{
	struct ioa_db *db;
	struct ioa_err err = { 0 };
	FILE *f;

	(void)state;
	/* must exist: a clear error, no file created */
	assert_int_equal(ioa_db_open(&db, path, IOA_DB_READ, NULL, &err), IOA_EIO);
	assert_non_null(strstr(err.msg, "no such database"));
	assert_int_not_equal(access(path, F_OK), 0);
	ioa_err_clear(&err);
	assert_int_equal(ioa_db_open(&db, path, IOA_DB_UPDATE, NULL, &err), IOA_EIO);
	/* created and migrated to the latest version */
	db = open_new();
	assert_int_equal(one_int(db, "PRAGMA user_version"), ioa_db_schema_version());
	assert_int_equal(one_int(db, "PRAGMA foreign_keys"), 1);
	ioa_db_close(db);
	/* read mode: the same file, queries only */
	assert_int_equal(ioa_db_open(&db, path, IOA_DB_READ, NULL, &err), 0);
	assert_int_not_equal(ioa_dbi_exec(db, "CREATE TABLE x (a)", &err), 0);
	ioa_db_close(db);
	/* a schema newer than this build: refused */
	ioa_err_clear(&err);
	assert_int_equal(ioa_db_open(&db, path, IOA_DB_WRITE, NULL, &err), 0);
	assert_int_equal(ioa_dbi_exec(db, "PRAGMA user_version = 999", &err), 0);
	ioa_db_close(db);
	assert_int_equal(ioa_db_open(&db, path, IOA_DB_WRITE, NULL, &err), IOA_EDB);
	assert_non_null(strstr(err.msg, "newer than this ioaware"));
	ioa_db_unlink(path);
	/* not a database */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("not a database, just text, long enough to be read as a header by sqlite\n", f);
	fclose(f);
	ioa_err_clear(&err);
	assert_int_equal(ioa_db_open(&db, path, IOA_DB_WRITE, NULL, &err), IOA_EDB);
	assert_non_null(strstr(err.msg, path));
}

static void fill_trace(struct ioa_trace_rec *t, const char *sha)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->file, sizeof(t->file), "t.dat");
	snprintf(t->sha256, sizeof(t->sha256), "%s", sha);
	snprintf(t->format, sizeof(t->format), "trace.dat");
	snprintf(t->version, sizeof(t->version), "7");
	snprintf(t->compression, sizeof(t->compression), "zstd");
	snprintf(t->clock, sizeof(t->clock), "local");
	snprintf(t->host, sizeof(t->host), "Linux h 6.18");
	snprintf(t->ingest_time, sizeof(t->ingest_time), "2026-01-01T00:00:00Z");
	t->size_bytes = 1234;
	t->clock_is_ns = 1;
	t->cpus = 2;
	t->long_size = 8;
	t->first_ns = 1000;
	t->last_ns = 9000;
	t->buffers = 1;
}

struct seen {
	int traces, counts, warnings, vms, vcpus;
	uint64_t events;
	char last_warning[64];
};

static int on_trace(void *priv, const struct ioa_trace_rec *t)
{
	struct seen *s = priv;

	s->traces++;
	s->events = t->events;
	assert_string_equal(t->compression, "zstd");
	assert_int_equal(t->n_threads, 2);
	assert_int_equal(t->n_segments, 1);
	assert_int_equal(t->n_vcpus, 1);
	return 0;
}

static int on_count(void *priv, const char *name, uint64_t count)
{
	struct seen *s = priv;

	(void)name;
	s->counts += (int)count;
	return 0;
}

static int on_warning(void *priv, const char *msg)
{
	struct seen *s = priv;

	s->warnings++;
	snprintf(s->last_warning, sizeof(s->last_warning), "%s", msg);
	return 0;
}

static int on_vm(void *priv, const struct ioa_vm_row *vm, int n_vcpus)
{
	struct seen *s = priv;

	assert_string_equal(vm->name, "qemu");
	assert_int_equal(vm->host_pid, 100);
	s->vms++;
	s->vcpus += n_vcpus;
	return 0;
}

static void insert_rows(struct ioa_db *db, int64_t id)
{
	struct ioa_err err = { 0 };
	struct ioa_thread_row th = { .tid = 101, .tgid = 100, .comm = "CPU 0/KVM", .is_vcpu = 1 };
	struct ioa_thread_row th2 = { .tid = 100, .tgid = 100, .comm = "qemu" };
	struct ioa_vm_row vm = { .vm_id = 1, .host_pid = 100, .name = "qemu", .source = "tgid" };
	struct ioa_vcpu_row vc = { .vm_id = 1, .vcpu = 0, .tid = 101, .source = "name" };
	struct ioa_segment_row seg = { .tid = 101,
				       .cpu = 1,
				       .start_ns = 2000,
				       .end_ns = 5000,
				       .end_state = "S",
				       .wake_ns = IOA_TS_NONE,
				       .waker_tid = -1,
				       .waker_cpu = -1 };
	struct ioa_exit_row ex = { .tid = 101,
				   .cpu = 1,
				   .vcpu = 0,
				   .ts = 3000,
				   .dur_ns = IOA_TS_NONE,
				   .source = "pio",
				   .port = 0x3f8,
				   .gpa = -1,
				   .rw = 1,
				   .size = 1,
				   .category = "BUS" };
	struct ioa_io_row net = { .kind = IOA_IO_NET_TX,
				  .tid = 100,
				  .cpu = 0,
				  .ts = 4000,
				  .end_ts = IOA_TS_NONE,
				  .dev = "lo",
				  .num = -1,
				  .bytes = 74,
				  .complete_tid = -1 };
	struct ioa_cpu_row cpu = { .cpu = 1, .first_ts = 1000, .last_ts = 9000, .events = 7 };
	int64_t vm_id = 0;

	assert_int_equal(ioa_db_cpu_insert(db, id, &cpu, &err), 0);
	assert_int_equal(ioa_db_thread_insert(db, id, &th, &err), 0);
	assert_int_equal(ioa_db_thread_insert(db, id, &th2, &err), 0);
	assert_int_equal(ioa_db_vm_insert(db, id, &vm, &vm_id, &err), 0);
	assert_true(vm_id > 0);
	assert_int_equal(ioa_db_vcpu_insert(db, id, vm_id, &vc, &err), 0);
	assert_int_equal(ioa_db_segments_insert(db, id, &seg, 1, &err), 0);
	assert_int_equal(ioa_db_exits_insert(db, id, &ex, 1, &err), 0);
	assert_int_equal(ioa_db_ios_insert(db, id, &net, 1, &err), 0);
	assert_int_equal(ioa_db_event_count_insert(db, id, "sched_switch", 5, &err), 0);
	assert_int_equal(ioa_db_event_count_insert(db, id, "kvm_pio", 2, &err), 0);
	assert_int_equal(ioa_db_warning_insert(db, id, 1, "a warning", &err), 0);
	assert_int_equal(ioa_db_event_insert(db, id, 3000, 1, 101, "kvm_pio", "port=0x3f8", &err),
			 0);
	if (err.code)
		fail_msg("%s", err.msg);
}

static void test_inserts_and_readers(void **state)
{
	struct ioa_db *db = open_new();
	struct ioa_err err = { 0 };
	struct ioa_trace_rec t;
	struct seen s = { 0 };
	int64_t id = 0, again = -1;

	(void)state;
	fill_trace(&t, "abc");
	assert_int_equal(ioa_db_begin(db, &err), 0);
	assert_int_equal(ioa_db_trace_insert(db, &t, &id, &err), 0);
	assert_true(id > 0);
	insert_rows(db, id);
	t.trace_id = id;
	t.events = 7;
	assert_int_equal(ioa_db_trace_finish(db, &t, &err), 0);
	assert_int_equal(ioa_db_commit(db, &err), 0);
	assert_int_equal(ioa_db_trace_by_sha(db, "abc", &again, &err), 0);
	assert_int_equal(again, id);
	assert_int_equal(ioa_db_trace_by_sha(db, "nope", &again, &err), 0);
	assert_int_equal(again, 0);
	assert_int_equal(ioa_db_traces_foreach(db, on_trace, &s, &err), 0);
	assert_int_equal(s.traces, 1);
	assert_int_equal(s.events, 7);
	assert_int_equal(ioa_db_event_counts_foreach(db, id, on_count, &s, &err), 0);
	assert_int_equal(s.counts, 7);
	assert_int_equal(ioa_db_warnings_foreach(db, id, on_warning, &s, &err), 0);
	assert_int_equal(s.warnings, 1);
	assert_string_equal(s.last_warning, "a warning");
	assert_int_equal(ioa_db_vms_foreach(db, id, on_vm, &s, &err), 0);
	assert_int_equal(s.vms, 1);
	assert_int_equal(s.vcpus, 1);
	/* what the readers do not show: unknowns stored as NULL, not as 0 or -1 */
	assert_int_equal(one_int(db, "SELECT COUNT(*) FROM io WHERE sector IS NULL AND bytes = 74"),
			 1);
	assert_int_equal(one_int(db, "SELECT COUNT(*) FROM segment WHERE wake_ns IS NULL"), 1);
	assert_int_equal(one_int(db, "SELECT port FROM kvm_exit"), 0x3f8);
	assert_int_equal(one_int(db, "SELECT COUNT(*) FROM kvm_exit WHERE gpa IS NULL"), 1);
	assert_int_equal(one_int(db, "SELECT COUNT(*) FROM event"), 1);
	/* the same sha again: refused by the schema */
	assert_int_equal(ioa_db_begin(db, &err), 0);
	assert_int_not_equal(ioa_db_trace_insert(db, &t, &again, &err), 0);
	ioa_db_rollback(db);
	ioa_db_close(db);
}

static void test_rollback(void **state)
{
	struct ioa_db *db = open_new();
	struct ioa_err err = { 0 };
	struct ioa_trace_rec t;
	int64_t id;

	(void)state;
	fill_trace(&t, "def");
	assert_int_equal(ioa_db_begin(db, &err), 0);
	assert_int_equal(ioa_db_trace_insert(db, &t, &id, &err), 0);
	insert_rows(db, id);
	ioa_db_rollback(db);
	assert_int_equal(one_int(db, "SELECT COUNT(*) FROM trace"), 0);
	assert_int_equal(one_int(db, "SELECT COUNT(*) FROM thread"), 0);
	assert_int_equal(ioa_db_trace_by_sha(db, "def", &id, &err), 0);
	assert_int_equal(id, 0);
	ioa_db_close(db);
}

/*
 * Bulk rows: 150 segments go in as two 64-row statements and 22 single rows, with
 * consecutive rowids ending at the last one; every row keeps its own values (and NULLs), and
 * a bad row fails the call with a message instead of storing anything odd.
 */
static void test_bulk_rows(void **state)
{
	struct ioa_db *db = open_new();
	struct ioa_err err = { 0 };
	struct ioa_segment_row seg[150];
	struct ioa_io_row io = { .kind = 99, .tid = 1, .cpu = 0, .ts = 5 };
	struct ioa_trace_rec t;
	int64_t id, last;
	int i;

	(void)state;
	fill_trace(&t, "bulk");
	assert_int_equal(ioa_db_begin(db, &err), 0);
	assert_int_equal(ioa_db_trace_insert(db, &t, &id, &err), 0);
	for (i = 0; i < 150; i++)
		seg[i] = (struct ioa_segment_row){ .tid = 100 + i,
						   .cpu = i % 2,
						   .start_ns = 1000u * (unsigned)i,
						   .end_ns = 1000u * (unsigned)i + 500,
						   .end_state = "S",
						   .wake_ns = i % 3 ? 7 : IOA_TS_NONE,
						   .waker_tid = i % 3 ? 9 : -1,
						   .n_exits = (uint32_t)i };
	assert_int_equal(ioa_db_segments_insert(db, id, seg, 150, &err), 0);
	last = ioa_db_last_rowid(db);
	assert_int_equal(one_int(db, "SELECT COUNT(*) FROM segment"), 150);
	assert_int_equal(one_int(db, "SELECT MAX(rowid) - MIN(rowid) FROM segment"), 149);
	assert_int_equal(one_int(db, "SELECT MAX(rowid) FROM segment"), last);
	assert_int_equal(one_int(db, "SELECT SUM(tid - 100 = n_exits AND start_ns = 1000 * n_exits"
				     " AND cpu = n_exits % 2) FROM segment"),
			 150);
	assert_int_equal(one_int(db, "SELECT COUNT(*) FROM segment WHERE wake_ns IS NULL"
				     " AND waker_tid IS NULL AND waker_cpu IS NULL"),
			 50);
	assert_int_equal(one_int(db, "SELECT n_exits FROM segment WHERE rowid = "
				     "(SELECT MAX(rowid) FROM segment)"),
			 149);
	assert_int_equal(ioa_db_ios_insert(db, id, &io, 1, &err), IOA_EINTERNAL);
	assert_non_null(strstr(err.msg, "unknown kind"));
	ioa_db_rollback(db);
	ioa_db_close(db);
}

/* every table STRICT; the CHECK constraints hold */
static void test_strict(void **state)
{
	struct ioa_db *db = open_new();
	struct ioa_err err = { 0 };
	struct ioa_trace_rec t;
	int64_t id;

	(void)state;
	assert_int_equal(one_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
				     "name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%STRICT'"),
			 0);
	fill_trace(&t, "strict");
	assert_int_equal(ioa_db_trace_insert(db, &t, &id, &err), 0);
	insert_rows(db, id);
	/* a value of the wrong type, an unknown category, a negative duration, end before start */
	assert_int_not_equal(ioa_dbi_exec(db, "UPDATE thread SET tgid = 'x'", &err), 0);
	ioa_err_clear(&err);
	assert_int_not_equal(ioa_dbi_exec(db, "UPDATE kvm_exit SET category = 'FLOPPY'", &err), 0);
	ioa_err_clear(&err);
	assert_int_equal(ioa_dbi_exec(db, "UPDATE kvm_exit SET category = 'IDLE'", &err), 0);
	assert_int_not_equal(ioa_dbi_exec(db, "UPDATE kvm_exit SET dur_ns = -1", &err), 0);
	ioa_err_clear(&err);
	assert_int_not_equal(ioa_dbi_exec(db, "UPDATE segment SET end_ns = start_ns - 1", &err), 0);
	ioa_err_clear(&err);
	/* foreign keys are on: a row of a trace that does not exist is refused */
	assert_int_not_equal(ioa_dbi_exec(db, "INSERT INTO warning VALUES (999, 1, 'x')", &err), 0);
	ioa_db_close(db);
}

static const char sql_probe[] = "SELECT :a + :b";
static const char sql_positional[] = "SELECT ?1 + :b";

static int64_t probe(struct ioa_db *db, struct dbstmt *s, struct ioa_err *err)
{
	int64_t v = -1;
	int rc = ioa_dbi_check(db, s, err);

	if (rc)
		return rc;
	if (sqlite3_step(s->s) == SQLITE_ROW)
		v = sqlite3_column_int64(s->s, 0);
	ioa_dbi_reset(s);
	return v;
}

static void test_checked_binds(void **state)
{
	struct ioa_db *db = open_new();
	struct ioa_err err = { 0 };
	struct dbstmt *s = ioa_dbi_stmt(db, sql_probe, &err);

	(void)state;
	assert_non_null(s);
	ioa_dbi_bind_i64(s, ":a", 2);
	ioa_dbi_bind_i64(s, ":b", 3);
	assert_int_equal(probe(db, s, &err), 5);
	/* a misspelled name: an error naming it, not a NULL */
	ioa_dbi_bind_i64(s, ":a", 2);
	ioa_dbi_bind_i64(s, ":bb", 3);
	assert_int_equal(probe(db, s, &err), IOA_EINTERNAL);
	assert_non_null(strstr(err.msg, ":bb"));
	/* a parameter left unbound */
	ioa_err_clear(&err);
	ioa_dbi_bind_i64(s, ":b", 3);
	assert_int_equal(probe(db, s, &err), IOA_EINTERNAL);
	assert_non_null(strstr(err.msg, ":a left unbound"));
	/* the failed check reset the statement: it works again */
	ioa_err_clear(&err);
	ioa_dbi_bind_i64(s, ":a", 4);
	ioa_dbi_bind_null(s, ":b");
	assert_int_equal(probe(db, s, &err), 0); /* 4 + NULL is NULL: column reads 0 */
	assert_int_equal(err.code, 0);
	/* an explicit NULL counts as bound; probing a name does not bind it */
	assert_int_equal(ioa_dbi_idx(s, ":zz"), 0);
	ioa_dbi_bind_i64(s, ":a", 1);
	ioa_dbi_bind_i64(s, ":b", 1);
	assert_int_equal(probe(db, s, &err), 2);
	/* positional parameters are refused when the statement is prepared */
	assert_null(ioa_dbi_stmt(db, sql_positional, &err));
	assert_int_equal(err.code, IOA_EINTERNAL);
	assert_non_null(strstr(err.msg, "not a :name"));
	ioa_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inserts_and_readers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checked_binds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strict, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
