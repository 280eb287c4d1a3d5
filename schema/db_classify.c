// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The db module, classify part: streaming reads of one trace for `ioaware classify` and the
 * idempotent write of its results (delete the trace's rows, insert; the caller holds one
 * transaction around both), plus the vcpu_segments listing of `ioaware show segments`.
 */
#include <string.h>

#include "db_classify.h"
#include "db_priv.h"

static const char sql_traces_all[] =
	"SELECT trace_id, COALESCE(host_trace_id, 0) FROM trace ORDER BY trace_id";

static const char sql_trace_one[] =
	"SELECT trace_id, COALESCE(host_trace_id, 0) FROM trace WHERE trace_id = :id";

static const char sql_threads[] =
	"SELECT t.tid, COALESCE(t.tgid, -1), t.is_kthread, COALESCE(v.vm_id, 0),"
	" COALESCE(v.vcpu, -1) FROM thread t"
	" LEFT JOIN vcpu v ON v.trace_id = t.trace_id AND v.tid = t.tid"
	" WHERE t.trace_id = :id";

/*
 * A trace's rows of a bulk table, in storage order: the rowid range table trace_rows names
 * (one block: a trace lands in one transaction), so reading one trace costs its own rows
 * whatever else the database holds; a trace ingested before trace_rows existed is read by a
 * scan of the whole table. The trace_id test keeps the result exact either way.
 */
#define IOA_TRACE_ROWS(tbl)                                                                        \
	" WHERE rowid BETWEEN"                                                                     \
	" COALESCE((SELECT lo FROM trace_rows WHERE trace_id = :id AND tbl = '" tbl "'), 0)"       \
	" AND COALESCE((SELECT hi FROM trace_rows WHERE trace_id = :id AND tbl = '" tbl "'),"      \
	" 9223372036854775807) AND trace_id = :id"

/* every segment of the trace in storage order: one sequential pass (the index on (trace,
 * tid, start) would mean a random read per row); classify keeps the vCPU ones and counts the
 * wake-up graph from all */
static const char sql_segments[] =
	"SELECT segment_id, tid, cpu, start_ns, end_ns, wake_ns, COALESCE(waker_tid, -1),"
	" COALESCE(waker_cpu, -1) FROM segment NOT INDEXED" IOA_TRACE_ROWS("segment");

/* a host interrupt exit carries the names of the host IRQ handlers that ran on its CPU inside
 * its span (io_trace_ts finds them; only those rare rows pay for the lookup) */
static const char sql_exits[] =
	"SELECT e.tid, e.ts_ns, e.dur_ns, COALESCE(e.port, -1), COALESCE(e.gpa, -1), e.category,"
	" e.reason_name, CASE WHEN e.reason_name IN ('EXTERNAL_INTERRUPT', 'interrupt') THEN"
	" (SELECT group_concat(i.dev, '|') FROM io i WHERE i.trace_id = e.trace_id"
	" AND i.ts_ns BETWEEN e.ts_ns AND e.ts_ns + COALESCE(e.dur_ns, 0)"
	" AND i.kind = 'irq' AND i.cpu = e.cpu) END"
	" FROM kvm_exit e" IOA_TRACE_ROWS("kvm_exit");

/* storage order is time order within the completion latency of block requests (they are
 * stored at completion): classify reorders; a sequential pass beats the ts index */
static const char sql_io[] =
	"SELECT kind, COALESCE(tid, -1), cpu, ts_ns, end_ns, dev, COALESCE(bytes, 0),"
	" COALESCE(complete_tid, -1) FROM io NOT INDEXED" IOA_TRACE_ROWS("io");

/* the io rows of the host trace's guests on their vCPUs: guest_vcpu maps (guest trace, guest
 * cpu) to the host thread; driven by the guest traces (few) and the io index, no sort */
static const char sql_guest_io[] =
	"SELECT g.host_tid, g.guest_cpu, i.kind, COALESCE(i.tid, -1), i.ts_ns, i.end_ns, i.dev,"
	" COALESCE(i.bytes, 0) FROM trace t CROSS JOIN io i CROSS JOIN guest_vcpu g"
	" WHERE t.host_trace_id = :id AND i.trace_id = t.trace_id"
	" AND i.kind IN ('block', 'net_tx', 'net_rx', 'irq')"
	" AND g.guest_trace_id = i.trace_id AND g.guest_cpu = i.cpu AND g.host_trace_id = :id";

/* a bigger page cache for the one pass over a trace (the default is sized for ingest) */
static const char sql_cache[] = "PRAGMA cache_size = -131072";

