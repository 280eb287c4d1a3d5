-- ioaware schema, version 17: vcpu_segments reads a trace's segments through its vCPU threads.
--
-- Written as segment JOIN vcpu, the view let SQLite's planner walk every segment of a trace
-- (3.4 M on a tiled capture) to find the million that belong to vCPU threads. CROSS JOIN
-- fixes the order: the few vcpu rows first, then each thread's segments through the
-- (trace_id, tid, start_ns) index. The same columns and rows; only the plan changes, for
-- optimize, the report, `show segments` and users' own queries alike.

DROP VIEW vcpu_segments;

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
FROM vcpu v
CROSS JOIN segment s ON s.trace_id = v.trace_id AND s.tid = v.tid
LEFT JOIN classification c ON c.segment_id = s.segment_id;
