-- ioaware schema, version 15: the category CHECKs of the bulk tables without an IN list.
--
-- SQLite checks `x IN ('a', 'b', ...)` of more than two constants through a small temporary
-- table that it builds again every time the statement runs: a CHECK in that form cost each
-- row of kvm_exit (ingest), classification (classify) and task (optimize) about 8 us, more
-- than the insert itself. The same sets, written as comparisons, cost nothing measurable.
-- The three tables are rebuilt as in version 14 (rowids kept, views made again); the
-- allowed values do not change.

DROP VIEW exit_summary;
DROP VIEW vcpu_segments;

CREATE TABLE kvm_exit__new (
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- owning trace
	tid INTEGER NOT NULL,		-- vCPU thread
	cpu INTEGER NOT NULL,		-- host CPU
	vcpu INTEGER,			-- vcpu_id of the event, NULL when the format has none
	ts_ns INTEGER NOT NULL,		-- time of the exit
	dur_ns INTEGER,			-- exit → next kvm_entry of the thread, NULL without entry events
	source TEXT NOT NULL,		-- kvm_exit, userspace, pio, mmio
	isa TEXT,			-- VMX, SVM, NULL unknown
	reason INTEGER NOT NULL,	-- raw reason number (VMX basic reason, SVM code, KVM_EXIT_*)
	reason_name TEXT NOT NULL,	-- decoded name (IO_INSTRUCTION, npf, KVM_EXIT_MMIO, ...)
	port INTEGER,			-- I/O port, NULL when not port I/O
	gpa INTEGER,			-- guest physical address of MMIO / EPT violation, NULL
	rw INTEGER,			-- 1 write, 0 read, NULL unknown
	size INTEGER,			-- access size in bytes, NULL unknown
	category TEXT, -- evidence category from the device map, NULL none
	CHECK (dur_ns IS NULL OR dur_ns >= 0),
	CHECK (category IS NULL OR
	       category = 'RAM' OR category = 'ETHERNET' OR category = 'BUS' OR
	       category = 'GPU' OR category = 'STORAGE' OR category = 'CACHE' OR
	       category = 'COMPUTE' OR category = 'OVERHEAD' OR category = 'IDLE')
) STRICT;
INSERT INTO kvm_exit__new (rowid, trace_id, tid, cpu, vcpu, ts_ns, dur_ns, source, isa, reason,
	reason_name, port, gpa, rw, size, category)
	SELECT rowid, trace_id, tid, cpu, vcpu, ts_ns, dur_ns, source, isa, reason, reason_name,
	port, gpa, rw, size, category FROM kvm_exit;

CREATE TABLE classification__new (
	segment_id INTEGER PRIMARY KEY REFERENCES segment(segment_id) ON DELETE CASCADE, -- segment
	category TEXT NOT NULL,		-- RAM, ETHERNET, BUS, GPU, STORAGE, CACHE, COMPUTE
	util_pct REAL,			-- utilisation % of the component while the segment runs
	confidence REAL,		-- 0..1
	evidence TEXT			-- JSON: counts and times per category
, own_category TEXT, own_util_pct REAL, own_confidence REAL, own_evidence TEXT,
	CHECK (category IS NULL OR
	       category = 'RAM' OR category = 'ETHERNET' OR category = 'BUS' OR
	       category = 'GPU' OR category = 'STORAGE' OR category = 'CACHE' OR
	       category = 'COMPUTE' OR category = 'OVERHEAD'),
	CHECK (own_category IS NULL OR
	       own_category = 'RAM' OR own_category = 'ETHERNET' OR
	       own_category = 'BUS' OR own_category = 'GPU' OR own_category = 'STORAGE' OR
	       own_category = 'CACHE' OR own_category = 'COMPUTE' OR
	       own_category = 'OVERHEAD')
) STRICT;
INSERT INTO classification__new SELECT * FROM classification;

CREATE TABLE task__new (
	scenario_id INTEGER NOT NULL REFERENCES scenario(scenario_id) ON DELETE CASCADE, -- scenario
	task_id INTEGER NOT NULL,	-- 0..n-1 within the scenario
	segment_id INTEGER REFERENCES segment(segment_id) ON DELETE SET NULL, -- source segment
	vm_id INTEGER,			-- VM of the vCPU (NULL synthetic without VMs)
	vcpu INTEGER,			-- vCPU index inside the VM
	chain INTEGER NOT NULL,		-- chain id: tasks of one chain (one vCPU) never overlap, in order
	release_ns INTEGER NOT NULL,	-- when it became runnable
	dur_ns INTEGER NOT NULL,	-- processing time
	category TEXT NOT NULL,		-- RAM, ETHERNET, BUS, GPU, STORAGE, CACHE, COMPUTE
	util_pct REAL NOT NULL,		-- demand on its category's component while it runs
	deadline_ns INTEGER,		-- absolute deadline (control-loop cycle), NULL none
	pinned_pcpu INTEGER, copy INTEGER NOT NULL DEFAULT 0 CHECK (copy >= 0),		-- must run on this pCPU, NULL free
	PRIMARY KEY (scenario_id, task_id),
	CHECK (dur_ns IS NULL OR dur_ns >= 0),
	CHECK (category IS NULL OR
	       category = 'RAM' OR category = 'ETHERNET' OR category = 'BUS' OR
	       category = 'GPU' OR category = 'STORAGE' OR category = 'CACHE' OR
	       category = 'COMPUTE' OR category = 'OVERHEAD')
) STRICT;
INSERT INTO task__new (rowid, scenario_id, task_id, segment_id, vm_id, vcpu, chain, release_ns,
	dur_ns, category, util_pct, deadline_ns, pinned_pcpu, copy)
	SELECT rowid, scenario_id, task_id, segment_id, vm_id, vcpu, chain, release_ns, dur_ns,
	category, util_pct, deadline_ns, pinned_pcpu, copy FROM task;

DROP TABLE task;
DROP TABLE classification;
DROP TABLE kvm_exit;

ALTER TABLE kvm_exit__new RENAME TO kvm_exit;
ALTER TABLE classification__new RENAME TO classification;
ALTER TABLE task__new RENAME TO task;

CREATE VIEW exit_summary AS
SELECT e.trace_id, v.vm_id, v.vcpu, e.tid, e.source, e.reason_name, e.category,
       COUNT(*) AS n, SUM(e.dur_ns) AS total_ns
FROM kvm_exit e
LEFT JOIN vcpu v ON v.trace_id = e.trace_id AND v.tid = e.tid
GROUP BY e.trace_id, e.tid, e.source, e.reason_name, e.category;

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
