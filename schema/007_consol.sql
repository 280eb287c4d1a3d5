-- ioaware schema, version 7: scenarios built from several traces (consolidation, growth).

-- Which copy of its VM a task belongs to: 0 is the VM as traced, 1..K-1 the time-shifted copies
-- of `--repeat K`. A VM of a scenario is the pair (vm_id, copy).
ALTER TABLE task ADD COLUMN copy INTEGER NOT NULL DEFAULT 0 CHECK (copy >= 0);

-- The traces a scenario was built from, once per copy, with the shift applied to their times:
-- scenario time = trace time + offset_ns. A scenario of one trace without copies has one row
-- (offset 0); scenarios from before version 7 and synthetic ones have none.
CREATE TABLE scenario_part (
	scenario_id INTEGER NOT NULL REFERENCES scenario(scenario_id) ON DELETE CASCADE, -- scenario
	trace_id INTEGER NOT NULL REFERENCES trace(trace_id) ON DELETE CASCADE, -- host trace
	copy INTEGER NOT NULL CHECK (copy >= 0),	-- 0 as traced, 1..K-1 the copies of --repeat K
	position INTEGER NOT NULL CHECK (position >= 0), -- the trace's place in the command line
	offset_ns INTEGER NOT NULL,	-- added to the trace's timestamps
	pcpu_base INTEGER NOT NULL CHECK (pcpu_base >= 0), -- its CPUs in the as-traced schedule start here
	PRIMARY KEY (scenario_id, trace_id, copy)
) STRICT;