/* a trace's segments are one block of ids (ingest is one transaction holding the write
 * lock); when they are, a range delete on the primary key is exact and 3x faster. trace_rows
 * names the block; a trace ingested before it existed is measured (a pass over its index) */
static const char sql_seg_block[] =
	"SELECT lo, hi, hi - lo + 1 FROM trace_rows WHERE trace_id = :id AND tbl = 'segment'";
static const char sql_seg_range[] =
	"SELECT MIN(segment_id), MAX(segment_id), COUNT(*) FROM segment WHERE trace_id = :id";

static const char sql_clear_range[] =
	"DELETE FROM classification WHERE segment_id BETWEEN :lo AND :hi";

static const char sql_clear[] = "DELETE FROM classification WHERE segment_id IN"
				" (SELECT segment_id FROM segment WHERE trace_id = :id)";

static const struct ioa_dbi_bulk bulk_cls = {
	"INSERT INTO classification (segment_id, category, util_pct, confidence, evidence,"
	" own_category, own_util_pct, own_confidence, own_evidence) VALUES ",
	9, "cannot store classification"
};

static const char sql_run[] =
	"INSERT INTO classify_run (trace_id, params, segments, seconds, created)"
	" VALUES (:id, :params, :n, :secs, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";

static const char sql_show[] =
	"SELECT segment_id, trace_id, vm_id, COALESCE(vcpu, -1), tid, cpu, start_ns, end_ns,"
	" category, util_pct, confidence, own_category, evidence FROM vcpu_segments"
	" WHERE (:trace = 0 OR trace_id = :trace) AND (:vm = 0 OR vm_id = :vm)"
	" AND (:cat IS NULL OR category = :cat)"
	" ORDER BY trace_id, vm_id, vcpu, start_ns LIMIT :limit";

/* the typed walks: each row callback converts a row and calls the user's function */
struct walk {
	union {
		int (*thread)(void *, const struct ioa_cls_thread *);
		int (*edge)(void *, const struct ioa_cls_edge *);
		int (*seg)(void *, const struct ioa_cls_seg *);
		int (*exit)(void *, const struct ioa_cls_exit *);
		int (*io)(void *, const struct ioa_cls_io *);
		int (*guest)(void *, const struct ioa_cls_guest_io *);
		int (*show)(void *, const struct ioa_cls_show *);
		int (*trace)(void *, int64_t, int64_t);
	} fn;
	void *priv;
};

static int thread_row(sqlite3_stmt *s, void *ctx)
{
	struct walk *w = ctx;
	struct ioa_cls_thread t = {
		.tid = sqlite3_column_int(s, 0),
		.tgid = sqlite3_column_int(s, 1),
		.is_kthread = sqlite3_column_int(s, 2),
		.vm_id = sqlite3_column_int64(s, 3),
		.vcpu = sqlite3_column_int(s, 4),
	};

	return w->fn.thread(w->priv, &t);
}

int ioa_db_cls_threads_foreach(struct ioa_db *db, int64_t trace_id,
			       int (*cb)(void *priv, const struct ioa_cls_thread *t), void *priv,
			       struct ioa_err *err)
{
	struct walk w = { .priv = priv };

	w.fn.thread = cb;

	return ioa_dbi_query(db, sql_threads, trace_id, thread_row, &w, err);
}

static int seg_row(sqlite3_stmt *s, void *ctx)
{
	struct walk *w = ctx;
	struct ioa_cls_seg g = {
		.id = sqlite3_column_int64(s, 0),
		.tid = sqlite3_column_int(s, 1),
		.cpu = sqlite3_column_int(s, 2),
		.start = ioa_dbi_col_ts(s, 3),
		.end = ioa_dbi_col_ts(s, 4),
		.wake_ns = ioa_dbi_col_ts(s, 5),
		.waker_tid = sqlite3_column_int(s, 6),
		.waker_cpu = sqlite3_column_int(s, 7),
	};

	return w->fn.seg(w->priv, &g);
}

int ioa_db_cls_segments_foreach(struct ioa_db *db, int64_t trace_id,
				int (*cb)(void *priv, const struct ioa_cls_seg *s), void *priv,
				struct ioa_err *err)
{
	struct walk w = { .priv = priv };

	w.fn.seg = cb;

	return ioa_dbi_query(db, sql_segments, trace_id, seg_row, &w, err);
}

