-- ioaware schema, version 16: task, placement and util_series keyed by their primary key alone.
--
-- They hold one row per task of a scenario (task), per task of every schedule (placement)
-- or per change of utilisation (util_series): millions of rows for a long trace. As rowid
-- tables each row went into the table and again into the index of its primary key, and
-- every read by scenario or schedule looked each row up in the table from that index (the
-- report joins every placement to its task). WITHOUT ROWID stores the rows in the primary
-- key's order once: writes touch one b-tree, reads of a schedule are one sequential range.
-- The columns, keys and constraints do not change; nothing refers to these tables' rowids.

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
) WITHOUT ROWID, STRICT;
INSERT INTO task__new (scenario_id, task_id, segment_id, vm_id, vcpu, chain, release_ns, dur_ns,
	category, util_pct, deadline_ns, pinned_pcpu, copy)
	SELECT scenario_id, task_id, segment_id, vm_id, vcpu, chain, release_ns, dur_ns,
	category, util_pct, deadline_ns, pinned_pcpu, copy FROM task;

CREATE TABLE placement__new (
	schedule_id INTEGER NOT NULL REFERENCES schedule(schedule_id) ON DELETE CASCADE, -- schedule
	task_id INTEGER NOT NULL,	-- task of the scenario
	pcpu INTEGER NOT NULL,		-- physical CPU 0..P-1
	start_ns INTEGER NOT NULL,	-- start
	end_ns INTEGER NOT NULL,	-- end (start + duration, or later when simulated with stretch)
	PRIMARY KEY (schedule_id, task_id),
	CHECK (end_ns IS NULL OR end_ns >= start_ns)
) WITHOUT ROWID, STRICT;
INSERT INTO placement__new (schedule_id, task_id, pcpu, start_ns, end_ns)
	SELECT schedule_id, task_id, pcpu, start_ns, end_ns FROM placement;

CREATE TABLE util_series__new (
	schedule_id INTEGER NOT NULL REFERENCES schedule(schedule_id) ON DELETE CASCADE, -- schedule
	component TEXT NOT NULL,	-- RAM, ETHERNET, BUS, GPU, STORAGE, CACHE
	t_ns INTEGER NOT NULL,		-- time the value starts to hold
	util_pct REAL NOT NULL,		-- demanded utilisation %, may exceed 100
	PRIMARY KEY (schedule_id, component, t_ns)
) WITHOUT ROWID, STRICT;
INSERT INTO util_series__new (schedule_id, component, t_ns, util_pct)
	SELECT schedule_id, component, t_ns, util_pct FROM util_series;

DROP TABLE task;
DROP TABLE placement;
DROP TABLE util_series;
ALTER TABLE task__new RENAME TO task;
ALTER TABLE placement__new RENAME TO placement;
ALTER TABLE util_series__new RENAME TO util_series;
