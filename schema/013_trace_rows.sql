-- ioaware schema, version 13: where a trace's bulk rows lie.

-- The rowid range of a trace's rows in each bulk table, written by ingest (a trace lands in
-- one transaction holding the write lock, so its rows are one block of rowids). Readers of
-- one trace scan that range instead of the whole table: kvm_exit has no trace index (it
-- would slow ingest), and a database holding many traces must not slow each one down. A
-- trace with no rows in a table has lo = hi + 1; a trace ingested before this table has no
-- row here, and is read by a full scan.
CREATE TABLE trace_rows (
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	tbl TEXT NOT NULL CHECK (tbl IN ('segment', 'kvm_exit', 'io', 'event')), -- table
	lo INTEGER NOT NULL,		-- first rowid of the trace's rows
	hi INTEGER NOT NULL,		-- last rowid
	CHECK (hi >= lo - 1),
	PRIMARY KEY (trace_id, tbl)
) STRICT;