static int exit_row(sqlite3_stmt *s, void *ctx)
{
	struct walk *w = ctx;
	struct ioa_cls_exit e = {
		.tid = sqlite3_column_int(s, 0),
		.ts = ioa_dbi_col_ts(s, 1),
		.dur = ioa_dbi_col_ts(s, 2),
		.port = sqlite3_column_int64(s, 3),
		.gpa = sqlite3_column_int64(s, 4),
	};

	ioa_dbi_col_text(e.category, sizeof(e.category), s, 5);
	ioa_dbi_col_text(e.reason, sizeof(e.reason), s, 6);
	ioa_dbi_col_text(e.irqs, sizeof(e.irqs), s, 7);
	return w->fn.exit(w->priv, &e);
}

int ioa_db_cls_exits_foreach(struct ioa_db *db, int64_t trace_id,
			     int (*cb)(void *priv, const struct ioa_cls_exit *e), void *priv,
			     struct ioa_err *err)
{
	struct walk w = { .priv = priv };

	w.fn.exit = cb;

	return ioa_dbi_query(db, sql_exits, trace_id, exit_row, &w, err);
}

static const char *const io_kinds[] = {
	[IOA_IO_BLOCK] = "block", [IOA_IO_NET_TX] = "net_tx",	[IOA_IO_NET_RX] = "net_rx",
	[IOA_IO_IRQ] = "irq",	  [IOA_IO_SOFTIRQ] = "softirq", [IOA_IO_KVM_IRQ] = "kvm_irq",
};

static int io_kind(const unsigned char *name)
{
	size_t i;

	for (i = 1; name && i < IOA_ARRAY_SIZE(io_kinds); i++)
		if (!strcmp((const char *)name, io_kinds[i]))
			return (int)i;
	return 0;
}

static int io_row(sqlite3_stmt *s, void *ctx)
{
	struct walk *w = ctx;
	struct ioa_cls_io io = {
		.kind = io_kind(sqlite3_column_text(s, 0)),
		.tid = sqlite3_column_int(s, 1),
		.cpu = sqlite3_column_int(s, 2),
		.ts = ioa_dbi_col_ts(s, 3),
		.end = ioa_dbi_col_ts(s, 4),
		.bytes = (uint64_t)sqlite3_column_int64(s, 6),
		.complete_tid = sqlite3_column_int(s, 7),
	};

	ioa_dbi_col_text(io.dev, sizeof(io.dev), s, 5);
	return w->fn.io(w->priv, &io);
}

int ioa_db_cls_io_foreach(struct ioa_db *db, int64_t trace_id,
			  int (*cb)(void *priv, const struct ioa_cls_io *io), void *priv,
			  struct ioa_err *err)
{
	struct walk w = { .priv = priv };

	w.fn.io = cb;

	return ioa_dbi_query(db, sql_io, trace_id, io_row, &w, err);
}

static int guest_row(sqlite3_stmt *s, void *ctx)
{
	struct walk *w = ctx;
	struct ioa_cls_guest_io g = {
		.host_tid = sqlite3_column_int(s, 0),
		.guest_cpu = sqlite3_column_int(s, 1),
		.io = { .kind = io_kind(sqlite3_column_text(s, 2)),
			.tid = sqlite3_column_int(s, 3),
			.cpu = sqlite3_column_int(s, 1),
			.ts = ioa_dbi_col_ts(s, 4),
			.end = ioa_dbi_col_ts(s, 5),
			.bytes = (uint64_t)sqlite3_column_int64(s, 7),
			.complete_tid = -1 },
	};

	ioa_dbi_col_text(g.io.dev, sizeof(g.io.dev), s, 6);
	return w->fn.guest(w->priv, &g);
}

int ioa_db_cls_guest_io_foreach(struct ioa_db *db, int64_t trace_id,
				int (*cb)(void *priv, const struct ioa_cls_guest_io *g), void *priv,
				struct ioa_err *err)
{
	struct walk w = { .priv = priv };

	w.fn.guest = cb;

	return ioa_dbi_query(db, sql_guest_io, trace_id, guest_row, &w, err);
}

int ioa_db_cls_tune(struct ioa_db *db, struct ioa_err *err)
{
	return ioa_dbi_exec(db, sql_cache, err);
}

static int seg_range_row(sqlite3_stmt *s, void *ctx)
{
	int64_t *r = ctx;

	r[0] = sqlite3_column_int64(s, 0);
	r[1] = sqlite3_column_int64(s, 1);
	r[2] = sqlite3_column_int64(s, 2);
	return 1;
}

