-- ioaware schema, version 6: co-kernel (Xenomai Cobalt) segments.

-- 1 when the segment was run by a co-kernel (a Xenomai Cobalt thread in primary mode, taken
-- from cobalt_switch_context), 0 when by Linux (sched_switch).
ALTER TABLE segment ADD COLUMN co_kernel INTEGER NOT NULL DEFAULT 0 CHECK (co_kernel IN (0, 1));
