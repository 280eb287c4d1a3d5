-- ioaware schema, version 2: classification (filled in by `ioaware classify`).
-- A vCPU segment has two labels: the one in context (classification.category: the dominant
-- I/O of the vCPU's neighbouring segments within --window-ms, as the paper labels a vCPU by
-- its run queue) and its own (own_category: what the segment's own evidence says).

ALTER TABLE classification ADD COLUMN own_category TEXT;	-- label of the segment alone
ALTER TABLE classification ADD COLUMN own_util_pct REAL;	-- its own demand, % of capacity
ALTER TABLE classification ADD COLUMN own_confidence REAL;	-- 0..1
ALTER TABLE classification ADD COLUMN own_evidence TEXT;	-- JSON: its own counts and ns

-- One run of `ioaware classify` on one trace (the latest run is the one in classification).
CREATE TABLE classify_run (
	run_id INTEGER PRIMARY KEY,	-- id across the database
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- trace
	params TEXT NOT NULL,		-- JSON: every threshold and the device map used
	segments INTEGER NOT NULL,	-- vCPU segments classified
	seconds REAL,			-- wall time of the run
	created TEXT NOT NULL		-- UTC time (ISO 8601)
);

DROP VIEW vcpu_segments;
-- vCPU runs with their VM and category: the optimizer's input.
CREATE VIEW vcpu_segments AS
SELECT s.segment_id,			-- segment
       s.trace_id,			-- trace
       v.vm_id,				-- VM of the vCPU
       v.vcpu,				-- vCPU index inside the VM, NULL unknown
       s.tid,				-- host thread running the vCPU
       s.cpu,				-- host CPU it ran on
       s.start_ns,			-- switch-in
       s.end_ns,			-- switch-out
       s.end_ns - s.start_ns AS dur_ns,	-- run time
       s.wake_ns,			-- last wake-up before start, NULL unknown
       s.waker_tid,			-- thread that woke it, NULL unknown
       s.guest_ns,			-- time in guest mode (needs kvm_entry)
       s.exit_ns,			-- time in exits (needs kvm_entry)
       s.n_exits,			-- exits inside the segment
       s.partial,			-- 1: cut by the trace window
       c.category,			-- label in context; NULL before classify
       c.util_pct,			-- utilisation % of that component (context demand)
       c.confidence,			-- 0..1
       c.evidence,			-- JSON: context shares and the segment's own evidence
       c.own_category,			-- label of the segment alone
       c.own_util_pct,			-- its own demand, % of capacity
       c.own_confidence,		-- 0..1
       c.own_evidence			-- JSON: its own counts and ns per category
FROM segment s
JOIN vcpu v ON v.trace_id = s.trace_id AND v.tid = s.tid
LEFT JOIN classification c ON c.segment_id = s.segment_id;