int ioa_db_cls_clear(struct ioa_db *db, int64_t trace_id, struct ioa_err *err)
{
	int64_t r[3] = { 0, -1, -1 };
	int contiguous, ret = ioa_dbi_query(db, sql_seg_block, trace_id, seg_range_row, r, err);
	struct dbstmt *s;

	if (!ret && r[2] < 0) {
		r[2] = 0;
		ret = ioa_dbi_query(db, sql_seg_range, trace_id, seg_range_row, r, err);
	}
	if (ret)
		return ret;
	contiguous = r[2] == r[1] - r[0] + 1;
	s = ioa_dbi_stmt(db, contiguous ? sql_clear_range : sql_clear, err);
	if (!s)
		return err ? err->code : IOA_EDB;
	if (contiguous) {
		ioa_dbi_bind_i64(s, ":lo", r[0]);
		ioa_dbi_bind_i64(s, ":hi", r[1]);
	} else {
		ioa_dbi_bind_i64(s, ":id", trace_id);
	}
	return ioa_dbi_step_done(db, s, err, "cannot clear classification");
}

static void bind_cls(struct ioa_dbi_row *b, const void *ctx, const void *row)
{
	const struct ioa_cls_out *o = row;

	(void)ctx;
	ioa_dbi_row_i64(b, o->segment_id);
	ioa_dbi_row_str(b, o->category);
	ioa_dbi_row_double(b, o->util_pct);
	ioa_dbi_row_double(b, o->confidence);
	ioa_dbi_row_text(b, o->evidence);
	ioa_dbi_row_str(b, o->own_category);
	ioa_dbi_row_double(b, o->own_util_pct);
	ioa_dbi_row_double(b, o->own_confidence);
	ioa_dbi_row_text(b, o->own_evidence);
}

int ioa_db_cls_insert(struct ioa_db *db, const struct ioa_cls_out *o, size_t n, struct ioa_err *err)
{
	return ioa_dbi_bulk_insert(db, &bulk_cls, bind_cls, NULL, o, sizeof(*o), n, err);
}

int ioa_db_cls_run_insert(struct ioa_db *db, int64_t trace_id, const char *params, double seconds,
			  int64_t segments, struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_run, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":id", trace_id);
	ioa_dbi_bind_text(s, ":params", params);
	ioa_dbi_bind_i64(s, ":n", segments);
	ioa_dbi_bind_double(s, ":secs", seconds);
	return ioa_dbi_step_done(db, s, err, "cannot store classify run");
}

static int show_row(sqlite3_stmt *s, void *ctx)
{
	struct walk *w = ctx;
	struct ioa_cls_show r = {
		.segment_id = sqlite3_column_int64(s, 0),
		.trace_id = sqlite3_column_int64(s, 1),
		.vm_id = sqlite3_column_int64(s, 2),
		.vcpu = sqlite3_column_int(s, 3),
		.tid = sqlite3_column_int(s, 4),
		.cpu = sqlite3_column_int(s, 5),
		.start_ns = ioa_dbi_col_ts(s, 6),
		.end_ns = ioa_dbi_col_ts(s, 7),
		.util_pct = sqlite3_column_double(s, 9),
		.confidence = sqlite3_column_double(s, 10),
	};

	ioa_dbi_col_text(r.category, sizeof(r.category), s, 8);
	ioa_dbi_col_text(r.own_category, sizeof(r.own_category), s, 11);
	ioa_dbi_col_text(r.evidence, sizeof(r.evidence), s, 12);
	return w->fn.show(w->priv, &r);
}

int ioa_db_cls_show_foreach(struct ioa_db *db, const struct ioa_cls_filter *f,
			    int (*cb)(void *priv, const struct ioa_cls_show *r), void *priv,
			    struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_show, err);
	struct walk w = { .priv = priv };

	w.fn.show = cb;

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":trace", f->trace_id);
	ioa_dbi_bind_i64(s, ":vm", f->vm_id);
	ioa_dbi_bind_text_or_null(s, ":cat", f->category);
	ioa_dbi_bind_i64(s, ":limit", f->limit > 0 ? f->limit : -1);
	return ioa_dbi_query(db, sql_show, 0, show_row, &w, err);
}

static int trace_row(sqlite3_stmt *s, void *ctx)
{
	struct walk *w = ctx;

	return w->fn.trace(w->priv, sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1));
}

int ioa_db_cls_traces(struct ioa_db *db, int64_t trace_id,
		      int (*cb)(void *priv, int64_t trace_id, int64_t host_trace_id), void *priv,
		      struct ioa_err *err)
{
	struct walk w = { .priv = priv };

	w.fn.trace = cb;

	return ioa_dbi_query(db, trace_id ? sql_trace_one : sql_traces_all, trace_id, trace_row, &w,
			     err);
}
